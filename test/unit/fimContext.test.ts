import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFimContext } from '../../server/context/fimContext';
import { DocumentTrees, type SyntaxSnapshot } from '../../server/syntax/documentTrees';
import { GrammarRegistry } from '../../server/syntax/grammarRegistry';

/**
 * The context the model sees, on documents larger than the budget (issue 13: no unit test
 * reached this before): the window nearest the cursor cut at statement boundaries, the
 * file's imports and the enclosing headers kept from far above, within their shares.
 */
const registry = new GrammarRegistry();
const trees = new DocumentTrees(registry);
const open: SyntaxSnapshot[] = [];
let n = 0;

async function snapshot(text: string): Promise<SyntaxSnapshot> {
  const uri = `file:///fim/${++n}.py`;
  trees.open(uri, 'python', text, 1);
  const s = (await trees.snapshot(uri, text, 1))!;
  open.push(s);
  return s;
}

/** A function of `lines` statements, each a line of about 30 characters. */
const body = (name: string, lines: number) => `def ${name}(x):\n${Array.from({ length: lines }, (_, i) => `    v${i} = x + ${i}  # step ${i}\n`).join('')}`;

describe('buildFimContext on a document larger than the budget', () => {
  beforeAll(async () => {
    await registry.load(registry.entries.find((e) => e.id === 'python')!);
  });
  afterAll(() => open.forEach((s) => s.dispose()));

  const IMPORTS = 'import os\nimport sys\n\n\n';
  const text = `${IMPORTS}class Big:\n${body('far', 200).replace(/^/gm, '    ')}\n${body('near', 40).replace(/^/gm, '    ')}        █\n        return x\n\n${body('after', 200)}`;
  const offset = text.indexOf('█');
  const doc = text.replace('█', '');
  const budget = { prefixTokens: 256, suffixTokens: 64 };

  it('keeps the imports and the enclosing class header above a window cut at a statement', async () => {
    const ctx = buildFimContext(doc, offset, budget, await snapshot(doc));
    expect(ctx.prefix.startsWith('import os\nimport sys\n\nclass Big:\n    def near(x):\n')).toBe(true);
    // The window is whole lines, ending at the cursor, within the budget.
    expect(ctx.prefix.endsWith('  # step 39\n' + doc.slice(doc.lastIndexOf('\n', offset - 1) + 1, offset))).toBe(true);
    expect(ctx.prefix.length).toBeLessThanOrEqual(256 * 4);
    expect(ctx.prefix.length).toBeGreaterThan(256 * 4 * 0.5);
    const window = ctx.prefix.slice(ctx.prefix.indexOf('    def near(x):\n') + '    def near(x):\n'.length);
    expect(doc.slice(0, offset).endsWith(window)).toBe(true);
    expect(window.startsWith('        v')).toBe(true);
  });

  it('ends the suffix at a statement end within its budget', async () => {
    const ctx = buildFimContext(doc, offset, budget, await snapshot(doc));
    expect(doc.slice(offset).startsWith(ctx.suffix)).toBe(true);
    expect(ctx.suffix.length).toBeLessThanOrEqual(64 * 4);
    expect(ctx.suffix.endsWith('\n')).toBe(true);
    expect(ctx.suffix.length).toBeGreaterThan(64 * 4 * 0.5);
  });

  it('sends a small document whole, and falls back to lines without a tree', async () => {
    const small = 'import os\n\ndef f():\n    return 1\n';
    expect(buildFimContext(small, small.indexOf('return'), budget, await snapshot(small))).toEqual({ prefix: 'import os\n\ndef f():\n    ', suffix: 'return 1\n', multiline: true });
    const plain = buildFimContext(doc, offset, budget, undefined);
    expect(plain.prefix.length).toBeLessThanOrEqual(256 * 4);
    expect(plain.prefix.startsWith('import os')).toBe(false);
  });
});
