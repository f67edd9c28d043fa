import { beforeAll, describe, expect, it } from 'vitest';
import { DefinitionIndex } from '../../server/context/definitionIndex';
import { DocumentTrees } from '../../server/syntax/documentTrees';
import { GrammarRegistry } from '../../server/syntax/grammarRegistry';

/**
 * The named definitions of each open document, found once per document version, with each
 * tree snapshot it takes given back.
 */
const registry = new GrammarRegistry();

/** Real trees, counting the snapshots taken and given back. */
function countingTrees(): { trees: DocumentTrees; taken: () => number; disposed: () => number } {
  const trees = new DocumentTrees(registry);
  let taken = 0;
  let disposed = 0;
  const readOnce = trees.readOnce.bind(trees);
  trees.readOnce = async (uri, text, version) => {
    const s = await readOnce(uri, text, version);
    if (!s) return s;
    taken++;
    const dispose = s.dispose;
    return { ...s, dispose: () => (disposed++, dispose()) };
  };
  return { trees, taken: () => taken, disposed: () => disposed };
}

const V1 = 'def price(item):\n    return item.cost\n\n\nclass Cart:\n    pass\n';
const V2 = 'def total(items):\n    return 0\n';

describe('DefinitionIndex', () => {
  beforeAll(async () => {
    await registry.load(registry.entries.find((e) => e.id === 'python')!);
  });

  it('finds the named definitions with their spans, once per version', async () => {
    const { trees, taken, disposed } = countingTrees();
    const index = new DefinitionIndex(trees);
    const uri = 'file:///idx/shop.py';
    trees.open(uri, 'python', V1, 1);

    const first = index.of(uri, V1, 1);
    expect(await first).toEqual([
      { name: 'price', start: 0, end: V1.indexOf('\n\n\n') },
      { name: 'Cart', start: V1.indexOf('class'), end: V1.length - 1 },
    ]);
    expect(taken()).toBe(1);
    expect(disposed()).toBe(1);
    // Read for its definitions only: no tree kept for it.
    expect(trees.treeCount()).toBe(0);

    // The same version again: the same answer, no new snapshot.
    expect(index.of(uri, V1, 1)).toBe(first);
    expect(taken()).toBe(1);

    // A new version is looked up again, on its own text.
    const second = index.of(uri, V2, 2);
    expect(second).not.toBe(first);
    expect(await second).toEqual([{ name: 'total', start: 0, end: V2.length - 1 }]);
    expect(index.of(uri, V2, 2)).toBe(second);
    expect(taken()).toBe(2);
    expect(disposed()).toBe(2);
  });

  it('looks a forgotten document up again', async () => {
    const { trees, taken } = countingTrees();
    const index = new DefinitionIndex(trees);
    const uri = 'file:///idx/forget.py';
    trees.open(uri, 'python', V2, 7);
    const first = index.of(uri, V2, 7);
    await first;
    index.forget(uri);
    const again = index.of(uri, V2, 7);
    expect(again).not.toBe(first);
    expect(await again).toEqual([{ name: 'total', start: 0, end: V2.length - 1 }]);
    expect(taken()).toBe(2);
    // Forgetting one document leaves the others.
    const other = 'file:///idx/other.py';
    trees.open(other, 'python', V1, 1);
    const kept = index.of(other, V1, 1);
    index.forget(uri);
    expect(index.of(other, V1, 1)).toBe(kept);
  });

  it('has no definitions for a document without a grammar', async () => {
    const { trees, taken } = countingTrees();
    const index = new DefinitionIndex(trees);
    const uri = 'file:///idx/notes.txt';
    trees.open(uri, 'plaintext', 'def price(item): pass\n', 1);
    expect(await index.of(uri, 'def price(item): pass\n', 1)).toEqual([]);
    expect(taken()).toBe(0);
  });

  it('gives none now for a document not indexed yet, and finds them a moment later, one document at a time', async () => {
    const { trees, taken } = countingTrees();
    const index = new DefinitionIndex(trees);
    trees.open('file:///idx/a.py', 'python', V1, 1);
    trees.open('file:///idx/b.py', 'python', V2, 1);
    expect(index.ifKnown('file:///idx/a.py', V1, 1)).toEqual([]);
    expect(index.ifKnown('file:///idx/b.py', V2, 1)).toEqual([]);
    expect(taken()).toBe(0); // nothing parsed for the request that asked
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(taken()).toBe(1); // the first, after a pause
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(taken()).toBe(2);
    expect(index.ifKnown('file:///idx/a.py', V1, 1).map((d) => d.name)).toEqual(['price', 'Cart']);
    expect(index.ifKnown('file:///idx/b.py', V2, 1).map((d) => d.name)).toEqual(['total']);
    // A new version is not known until it is found again.
    expect(index.ifKnown('file:///idx/b.py', V1, 2)).toEqual([]);
  });

  it('finds nothing in the background while a completion waits for its model', async () => {
    const { trees, taken } = countingTrees();
    let busy = true;
    const index = new DefinitionIndex(trees, () => busy);
    trees.open('file:///idx/c.py', 'python', V1, 1);
    expect(index.ifKnown('file:///idx/c.py', V1, 1)).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 160));
    expect(taken()).toBe(0);
    busy = false;
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(taken()).toBe(1);
    expect(index.ifKnown('file:///idx/c.py', V1, 1).map((d) => d.name)).toEqual(['price', 'Cart']);
  });
});
