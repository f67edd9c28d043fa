import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../server/config/settings';
import { DECLARED, settingsTable } from '../../server/config/settingsDeclared';

/**
 * One declaration per setting (issue 13): the README's table is generated from it and must
 * be the same, and the defaults the server starts with are the declared ones, every key of
 * the `Settings` type among them.
 */
describe('the settings declaration', () => {
  it("is the README's settings table (regenerate it with settingsTable() when a setting changes)", () => {
    const readme = fs.readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');
    const start = readme.indexOf('| key | default | allowed | what it does |');
    expect(start).toBeGreaterThan(0);
    const table = readme.slice(start, readme.indexOf('\n\n', start));
    expect(table).toBe(settingsTable());
  });

  it('gives every key of the defaults, and nothing else', () => {
    const flat = (o: Record<string, unknown>, prefix = ''): string[] =>
      Object.entries(o).flatMap(([k, v]) => {
        const key = prefix ? `${prefix}.${k}` : k;
        return key in DECLARED || typeof v !== 'object' || v === null || Array.isArray(v) ? [key] : flat(v as Record<string, unknown>, key);
      });
    expect(flat(defaultSettings({}) as unknown as Record<string, unknown>).sort()).toEqual(Object.keys(DECLARED).sort());
  });

  it('says what each rule allows, ranges included', () => {
    expect(settingsTable()).toContain('| `completion.maxTokens` | `128` | an integer from 1 to 8192 | most tokens one suggestion may have |');
    expect(settingsTable()).toContain('| `log.level` | `"info"` | `"error"`, `"warn"`, `"info"`, `"debug"` |');
  });
});
