import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../server/config/settings';
import { answerShape, displayPath, planCompletion, type CompletionPosition } from '../../server/features/completionRequest';
import { DocumentTrees, type SyntaxSnapshot } from '../../server/syntax/documentTrees';
import { GrammarRegistry } from '../../server/syntax/grammarRegistry';

/**
 * The completion pipeline's request step (issue 13): what is asked of the model for a
 * position, with what limits and stops, and what the answer's shape will be checked against.
 */
const registry = new GrammarRegistry();
const trees = new DocumentTrees(registry);
const snapshots: SyntaxSnapshot[] = [];
const settings = defaultSettings({});

async function at(marked: string, uri = 'file:///work/cart.py', lineComment: string | null = '#'): Promise<CompletionPosition> {
  const offset = marked.indexOf('█');
  const text = marked.replace('█', '');
  trees.open(uri, 'python', text, 1);
  const syntax = (await trees.snapshot(uri, text, 1))!;
  snapshots.push(syntax);
  const before = text.slice(0, offset);
  return { uri, text, offset, cursor: { line: before.split('\n').length - 1, character: offset - (before.lastIndexOf('\n') + 1) }, syntax, lineComment: lineComment ?? undefined };
}

describe('planCompletion', () => {
  beforeAll(async () => {
    await registry.load(registry.entries.find((e) => e.id === 'python')!);
  });
  afterAll(() => snapshots.forEach((s) => s.dispose()));

  it('asks for a block in an empty body, with the code around the cursor and the block token limit', async () => {
    const position = await at('def total(items):\n    █\n\n\nprint(total([1]))\n');
    const plan = (await planCompletion(position, settings, { description: 'ollama m' }, []))!;
    expect(plan.request).toEqual({
      prefix: 'def total(items):\n    ',
      suffix: '\n\n\nprint(total([1]))\n',
      snippets: [],
      lineComment: '#',
      path: 'cart.py',
      temperature: 0.2,
      maxTokens: 128,
      stop: [],
    });
    expect(plan.multiline).toBe(true);
    const { shape, prepare } = answerShape(position, plan.multiline, []);
    expect(shape.multiline).toBe(true);
    expect(shape.headerIndent).toBe(0);
    prepare();
    // The tree checks an answer spliced in at the cursor.
    expect(shape.splice!('return sum(items)').errors).toBe(0);
    expect(shape.splice!('return sum(items').errors).toBeGreaterThan(0);
  });

  it('asks for the rest of a line with the one-line limit, and sends the user stops', async () => {
    const position = await at('def f(items):\n    total = len(items) + █ + 1\n    return total\n');
    const plan = (await planCompletion(position, { ...settings, completion: { ...settings.completion, stop: ['\n\n'] } }, { description: 'm' }, []))!;
    expect(plan.multiline).toBe(false);
    expect(plan.request.maxTokens).toBeLessThan(128);
    expect(plan.request.stop).toEqual(['\n\n']);
    expect(answerShape(position, plan.multiline, ['\n\n']).shape.userStops).toEqual(['\n\n']);
  });

  it('asks nothing with no code before the cursor', async () => {
    expect(await planCompletion(await at('█\nx = 1\n'), settings, { description: 'm' }, [])).toBeUndefined();
  });

  it('keys the same question to the same model alike, and to another model apart', async () => {
    const position = await at('def f():\n    return █\n');
    const a = await planCompletion(position, settings, { description: 'model a' }, []);
    const again = await planCompletion(position, settings, { description: 'model a' }, []);
    const b = await planCompletion(position, settings, { description: 'model b' }, []);
    expect(again!.key).toBe(a!.key);
    expect(b!.key).not.toBe(a!.key);
  });

  it('shows other files only where the language has a line comment to show them with', async () => {
    const other = { uri: 'file:///work/prices.py', text: 'def price(item):\n    return item.cost\n', definitions: async () => [{ name: 'price', start: 0, end: 38 }] };
    const withComment = await planCompletion(await at('def total(items):\n    return sum(price(i) for i in items█)\n'), settings, { description: 'm' }, [other]);
    expect(withComment!.request.snippets.map((s) => s.path)).toEqual(['prices.py']);
    const without = await planCompletion(await at('def total(items):\n    return sum(price(i) for i in items█)\n', 'file:///work/b.py', null), settings, { description: 'm' }, [other]);
    expect(without!.request.snippets).toEqual([]);
  });

  it("names a document by its file name, decoded; a URI it cannot read by itself", () => {
    expect(displayPath('file:///work/src/%E2%82%AC.py')).toBe('€.py');
    expect(displayPath('not a uri')).toBe('not a uri');
  });
});
