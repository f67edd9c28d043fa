import { describe, expect, it } from 'vitest';
import { readFence } from '../../server/postprocess/fencedAnswer';
import { answerCode, answerComplete, suggestionFromAnswer, type AnswerShape } from '../../server/postprocess/modelAnswer';

/** A shape without a grammar: indentation decides the block end (languages we have no grammar for). */
function shape(text: string, multiline: boolean, extra: Partial<AnswerShape> = {}): AnswerShape {
  const offset = text.indexOf('█');
  return { text: text.replace('█', ''), offset, multiline, userStops: [], ...extra };
}

const END = { stoppedEarly: false, truncated: false };

describe('fenced answers', () => {
  it.each([
    ['a bare fence', '```python\nreturn a + b\n```', 'return a + b'],
    ['prose before and after', 'Here is the code:\n\n```python\nreturn a + b\n```\n\nThis adds them.', 'return a + b'],
    ['no language tag', '```\nx = 1\ny = 2\n```\n', 'x = 1\ny = 2'],
    ['tildes', '~~~go\nreturn nil\n~~~', 'return nil'],
    ['a longer closing fence', '```js\nf();\n`````', 'f();'],
    ['backticks inside the code stay', '```python\ndoc = """\n```sh\nls\n```\n"""\n```', 'doc = """\n```sh\nls'],
  ])('%s', (_name, answer, code) => {
    expect(readFence(answer, true).code).toBe(code);
  });

  it.each([
    ['code before the fence: the fence is the code’s own', 'x = 1\n```python\ny = 2\n```'],
    ['a docstring example after code', 'def f():\n    """Example:\n    ```\n    f()\n    ```\n    """'],
    ['plain code', 'return a + b'],
    ['two backticks are not a fence', '``'],
  ])('%s', (_name, answer) => {
    expect(readFence(answer, true).code).toBe(answer);
  });

  it('tells, while streaming, when it cannot know yet', () => {
    expect(readFence('``', false).state).toBe('undecided');
    expect(readFence('Here is', false).state).toBe('undecided');
    expect(readFence('```py', false).state).toBe('undecided');
    expect(readFence('```py\nx = ', false)).toEqual({ state: 'open', code: 'x = ' });
    expect(readFence('```py\nx = 1\n``', false)).toEqual({ state: 'open', code: 'x = 1\n``' });
    expect(readFence('```py\nx = 1\n```', false)).toEqual({ state: 'open', code: 'x = 1\n```' });
    expect(readFence('```py\nx = 1\n```\n', false)).toEqual({ state: 'closed', code: 'x = 1' });
    expect(readFence('x = 1', false)).toEqual({ state: 'none', code: 'x = 1' });
  });
});

describe('the code of an answer', () => {
  const block = shape('def f(x):\n    █\n', true);
  const line = shape('total = █\n', false);

  it('drops a last line cut off by the token limit, unless the line is all there is', () => {
    expect(answerCode('y = x\n    return y +', block, { ...END, truncated: true })).toEqual({ code: 'y = x\n    return y +', lastLineIncomplete: true });
    expect(suggestionFromAnswer('y = x\n    return y +', block, { ...END, truncated: true })).toBe('y = x');
    expect(suggestionFromAnswer('price * cou', line, { ...END, truncated: true })).toBe('price * cou');
  });

  it('keeps the line before a control token whole: the model ended it there', () => {
    const answer = 'y = x\n    return y<|file_sep|>other.py\nimport os\n';
    expect(answerCode(answer, block, { stoppedEarly: true, truncated: false })).toEqual({ code: 'y = x\n    return y', lastLineIncomplete: false });
  });

  it('an echoed marker before the code ends nothing: a truncated answer still loses its cut-off line', () => {
    expect(answerCode('<|fim_middle|>y = x\n    return y +', block, { ...END, truncated: true })).toEqual({ code: 'y = x\n    return y +', lastLineIncomplete: true });
  });

  it('drops the line a stream was stopped in, past the block', () => {
    const b = shape('def f(x):\n    █\n', true, { headerIndent: 0 });
    const answer = 'y = x\n    return y\n\nde';
    expect(answerComplete(answer, b)).toBe(true);
    expect(suggestionFromAnswer(answer, b, { stoppedEarly: true, truncated: false })).toBe('y = x\n    return y');
  });

  it('one line ends at the code’s line break, inside a fence at its closing fence', () => {
    expect(answerComplete('price * count', line)).toBe(false);
    expect(answerComplete('price * count\n', line)).toBe(true);
    expect(answerComplete('```python\nprice * count\n', line)).toBe(false);
    expect(answerComplete('```python\nprice * count\n```\n', line)).toBe(true);
    expect(suggestionFromAnswer('```python\nprice * count\n```\n', line, END)).toBe('price * count');
  });

  it('a fence left open is a wrapper only when the answer was cut short', () => {
    expect(suggestionFromAnswer('```\n', line, END)).toBe('```');
    expect(suggestionFromAnswer('```python\ny = x\n    return y\n    z', block, { ...END, truncated: true })).toBe('y = x\n    return y');
  });

  it('stops at a control token or a user stop, whatever the shape', () => {
    expect(answerComplete('return 1<|endoftext|>', block)).toBe(true);
    expect(answerComplete('return 1 END', shape('█', true, { userStops: ['END'] }))).toBe(true);
    expect(suggestionFromAnswer('return 1 END more', shape('def f():\n    █\n', true, { userStops: ['END'] }), END)).toBe('return 1');
  });

  it('gives a CRLF document its own line breaks, whatever the model used', () => {
    const crlf = shape('def f(x):\r\n    █\r\n', true);
    expect(suggestionFromAnswer('y = x\n    return y', crlf, END)).toBe('y = x\r\n    return y');
    expect(suggestionFromAnswer('y = x\r\n    return y', crlf, END)).toBe('y = x\r\n    return y');
  });
});

describe('answerCode: the code and whether its last line is whole', () => {
  const block = shape('def f(x):\n    █\n', true);
  const line = shape('total = █\n', false);

  it('reads a lone carriage return as a line break', () => {
    expect(answerCode('a\rb', line, END)).toEqual({ code: 'a\nb', lastLineIncomplete: false });
  });

  it('takes a closed fence’s code whole, even without a line break after the closing fence', () => {
    expect(answerCode('```py\nx = 1\n```', line, { ...END, truncated: true })).toEqual({ code: 'x = 1', lastLineIncomplete: false });
  });

  it('unwraps a fence left open only when the stream was stopped or truncated', () => {
    expect(answerCode('```py\nx = 1\ny', block, { stoppedEarly: true, truncated: false })).toEqual({ code: 'x = 1\ny', lastLineIncomplete: true });
    expect(answerCode('```py\nx = 1\ny', block, END)).toEqual({ code: '```py\nx = 1\ny', lastLineIncomplete: false });
    expect(answerCode('```py\nx = 1\ny', line, { stoppedEarly: true, truncated: false })).toEqual({ code: '```py\nx = 1\ny', lastLineIncomplete: false });
  });

  it('marks the line a block stream was stopped in as incomplete, but not a line ended by a token', () => {
    const answer = 'y = x\n    return y\n\nde';
    expect(answerCode(answer, block, { stoppedEarly: true, truncated: false })).toEqual({ code: answer, lastLineIncomplete: true });
    expect(answerCode(answer, block, END)).toEqual({ code: answer, lastLineIncomplete: false });
    expect(answerCode(`${answer}<|endoftext|>`, block, { stoppedEarly: true, truncated: false })).toEqual({ code: answer, lastLineIncomplete: false });
  });
});

describe('answerComplete: when a stream may stop', () => {
  const line = shape('total = █\n', false);
  const block = shape('def f(x):\n    █\n', true);
  const headed = shape('def f(x):\n    █\n', true, { headerIndent: 0 });

  it('one line: at its line break, a lone carriage return or CRLF', () => {
    expect(answerComplete('price\r', line)).toBe(true);
    expect(answerComplete('price\r\n', line)).toBe(true);
  });

  it('one line in a fence waits for the closing fence’s own line break', () => {
    expect(answerComplete('```python\nprice * count\n```', line)).toBe(false);
  });

  it('a closed fence ends a block too', () => {
    expect(answerComplete('```py\nx = 1\n```\n', block)).toBe(true);
  });

  it('waits while prose may still lead to a fence', () => {
    expect(answerComplete('Here is the code:\n```py', line)).toBe(false);
  });

  it('judges a block in an open fence on its complete lines', () => {
    expect(answerComplete('```py\ny = x\n    return y\nprint(1)\n', headed)).toBe(true);
    expect(answerComplete('```py\ny = x\n    return y\nprint(1', headed)).toBe(false);
    expect(answerComplete('```py\ny = x\nz\n', headed)).toBe(true);
  });
});
