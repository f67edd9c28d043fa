import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The layers of ARCHITECTURE.md, as a test: every import in server/ goes to a layer its own
 * may import, and only protocol/, features/, documents/ and cli.ts import the LSP library.
 */
const SERVER = path.resolve(__dirname, '../../server');

const MAY_IMPORT: Record<string, string[]> = {
  config: [],
  reporting: [],
  models: ['config'],
  syntax: [],
  postprocess: ['models', 'syntax'],
  context: ['config', 'models', 'postprocess', 'syntax'],
  actions: ['config', 'context', 'models', 'postprocess', 'reporting', 'syntax'],
  documents: ['syntax'],
  doctor: ['config', 'models'],
  eval: ['actions', 'config', 'context', 'doctor', 'models', 'postprocess', 'reporting', 'syntax'],
  modelFiles: ['config', 'models', 'reporting'],
  features: ['actions', 'config', 'context', 'documents', 'models', 'postprocess', 'reporting', 'syntax'],
  protocol: ['actions', 'config', 'context', 'doctor', 'documents', 'features', 'models', 'postprocess', 'reporting', 'syntax', '.'],
};
// eval/ is a client: it starts the server and speaks LSP to it, as an editor does.
const LSP_ALLOWED = new Set(['protocol', 'features', 'documents', 'eval', '.']);

function sources(): Array<{ file: string; layer: string; imports: string[] }> {
  const out: Array<{ file: string; layer: string; imports: string[] }> = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith('.ts')) {
        const text = fs.readFileSync(full, 'utf8');
        const imports = [...text.matchAll(/^(?:import|export)[^;]*?from '([^']+)'/gms)].map((m) => m[1]);
        const rel = path.relative(SERVER, full);
        out.push({ file: rel, layer: rel.includes(path.sep) ? rel.split(path.sep)[0] : '.', imports });
      }
    }
  };
  walk(SERVER);
  return out;
}

describe('the layers of ARCHITECTURE.md', () => {
  const files = sources();

  it('has a rule for every folder of server/', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(files.flatMap((f) => f.imports).filter((i) => i.startsWith('..')).length).toBeGreaterThan(100);
    expect([...new Set(files.map((f) => f.layer))].filter((l) => l !== '.' && !(l in MAY_IMPORT))).toEqual([]);
  });

  it('imports run only down the layers', () => {
    const broken: string[] = [];
    for (const f of files) {
      if (f.layer === '.') continue; // main.ts, cli.ts and version.ts: the entry points may use anything
      for (const spec of f.imports.filter((i) => i.startsWith('.'))) {
        const target = path.relative(SERVER, path.resolve(SERVER, path.dirname(f.file), spec));
        const layer = target.includes(path.sep) ? target.split(path.sep)[0] : '.';
        if (layer !== f.layer && !MAY_IMPORT[f.layer].includes(layer)) broken.push(`${f.file} imports ${spec} (${f.layer} may not import ${layer})`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('only protocol/, features/, documents/, eval/ and cli.ts use the LSP library', () => {
    const users = files.filter((f) => f.imports.some((i) => i.startsWith('vscode-languageserver')) && !LSP_ALLOWED.has(f.layer)).map((f) => f.file);
    expect(users).toEqual([]);
  });

  it('ARCHITECTURE.md lists the same rules', () => {
    const doc = fs.readFileSync(path.resolve(__dirname, '../../ARCHITECTURE.md'), 'utf8');
    for (const [layer, allowed] of Object.entries(MAY_IMPORT)) {
      const row = doc.split('\n').find((l) => l.startsWith(`| \`${layer}/\` |`));
      expect(row, `ARCHITECTURE.md has no row for ${layer}/`).toBeDefined();
      const listed = row!.split('|')[3].trim();
      const names = listed === 'nothing' ? [] : listed === 'everything' ? ['everything'] : [...listed.matchAll(/`(\w+)`/g)].map((m) => m[1]);
      if (names[0] === 'everything' || listed.startsWith('all of the above')) continue;
      expect([layer, names.sort()]).toEqual([layer, [...allowed].sort()]);
    }
  });
});
