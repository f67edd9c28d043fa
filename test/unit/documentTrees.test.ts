import { describe, expect, it, vi } from 'vitest';
import { Parser } from 'web-tree-sitter';
import { DEFAULT_TREE_LIMITS, DocumentTrees } from '../../server/syntax/documentTrees';
import { GrammarRegistry } from '../../server/syntax/grammarRegistry';
import { treeEditFor } from '../../server/syntax/textEdit';

const registry = new GrammarRegistry();

function pointAt(text: string, offset: number) {
  const before = text.slice(0, offset);
  return { row: before.split('\n').length - 1, column: offset - (before.lastIndexOf('\n') + 1) };
}

/** Applies a replacement to `text` and to the trees, as the document store does. */
function edit(trees: DocumentTrees, uri: string, text: string, start: number, end: number, inserted: string, version: number): string {
  const next = text.slice(0, start) + inserted + text.slice(end);
  trees.change(uri, [treeEditFor(start, end, pointAt(text, start), pointAt(text, end), inserted)], next, version);
  return next;
}

async function sexp(trees: DocumentTrees, uri: string, text: string, version: number): Promise<string> {
  const snapshot = (await trees.snapshot(uri, text, version))!;
  try {
    return snapshot.tree.rootNode.toString();
  } finally {
    snapshot.dispose();
  }
}

describe('DocumentTrees', () => {
  it('parses a version the document has moved on from on the side, leaving its tree as it is', async () => {
    const trees = new DocumentTrees(registry);
    const v1 = 'def f(x):\n    return x\n';
    trees.open('file:///old.py', 'python', v1, 1);
    expect(await sexp(trees, 'file:///old.py', v1, 1)).toContain('function_definition');
    const v2 = edit(trees, 'file:///old.py', v1, v1.length, v1.length, 'class A:\n    pass\n', 2);
    // A request that waited while the user typed asks for version 1.
    expect(await sexp(trees, 'file:///old.py', v1, 1)).not.toContain('class_definition');
    expect(trees.treeCount()).toBe(1);
    // The document's tree is still the one edited to version 2, its parse pending.
    const edited = trees.editedSnapshot('file:///old.py', v2, 2);
    expect(edited).toBeDefined();
    edited!.dispose();
    const fresh = new DocumentTrees(registry);
    fresh.open('file:///fresh.py', 'python', v2, 2);
    expect(await sexp(trees, 'file:///old.py', v2, 2)).toBe(await sexp(fresh, 'file:///fresh.py', v2, 2));
  });

  it('keeps an incrementally edited tree equal to a fresh parse', async () => {
    const trees = new DocumentTrees(registry);
    let text = 'def f(x):\n    return x\n\n\nclass A:\n    pass\n';
    trees.open('file:///a.py', 'python', text, 1);
    await sexp(trees, 'file:///a.py', text, 1);
    const steps: Array<[string, string]> = [
      ['return x', 'return x + 1'],
      ['    pass\n', '    def g(self):\n        return "é€😀"\n'],
      ['class A:', 'class B(A):'],
      ['def f(x):\n', ''],
    ];
    let version = 1;
    for (const [from, to] of steps) {
      const start = text.indexOf(from);
      text = edit(trees, 'file:///a.py', text, start, start + from.length, to, ++version);
    }
    const fresh = new DocumentTrees(registry);
    fresh.open('file:///b.py', 'python', text, 1);
    expect(await sexp(trees, 'file:///a.py', text, version)).toBe(await sexp(fresh, 'file:///b.py', text, 1));
    expect(await sexp(trees, 'file:///a.py', text, version)).toContain('(class_definition name: (identifier) superclasses:');
  });

  it('holds a bounded number of trees and re-parses evicted documents on demand', async () => {
    const trees = new DocumentTrees(registry, { maxTrees: 5, maxDocumentLength: 1_000_000, idleTreeMs: 60_000 });
    const grammar = registry.entryFor('typescript', 'file:///x.ts')!;
    await registry.load(grammar);
    for (let i = 0; i < 50; i++) trees.open(`file:///f${i}.ts`, 'typescript', `export const v${i} = ${i};\n`, 1);
    expect(trees.treeCount()).toBe(0); // parsed when first needed
    for (let i = 0; i < 50; i++) (await trees.snapshot(`file:///f${i}.ts`, `export const v${i} = ${i};\n`, 1))!.dispose();
    expect(trees.treeCount()).toBe(5);
    expect(await sexp(trees, 'file:///f0.ts', 'export const v0 = 0;\n', 1)).toContain('(export_statement');
    expect(trees.treeCount()).toBe(5);
    for (let i = 0; i < 50; i++) trees.close(`file:///f${i}.ts`);
    expect(trees.treeCount()).toBe(0);
  });

  it('gives no tree for a language without a grammar or a document over the size limit', async () => {
    const trees = new DocumentTrees(registry, { maxTrees: 5, maxDocumentLength: 100, idleTreeMs: 60_000 });
    trees.open('file:///notes.txt', 'plaintext', 'hello', 1);
    expect(await trees.snapshot('file:///notes.txt', 'hello', 1)).toBeUndefined();
    const big = 'x = 1\n'.repeat(50);
    trees.open('file:///big.py', 'python', big, 1);
    expect(await trees.snapshot('file:///big.py', big, 1)).toBeUndefined();
    // Nor in the background, as the latest opened document, or for a completion.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(trees.treeCount()).toBe(0);
    expect(await trees.snapshot('file:///big.py', big, 1, { offset: 150, before: 50, after: 50 })).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(trees.treeCount()).toBe(0);
  });

  it('reads a document without a tree once, on the side, and a worked-in one from its own tree', async () => {
    const trees = new DocumentTrees(registry);
    const text = 'def price(item):\n    return item.cost\n';
    const fresh = new DocumentTrees(registry);
    fresh.open('file:///fresh.py', 'python', text, 1);
    const expected = await sexp(fresh, 'file:///fresh.py', text, 1);
    trees.open('file:///read.py', 'python', text, 1);
    const read = (await trees.readOnce('file:///read.py', text, 1))!;
    expect(read.tree.rootNode.toString()).toBe(expected);
    read.dispose();
    expect(trees.treeCount()).toBe(0);
    expect(trees.isParsed('file:///read.py')).toBe(false);
    // Worked in (a snapshot parsed it, the user types): its tree is read, with the keystrokes parsed.
    await sexp(trees, 'file:///read.py', text, 1);
    const typed = edit(trees, 'file:///read.py', text, text.length, text.length, 'class Cart:\n    pass\n', 2);
    const again = (await trees.readOnce('file:///read.py', typed, 2))!;
    expect(again.tree.rootNode.toString()).toContain('class_definition');
    again.dispose();
    expect(trees.treeCount()).toBe(1);
    expect(trees.editedSnapshot('file:///read.py', typed, 2)).toBeUndefined(); // parsed
    // A version the document has moved on from: on the side, its tree as it is.
    const old = (await trees.readOnce('file:///read.py', text, 1))!;
    expect(old.tree.rootNode.toString()).toBe(expected);
    old.dispose();
    expect(await sexp(trees, 'file:///read.py', typed, 2)).toContain('class_definition');
    // No grammar, or never opened: nothing.
    trees.open('file:///notes.txt', 'plaintext', 'hello', 1);
    expect(await trees.readOnce('file:///notes.txt', 'hello', 1)).toBeUndefined();
    expect(await trees.readOnce('file:///never.py', text, 1)).toBeUndefined();
  });

  it('reads nothing of a document closed while its grammar loads', async () => {
    const trees = new DocumentTrees(new GrammarRegistry());
    trees.open('file:///closing.go', 'go', 'package main\n', 1);
    const pending = trees.readOnce('file:///closing.go', 'package main\n', 1);
    trees.close('file:///closing.go');
    expect(await pending).toBeUndefined();
    expect(trees.treeCount()).toBe(0);
  });

  it('parses in the background while only `busy` holds (a model thinking), not while `sliceBusy` does', async () => {
    let sliceBusy = true;
    const trees = new DocumentTrees(registry, DEFAULT_TREE_LIMITS, () => true, () => sliceBusy);
    const text = Array.from({ length: 400 }, (_, i) => `def f${i}(x):\n    return x + ${i}\n`).join('\n\n');
    trees.open('file:///slices.py', 'python', text, 1);
    // A completion's region; the whole goes on in the background.
    const region = (await trees.snapshot('file:///slices.py', text, 1, { offset: text.indexOf('def f200('), before: 200, after: 100 }))!;
    expect(region.region).toBeDefined();
    region.dispose();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(trees.treeCount()).toBe(0);
    sliceBusy = false;
    for (let waited = 0; trees.treeCount() === 0 && waited < 3000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(trees.treeCount()).toBe(1);
    expect(trees.editedSnapshot('file:///slices.py', text, 1)).toBeUndefined(); // up to date
  });

  it('finds the grammar by languageId, by an editor’s alias, or by extension', () => {
    expect(registry.entryFor('typescriptreact', 'file:///a.tsx')?.id).toBe('tsx');
    expect(registry.entryFor('js', 'file:///a.js')?.id).toBe('javascript');
    expect(registry.entryFor('unknown', 'file:///src/lib.rs')?.id).toBe('rust');
    expect(registry.entryFor('unknown', 'file:///README')).toBeUndefined();
  });
});

describe('DocumentTrees: which text a snapshot is of', () => {
  it('parses the text asked for when the version moved on without a change', async () => {
    const trees = new DocumentTrees(registry);
    trees.open('file:///v.py', 'python', 'x = 1\n', 1);
    expect(await sexp(trees, 'file:///v.py', 'def f():\n    pass\n', 2)).toContain('function_definition');
    trees.close('file:///v.py');
  });

  it('parses the text asked for, not a pending change’s, at the same version', async () => {
    const trees = new DocumentTrees(registry);
    const text = 'x = 1\n';
    trees.open('file:///p.py', 'python', text, 1);
    await sexp(trees, 'file:///p.py', text, 1);
    edit(trees, 'file:///p.py', text, 0, 0, 'y = 2\n', 2);
    expect(await sexp(trees, 'file:///p.py', 'class C:\n    pass\n', 2)).toContain('class_definition');
    trees.close('file:///p.py');
  });

  it('gives no snapshot for a document closed while its grammar loads, or never opened', async () => {
    const trees = new DocumentTrees(new GrammarRegistry());
    trees.open('file:///c.py', 'python', 'x = 1\n', 1);
    const pending = trees.snapshot('file:///c.py', 'x = 1\n', 1);
    trees.close('file:///c.py');
    expect(await pending).toBeUndefined();
    expect(await trees.snapshot('file:///never.py', 'x', 1)).toBeUndefined();
    expect(() => trees.change('file:///never.py', [], 'x', 2)).not.toThrow();
  });

  it('takes changes to a document whose grammar is still loading, or whose tree was evicted', async () => {
    const loading = new DocumentTrees(new GrammarRegistry());
    let text = 'x = 1\n';
    loading.open('file:///l.py', 'python', text, 1);
    text = edit(loading, 'file:///l.py', text, 0, 0, 'def f():\n    pass\n', 2);
    expect(await sexp(loading, 'file:///l.py', text, 2)).toContain('function_definition');

    const trees = new DocumentTrees(registry, { maxTrees: 1, maxDocumentLength: 1000, idleTreeMs: 60_000 });
    let a = 'x = 1\n';
    trees.open('file:///a.py', 'python', a, 1);
    trees.open('file:///b.py', 'python', 'y = 2\n', 1);
    (await trees.snapshot('file:///a.py', a, 1))!.dispose();
    (await trees.snapshot('file:///b.py', 'y = 2\n', 1))!.dispose();
    expect(trees.treeCount()).toBe(1);
    a = edit(trees, 'file:///a.py', a, 0, 0, 'class C:\n    pass\n', 2);
    expect(await sexp(trees, 'file:///a.py', a, 2)).toContain('class_definition');
  });

  it('parses a document exactly at the size limit', async () => {
    const trees = new DocumentTrees(registry, { maxTrees: 5, maxDocumentLength: 100, idleTreeMs: 60_000 });
    const text = `x = "${'a'.repeat(100 - 'x = ""\n'.length)}"\n`;
    trees.open('file:///edge.py', 'python', text, 1);
    expect(await sexp(trees, 'file:///edge.py', text, 1)).toContain('(string');
  });

  it('by default holds 64 trees and parses documents up to 5 000 000 characters', async () => {
    const trees = new DocumentTrees(registry);
    await registry.load(registry.entryFor('python', 'file:///x.py')!);
    for (let i = 0; i < 65; i++) trees.open(`file:///d${i}.py`, 'python', `v${i} = ${i}\n`, 1);
    for (let i = 0; i < 65; i++) (await trees.snapshot(`file:///d${i}.py`, `v${i} = ${i}\n`, 1))!.dispose();
    expect(trees.treeCount()).toBe(64);
    for (let i = 0; i < 65; i++) trees.close(`file:///d${i}.py`);
    const big = `#${'a'.repeat(5_000_000)}`;
    trees.open('file:///big.py', 'python', big, 1);
    expect(await trees.snapshot('file:///big.py', big, 1)).toBeUndefined();
    trees.close('file:///big.py');
  });
});

describe('DocumentTrees: parsing only what is used', () => {
  it('parses no document on open, and the latest opened one after a pause', async () => {
    const trees = new DocumentTrees(registry);
    await registry.load(registry.entryFor('python', 'file:///x.py')!);
    for (let i = 0; i < 20; i++) trees.open(`file:///o${i}.py`, 'python', `v${i} = ${i}\n`, 1);
    expect(trees.treeCount()).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(trees.treeCount()).toBe(1);
    // The latest: its snapshot needs no parse (the same tree, copied).
    const snap = (await trees.snapshot('file:///o19.py', 'v19 = 19\n', 1))!;
    expect(snap.tree.rootNode.text).toBe('v19 = 19\n');
    snap.dispose();
    expect(trees.treeCount()).toBe(1);
  });

  it('frees the trees of documents not used for idleTreeMs', async () => {
    const trees = new DocumentTrees(registry, { maxTrees: 64, maxDocumentLength: 1000, idleTreeMs: 60_000 });
    trees.open('file:///i.py', 'python', 'x = 1\n', 1);
    trees.open('file:///j.py', 'python', 'y = 1\n', 1);
    (await trees.snapshot('file:///i.py', 'x = 1\n', 1))!.dispose();
    (await trees.snapshot('file:///j.py', 'y = 1\n', 1))!.dispose();
    trees.freeIdleTrees(Date.now() + 30_000);
    expect(trees.treeCount()).toBe(2);
    trees.freeIdleTrees(Date.now() + 61_000);
    expect(trees.treeCount()).toBe(0);
    expect(await sexp(trees, 'file:///i.py', 'x = 1\n', 1)).toContain('(assignment');
  });

  it('gives the tree as the latest keystrokes edited it, before they are parsed, and none when it is up to date', async () => {
    const trees = new DocumentTrees(registry);
    let text = 'def f():\n    return 1\n\n\ndef g():\n    return 2\n';
    trees.open('file:///e.py', 'python', text, 1);
    (await trees.snapshot('file:///e.py', text, 1))!.dispose();
    expect(trees.editedSnapshot('file:///e.py', text, 1)).toBeUndefined();
    text = edit(trees, 'file:///e.py', text, 0, 0, '# note\n', 2);
    const edited = trees.editedSnapshot('file:///e.py', text, 2)!;
    // Positions shifted by the edit; the comment itself is not in the tree yet.
    expect(edited.tree.rootNode.children.map((c) => [c!.type, c!.startIndex])).toEqual([['function_definition', 7], ['function_definition', 31]]);
    expect(edited.text).toBe(text);
    edited.dispose();
    expect(trees.editedSnapshot('file:///e.py', text, 3)).toBeUndefined(); // another version
    expect(trees.editedSnapshot('file:///e.py', 'x', 2)).toBeUndefined(); // another text
    const parsed = (await trees.snapshot('file:///e.py', text, 2))!;
    expect(parsed.tree.rootNode.children.map((c) => c!.type)).toEqual(['comment', 'function_definition', 'function_definition']);
    parsed.dispose();
    expect(trees.editedSnapshot('file:///e.py', text, 2)).toBeUndefined();
  });

  it('parses the latest opened document after the pause only if it is still as opened', async () => {
    const trees = new DocumentTrees(registry);
    await registry.load(registry.entryFor('python', 'file:///x.py')!);
    trees.open('file:///p1.py', 'python', 'a = 1\n', 1);
    trees.open('file:///p2.py', 'python', 'b = 2\n', 1);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(trees.treeCount()).toBe(1);
    // The one parsed is the latest: its snapshot adds no tree, the other's does.
    (await trees.snapshot('file:///p2.py', 'b = 2\n', 1))!.dispose();
    expect(trees.treeCount()).toBe(1);
    (await trees.snapshot('file:///p1.py', 'a = 1\n', 1))!.dispose();
    expect(trees.treeCount()).toBe(2);

    // Changed before the pause ended: the text it opened with is not parsed.
    trees.open('file:///p3.py', 'python', 'c = 3\n', 1);
    trees.change('file:///p3.py', [], 'c = 4\n', 2);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(trees.treeCount()).toBe(2);
  });

  it('parses the keystrokes when typing pauses, and not for a tree freed meanwhile', async () => {
    const trees = new DocumentTrees(registry, { maxTrees: 64, maxDocumentLength: 1000, idleTreeMs: 60_000 });
    let text = 'x = 1\n';
    trees.open('file:///k.py', 'python', text, 1);
    (await trees.snapshot('file:///k.py', text, 1))!.dispose();
    text = edit(trees, 'file:///k.py', text, 0, 0, 'y = 2\n', 2);
    expect(trees.editedSnapshot('file:///k.py', text, 2)).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(trees.editedSnapshot('file:///k.py', text, 2)).toBeUndefined(); // parsed in the pause

    text = edit(trees, 'file:///k.py', text, 0, 0, 'z = 3\n', 3);
    trees.freeIdleTrees(Date.now() + 61_000);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(trees.treeCount()).toBe(0); // the pending parse went with the tree
  });

  it('frees a tree idle for exactly idleTreeMs only after it, and looks for idle trees on its own', async () => {
    vi.useFakeTimers({ now: 1_000_000, toFake: ['Date', 'setInterval', 'setTimeout', 'clearTimeout'] });
    try {
      const trees = new DocumentTrees(registry, { maxTrees: 64, maxDocumentLength: 1000, idleTreeMs: 10_000 });
      trees.open('file:///f.py', 'python', 'x = 1\n', 1);
      (await trees.snapshot('file:///f.py', 'x = 1\n', 1))!.dispose();
      trees.freeIdleTrees(1_000_000 + 10_000);
      expect(trees.treeCount()).toBe(1);
      vi.advanceTimersByTime(10_000); // the sweep runs every min(30 s, idleTreeMs)
      expect(trees.treeCount()).toBe(1);
      vi.advanceTimersByTime(10_000);
      expect(trees.treeCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('DocumentTrees: keystrokes parsed in the background', () => {
  it('parses the keystrokes at once, whatever the budget, where the region would be most of the document (one class holds it all)', async () => {
    const trees = new DocumentTrees(registry, { ...DEFAULT_TREE_LIMITS, parseBudgetMs: 0 });
    let text = `class A:\n${Array.from({ length: 300 }, (_, i) => `    def f${i}(self, x):\n        return x + ${i}\n`).join('\n')}\n    def g(self, y):\n        return y\n`;
    trees.open('file:///small.py', 'python', text, 1);
    (await trees.snapshot('file:///small.py', text, 1))!.dispose();
    text = edit(trees, 'file:///small.py', text, text.indexOf('return x + 150'), text.indexOf('return x + 150'), 'z = (1, 2)\n        ', 2);
    const s = (await trees.snapshot('file:///small.py', text, 2, { offset: text.indexOf('z = '), before: 600, after: 200 }))!;
    expect(s.region).toBeUndefined();
    const fresh = new DocumentTrees(registry);
    fresh.open('file:///fresh.py', 'python', text, 1);
    expect(s.tree.rootNode.toString()).toBe(await sexp(fresh, 'file:///fresh.py', text, 1));
    s.dispose();
  });

  it('keeps every whole tree it gives equal to a fresh parse of its text, through edits, slices and regions in any order', async () => {
    // A seeded mix of what an editor and the server do: edits (some break the syntax until a
    // later one mends it), completions (near the cursor, with a budget of 0: the region path),
    // code actions (whole trees), turns of the event loop (background slices), busy spells.
    // Where the text parses without errors, a whole tree must equal a fresh parse (with
    // errors, an incremental parse may recover differently, as tree-sitter documents).
    let seed = 20261128;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pick = <T,>(xs: T[]): T => xs[Math.floor(random() * xs.length)];
    let busy = false;
    const trees = new DocumentTrees(registry, { ...DEFAULT_TREE_LIMITS, parseBudgetMs: 0 }, () => busy);
    const python = (await registry.load(registry.entryFor('python', 'file:///x.py')!))!;
    const parser = new Parser();
    parser.setLanguage(python.language);
    const fresh = (t: string): { sexp: string; ok: boolean } => {
      const tree = parser.parse(t)!;
      const result = { sexp: tree.rootNode.toString(), ok: !tree.rootNode.hasError };
      tree.delete();
      return result;
    };
    const uri = 'file:///mixed.py';
    let text = Array.from({ length: 400 }, (_, i) => `def f${i}(x):\n    y = x * ${i}\n    return y + ${i}\n`).join('\n');
    let version = 1;
    trees.open(uri, 'python', text, version);
    const starts = (re: RegExp) => [...text.matchAll(re)].map((m) => m.index! + 1);
    const edits = [
      () => { const at = pick(starts(/\n {4}(?=\S)/g)) + 4; text = edit(trees, uri, text, at, at, 'z = 1\n    ', ++version); },
      () => { const at = pick(starts(/\n {4}z = 1\n/g)); if (at) text = edit(trees, uri, text, at + 4, at + 14, '', ++version); },
      () => { const at = pick(starts(/\n {4}(?=\S)/g)) + 4; text = edit(trees, uri, text, at, at, 'w = (', ++version); },
      () => { const at = text.indexOf('w = ('); if (at >= 0) text = edit(trees, uri, text, at, at + 5, '', ++version); },
    ];
    let compared = 0;
    let regions = 0;
    for (let step = 0; step < 150; step++) {
      const r = random();
      if (r < 0.4) pick(edits)();
      else if (r < 0.6) {
        const s = (await trees.snapshot(uri, text, version, { offset: Math.floor(random() * text.length), before: 600, after: 200 }))!;
        const f = fresh(text);
        if (s.region) regions++;
        else if (f.ok) {
          expect(s.tree.rootNode.toString(), `step ${step}`).toBe(f.sexp);
          compared++;
        }
        s.dispose();
      } else if (r < 0.7) {
        const f = fresh(text);
        const whole = await sexp(trees, uri, text, version);
        if (f.ok) {
          expect(whole, `step ${step}`).toBe(f.sexp);
          compared++;
        }
      } else if (r < 0.9) await new Promise((resolve) => (random() < 0.5 ? setImmediate(resolve) : setTimeout(resolve, 3)));
      else busy = !busy;
    }
    expect(regions).toBeGreaterThan(5);
    expect(compared).toBeGreaterThan(5);
    // Mended, and left to the background.
    for (let at = text.indexOf('w = ('); at >= 0; at = text.indexOf('w = (')) text = edit(trees, uri, text, at, at + 5, '', ++version);
    busy = false;
    for (let waited = 0; trees.editedSnapshot(uri, text, version) !== undefined && waited < 5000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(trees.editedSnapshot(uri, text, version)).toBeUndefined();
    const last = (await trees.snapshot(uri, text, version, { offset: 10, before: 600, after: 200 }))!;
    expect(last.region).toBeUndefined();
    expect(fresh(text).ok).toBe(true);
    expect(last.tree.rootNode.toString()).toBe(fresh(text).sexp);
    last.dispose();
    trees.close(uri);
    parser.delete();
  });
});
