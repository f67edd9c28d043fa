import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crossFileSnippets, type OtherDocument } from '../../server/context/crossFileSnippets';
import type { NamedSpan } from '../../server/context/definitionIndex';
import { DocumentTrees, type SyntaxSnapshot } from '../../server/syntax/documentTrees';
import { GrammarRegistry } from '../../server/syntax/grammarRegistry';

/**
 * Context from other open files (issue 13: a direct test): the definitions the code at the
 * cursor uses, then the code around the latest edit elsewhere, whole snippets within the
 * token budget, named relative to the document.
 */
const PRICES = 'def price(item):\n    return item.cost\n\n\ndef unused(x):\n    return x\n';
const prices: OtherDocument = {
  uri: 'file:///work/shop/prices.py',
  text: PRICES,
  definitions: async () => [
    { name: 'price', start: 0, end: PRICES.indexOf('\n\n\n') },
    { name: 'unused', start: PRICES.indexOf('def unused'), end: PRICES.length - 1 },
  ],
};
const current = (text: string) => ({ uri: 'file:///work/shop/cart.py', text: text.replace('█', ''), offset: text.indexOf('█') });

/** A document whose definitions are the given top-level functions, in order. */
function defsDoc(uri: string, ...functions: string[]): OtherDocument {
  const text = functions.join('\n\n');
  const defs: NamedSpan[] = [];
  let at = 0;
  for (const f of functions) {
    defs.push({ name: /def (\w+)/.exec(f)![1], start: at, end: at + f.length });
    at += f.length + 2;
  }
  return { uri, text, definitions: async () => defs };
}

/** `lines` numbered lines, `l00` to `l<lines-1>`. */
const numbered = (lines: number) => Array.from({ length: lines }, (_, i) => `l${String(i).padStart(2, '0')}`);

// A snippet costs its text, its path and 16 characters; a token is 4 characters.
const PRICE44 = 'def price(x):\n    return x * 100 + 123456789';
const COST44 = 'def cost(x):\n    return x * 200 + 1234567890';
const use = current('y = price(1) + cost(2)█\n');
const a = defsDoc('file:///work/shop/a.py', PRICE44, COST44);

describe('crossFileSnippets', () => {
  it('takes the definitions the code near the cursor names, and no others', async () => {
    const snippets = await crossFileSnippets(current('def total(items):\n    return sum(price(i) for i in items)█\n'), [prices], 512);
    expect(snippets).toEqual([{ path: 'prices.py', text: 'def price(item):\n    return item.cost' }]);
  });

  it('adds the lines around the latest edit in another file', async () => {
    const edited: OtherDocument = { uri: 'file:///work/lib/notes.py', text: 'a = 1\nb = 2\nc = 3\n', lastEditOffset: 8, definitions: async () => [] };
    const snippets = await crossFileSnippets(current('x = 1█\n'), [edited], 512);
    expect(snippets).toEqual([{ path: '../lib/notes.py', text: 'a = 1\nb = 2\nc = 3' }]);
  });

  it('keeps the first character of a file edited at its very start', async () => {
    const edited: OtherDocument = { uri: 'file:///work/lib/first.py', text: 'abc = 1\nd = 2\n', lastEditOffset: 0, definitions: async () => [] };
    expect(await crossFileSnippets(current('x = 1█\n'), [edited], 512)).toEqual([{ path: '../lib/first.py', text: 'abc = 1\nd = 2' }]);
  });

  it('keeps within the budget, whole snippets only, and sends nothing without one', async () => {
    const text = 'def total(items):\n    return sum(price(i) for i in items)█\n';
    expect(await crossFileSnippets(current(text), [prices], 10)).toEqual([]);
    expect(await crossFileSnippets(current(text), [prices], 0)).toEqual([]);
    expect(await crossFileSnippets(current(text), [], 512)).toEqual([]);
  });

  it('takes a snippet that costs exactly the budget, and not one character more', async () => {
    expect(PRICE44.length + 'a.py'.length + 16).toBe(64);
    const one = defsDoc('file:///work/shop/a.py', PRICE44);
    expect(await crossFileSnippets(use, [one], 16)).toEqual([{ path: 'a.py', text: PRICE44 }]);
    expect(await crossFileSnippets(use, [one], 15)).toEqual([]);
  });

  it('counts what it already took against the budget', async () => {
    expect(await crossFileSnippets(use, [a], 32)).toEqual([
      { path: 'a.py', text: PRICE44 },
      { path: 'a.py', text: COST44 },
    ]);
    expect(await crossFileSnippets(use, [a], 31)).toEqual([{ path: 'a.py', text: PRICE44 }]);
  });

  it('takes each snippet once: same path and same text', async () => {
    const twice: OtherDocument = { ...a, definitions: async () => [...(await a.definitions()), ...(await a.definitions())] };
    expect(await crossFileSnippets(use, [twice], 512)).toEqual([
      { path: 'a.py', text: PRICE44 },
      { path: 'a.py', text: COST44 },
    ]);
    // The same text in another file is another snippet.
    const b = defsDoc('file:///work/shop/b.py', PRICE44);
    expect(await crossFileSnippets(use, [defsDoc('file:///work/shop/a.py', PRICE44), b], 512)).toEqual([
      { path: 'a.py', text: PRICE44 },
      { path: 'b.py', text: PRICE44 },
    ]);
    // The lines around an edit that repeat a definition already taken add nothing.
    const editedA: OtherDocument = { ...defsDoc('file:///work/shop/a.py', PRICE44), lastEditOffset: 3 };
    expect(await crossFileSnippets(use, [editedA], 512)).toEqual([{ path: 'a.py', text: PRICE44 }]);
  });

  it('does no work without a budget or without other documents', async () => {
    let looked = 0;
    const counted: OtherDocument = { ...a, definitions: async () => (looked++, a.definitions()) };
    expect(await crossFileSnippets(use, [counted], 0)).toEqual([]);
    expect(looked).toBe(0);
    expect(await crossFileSnippets(use, [counted], 1)).toEqual([]);
    expect(looked).toBe(1);
    const untouchable = {
      uri: 'file:///work/shop/cart.py',
      offset: 0,
      get text(): string {
        throw new Error('read the current document');
      },
    };
    expect(await crossFileSnippets(untouchable, [], 512)).toEqual([]);
  });

  it('cuts a long definition to its first 40 lines', async () => {
    const long = `def price(x):\n${numbered(50).map((l) => `    ${l} = x`).join('\n')}`;
    const lines = long.split('\n');
    expect(await crossFileSnippets(use, [defsDoc('file:///work/shop/a.py', long)], 2048)).toEqual([{ path: 'a.py', text: lines.slice(0, 40).join('\n') }]);
    const forty = lines.slice(0, 40).join('\n');
    expect(await crossFileSnippets(use, [defsDoc('file:///work/shop/a.py', forty)], 2048)).toEqual([{ path: 'a.py', text: forty }]);
  });

  it('takes the eight lines either side of the latest edit, without trailing blank lines', async () => {
    const lines = numbered(40);
    const text = lines.join('\n') + '\n';
    const editAt = (offset: number, t = text): OtherDocument => ({ uri: 'file:///work/lib/log.py', text: t, lastEditOffset: offset, definitions: async () => [] });
    const around = async (doc: OtherDocument) => (await crossFileSnippets(current('x = 1█\n'), [doc], 4096))[0]?.text;
    // In the middle of line 20: lines 12 to 28.
    expect(await around(editAt(text.indexOf('l20') + 1))).toBe(lines.slice(12, 29).join('\n'));
    // Near the top and the bottom the window stops at the text's ends.
    expect(await around(editAt(text.indexOf('l03') + 1))).toBe(lines.slice(0, 12).join('\n'));
    expect(await around(editAt(text.indexOf('l36') + 1))).toBe(lines.slice(28).join('\n'));
    // No final newline: the last line is kept whole.
    const bare = 'a = 1\nb = 22';
    expect(await around(editAt(8, bare))).toBe(bare);
    // Blank lines at the end of the window go, however many.
    const blanks = 'a = 1\nb = 2\n\n\n\n';
    expect(await around(editAt(2, blanks))).toBe('a = 1\nb = 2');
  });

  it('names the other document by its URI when it is no file path', async () => {
    const odd: OtherDocument = { uri: 'notes', text: 'a = 1\nb = 2\n', lastEditOffset: 2, definitions: async () => [] };
    expect(await crossFileSnippets(current('x = 1█\n'), [odd], 512)).toEqual([{ path: 'notes', text: 'a = 1\nb = 2' }]);
    const same: OtherDocument = { ...odd, uri: 'file:///work/shop/cart.py' };
    expect(await crossFileSnippets(current('x = 1█\n'), [same], 512)).toEqual([{ path: 'cart.py', text: 'a = 1\nb = 2' }]);
  });

  it('without a tree, looks at the thirty lines either side of the cursor', async () => {
    const far = numbered(40).map((l) => `${l} = 0`);
    far[0] = 'a = price(1)';
    far[39] = 'b = cost(1)';
    const text = far.join('\n');
    // The cursor on line 35: `cost` is near, `price` is 35 lines up.
    const offset = text.indexOf('l35');
    expect(await crossFileSnippets({ uri: 'file:///work/shop/cart.py', text, offset }, [a], 512)).toEqual([{ path: 'a.py', text: COST44 }]);
  });
});

describe('crossFileSnippets with a tree', () => {
  const registry = new GrammarRegistry();
  const trees = new DocumentTrees(registry);
  const open: SyntaxSnapshot[] = [];
  beforeAll(async () => {
    await registry.load(registry.entries.find((e) => e.id === 'python')!);
  });
  afterAll(() => open.forEach((s) => s.dispose()));

  it('looks only at the definition around the cursor', async () => {
    const marked = 'def total(items):\n    return sum(price(i) for i in items)█\n\n\ndef shipping(order):\n    return cost(order)\n';
    const text = marked.replace('█', '');
    const uri = 'file:///work/shop/cart.py';
    trees.open(uri, 'python', text, 1);
    const syntax = (await trees.snapshot(uri, text, 1))!;
    open.push(syntax);
    expect(await crossFileSnippets({ uri, text, offset: marked.indexOf('█'), syntax }, [a], 512)).toEqual([{ path: 'a.py', text: PRICE44 }]);
  });
});
