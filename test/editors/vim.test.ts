import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeModelServer } from '../fake-model';
import { SERVER_MAIN } from '../protocol/lspClient';
import { editorAvailable } from './editors';
import { runProcess } from './process';

/** Vim with ALE: a weak client (byte columns, full-text sync, no resolve, no applyEdit answer). */
const ALE = '/usr/share/vim-ale'; // Debian's vim-ale

describe.runIf(editorAvailable('vim') && (fs.existsSync(ALE) || process.env.INFILL_REQUIRE_EDITORS === '1'))('Vim with ALE (headless)', () => {
  it('parses a completion, runs "Implement <name>" and "Fix with AI" through commands and applyEdit', async () => {
    const stub = 'function clamp(x, lo, hi) {\n  throw new Error("not implemented");\n}\n\nfunction dump(data) {\n  return jsn.stringify(data);\n}\n';
    const fake = await FakeModelServer.start({ behavior: { text: '```js\nfunction dump(data) {\n  return JSON.stringify(data);\n}\n```' } });
    fake.enqueueBehavior({ text: 'd(1, 2);' });
    fake.enqueueBehavior({ text: '```js\nfunction clamp(x, lo, hi) {\n  return Math.min(hi, Math.max(lo, x));\n}\n```' });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'infill-vim-'));
    const file = path.join(dir, 'clamp.js');
    const report = path.join(dir, 'report.txt');
    fs.writeFileSync(file, stub);
    try {
      const result = await runProcess('vim', ['-Nu', 'NONE', '-i', 'NONE', '-n', '-es', '-S', path.join(__dirname, 'vim', 'ale.vim')], {
        env: {
          ...process.env,
          HOME: dir,
          INFILL_CMD: `${process.execPath} ${SERVER_MAIN} --stdio`, // the paths hold no spaces
          INFILL_SETTINGS: JSON.stringify({ infill: { model: { endpoint: fake.url }, completion: { debounceMs: 0 }, actions: { mode: 'chat' }, startup: { checkModels: false } } }),
          INFILL_CLIENT_VIM: path.resolve(__dirname, '../../clients/vim/infill-ale.vim'),
          EDIT_FILE: file,
          REPORT: report,
          STUB_LINE: '2',
        },
      });
      const said = fs.existsSync(report) ? fs.readFileSync(report, 'utf8') : '';
      expect(result.status, said + result.stderr).toBe(0);
      // ALE makes a completion's word of the text before its first `(`: it inserts `add`.
      expect(said).toContain('word: add\n');
      expect(fs.readFileSync(file, 'utf8')).toBe(
        'function clamp(x, lo, hi) {\n  return Math.min(hi, Math.max(lo, x));\n}\n\nfunction dump(data) {\n  return JSON.stringify(data);\n}\nconst total = add\n',
      );
    } finally {
      await fake.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
