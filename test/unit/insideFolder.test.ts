import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isInside } from '../../server/actions/insideFolder';

describe('isInside', () => {
  const root = path.resolve('/work/project');
  it('is true for what lies below the folder, a name starting with ".." included', () => {
    expect(isInside(path.join(root, 'src', 'a.py'), root)).toBe(true);
    expect(isInside(path.join(root, '..cache', 'a.py'), root)).toBe(true);
  });
  it('is false for the folder itself, its parent, a sibling, and a path that climbs out', () => {
    expect(isInside(root, root)).toBe(false);
    expect(isInside(path.dirname(root), root)).toBe(false);
    expect(isInside(`${root}-other/a.py`, root)).toBe(false);
    expect(isInside(path.join(root, 'src', '..', '..', 'etc', 'passwd'), root)).toBe(false);
    expect(isInside('/work/project/src/a.py', '/work/project/src/../lib')).toBe(false);
  });
});
