// Refreshes grammars/wasm/ from the npm registry: for each grammar in grammars/manifest.json, the
// prebuilt .wasm it names, taken from the npm tarball of its `package`@`version`, and that
// package's license. Plain Node with no dependencies, so it runs without the grammar packages
// installed (keeping them out of node_modules is why the .wasm files live in the repository).
//
//   npm run grammars:refresh
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const GRAMMARS = path.dirname(fileURLToPath(import.meta.url));
const WASM_DIR = path.join(GRAMMARS, 'wasm');
const LICENSE_FILE = /^(licen[cs]e|copying)(\.(md|txt))?$/i;

/** `LICENSE.tree-sitter-lua` for `@tree-sitter-grammars/tree-sitter-lua`: the license beside a package's .wasm files. */
function licenseName(pkg) {
  return `LICENSE.${pkg.split('/').pop()}`;
}

/** The manifest's packages, each with its one exact version and the .wasm files taken from it. */
function packagesOf(manifest) {
  const packages = new Map();
  for (const { id, package: pkg, version, wasm } of manifest.languages) {
    if (!/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(version ?? '')) throw new Error(`${id}: "version" must be an exact version, not ${version}`);
    const known = packages.get(pkg);
    // Grammars that share a package (TypeScript and TSX) share its download and its license.
    if (known && known.version !== version) throw new Error(`${pkg}: the manifest names both ${known.version} and ${version}`);
    packages.set(pkg, { version, wasm: [...(known?.wasm ?? []), wasm] });
  }
  return packages;
}

/** The package tarball as the registry serves it; `npm pack` honours the user's registry, proxy and cache settings. */
function download(spec, dir) {
  const out = execFileSync('npm', ['pack', spec, '--json', '--ignore-scripts', '--pack-destination', dir], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    // npm is npm.cmd on Windows, which only a shell runs.
    shell: process.platform === 'win32',
  });
  const [{ filename }] = JSON.parse(out);
  return fs.readFileSync(path.join(dir, filename));
}

/** The regular files at the top of a .tgz's package folder, by name (a ustar reader: npm writes ustar). */
function topLevelFiles(tgz) {
  const tar = gunzipSync(tgz);
  const text = (from, length) => tar.toString('latin1', from, from + length).replace(/\0.*$/s, '');
  const files = new Map();
  for (let at = 0; at + 512 <= tar.length; ) {
    const name = text(at, 100);
    if (!name) break; // the zero blocks that end the archive
    const size = parseInt(text(at + 124, 12).trim() || '0', 8);
    const type = text(at + 156, 1);
    const prefix = text(at + 345, 155);
    // npm names the top folder `package/` but installs whatever it is called, so any name goes.
    const inPackage = /^[^/]+\/([^/]+)$/.exec(prefix ? `${prefix}/${name}` : name);
    if (inPackage && (type === '0' || type === '')) files.set(inPackage[1], tar.subarray(at + 512, at + 512 + size));
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

function main() {
  const manifest = JSON.parse(fs.readFileSync(path.join(GRAMMARS, 'manifest.json'), 'utf8'));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'infill-grammars-'));
  try {
    fs.mkdirSync(WASM_DIR, { recursive: true });
    for (const [pkg, { version, wasm }] of packagesOf(manifest)) {
      const spec = `${pkg}@${version}`;
      const files = topLevelFiles(download(spec, tmp));
      const license = [...files.keys()].find((name) => LICENSE_FILE.test(name));
      if (!license) throw new Error(`${spec} has no license file`);
      const written = [...wasm.map((name) => [name, name]), [license, licenseName(pkg)]];
      for (const [from, to] of written) {
        const bytes = files.get(from);
        if (!bytes) throw new Error(`${spec} has no ${from}`);
        fs.writeFileSync(path.join(WASM_DIR, to), bytes);
      }
      console.log(`${spec}: ${written.map(([, to]) => to).join(', ')}`);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main();
