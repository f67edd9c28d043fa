import * as path from 'node:path';
import { DEFAULT_EXCLUDE } from '../config/settings';

/**
 * Whether a document must never reach a model, not even as context for another file: it
 * matches one of the globs. A glob without `/` matches the file name; one with `/`
 * matches the whole path (`**` is any number of folders, `*` and `?` stay within one).
 */
export function isExcludedFromModel(uri: string, globs: readonly string[] = DEFAULT_EXCLUDE): boolean {
  let file = uri;
  try {
    file = decodeURIComponent(new URL(uri).pathname);
  } catch {
    // not a URL: use it as a path
  }
  const name = path.posix.basename(file);
  return globs.some((g) => (g.includes('/') ? globRegExp(g).test(file) : globRegExp(g).test(name)));
}

const cache = new Map<string, RegExp>();

function globRegExp(glob: string): RegExp {
  let re = cache.get(glob);
  // Stryker disable next-line ConditionalExpression: the cache only saves rebuilding the same pattern
  if (!re) {
    let out = '';
    for (let i = 0; i < glob.length; i++) {
      const ch = glob[i];
      if (ch === '*' && glob[i + 1] === '*') {
        // `**/` is any number of folders, including none.
        out += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
        i += glob[i + 2] === '/' ? 2 : 1;
      } else if (ch === '*') out += '[^/]*';
      else if (ch === '?') out += '[^/]';
      else out += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
    // A path glob may match anywhere below the root: `**/x` also matches `/x`.
    re = new RegExp(glob.includes('/') ? `(^|/)${out.replace(/^\(\?:\.\*\/\)\?/, '')}$` : `^${out}$`, 'i');
    cache.set(glob, re);
  }
  return re;
}
