import { describe, expect, it } from 'vitest';
import { crossFileSnippets, type OtherDocument } from '../../server/context/crossFileSnippets';

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
const current = (text: string) => ({ uri: 'file:///work/shop/cart.py', text, offset: text.indexOf('█') });

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

  it('keeps within the budget, whole snippets only, and sends nothing without one', async () => {
    const text = 'def total(items):\n    return sum(price(i) for i in items)█\n';
    expect(await crossFileSnippets(current(text), [prices], 10)).toEqual([]);
    expect(await crossFileSnippets(current(text), [prices], 0)).toEqual([]);
    expect(await crossFileSnippets(current(text), [], 512)).toEqual([]);
  });
});
