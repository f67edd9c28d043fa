import { beforeAll, describe, expect, it } from 'vitest';
import { Parser } from 'web-tree-sitter';
import { DEFAULT_TREE_LIMITS, DocumentTrees } from '../../server/syntax/documentTrees';
import { GrammarRegistry, type LoadedGrammar } from '../../server/syntax/grammarRegistry';
import { isUnitStart, parseRegion, regionRanges, reparseRegion } from '../../server/syntax/regionParse';
import { insertionEdit, treeEditFor } from '../../server/syntax/textEdit';

const registry = new GrammarRegistry();
let python: LoadedGrammar;
let parser: Parser;
let jsParser: Parser;
beforeAll(async () => {
  const javascript = (await registry.load(registry.entries.find((e) => e.id === 'javascript')!))!;
  jsParser = new Parser();
  jsParser.setLanguage(javascript.language);
  python = (await registry.load(registry.entries.find((e) => e.id === 'python')!))!;
  parser = new Parser();
  parser.setLanguage(python.language);
});

/** A Python file: two imports, then `count` functions of ~6 lines, each after a blank line. */
function pythonFile(count: number): string {
  const fns = Array.from({ length: count }, (_, i) => `def f${i}(x):\n    if x:\n        return x + ${i}\n    y = x * 2\n    return y\n`);
  return `import os\nfrom sys import argv\n\n${fns.join('\n')}`;
}

const NEAR = { before: 300, after: 100 };

/**
 * `count` decorated Python classes, `count = len(s` typed into class C`at`'s method: the
 * class is broken from there to the end of the file. The cursor after the `s`.
 */
function unclosedCallIn(count: number, at: number): { text: string; offset: number; unitStart: number } {
  const classes = Array.from({ length: count }, (_, i) => `@dataclass\nclass C${i}:\n    name: str\n\n    def m(self, x):\n        if x:\n            return x + ${i}\n        y = x * 2\n        return y\n`);
  const file = `import os\nfrom sys import argv\n\n${classes.join('\n')}`;
  const typedAt = file.indexOf('y = x * 2', file.indexOf(`class C${at}:`));
  return {
    text: file.slice(0, typedAt) + 'count = len(s\n        ' + file.slice(typedAt),
    offset: typedAt + 'count = len(s'.length,
    unitStart: file.indexOf(`@dataclass\nclass C${at}:`),
  };
}

/** JavaScript functions after the array: enough that a region covers less than half. */
function functionsAfter(): string {
  return Array.from({ length: 120 }, (_, i) => `function g${i}(x) {\n  return x + ${i};\n}\n`).join('\n');
}

describe('reparseRegion', () => {
  /**
   * The region of a 100-function file around f50 parsed, `edit` applied, and the tree parsed
   * again from it: the same tree as the new text parsed afresh within `moved`, the ranges
   * the edit should leave.
   */
  function reparsed(at: (text: string) => number, inserted: string, moved: (ranges: Array<{ start: number; end: number }>, at: number) => Array<{ start: number; end: number }>): void {
    const text = pythonFile(100);
    const region = parseRegion(parser, text, { offset: text.indexOf('def f50(') + 20, ...NEAR })!;
    expect(region.ranges).toHaveLength(2);
    const offset = at(text);
    const newText = text.slice(0, offset) + inserted + text.slice(offset);
    const edit = insertionEdit(text, offset, inserted);
    const old = region.tree.copy();
    old.edit(edit);
    const tree = reparseRegion(parser, newText, old, region.ranges, edit)!;
    const expected = moved(region.ranges, offset);
    const pointOf = (at: number) => insertionEdit(newText, at, '').startPosition;
    const fresh = parser.parse(newText, null, { includedRanges: expected.map((r) => ({ startIndex: r.start, endIndex: r.end, startPosition: pointOf(r.start), endPosition: pointOf(r.end) })) })!;
    expect(tree.rootNode.toString()).toBe(fresh.rootNode.toString());
    expect([tree.rootNode.startIndex, tree.rootNode.endIndex]).toEqual([fresh.rootNode.startIndex, fresh.rootNode.endIndex]);
    for (const t of [tree, fresh, old, region.tree]) t.delete();
  }

  it('moves the ranges after an edit before them, keeps those before it, and grows the one it is in', () => {
    const line = 'z = 1\n\n';
    // In the head (imports): both ranges' ends move, the window's start too.
    reparsed((t) => t.indexOf('from sys'), line, ([head, window]) => [{ start: head.start, end: head.end + line.length }, { start: window.start + line.length, end: window.end + line.length }]);
    // Between the head and the window: only the window moves.
    reparsed((t) => t.indexOf('def f20('), line, ([head, window]) => [head, { start: window.start + line.length, end: window.end + line.length }]);
    // Inside the window: its end moves, its start stays.
    reparsed((t) => t.indexOf('def f49('), line, ([head, window]) => [head, { start: window.start, end: window.end + line.length }]);
    // After the window: nothing moves.
    reparsed((t) => t.indexOf('def f80('), line, (ranges) => ranges);
  });
});

describe('regionRanges', () => {
  it('cuts the head after the imports and the window at the unit starts around the budget', () => {
    const text = pythonFile(100);
    const offset = text.indexOf('def f50(') + 20;
    expect(regionRanges(text, { offset, ...NEAR })).toEqual([
      // Through the imports, to the first unit after them.
      { start: 0, end: text.indexOf('def f0(') },
      // The last unit start at or before offset - 300, to the first at or after offset + 100.
      { start: text.indexOf('def f46('), end: text.indexOf('def f52(') },
    ]);
  });

  it('is one range when the imports reach the window, and none when it would cover half the file', () => {
    const text = pythonFile(100);
    expect(regionRanges(text, { offset: text.indexOf('def f2(') + 5, ...NEAR })).toEqual([{ start: 0, end: text.indexOf('def f4(') }]);
    expect(regionRanges(pythonFile(8), { offset: 200, ...NEAR })).toBeUndefined();
  });

  it('moves each end one unit further out on each try', () => {
    const text = pythonFile(100);
    const offset = text.indexOf('def f50(') + 20;
    expect(regionRanges(text, { offset, ...NEAR }, 2)![1]).toEqual({ start: text.indexOf('def f44('), end: text.indexOf('def f54(') });
  });

  it('takes a unit start to be code at column 0 after a blank line, not a continuation or a comment', () => {
    const text = 'x = 1\n\nif x:\n    y = 2\n\nelse:\n    y = 3\nz = 4\n\n    w = 5\n\n# note\n\n// note\n[1]\n\n#[derive(Debug)]\n\n#include <x.h>\n\n@decorator\n\n// Doc.\n// More.\nfunc F() {}\n\n/**\n * Doc.\n */\nfunction g() {}\n';
    const starts = [...text.matchAll(/^/gm)].map((m) => m.index!).filter((ls) => isUnitStart(text, ls));
    // A comment at column 0 is a cut only right before code (a doc comment): comments sit in arrays and calls too.
    expect(starts.map((ls) => text.slice(ls, text.indexOf('\n', ls)))).toEqual(['x = 1', 'if x:', '#[derive(Debug)]', '#include <x.h>', '@decorator', '// Doc.', '/**']);
  });
});

describe('parseRegion', () => {
  it('gives the nodes of the whole tree, with the document offsets and rows', () => {
    const text = pythonFile(100);
    const offset = text.indexOf('def f50(') + 20;
    const region = parseRegion(parser, text, { offset, ...NEAR })!;
    const full = parser.parse(text)!;
    try {
      const inRegion = (n: { startIndex: number }) => n.startIndex >= text.indexOf('def f46(') && n.startIndex < text.indexOf('def f52(');
      const shape = (t: typeof full) => t.rootNode.children.filter((c) => c && inRegion(c)).map((c) => `${c!.startPosition.row}:${c!.toString()}`);
      expect(shape(region.tree)).toEqual(shape(full));
      expect(shape(region.tree)).toHaveLength(6);
      expect(region.tree.rootNode.descendantForIndex(offset)?.startPosition.row).toBe(full.rootNode.descendantForIndex(offset)?.startPosition.row);
    } finally {
      region.tree.delete();
      full.delete();
    }
  });

  it('keeps UTF-16 offsets and rows after text outside the Basic Latin range', () => {
    const fns = Array.from({ length: 300 }, (_, i) => `def f${i}(x):\n    s = "héllo wörld €😀 ${i}"\n    return x + ${i}\n`);
    const text = `import os\n# ünïcödé\n\n${fns.join('\n')}`;
    const offset = text.indexOf('def f150(') + 30;
    const region = parseRegion(parser, text, { offset, before: 600, after: 200 })!;
    const full = parser.parse(text)!;
    try {
      const node = (t: typeof full) => t.rootNode.descendantForIndex(offset)!;
      expect(node(region.tree).text).toBe('héllo wörld €😀 150');
      expect([node(region.tree).startIndex, node(region.tree).startPosition]).toEqual([node(full).startIndex, node(full).startPosition]);
    } finally {
      region.tree.delete();
      full.delete();
    }
  });

  it('gives up a cut through the unit around the cursor at the edge of the region (column-0 comments inside it)', () => {
    // A long array with blank lines and column-0 comments in it (as in the ignore package):
    // the window's end falls inside it, and a region ending there would cut it in two.
    const items = Array.from({ length: 40 }, (_, i) => `\n// rule ${i}\n[\n  /a${i}/,\n  () => ${i}\n],\n`).join('');
    const text = `import os from 'os';\n\nvar RULES = [${items}]\n\n${functionsAfter()}`;
    const offset = text.indexOf('rule 10') + 3;
    const region = parseRegion(jsParser, text, { offset, before: 300, after: 100 });
    const full = jsParser.parse(text)!;
    try {
      // The whole array is in the region: its comments are no cuts.
      expect(region!.ranges).toEqual([{ start: 0, end: text.indexOf('function g0(') }]);
      expect(region!.tree.rootNode.hasError).toBe(false);
    } finally {
      region?.tree.delete();
      full.delete();
    }
  });

  it('keeps the cut where the unit being typed is broken from the cursor to the region\'s end (an unclosed call), as it is in the whole file', () => {
    const { text, offset, unitStart } = unclosedCallIn(300, 200);
    const region = parseRegion(parser, text, { offset, ...NEAR })!;
    const full = parser.parse(text)!;
    try {
      // The first try's cuts: no wider region, and no whole parse.
      expect(region.ranges).toEqual(regionRanges(text, { offset, ...NEAR }));
      const broken = (t: typeof full) => t.rootNode.children.find((c) => c!.hasError)!;
      // In both, the errors start with the cursor's unit and run to the end: of the region, of the file.
      expect([broken(region.tree).startIndex, text.slice(broken(region.tree).endIndex, region.ranges[1].end).trim()]).toEqual([unitStart, '']);
      expect([broken(full).startIndex, text.slice(broken(full).endIndex).trim()]).toEqual([unitStart, '']);
    } finally {
      region.tree.delete();
      full.delete();
    }
  });

  it('does not keep that cut where the unit after it is too long to parse for the question (a class the size of a file)', () => {
    const { text: typed, offset } = unclosedCallIn(100, 50);
    // The unit right after the first try's end cut, made 23k characters long.
    const cut = regionRanges(typed, { offset, ...NEAR })![1].end;
    const bodyEnd = typed.indexOf('\n\n', typed.indexOf('return y', cut)) + 1;
    const methods = Array.from({ length: 600 }, (_, i) => `    def n${i}(self):\n        return ${i}\n`).join('');
    const text = typed.slice(0, bodyEnd) + methods + typed.slice(bodyEnd);
    expect(regionRanges(text, { offset, ...NEAR })![1].end).toBe(cut);
    const region = parseRegion(parser, text, { offset, ...NEAR });
    expect(region?.ranges[1].end).not.toBe(cut);
    region?.tree.delete();
  });

  it('moves a cut at the region\'s end that the cursor\'s broken unit runs into where the text after it is no unit of its own', () => {
    // An array with an entry at column 0 after a blank line: a false unit start, inside the unit around the cursor.
    const fns = functionsAfter().split('\n\n');
    fns.splice(60, 0, 'const TABLE = [\n  1,\n  2,\n\nWORDS,\n  3,\n];\n');
    const text = `import os from 'os';\n\n${fns.join('\n\n')}`;
    const offset = text.indexOf('  2,\n\nWORDS') + 3;
    const near = { offset, before: 300, after: 1 };
    expect(regionRanges(text, near)![1].end).toBe(text.indexOf('WORDS'));
    const region = parseRegion(jsParser, text, near)!;
    try {
      expect(region.ranges[1].end).toBeGreaterThan(text.indexOf('];'));
      expect(region.tree.rootNode.hasError).toBe(false);
    } finally {
      region.tree.delete();
    }
  });

  it('does not keep a cut at the region\'s end that the cursor\'s unit runs into with errors only after the cursor, even where the text after it parses alone', () => {
    // A string that starts with a blank line and has column-0 lines, after the cursor in its function: false unit starts, the first of them code.
    const fns = pythonFile(100).split('\n\n');
    fns[51] = fns[51].replace('    y = x * 2\n', '    y = """\n\nz = 2\n\nmore\n"""\n');
    const text = fns.join('\n\n');
    const offset = text.indexOf('y = """') - 5;
    const near = { offset, before: 300, after: 1 };
    expect(regionRanges(text, near)![1].end).toBe(text.indexOf('z = 2'));
    const region = parseRegion(parser, text, near);
    expect(region?.ranges[1].end).not.toBe(text.indexOf('z = 2'));
    region?.tree.delete();
  });

  it('keeps a region whose only errors are the cursor\'s unit\'s, from its first character to just past its last, and no other', () => {
    // g60's header lacks its `)`: its errors stay within it.
    const fns = functionsAfter().split('\n\n');
    fns[60] = fns[60].replace('function g60(x)', 'function g60(x');
    const text = `import os from 'os';\n\n${fns.join('\n\n')}`;
    const unitStart = text.indexOf('function g60(');
    const unitEnd = text.indexOf('}', unitStart) + 1;
    const near = (offset: number) => ({ offset, before: 200, after: 100 });
    for (const offset of [unitStart, unitStart + 20, unitEnd]) {
      const region = parseRegion(jsParser, text, near(offset));
      expect(region?.ranges, String(offset)).toEqual(regionRanges(text, near(offset)));
      region?.tree.delete();
    }
    // The cursor on the line after it, or in the unit before it: the broken unit is another's, in every try.
    expect(parseRegion(jsParser, text, near(unitEnd + 1))).toBeUndefined();
    expect(parseRegion(jsParser, text, near(text.indexOf('function g59(') + 20))).toBeUndefined();
    // The file's first unit broken, the cursor in it: one range from the file's start (no cut there to doubt), kept.
    const firstBroken = [fns[0].replace('function g0(x)', 'function g0(x'), ...fns.slice(1)];
    const headText = firstBroken.join('\n\n');
    const inFirst = headText.indexOf('function g0(') + 20;
    const fromStart = parseRegion(jsParser, headText, near(inFirst))!;
    expect([fromStart.ranges[0].start, fromStart.ranges]).toEqual([0, regionRanges(headText, near(inFirst))]);
    fromStart.tree.delete();
    // The file's last unit, broken after the cursor: no cut at its end to doubt.
    const last = fns.length - 1;
    const lastBroken = [...fns.slice(0, last), fns[last].replace(`function g${last}(x)`, `function g${last}(x`)];
    const endText = `import os from 'os';\n\n${lastBroken.join('\n\n')}`;
    const atLast = endText.indexOf(`function g${last}(`);
    const kept = parseRegion(jsParser, endText, near(atLast))!;
    expect([kept.ranges[1].end, kept.ranges]).toEqual([endText.length, regionRanges(endText, near(atLast))]);
    kept.tree.delete();
    // The cursor's broken unit first after the cut at the range's start: the cut moves out one unit.
    const region = parseRegion(jsParser, text, { offset: unitStart + 20, before: 10, after: 100 })!;
    expect([regionRanges(text, { offset: unitStart + 20, before: 10, after: 100 })![1].start, region.ranges[1].start]).toEqual([unitStart, text.indexOf('function g59(')]);
    region.tree.delete();
  });

  it('moves a cut that lands inside a string out to a real unit start', () => {
    const fns = pythonFile(100).split('\n\n');
    // A string whose text has a blank line and then column-0 words: a false unit start.
    fns.splice(47, 0, 'HELP = """\nusage: tool\n\nWords at column zero\n"""');
    const text = fns.join('\n\n');
    const offset = text.indexOf('Words at') + 700;
    const region = parseRegion(parser, text, { offset, before: 700, after: 100 });
    expect(region?.ranges[1].start).toBe(text.indexOf('HELP = '));
    region?.tree.delete();
  });
});

describe('DocumentTrees with a region', () => {
  it('parses a region for a completion on an unparsed document, then the whole in the background, with the edits made meanwhile', async () => {
    let busy = true;
    // A budget no parse here exceeds: the keystrokes' parse below is asked for whole.
    const trees = new DocumentTrees(registry, { ...DEFAULT_TREE_LIMITS, parseBudgetMs: 60_000 }, () => busy);
    let text = pythonFile(3000);
    const uri = 'file:///big.py';
    trees.open(uri, 'python', text, 1);
    const offset = text.indexOf('def f50(') + 20;
    const snapshot = (await trees.snapshot(uri, text, 1, { offset, ...NEAR }))!;
    expect(snapshot.region).toEqual(regionRanges(text, { offset, ...NEAR }));
    // Re-parsed within the region: an insertion there is checked without parsing the rest.
    const insertion = '    z = 1\n';
    const at = text.indexOf('def f50(');
    const point = { row: text.slice(0, at).split('\n').length - 1, column: 0 };
    const reparsed = snapshot.reparse(treeEditFor(at, at, point, point, insertion), text.slice(0, at) + insertion + text.slice(at))!;
    expect(reparsed.rootNode.endIndex).toBe(text.indexOf('def f52(') + insertion.length);
    reparsed.delete();
    snapshot.dispose();
    expect(trees.treeCount()).toBe(0);

    // Typed while the whole file is parsed a slice at a time: the tree gets the edit when done.
    const typed = text.indexOf('return x + 2999');
    const next = text.slice(0, typed) + 'y = 0\n    ' + text.slice(typed);
    trees.change(uri, [treeEditFor(typed, typed, { row: text.slice(0, typed).split('\n').length - 1, column: 4 }, { row: text.slice(0, typed).split('\n').length - 1, column: 4 }, 'y = 0\n    ')], next, 2);
    text = next;
    // Not while a completion is in flight.
    await new Promise((r) => setTimeout(r, 150));
    expect(trees.treeCount()).toBe(0);
    busy = false;
    for (let waited = 0; trees.treeCount() === 0 && waited < 3000; waited += 10) await new Promise((r) => setTimeout(r, 10));
    expect(trees.treeCount()).toBe(1);
    const whole = (await trees.snapshot(uri, text, 2, { offset, ...NEAR }))!;
    expect(whole.region).toBeUndefined();
    expect(whole.tree.rootNode.toString()).toBe(parser.parse(text)!.rootNode.toString());
    whole.dispose();
    trees.close(uri);
  });

  it('gives a completion the region it reads where its keystrokes take longer than the budget to parse, and parses them in the background, with the edits made meanwhile', async () => {
    let busy = true;
    // A budget of 0: every parse of keystrokes stops at its first look at the clock.
    const trees = new DocumentTrees(registry, { ...DEFAULT_TREE_LIMITS, parseBudgetMs: 0 }, () => busy);
    const uri = 'file:///typed.py';
    let text = pythonFile(3000);
    let version = 1;
    trees.open(uri, 'python', text, version);
    (await trees.snapshot(uri, text, version))!.dispose(); // parsed whole: no near
    const type = (at: number, typed: string): void => {
      const point = { row: text.slice(0, at).split('\n').length - 1, column: at - text.lastIndexOf('\n', at - 1) - 1 };
      const next = text.slice(0, at) + typed + text.slice(at);
      trees.change(uri, [treeEditFor(at, at, point, point, typed)], next, ++version);
      text = next;
    };
    type(text.indexOf('return x + 1500'), 'y = (1, ');
    const offset = text.indexOf('y = (1, ') + 8;
    const region = (await trees.snapshot(uri, text, version, { offset, ...NEAR }))!;
    expect(region.region).toEqual(regionRanges(text, { offset, ...NEAR }));
    region.dispose();
    // Still not parsed, and typed on while its parse waits for the completion to end.
    expect(trees.editedSnapshot(uri, text, version)).toBeDefined();
    type(offset, '2)\n    ');
    await new Promise((r) => setTimeout(r, 400));
    expect(trees.editedSnapshot(uri, text, version)).toBeDefined();
    busy = false;
    for (let waited = 0; trees.editedSnapshot(uri, text, version) && waited < 5000; waited += 10) await new Promise((r) => setTimeout(r, 10));
    expect(trees.editedSnapshot(uri, text, version)).toBeUndefined();
    const whole = (await trees.snapshot(uri, text, version, { offset, ...NEAR }))!;
    expect(whole.region).toBeUndefined();
    expect(whole.tree.rootNode.toString()).toBe(parser.parse(text)!.rootNode.toString());
    whole.dispose();
    // Without near (a code action), the keystrokes are parsed at once, whatever the budget.
    type(text.indexOf('return x + 10'), 'z = 1\n    ');
    const now = (await trees.snapshot(uri, text, version))!;
    expect(now.region).toBeUndefined();
    expect(now.tree.rootNode.toString()).toBe(parser.parse(text)!.rootNode.toString());
    now.dispose();
    trees.close(uri);
  });

  it('parses the whole document when no near is given, or it is small', async () => {
    const trees = new DocumentTrees(registry);
    const big = pythonFile(100);
    trees.open('file:///a.py', 'python', big, 1);
    const s = (await trees.snapshot('file:///a.py', big, 1))!;
    expect(s.region).toBeUndefined();
    s.dispose();
    const small = pythonFile(8);
    trees.open('file:///b.py', 'python', small, 1);
    const t = (await trees.snapshot('file:///b.py', small, 1, { offset: 200, ...NEAR }))!;
    expect(t.region).toBeUndefined();
    expect(t.tree.rootNode.endIndex).toBe(small.length);
    t.dispose();
    trees.close('file:///a.py');
    trees.close('file:///b.py');
  });
});
