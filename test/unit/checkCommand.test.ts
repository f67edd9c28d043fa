import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCheckCommand } from '../../server/actions/checkCommand';
import { filePathOf } from '../../server/features/actionPlumbing';

/**
 * Where a check command's temporary file goes (issue 12): beside the original only inside a
 * workspace folder the client named; anywhere else in a fresh folder of the system's temp
 * folder, so a document URI cannot make infill-ls write beside an arbitrary path.
 */
const PRINT_PATH = [process.execPath, '-e', 'console.error(process.argv[1]); process.exit(1)', '{file}'];

async function checkedPath(original: string, workspaceFolders: string[]): Promise<string> {
  const result = await runCheckCommand(PRINT_PATH, 'x = 1\n', original, 10_000, new AbortController().signal, workspaceFolders);
  if (result.ok) throw new Error('the command should fail');
  return result.output;
}

describe('runCheckCommand', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'infill-checkfile-'));
  const workspace = path.join(root, 'project');
  fs.mkdirSync(path.join(workspace, 'src'), { recursive: true });

  it('writes the candidate beside the original inside a workspace folder, and removes it', async () => {
    const original = path.join(workspace, 'src', 'cart.py');
    const output = await runCheckCommand([process.execPath, '-e', 'console.error(require("path").dirname(process.argv[1])); process.exit(1)', '{file}'], 'x = 1\n', original, 10_000, new AbortController().signal, [workspace]);
    expect(output).toEqual({ ok: false, output: path.join(workspace, 'src') });
    expect(fs.readdirSync(path.join(workspace, 'src'))).toEqual([]);
  });

  it('writes it to a fresh temp folder for a file outside every workspace folder, a `..` path included', async () => {
    const outside = filePathOf(`file://${workspace}/../../elsewhere/cart.py`)!;
    expect(outside).toBe(path.join(path.dirname(root), 'elsewhere', 'cart.py'));
    const printed = await checkedPath(outside, [workspace]);
    // The output names the original, not the temporary copy (the model sees the user's path).
    expect(printed).toBe(outside);
    expect(fs.existsSync(path.dirname(outside))).toBe(false);
  });

  it('gives no path for a file URI of another host', () => {
    expect(filePathOf('file://server/share/cart.py')).toBeUndefined();
    expect(filePathOf('untitled:Untitled-1')).toBeUndefined();
  });
});
