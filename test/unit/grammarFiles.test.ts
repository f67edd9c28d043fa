import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { wasmPath, type GrammarEntry } from '../../server/syntax/grammarRegistry';

/**
 * grammars/wasm/: the grammar .wasm files kept in the repository instead of their npm
 * packages (grammars/refresh.mjs takes them from package@version), each next to its package's
 * license, and nothing else. That each one loads and parses is grammars.test.ts's part: it
 * loads every grammar from here and parses a sample per language.
 */
const REPO = path.resolve(__dirname, '../..');
const GRAMMARS = path.join(REPO, 'grammars');

const manifest = JSON.parse(fs.readFileSync(path.join(GRAMMARS, 'manifest.json'), 'utf8')) as {
  languages: GrammarEntry[];
};

/** The name grammars/refresh.mjs gives a package's license: `LICENSE.tree-sitter-lua` for `@tree-sitter-grammars/tree-sitter-lua`. */
function licensePath(entry: GrammarEntry): string {
  return path.join(GRAMMARS, 'wasm', `LICENSE.${entry.package.split('/').pop()}`);
}

describe('grammars/wasm', () => {
  it('holds every grammar .wasm the manifest names, each with its package license', () => {
    for (const entry of manifest.languages) {
      expect(fs.statSync(wasmPath(GRAMMARS, entry)).size, entry.id).toBeGreaterThan(0);
      expect(fs.readFileSync(licensePath(entry), 'utf8'), entry.id).toMatch(/licen[cs]e/i);
    }
  });

  it('holds nothing else but its README', () => {
    const expected = new Set(['README.md', ...manifest.languages.flatMap((e) => [path.basename(wasmPath(GRAMMARS, e)), path.basename(licensePath(e))])]);
    expect(fs.readdirSync(path.join(GRAMMARS, 'wasm')).sort()).toEqual([...expected].sort());
  });

  it('records one exact npm version per package', () => {
    const versions = new Map<string, string>();
    for (const entry of manifest.languages) {
      expect(entry.version, entry.id).toMatch(/^\d+\.\d+\.\d+(-[\w.]+)?$/);
      // TypeScript and TSX come from one package, so from one version of it.
      expect(versions.get(entry.package) ?? entry.version, entry.id).toBe(entry.version);
      versions.set(entry.package, entry.version);
    }
  });

  it('needs no grammar package installed', () => {
    type Dependencies = Record<string, string> | undefined;
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { dependencies: Dependencies; devDependencies: Dependencies; optionalDependencies: Dependencies };
    const installed = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies, ...pkg.optionalDependencies });
    expect(installed.filter((name) => manifest.languages.some((e) => e.package === name))).toEqual([]);
  });
});
