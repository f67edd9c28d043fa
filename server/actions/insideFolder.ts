import * as path from 'node:path';

/**
 * Whether `file` lies inside `folder` (not the folder itself). Both are resolved first, so
 * `..` cannot climb out; a name that merely starts with `..` (`..cache`) is inside.
 */
export function isInside(file: string, folder: string): boolean {
  const relative = path.relative(path.resolve(folder), path.resolve(file));
  return relative !== '' && relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}
