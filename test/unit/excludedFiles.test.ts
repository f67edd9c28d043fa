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

  // Each case uses its own globs: a glob's pattern is built once and kept, so only the first
  // use of a glob builds it.
  it('`**/` between folders is any number of folders, none included', () => {
    const globs = ['build/**/out.js'];
    expect(isExcludedFromModel('file:///work/build/out.js', globs)).toBe(true);
    expect(isExcludedFromModel('file:///work/build/a/out.js', globs)).toBe(true);
    expect(isExcludedFromModel('file:///work/build/a/b/out.js', globs)).toBe(true);
    expect(isExcludedFromModel('file:///work/src/a/out.js', globs)).toBe(false);
    expect(isExcludedFromModel('file:///work/build/a/notout.js', globs)).toBe(false);
  });

  it('a trailing `**` is everything below, at any depth', () => {
    const globs = ['gen/**'];
    expect(isExcludedFromModel('file:///work/gen/a/b/c.ts', globs)).toBe(true);
    expect(isExcludedFromModel('file:///gen/x.ts', globs)).toBe(true);
    expect(isExcludedFromModel('file:///work/generated/x.ts', globs)).toBe(false);
    // In a name glob, `**` is any characters, and what follows it still counts.
    expect(isExcludedFromModel('file:///w/x1.log', ['x**.log'])).toBe(true);
    expect(isExcludedFromModel('file:///w/xlog', ['x**.log'])).toBe(false);
  });

  it('a leading `**/` matches at the root and below', () => {
    const globs = ['**/cache/*.bin'];
    expect(isExcludedFromModel('file:///cache/a.bin', globs)).toBe(true);
    expect(isExcludedFromModel('file:///w/x/y/cache/a.bin', globs)).toBe(true);
    expect(isExcludedFromModel('file:///w/cache/sub/a.bin', globs)).toBe(false);
    expect(isExcludedFromModel('file:///w/mycache/a.bin', globs)).toBe(false);
  });

  it('`*` and `?` stay within one folder, `?` is one character', () => {
    expect(isExcludedFromModel('file:///w/dump1.sql', ['dump?.sql'])).toBe(true);
    expect(isExcludedFromModel('file:///w/dump12.sql', ['dump?.sql'])).toBe(false);
    expect(isExcludedFromModel('file:///w/dump.sql', ['dump?.sql'])).toBe(false);
    expect(isExcludedFromModel('file:///w/logs/a/b.log', ['logs/*.log'])).toBe(false);
    expect(isExcludedFromModel('file:///w/logs/b.log', ['logs/*.log'])).toBe(true);
    expect(isExcludedFromModel('file:///w/tmp/a/b', ['tmp?a/b'])).toBe(false);
    expect(isExcludedFromModel('file:///w/tmpXa/b', ['tmp?a/b'])).toBe(true);
    expect(isExcludedFromModel('file:///w/ab', ['a*b*'])).toBe(true);
    expect(isExcludedFromModel('file:///w/xab', ['a*b*'])).toBe(false);
  });

  it('a name glob matches the whole name only', () => {
    const globs = ['token.txt'];
    expect(isExcludedFromModel('file:///w/token.txt', globs)).toBe(true);
    expect(isExcludedFromModel('file:///w/mytoken.txt', globs)).toBe(false);
    expect(isExcludedFromModel('file:///w/token.txt.bak', globs)).toBe(false);
    expect(isExcludedFromModel('file:///w/tokenXtxt', globs)).toBe(false);
  });

  it('decodes the URI before matching, and takes a plain path as it is', () => {
    expect(isExcludedFromModel('file:///work/my%20keys/a.txt', ['my keys/*.txt'])).toBe(true);
    expect(isExcludedFromModel('file:///work/api%20token.txt', ['api token.txt'])).toBe(true);
    expect(isExcludedFromModel('/work/conf/api.cfg', ['conf/api.cfg'])).toBe(true);
  });
});
