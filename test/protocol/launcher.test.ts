import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import Module from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { SERVER_MAIN } from './lspClient';

/**
 * dist/server/main.js starts the bundle with the V8 code cache the build wrote beside it
 * (server/main.ts). The cache must be one V8 takes, and the server must start without it
 * (or with one from another build) all the same.
 */
const DIST = path.dirname(SERVER_MAIN);

/** Runs a bundle (argv[1]) as main.ts does and writes its code cache (argv[2]) at exit. */
const VERSION_CACHE = `
const fs = require('fs'), vm = require('vm'), Module = require('module');
const [bundle, out] = process.argv.slice(1, 3);
process.argv.splice(2, 1); // [node, bundle, '--version'], as main.ts leaves it
const script = new vm.Script(Module.wrap(fs.readFileSync(bundle, 'utf8')), { filename: bundle });
const m = new Module(bundle, module);
m.filename = bundle;
process.on('exit', () => fs.writeFileSync(out, script.createCachedData()));
script.runInThisContext().call(m.exports, m.exports, Module.createRequire(bundle), m, bundle, require('path').dirname(bundle));
`;

function versionOf(main: string): string {
  return execFileSync(process.execPath, [main, '--version'], { encoding: 'utf8', env: { ...process.env, OLLAMA_HOST: '' } });
}

describe('the launcher', () => {
  it('finds a code cache from the build that V8 accepts for the bundle', () => {
    const source = fs.readFileSync(path.join(DIST, 'bundle.js'), 'utf8');
    const script = new vm.Script(Module.wrap(source), { filename: path.join(DIST, 'bundle.js'), cachedData: fs.readFileSync(path.join(DIST, 'bundle.cache')) });
    expect(script.cachedDataRejected).toBe(false);
  });

  it("is written after the build's editing session, with more compiled than a start that only prints the version", () => {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'infill-launcher-'));
    try {
      for (const f of ['main.js', 'bundle.js', 'codeCacheSession.js']) fs.copyFileSync(path.join(DIST, f), path.join(copy, f));
      fs.symlinkSync(path.resolve(DIST, '../../node_modules'), path.join(copy, 'node_modules'));
      fs.symlinkSync(path.resolve(DIST, '../../grammars'), path.join(copy, 'grammars'));
      const session = spawnSync(process.execPath, [path.join(copy, 'codeCacheSession.js')], { encoding: 'utf8' });
      expect(session.stderr).toBe('');
      expect(session.status).toBe(0);
      const source = fs.readFileSync(path.join(copy, 'bundle.js'), 'utf8');
      const cache = fs.readFileSync(path.join(copy, 'bundle.cache'));
      const script = new vm.Script(Module.wrap(source), { filename: path.join(copy, 'bundle.js'), cachedData: cache });
      expect(script.cachedDataRejected).toBe(false);
      // What the cache held before the session: the bundle run as --version, cached at exit.
      const versionOnly = path.join(copy, 'version.cache');
      execFileSync(process.execPath, ['-e', VERSION_CACHE, path.join(copy, 'bundle.js'), versionOnly, '--version']);
      expect(cache.length).toBeGreaterThan(1.2 * fs.statSync(versionOnly).size);
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });

  it("parses with the parser runtime the build put beside the bundle, the installed package's left out", () => {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'infill-launcher-'));
    try {
      for (const f of ['main.js', 'bundle.js', 'codeCacheSession.js', 'web-tree-sitter.wasm']) fs.copyFileSync(path.join(DIST, f), path.join(copy, f));
      expect(fs.readFileSync(path.join(copy, 'web-tree-sitter.wasm')).equals(fs.readFileSync(path.resolve(DIST, '../../node_modules/web-tree-sitter/web-tree-sitter.wasm')))).toBe(true);
      fs.symlinkSync(path.resolve(DIST, '../../grammars'), path.join(copy, 'grammars'));
      // Every installed package but web-tree-sitter (the session's client needs vscode-jsonrpc).
      const modules = path.resolve(DIST, '../../node_modules');
      fs.mkdirSync(path.join(copy, 'node_modules'));
      for (const name of fs.readdirSync(modules)) {
        if (name !== 'web-tree-sitter') fs.symlinkSync(path.join(modules, name), path.join(copy, 'node_modules', name));
      }
      // The build's editing session fails on any warning: a grammar that cannot load is one.
      const session = () => spawnSync(process.execPath, [path.join(copy, 'codeCacheSession.js')], { encoding: 'utf8' });
      expect(session().stderr).toBe('');
      fs.rmSync(path.join(copy, 'web-tree-sitter.wasm'));
      expect(session().stderr).toContain("cannot load the typescript grammar");
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });

  it('starts without a cache, and with one that does not fit the bundle', () => {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'infill-launcher-'));
    try {
      for (const f of ['main.js', 'bundle.js']) fs.copyFileSync(path.join(DIST, f), path.join(copy, f));
      // The bundle's only outside module, found from the copy through NODE_PATH-free resolution: a link.
      fs.symlinkSync(path.resolve(DIST, '../../node_modules'), path.join(copy, 'node_modules'));
      fs.symlinkSync(path.resolve(DIST, '../../grammars'), path.join(copy, 'grammars'));
      expect(versionOf(path.join(copy, 'main.js'))).toMatch(/^infill-ls \d+\.\d+\.\d+\n$/);
      fs.writeFileSync(path.join(copy, 'bundle.cache'), Buffer.from('not a code cache'));
      expect(versionOf(path.join(copy, 'main.js'))).toMatch(/^infill-ls \d+\.\d+\.\d+\n$/);
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });
});
