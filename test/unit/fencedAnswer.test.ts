import { describe, expect, it } from 'vitest';
import { isProse, readFence } from '../../server/postprocess/fencedAnswer';

describe('readFence on a whole answer', () => {
  it.each<[string, string, { state: string; code: string }]>([
    ['indented fences with trailing blanks', '  ```py  \nx\n  ```', { state: 'closed', code: 'x' }],
    ['a blank first line', '\n```py\nx\n```', { state: 'closed', code: 'x' }],
    ['a whitespace-only first line', '  \n```py\nx\n```', { state: 'closed', code: 'x' }],
    ['a blank line inside the fence stays', '```py\n\nx\n```', { state: 'closed', code: '\nx' }],
    ['a lone opener is an empty open fence', '```', { state: 'open', code: '' }],
    ['an opener with a language and no body', '```py', { state: 'open', code: '' }],
    ['an opener followed by words is code', '```js const x\ny\n```', { state: 'none', code: '```js const x\ny\n```' }],
    ['backticks after code are code', 'x = ```\ny\n```', { state: 'none', code: 'x = ```\ny\n```' }],
  ])('%s', (_name, answer, expected) => {
    expect(readFence(answer, true)).toEqual(expected);
  });
});

describe('readFence while streaming', () => {
  it.each<[string, string, { state: string; code: string }]>([
    ['a fence after a blank first line', '\n```py\nx', { state: 'open', code: 'x' }],
    ['a prose line, then the start of a fence', 'Here is the code:\n``', { state: 'undecided', code: '' }],
    ['a prose line, then nothing yet', 'Here is the code:\n', { state: 'undecided', code: '' }],
    ['a prose line, then a fence', 'Here is the code:\n```py', { state: 'undecided', code: '' }],
    ['an indented start of a fence', '  ``', { state: 'undecided', code: '' }],
    ['tildes', '~~', { state: 'undecided', code: '' }],
    ['backticks after code', 'x``', { state: 'none', code: 'x``' }],
    ['backticks, then words', '``py x', { state: 'none', code: '``py x' }],
    ['a capital after code', 'x Here', { state: 'none', code: 'x Here' }],
    ['a capitalised line with code punctuation', 'Here is x = 1', { state: 'none', code: 'Here is x = 1' }],
  ])('%s', (_name, partial, expected) => {
    expect(readFence(partial, false)).toEqual(expected);
  });
});

describe('isProse', () => {
  it.each<[string, boolean]>([
    ['Here is the code:', true],
    ['  Here is the code:  ', true],
    ['Now return the value.', true],
    ['x Here is the code.', false],
    ['Here is the code: x', false],
    ['Hello world.', false],
    ['Hello big world.', true],
    ['Then set x = 1 here.', false],
    ['Return the value now.', true],
    ['return the value now.', false],
  ])('%s → %s', (line, prose) => {
    expect(isProse(line)).toBe(prose);
  });
});
