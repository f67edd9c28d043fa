import { describe, expect, it } from 'vitest';
import { diffLines, type Hunk } from '../../server/postprocess/lineDiff';

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
    [['import os', 'def f():', '    g(1)', 'print(1)'], ['import json', 'import os', 'def f():', '    g(1, 2)', 'print(1)'], [
      { aStart: 0, aEnd: 0, bStart: 0, bEnd: 1 },
      { aStart: 2, aEnd: 3, bStart: 3, bEnd: 4 },
    ]],
  ])('%j -> %j', (a, b, expected) => {
    const hunks = diffLines(a, b)!;
    expect(hunks).toEqual(expected);
    expect(apply(a, b, hunks)).toEqual(b);
  });

  it('turns any text into any other', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 48271) % 2147483647) % 5;
    for (let t = 0; t < 200; t++) {
      const a = Array.from({ length: rnd() * 3 }, () => String(rnd()));
      const b = Array.from({ length: rnd() * 3 }, () => String(rnd()));
      expect(apply(a, b, diffLines(a, b)!)).toEqual(b);
    }
  });

  it('gives up past its edit limit', () => {
    expect(diffLines(['a', 'b', 'c'], ['x', 'y', 'z'], 2)).toBeUndefined();
  });
});
