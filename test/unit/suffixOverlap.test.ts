import { describe, expect, it } from 'vitest';
import { copiedSuffixCut, suffixOverlapCuts, type OverlapCut } from '../../server/postprocess/suffixOverlap';

const cuts = (...c: [number, boolean][]): OverlapCut[] => c.map(([at, strong]) => ({ at, strong }));

describe('suffixOverlapCuts: where a suggestion starts repeating the text after the cursor', () => {
  it('marks a copy strong when it covers the rest of the line, ends the line, or runs over lines and 12 characters', () => {
    const cases: [string, string, OverlapCut[]][] = [
      ['a &', '& b\n', cuts([2, false])], // `&` of `&&`: may be the code's own
      ['x);', ');', cuts([1, false])], // the whole short line, but two characters and the line not ended
      ['x}\n}', '}\n}\nfoo', cuts([1, false], [3, false])], // the copy goes on into the next line without ending it
      ['x}\n  ', '}\n  bar', cuts([1, true])], // the suggestion ends the line after the copy
      ['xfoo', 'food', cuts([1, false])], // part of the last line
      ['xfoo bar', 'foo bar;\n', cuts([1, false])], // all but the `;`
      ['xfoo', 'foo  \n', cuts([1, true])], // the line, short of its trailing blanks
      ['x\n\nf', '\n\nfoo;\n', cuts([1, false])], // blank lines and a letter of the code
      ['x\n  abc', '\n  abcdef = 1\n', cuts([1, false])],
      ['x\n  abcdefghijkl', '\n  abcdefghijklmnopq = 1\n', cuts([1, true])], // over a line break, 12 characters
      ['x\n  abcdefghijklm', '\n  abcdefghijklmnopq = 1\n', cuts([1, true])],
      ['ellohello\n', 'hello\n', cuts([4, true])],
      ['hhello\n', 'hello\n', cuts([1, true])],
    ];
    for (const [suggestion, suffix, out] of cases) expect([suggestion, suffix, suffixOverlapCuts(suggestion, suffix)]).toEqual([suggestion, suffix, out]);
  });

  it('never marks a copy of periodic text strong when the suggestion already repeats its period', () => {
    const cases: [string, string, OverlapCut[]][] = [
      ['xabababab\n', 'ababab\n', cuts([3, false])],
      ['xabab  \n', 'ab  \nzz', cuts([3, false])],
      ['abababab\n', 'ababab\n', cuts([2, false])],
      ['x-----\n', '---\n', cuts([3, false])],
    ];
    for (const [suggestion, suffix, out] of cases) expect([suggestion, suffix, suffixOverlapCuts(suggestion, suffix)]).toEqual([suggestion, suffix, out]);
  });

  it('offers a cut where the suggestion goes on past a copy of whole lines, strong only for 3 lines with words and 48 characters', () => {
    const two = 'const alpha = computeSomething(1);\nconst beta = computeOther(2);\n';
    const three = 'abcdefghijklm = 1;\nbbcdefghijklm = 2;\ncbcdefghijklm = 3;\n'; // 48 non-blank characters
    const cases: [string, string, OverlapCut[]][] = [
      [two + '}\nmodelGoesOn();\n', two + '}\nrest_of_file();\n', cuts([0, false])], // a `}` line has no words
      [two + 'suffix_own();\nmore\n', two + 'suffix_line_three_is_long();\n', cuts([0, false])], // only whole lines count
      ['a = 1;\nb = 2;\nc = 3;\nzz();\n', 'a = 1;\nb = 2;\nc = 3;\nd();\n', cuts([0, false])], // too short
      [three + 'model_own();\n', three + 'end_of_suffix();\n', cuts([0, true])],
      ['y\n' + three + 'model_own();\n', three + 'end_of_suffix();\n', cuts([2, true])],
    ];
    for (const [suggestion, suffix, out] of cases) expect([suggestion, suffix, suffixOverlapCuts(suggestion, suffix)]).toEqual([suggestion, suffix, out]);
  });

  it("finds the suffix's first line of code past blank lines, and none in a suffix without one", () => {
    const cases: [string, string, OverlapCut[]][] = [
      ['x\nzzz\n', '\nfoo();\nbar();\n', cuts()],
      ['x  \nqq', '  \nfoo();\n', cuts()],
      ['x\n  \nfoo();\nmine()', '\n  \nfoo();\nbar();\n', cuts([1, false])],
      ['x  ', '  \n', cuts()],
      ['abc', '', cuts()],
    ];
    for (const [suggestion, suffix, out] of cases) expect([suggestion, suffix, suffixOverlapCuts(suggestion, suffix)]).toEqual([suggestion, suffix, out]);
  });
});

describe('copiedSuffixCut: where a rewrite ran on into the code after it', () => {
  it('cuts at the earliest line from which all the rest copies the start of `after`, long or only closing brackets', () => {
    const cases: [string, string, number | undefined][] = [
      ['foo\nx})', 'x})\nmore', undefined],
      ['foo\n}) x', '}) x\nmore', undefined],
      ['foo\n})', '})\n', 4],
      ['foo\n};', '};\n', 4],
      ['foo\n  ]),', '  ]),\n', 4],
      ['foo\n}  \n}', '}  \n}\n', 4],
      ['x\n}\nfoo', '}\nfoo\n', undefined], // a closing line, then code: too short
      ['x\nabcdefghijkl', 'abcdef\nghijkl', undefined],
      ['x\n\n\nabcdefghijklm  ', 'abcdefghijklm\nmore', 2],
      ['x\nabcdefghijkl', '\n\nabcdefghijkl\n', 2], // exactly 12
      ['x\nabcdefghijk', 'abcdefghijk\n', undefined],
      ['foo\nab', 'ab\n', undefined],
      ['foo\na b', 'a b\n', undefined],
      ['\nzzz\nabcdefghijklm', 'abcdefghijklm\n', 5],
      ['abc\n\n', 'x', undefined],
      ['a\nabcdefghijklm\nzz', 'abcdefghijklm\nyy', undefined], // parts from `after` later
    ];
    for (const [answer, after, out] of cases) expect([answer, after, copiedSuffixCut(answer, after)]).toEqual([answer, after, out]);
  });

  it('takes a minimum length, and an empty rest is never a copy', () => {
    expect(copiedSuffixCut('abc\n\n', 'x', 0)).toBeUndefined();
    expect(copiedSuffixCut('abc\n  \n', 'x', 0)).toBeUndefined();
    expect(copiedSuffixCut('foo\nab', 'ab\n', 2)).toBe(4);
    expect(copiedSuffixCut('foo\nab', 'ab\n', 3)).toBeUndefined();
  });
});
