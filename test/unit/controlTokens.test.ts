import { describe, expect, it } from 'vitest';
import type { ActionOptions } from '../../server/actions/actionOptions';
import { askModel } from '../../server/actions/askModel';
import { ScriptedModel, testActionOptions } from '../realcode/harness';
import { FIM_TEMPLATES, type FimFamily } from '../../server/models/fimTemplates';
import { CONTROL_TOKENS, fimStops, requestFamily } from '../../server/models/stopSequences';
import { cutAtControlToken, reachedControlToken } from '../../server/postprocess/controlTokens';

const FAMILIES = Object.keys(FIM_TEMPLATES) as FimFamily[];
const AMBIGUOUS = ['<s>', '</s>', '<PRE>'];

describe('CONTROL_TOKENS', () => {
  it('is every family’s stop list without the tokens that are also HTML', () => {
    expect(CONTROL_TOKENS).toEqual([
      '<EOT>', '<SUF>', '<MID>',
      '<|endoftext|>', '<file_sep>', '<repo_name>', '<fim_prefix>', '<fim_suffix>', '<fim_middle>', '<fim_pad>',
      '<\uFF5Cend\u2581of\u2581sentence\uFF5C>', '<|EOT|>', '<\uFF5Cbegin\u2581of\u2581sentence\uFF5C>',
      '<\uFF5Cfim\u2581begin\uFF5C>', '<\uFF5Cfim\u2581hole\uFF5C>', '<\uFF5Cfim\u2581end\uFF5C>',
      '<|file_sep|>', '<|repo_name|>', '<|fim_prefix|>', '<|fim_suffix|>', '<|fim_middle|>', '<|fim_pad|>', '<|im_start|>', '<|im_end|>',
      '<eos>', '<|file_separator|>', '<start_of_turn>', '<end_of_turn>',
      '[PREFIX]', '[SUFFIX]',
      '<reponame>',
    ]);
    expect(Object.isFrozen(CONTROL_TOKENS)).toBe(true);
  });
});

describe('fimStops', () => {
  it('sends the caller’s stops first, then the family’s list', () => {
    expect(fimStops('qwen', ['\n'])).toEqual(['\n', ...FIM_TEMPLATES.qwen.stop]);
    expect(fimStops('codellama', [])).toEqual(['<EOT>', '</s>', '<PRE>', '<SUF>', '<MID>']);
    expect(fimStops('codestral', ['# end'])).toEqual(['# end', '</s>', '[PREFIX]', '[SUFFIX]']);
  });

  it('sends every family’s control tokens, but not </s>, when the family is unknown', () => {
    expect(fimStops(undefined, ['\n'])).toEqual(['\n', ...CONTROL_TOKENS]);
    expect(fimStops(undefined, [])).not.toContain('</s>');
  });

  it('drops duplicates and empty strings, and returns a list the caller may change', () => {
    const stops = fimStops('qwen', ['<|endoftext|>', '', '\n']);
    expect(stops).toEqual(['<|endoftext|>', '\n', ...FIM_TEMPLATES.qwen.stop.slice(1)]);
    stops.push('x');
    expect(FIM_TEMPLATES.qwen.stop).not.toContain('x');
  });
});

describe('requestFamily', () => {
  it('takes the raw template’s family, else the model name’s', () => {
    expect(requestFamily(FIM_TEMPLATES.starcoder, 'qwen2.5-coder:1.5b')).toBe('starcoder');
    expect(requestFamily(undefined, 'deepseek-coder:6.7b-base')).toBe('deepseek');
    expect(requestFamily(undefined, 'my-model')).toBeUndefined();
  });
});

describe('cutAtControlToken', () => {
  it.each(FAMILIES)('cuts at each %s control token (other than the HTML look-alikes)', (family) => {
    for (const token of FIM_TEMPLATES[family].stop.filter((t) => !AMBIGUOUS.includes(t))) {
      expect(cutAtControlToken(`x = 1${token}y = 2`), token).toBe('x = 1');
      expect(reachedControlToken(`x = 1${token}`), token).toBe(true);
    }
  });

  const CASES: Array<[string, string, string]> = [
    ['the text after a file separator is another file', 'middle<|file_sep|>other/file.py\nimport os\n', 'middle'],
    ['an echoed FIM marker at the start keeps its code', '<|fim_middle|>return a + b', 'return a + b'],
    ['several echoed markers, then a cut', '<|fim_suffix|><|fim_middle|>a<|endoftext|>b', 'a'],
    ['StarCoder', '<fim_middle>x = 1\n<file_sep>y', 'x = 1\n'],
    ['DeepSeek echo and end', '<\uFF5Cfim\u2581end\uFF5C>x<\uFF5Cend\u2581of\u2581sentence\uFF5C>tail', 'x'],
    ['Codestral', '[PREFIX]a = 1[SUFFIX]b', 'a = 1'],
    ['CodeLlama: the space before its token may be the model’s own, and stays', 'for <EOT> garbage', 'for '],
    ['CodeLlama echo', ' <MID>return a', 'return a'],
    ['an answer that starts with an end token has no code', '<|endoftext|>import os\n', ''],
    ['an answer that starts with a file separator has no code', '<|file_sep|>other.py\nimport os\n', ''],
    ['the first token wins', 'a<|im_end|>b<|endoftext|>c', 'a'],
    ['a marker inside the code cuts it', 'a<|fim_middle|>b', 'a'],
    ['no token: unchanged', '  x = 1\n\ny = 2\n', '  x = 1\n\ny = 2\n'],
    ['the empty answer', '', ''],
    ['HTML strikethrough is not Llama’s BOS/EOS', 'return "<s>old</s> new";', 'return "<s>old</s> new";'],
    ['an HTML <PRE> block is not CodeLlama’s prefix', '<PRE>\n  code\n</PRE>', '<PRE>\n  code\n</PRE>'],
    ['look-alikes are text', '<pre>x</pre><|fim_middle x<fim_pad y<eot>', '<pre>x</pre><|fim_middle x<fim_pad y<eot>'],
    ['ASCII bars are not DeepSeek’s tokens', 'a <|fim▁hole|> b', 'a <|fim▁hole|> b'],
  ];
  it.each(CASES)('%s', (_label, input, output) => {
    expect(cutAtControlToken(input)).toBe(output);
  });

  it('cuts at the user’s stops too, wherever they come first', () => {
    expect(cutAtControlToken('a = 1\n\nb = 2<|endoftext|>', ['\n\n'])).toBe('a = 1');
    expect(cutAtControlToken('a = 1<|endoftext|>\n\n', ['\n\n'])).toBe('a = 1');
    expect(cutAtControlToken('<|fim_middle|>x # end y', ['# end'])).toBe('x ');
    expect(cutAtControlToken('a = 1', ['', 'zzz'])).toBe('a = 1');
  });
});

describe('reachedControlToken', () => {
  it('is false for an answer still being written, and for a marker echoed at the start', () => {
    expect(reachedControlToken('return a')).toBe(false);
    expect(reachedControlToken('<|fim_middle|>')).toBe(false);
    expect(reachedControlToken('<|fim_middle|>return a')).toBe(false);
    expect(reachedControlToken('return a<|file_')).toBe(false);
    expect(reachedControlToken('return "<s>old</s>"')).toBe(false);
  });

  it('is true once a control token or a user stop has appeared', () => {
    expect(reachedControlToken('return a<|file_sep|>')).toBe(true);
    expect(reachedControlToken('<|fim_middle|>return a<|endoftext|>')).toBe(true);
    expect(reachedControlToken('<|endoftext|>')).toBe(true);
    expect(reachedControlToken('a = 1\n\n', ['\n\n'])).toBe(true);
    expect(reachedControlToken('a = 1\n', ['\n\n'])).toBe(false);
  });
});

describe('askModel (code actions)', () => {
  const options = (answer: string): ActionOptions => testActionOptions(new ScriptedModel(answer), 'fim', { maxTokens: 64, budget: { prefixTokens: 256, suffixTokens: 256 } });


  it('cuts fill-in-the-middle and chat answers at the first control token', async () => {
    const fim = { prefix: 'def f():\n    ', suffix: '\n', snippets: [] };
    expect(await askModel(options('<|fim_middle|>return 1<|file_sep|>other.py\nimport os\n'), fim)).toBe('return 1');
    expect(await askModel(options('```python\nx = 1\n```<|im_end|><|im_start|>user'), { messages: [{ role: 'user', content: 'x' }] })).toBe('```python\nx = 1\n```');
  });
});

describe('the earliest stop', () => {
  it('a token at the very start wins over one found later in the list', () => {
    expect(cutAtControlToken('<EOT>x<|endoftext|>y')).toBe('');
    expect(reachedControlToken('<EOT>x')).toBe(true);
  });

  it('has no stops of the user’s own by default', () => {
    expect(cutAtControlToken('Stryker was here')).toBe('Stryker was here');
    expect(reachedControlToken('Stryker was here')).toBe(false);
  });
});
