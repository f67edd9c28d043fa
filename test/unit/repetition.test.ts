import { describe, expect, it } from 'vitest';
import { repetitionCut } from '../../server/postprocess/repetition';

describe('repetitionCut: the length of a looping answer to keep', () => {
  it('cuts a line repeated three times in a row after its first copy, and nothing else', () => {
    const cases: [string, number][] = [
      ['abcd\nabcd\nabcd', 4], // exactly four characters: long enough to be a loop
      ['  abcd\n    abcd\nabcd\nmore', 6], // compared trimmed, cut after the first line as written
      ['x\nabcd\nabcd\nabcd', 6],
      ['abcd\nabcd', 9], // twice is not a loop (and the last pair is read without running off the end)
      ['ab\nab\nab', 8], // too short to tell
      ['abcd\nxyzw\nabcd', 14], // the second line differs
      ['abcd\nabcd\nxyzw', 14], // the third line differs
      // Closing brackets and `end` lines legitimately repeat in nested code.
      ['))))\n))))\n))))', 14],
      ['})})\n})})\n})})', 14],
      [') end\n) end\n) end', 17],
      ['end))\nend))\nend))', 17],
      ['end ))\nend ))\nend ))', 20],
      // Lines that merely contain `end` or brackets are code.
      ['send)\nsend)\nsend)', 5],
      ['end x\nend x\nend x', 5],
    ];
    for (const [text, keep] of cases) expect([text, repetitionCut(text)]).toEqual([text, keep]);
  });

  it('cuts a short unit with a word in it repeated six times or more at the end, when the run is 30 characters or more', () => {
    const cases: [string, number][] = [
      ['abcde'.repeat(6), 5], // exactly 30
      ['x = foo();' + 'bar();'.repeat(6), 16],
      ['ab'.repeat(6), 12], // a short run is left alone
      ['-'.repeat(30), 30], // a separator line, not a loop
      ['=-'.repeat(20), 40],
      // A loop in the middle that the answer leaves is not a loop at the end.
      ['foo();'.repeat(6) + '\nreturn x', 45],
    ];
    for (const [text, keep] of cases) expect([text, repetitionCut(text)]).toEqual([text, keep]);
  });
});
