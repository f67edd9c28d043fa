#!/usr/bin/env node
/**
 * What `infill-ls` runs: the bundle the build made of the server (bundle.js, beside this
 * file; its entry is cli.ts), compiled with the V8 code cache the build wrote beside it
 * (bundle.cache). Compiling the 1 MB bundle costs ~35 ms of every start without it; with a
 * cache that V8 rejects (another Node version, other V8 flags) it is compiled as usual.
 * `--write-code-cache` serves LSP over stdio as `--stdio` does and writes the cache at exit,
 * with every function the session ran: the build's last step (codeCacheSession.ts) drives
 * it through a short editing session.
 */
import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';

const BUNDLE = path.join(__dirname, 'bundle.js');
const CACHE = path.join(__dirname, 'bundle.cache');

/** Where the bundle finds an import() (models/llamaRuntime.ts's ESM_IMPORT): code compiled here with vm has none. */
const ESM_IMPORT = 'infill-ls.import';

function run(): void {
  const writeCache = process.argv[2] === '--write-code-cache';
  if (writeCache) process.argv.splice(2, 1, '--stdio');
  let cachedData: Buffer | undefined;
  try {
    cachedData = writeCache ? undefined : fs.readFileSync(CACHE);
  } catch {
    cachedData = undefined; // no cache: compiled as usual
  }
  const script = new vm.Script(Module.wrap(fs.readFileSync(BUNDLE, 'utf8')), { filename: BUNDLE, cachedData });
  // This file is compiled by Node itself, so its import() works (TypeScript keeps it under module node16).
  (globalThis as Record<symbol, unknown>)[Symbol.for(ESM_IMPORT)] = (specifier: string) => import(specifier);
  const bundle = new Module(BUNDLE, module);
  bundle.filename = BUNDLE;
  bundle.paths = module.paths;
  if (writeCache) process.on('exit', () => fs.writeFileSync(CACHE, script.createCachedData()));
  const start = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  start.call(bundle.exports, bundle.exports, Module.createRequire(BUNDLE), bundle, BUNDLE, __dirname);
}

run();
