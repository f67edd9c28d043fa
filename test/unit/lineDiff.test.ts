import { describe, expect, it } from 'vitest';
import { diffLines, type Hunk } from '../../server/postprocess/lineDiff';

/** The length of a longest common subsequence: a shortest script edits `a.length + b.length - 2 * lcs` lines. */
function lcs(a: string[], b: string[]): number {
  const row = new Array<number>(b.length + 1).fill(0);
  for (const x of a) {
    let diag = 0;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j];
      row[j] = x === b[j - 1] ? diag + 1 : Math.max(row[j], row[j - 1]);
      diag = up;
    }
  }
  return row[b.length];
}

function apply(a: string[], b: string[], hunks: Hunk[]): string[] {
  const out = [...a];
  for (const h of [...hunks].reverse()) out.splice(h.aStart, h.aEnd - h.aStart, ...b.slice(h.bStart, h.bEnd));
  return out;
}

describe('diffLines', () => {
  it.each([
    [['a', 'b', 'c'], ['a', 'b', 'c'], []],
    [['a', 'c'], ['a', 'b', 'c'], [{ aStart: 1, aEnd: 1, bStart: 1, bEnd: 2 }]],
    [['a', 'x', 'c'], ['a', 'y', 'c'], [{ aStart: 1, aEnd: 2, bStart: 1, bEnd: 2 }]],
    // Common ends are matched first: the first copy of a repeated line stays at the start, the last at the end.
    [['x', 'a', 'x'], ['x'], [{ aStart: 1, aEnd: 3, bStart: 1, bEnd: 1 }]],
    [['a', 'x', 'b', 'x'], ['x'], [{ aStart: 0, aEnd: 3, bStart: 0, bEnd: 0 }]],
    [['p', 'y', 'z', 'y', 'z'], ['q', 'y', 'z'], [{ aStart: 0, aEnd: 3, bStart: 0, bEnd: 1 }]],
    [['q', 'y', 'z'], ['p', 'y', 'z', 'y', 'z'], [{ aStart: 0, aEnd: 1, bStart: 0, bEnd: 3 }]],
    [['x'], ['x', 'x'], [{ aStart: 1, aEnd: 1, bStart: 1, bEnd: 2 }]],
    [['x', 'x'], ['x'], [{ aStart: 1, aEnd: 2, bStart: 1, bEnd: 1 }]],
    [['x', 'x'], ['x', 'x', 'x'], [{ aStart: 2, aEnd: 2, bStart: 2, bEnd: 3 }]],
    [[], ['a', 'b'], [{ aStart: 0, aEnd: 0, bStart: 0, bEnd: 2 }]],
    [['a', 'b'], [], [{ aStart: 0, aEnd: 2, bStart: 0, bEnd: 0 }]],
    [[], [], []],
    // Deletions before insertions where both are as short.
    [['a', 'b', 'c', 'd'], ['b', 'a', 'd', 'c'], [
      { aStart: 0, aEnd: 1, bStart: 0, bEnd: 0 },
      { aStart: 2, aEnd: 3, bStart: 1, bEnd: 2 },
      { aStart: 4, aEnd: 4, bStart: 3, bEnd: 4 },
    ]],
    [['import os', 'def f():', '    g(1)', 'print(1)'], ['import json', 'import os', 'def f():', '    g(1, 2)', 'print(1)'], [
      { aStart: 0, aEnd: 0, bStart: 0, bEnd: 1 },
      { aStart: 2, aEnd: 3, bStart: 3, bEnd: 4 },
    ]],
  ])('%j -> %j', (a, b, expected) => {
    const hunks = diffLines(a, b)!;
    expect(hunks).toEqual(expected);
    expect(apply(a, b, hunks)).toEqual(b);
  });

  it('turns any text into any other, in as few edited lines as can be, as separate sorted hunks', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 48271) % 2147483647) % 5;
    for (let t = 0; t < 400; t++) {
      const a = Array.from({ length: rnd() * 3 }, () => String(rnd() % 3));
      const b = Array.from({ length: rnd() * 3 }, () => String(rnd() % 3));
      const hunks = diffLines(a, b)!;
      expect(apply(a, b, hunks)).toEqual(b);
      const edited = hunks.reduce((n, h) => n + h.aEnd - h.aStart + h.bEnd - h.bStart, 0);
      expect(edited).toBe(a.length + b.length - 2 * lcs(a, b));
      for (const [i, h] of hunks.entries()) {
        expect(h.aEnd - h.aStart + h.bEnd - h.bStart).toBeGreaterThan(0);
        if (i > 0) {
          expect(h.aStart).toBeGreaterThan(hunks[i - 1].aEnd);
          expect(h.bStart).toBeGreaterThan(hunks[i - 1].bEnd);
        }
      }
    }
  });

  it('gives up past its edit limit', () => {
    expect(diffLines(['a', 'b', 'c'], ['x', 'y', 'z'], 2)).toBeUndefined();
    expect(diffLines(['a', 'b', 'c'], ['a', 'y', 'c'], 1)).toBeUndefined();
    expect(diffLines(['a', 'b', 'c'], ['a', 'y', 'c'], 2)).toEqual([{ aStart: 1, aEnd: 2, bStart: 1, bEnd: 2 }]);
  });
});
