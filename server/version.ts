import * as fs from 'node:fs';
import * as path from 'node:path';

/** Name and version from our package.json (found upward from here, from source or from dist/). */
function readPackage(): { name: string; version: string } {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'infill-ls') return { name: pkg.name, version: pkg.version ?? '0.0.0' };
    }
    if (path.dirname(dir) === dir) return { name: 'infill-ls', version: '0.0.0' };
  }
}

const pkg = readPackage();
export const SERVER_NAME: string = pkg.name;
export const SERVER_VERSION: string = pkg.version;
