import { describe, expect, it } from 'vitest';
import { isExcludedFromModel } from '../../server/context/excludedFiles';

describe('files never sent to a model', () => {
  it.each([
    ['file:///work/.env', true],
    ['file:///work/.env.production', true],
    ['file:///work/certs/server.pem', true],
    ['file:///home/me/.ssh/id_ed25519', true],
    ['file:///home/me/id_rsa.pub', true],
    ['file:///work/config/secrets/db.yaml', true],
    ['file:///work/.aws/credentials', true],
    ['file:///work/src/environment.ts', false],
    ['file:///work/src/keyboard.py', false],
    ['file:///work/src/secrets.py', false],
  ])('%s: %s', (uri, excluded) => {
    expect(isExcludedFromModel(uri)).toBe(excluded);
  });

  it('takes the user’s globs', () => {
    expect(isExcludedFromModel('file:///work/vendor/lib.js', ['vendor/**'])).toBe(true);
    expect(isExcludedFromModel('file:///work/src/lib.js', ['vendor/**'])).toBe(false);
    expect(isExcludedFromModel('file:///work/a/b/generated.py', ['**/generated.py'])).toBe(true);
    expect(isExcludedFromModel('file:///work/notes.txt', ['*.TXT'])).toBe(true);
  });
});
