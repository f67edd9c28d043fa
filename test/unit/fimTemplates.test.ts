import { describe, expect, it } from 'vitest';
import {
  FIM_TEMPLATES,
  familyFromModelName,
  familyFromTemplate,
  resolveFimTemplate,
  stripFimTokens,
  type FimFamily,
} from '../../server/models/fimTemplates';

const P = 'def fib(n):\n    ';
const S = '\n\nprint(fib(10))\n';
const FILES = [
  { path: 'util.py', text: 'def memo(f): ...' },
  { path: 'lib/math.py', text: 'PHI = 1.618\n' },
];

// model-apis.md §6, with {P} and {S} filled in.
const PLAIN: Record<FimFamily, string> = {
  codellama: `<PRE> ${P} <SUF>${S} <MID>`,
  starcoder: `<fim_prefix>${P}<fim_suffix>${S}<fim_middle>`,
  deepseek: `<\uFF5Cfim\u2581begin\uFF5C>${P}<\uFF5Cfim\u2581hole\uFF5C>${S}<\uFF5Cfim\u2581end\uFF5C>`,
  qwen: `<|fim_prefix|>${P}<|fim_suffix|>${S}<|fim_middle|>`,
  codegemma: `<|fim_prefix|>${P}<|fim_suffix|>${S}<|fim_middle|>`,
  codestral: `[SUFFIX]${S}[PREFIX] ${P}`,
  granite: `<fim_prefix>${P}<fim_suffix>${S}<fim_middle>`,
};

const FAMILIES = Object.keys(PLAIN) as FimFamily[];

describe('FIM_TEMPLATES', () => {
  it('has one template per family, named after it', () => {
    expect(Object.keys(FIM_TEMPLATES).sort()).toEqual([...FAMILIES].sort());
    for (const f of FAMILIES) expect(FIM_TEMPLATES[f].family).toBe(f);
  });

  it.each(FAMILIES)('renders the plain %s form byte-exact', (family) => {
    expect(FIM_TEMPLATES[family].render({ prefix: P, suffix: S })).toBe(PLAIN[family]);
  });

  it('uses the plain form when files is empty, even with a path and repo', () => {
    for (const f of FAMILIES) {
      expect(FIM_TEMPLATES[f].render({ prefix: P, suffix: S, files: [], path: 'main.py', repo: 'r' })).toBe(PLAIN[f]);
    }
  });

  it('renders empty prefix and suffix', () => {
    expect(FIM_TEMPLATES.codellama.render({ prefix: '', suffix: '' })).toBe('<PRE>  <SUF> <MID>');
    expect(FIM_TEMPLATES.codestral.render({ prefix: '', suffix: '' })).toBe('[SUFFIX][PREFIX] ');
    expect(FIM_TEMPLATES.qwen.render({ prefix: '', suffix: '' })).toBe('<|fim_prefix|><|fim_suffix|><|fim_middle|>');
  });

  it('renders the Qwen2.5-Coder repository-level form', () => {
    expect(FIM_TEMPLATES.qwen.render({ prefix: P, suffix: S, files: FILES, path: 'main.py', repo: 'fibs' })).toBe(
      '<|repo_name|>fibs\n' +
        '<|file_sep|>util.py\ndef memo(f): ...\n' +
        '<|file_sep|>lib/math.py\nPHI = 1.618\n\n' +
        `<|file_sep|>main.py\n<|fim_prefix|>${P}<|fim_suffix|>${S}<|fim_middle|>`,
    );
  });

  it('renders the StarCoder2 repository-level form', () => {
    expect(FIM_TEMPLATES.starcoder.render({ prefix: P, suffix: S, files: FILES, path: 'main.py', repo: 'fibs' })).toBe(
      '<repo_name>fibs' +
        '<file_sep>util.py\ndef memo(f): ...' +
        '<file_sep>lib/math.py\nPHI = 1.618\n' +
        `<file_sep><fim_prefix>main.py\n${P}<fim_suffix>${S}<fim_middle>`,
    );
  });

  it('fills in a repository and path when the caller has none', () => {
    const one = [FILES[0]!];
    expect(FIM_TEMPLATES.qwen.render({ prefix: 'a', suffix: 'b', files: one })).toBe(
      '<|repo_name|>myproject\n<|file_sep|>util.py\ndef memo(f): ...\n<|file_sep|>untitled\n<|fim_prefix|>a<|fim_suffix|>b<|fim_middle|>',
    );
    expect(FIM_TEMPLATES.starcoder.render({ prefix: 'a', suffix: 'b', files: one })).toBe(
      '<repo_name>myproject<file_sep>util.py\ndef memo(f): ...<file_sep><fim_prefix>untitled\na<fim_suffix>b<fim_middle>',
    );
  });

  it('ignores the preamble when the repository-level form carries the files', () => {
    const withPreamble = { prefix: P, suffix: S, files: FILES, path: 'main.py', repo: 'fibs', preamble: '# util.py\n' };
    const without = { prefix: P, suffix: S, files: FILES, path: 'main.py', repo: 'fibs' };
    expect(FIM_TEMPLATES.qwen.render(withPreamble)).toBe(FIM_TEMPLATES.qwen.render(without));
    expect(FIM_TEMPLATES.starcoder.render(withPreamble)).toBe(FIM_TEMPLATES.starcoder.render(without));
  });

  it('puts the preamble before P inside the prefix slot for the other families', () => {
    const pre = '# Path: util.py\n# def memo(f): ...\n\n';
    const input = { prefix: P, suffix: S, files: FILES, path: 'main.py', preamble: pre };
    expect(FIM_TEMPLATES.codellama.render(input)).toBe(`<PRE> ${pre}${P} <SUF>${S} <MID>`);
    expect(FIM_TEMPLATES.deepseek.render(input)).toBe(`<｜fim▁begin｜>${pre}${P}<｜fim▁hole｜>${S}<｜fim▁end｜>`);
    expect(FIM_TEMPLATES.codegemma.render(input)).toBe(`<|fim_prefix|>${pre}${P}<|fim_suffix|>${S}<|fim_middle|>`);
    expect(FIM_TEMPLATES.codestral.render(input)).toBe(`[SUFFIX]${S}[PREFIX] ${pre}${P}`);
    expect(FIM_TEMPLATES.granite.render(input)).toBe(`<fim_prefix>${pre}${P}<fim_suffix>${S}<fim_middle>`);
  });

  it('puts the preamble before P for the repository-level families when there are no files', () => {
    expect(FIM_TEMPLATES.qwen.render({ prefix: P, suffix: S, preamble: '# x\n' })).toBe(`<|fim_prefix|># x\n${P}<|fim_suffix|>${S}<|fim_middle|>`);
    expect(FIM_TEMPLATES.starcoder.render({ prefix: P, suffix: S, preamble: '# x\n' })).toBe(`<fim_prefix># x\n${P}<fim_suffix>${S}<fim_middle>`);
  });

  it('uses fullwidth bars and U+2581 for DeepSeek, not ASCII', () => {
    const text = FIM_TEMPLATES.deepseek.render({ prefix: '', suffix: '' });
    expect(text).not.toMatch(/[|_]/);
    expect([...text].filter((c) => c === '\uFF5C')).toHaveLength(6);
    expect([...text].filter((c) => c === '\u2581')).toHaveLength(3);
  });

  it('has the stop lists of §6: end of text, file separator, repository name, FIM and chat markers', () => {
    expect(Object.fromEntries(FAMILIES.map((f) => [f, FIM_TEMPLATES[f].stop]))).toEqual({
      codellama: ['<EOT>', '</s>', '<PRE>', '<SUF>', '<MID>'],
      starcoder: ['<|endoftext|>', '<file_sep>', '<repo_name>', '<fim_prefix>', '<fim_suffix>', '<fim_middle>', '<fim_pad>'],
      deepseek: [
        '<\uFF5Cend\u2581of\u2581sentence\uFF5C>',
        '<|EOT|>',
        '<\uFF5Cbegin\u2581of\u2581sentence\uFF5C>',
        '<\uFF5Cfim\u2581begin\uFF5C>',
        '<\uFF5Cfim\u2581hole\uFF5C>',
        '<\uFF5Cfim\u2581end\uFF5C>',
      ],
      qwen: ['<|endoftext|>', '<|file_sep|>', '<|repo_name|>', '<|fim_prefix|>', '<|fim_suffix|>', '<|fim_middle|>', '<|fim_pad|>', '<|im_start|>', '<|im_end|>'],
      codegemma: ['<eos>', '<|file_separator|>', '<|fim_prefix|>', '<|fim_suffix|>', '<|fim_middle|>', '<start_of_turn>', '<end_of_turn>'],
      codestral: ['</s>', '[PREFIX]', '[SUFFIX]'],
      granite: ['<|endoftext|>', '<reponame>', '<fim_prefix>', '<fim_suffix>', '<fim_middle>', '<fim_pad>'],
    });
  });

  it('stops at every FIM marker its own prompt uses, so an echoed or repeated marker ends the answer', () => {
    for (const f of FAMILIES) {
      const prompt = FIM_TEMPLATES[f].render({ prefix: '', suffix: '', files: FILES, path: 'main.py', repo: 'r' });
      const markers = prompt.match(/<[^<>\s]+>|\[[A-Z]+\]/g) ?? [];
      expect(markers.length, f).toBeGreaterThan(1);
      for (const m of markers) expect(FIM_TEMPLATES[f].stop, `${f} ${m}`).toContain(m);
    }
  });

  it('shares frozen stop lists, so no caller can change them for the others', () => {
    for (const f of FAMILIES) {
      expect(Object.isFrozen(FIM_TEMPLATES[f].stop)).toBe(true);
      expect(() => FIM_TEMPLATES[f].stop.push('x')).toThrow();
    }
    expect(Object.isFrozen(FIM_TEMPLATES)).toBe(true);
  });
});

describe('familyFromModelName', () => {
  const CASES: Array<[string, FimFamily | undefined]> = [
    ['qwen2.5-coder:1.5b-base', 'qwen'],
    ['qwen2.5-coder', 'qwen'],
    ['Qwen3-Coder-30B-A3B', 'qwen'],
    ['hf.co/bartowski/Qwen2.5-Coder-7B-GGUF', 'qwen'],
    ['hf.co/Qwen/Qwen2.5-Coder-1.5B-Instruct-GGUF:Q4_K_M', 'qwen'],
    ['deepseek-coder:6.7b-base', 'deepseek'],
    ['deepseek-coder-v2:16b-lite-base-q4_0', 'deepseek'],
    ['deepseek-ai/DeepSeek-Coder-V2-Lite-Base', 'deepseek'],
    ['codellama:7b-code', 'codellama'],
    ['CodeLlama-13b-hf', 'codellama'],
    ['starcoder2:3b', 'starcoder'],
    ['bigcode/starcoderbase-1b', 'starcoder'],
    ['starcoder:1b', 'starcoder'],
    ['codegemma:2b', 'codegemma'],
    ['google/codegemma-7b', 'codegemma'],
    ['codestral:22b', 'codestral'],
    ['codestral-latest', 'codestral'],
    ['granite-code:3b', 'granite'],
    ['ibm-granite/granite-3b-code-base-2k', 'granite'],
    ['GRANITE-CODE:8B', 'granite'],
    // General models of the same vendors, and unknown ones.
    ['qwen2.5:7b', undefined],
    ['codeqwen:7b', undefined],
    ['deepseek-r1:8b', undefined],
    ['granite3.1-dense:8b', undefined],
    ['llama3.2:3b', undefined],
    ['gemma2:2b', undefined],
    ['mistral:7b', undefined],
    ['my-model', undefined],
    ['', undefined],
  ];
  it.each(CASES)('%j -> %j', (name, family) => {
    expect(familyFromModelName(name)).toBe(family);
  });
});

describe('familyFromTemplate', () => {
  const CASES: Array<[string, string, FimFamily | undefined]> = [
    ['qwen (§1.7)', '{{- if .Suffix }}<|fim_prefix|>{{ .Prompt }}<|fim_suffix|>{{ .Suffix }}<|fim_middle|>{{- else }}…{{- end }}', 'qwen'],
    ['qwen with chat', '{{- if .Suffix }}<|fim_prefix|>{{ .Prompt }}<|fim_suffix|>{{ .Suffix }}<|fim_middle|>{{- else }}<|im_start|>user\n{{ .Prompt }}<|im_end|>{{ end }}', 'qwen'],
    ['codegemma', '{{- if .Suffix }}<|fim_prefix|>{{ .Prompt }}<|fim_suffix|>{{ .Suffix }}<|fim_middle|>{{- else }}<start_of_turn>user\n{{ .Prompt }}<end_of_turn>{{ end }}', 'codegemma'],
    ['codegemma by file separator', '<|fim_prefix|>{{ .Prompt }}<|fim_suffix|>{{ .Suffix }}<|fim_middle|><|file_separator|>', 'codegemma'],
    ['codellama', '{{- if .Suffix }}<PRE> {{ .Prompt }} <SUF>{{ .Suffix }} <MID>{{- else }}{{ .Prompt }}{{- end }}', 'codellama'],
    ['starcoder', '{{- if .Suffix }}<fim_prefix>{{ .Prompt }}<fim_suffix>{{ .Suffix }}<fim_middle>{{- else }}{{ .Prompt }}{{- end }}', 'starcoder'],
    ['deepseek', '{{- if .Suffix }}<｜fim▁begin｜>{{ .Prompt }}<｜fim▁hole｜>{{ .Suffix }}<｜fim▁end｜>{{- else }}{{ .Prompt }}{{- end }}', 'deepseek'],
    ['codestral', '{{- if .Suffix }}[SUFFIX]{{ .Suffix }}[PREFIX] {{ .Prompt }}{{- else }}[INST] {{ .Prompt }} [/INST]{{- end }}', 'codestral'],
    ['plain prompt', '{{ .Prompt }}', undefined],
    ['chat only', '{{- range .Messages }}<|im_start|>{{ .Role }}\n{{ .Content }}<|im_end|>\n{{ end }}', undefined],
    ['mistral instruct (no [SUFFIX])', '[INST] {{ .Prompt }} [/INST]', undefined],
    ['empty', '', undefined],
  ];
  it.each(CASES)('%s', (_label, template, family) => {
    expect(familyFromTemplate(template)).toBe(family);
  });
});

describe('resolveFimTemplate', () => {
  it('returns the named family whatever the model', () => {
    for (const f of FAMILIES) expect(resolveFimTemplate(f, 'some-model')).toBe(FIM_TEMPLATES[f]);
    expect(resolveFimTemplate('codellama', 'qwen2.5-coder:1.5b')).toBe(FIM_TEMPLATES.codellama);
    expect(resolveFimTemplate(' Qwen ', 'x')).toBe(FIM_TEMPLATES.qwen);
  });

  it('returns undefined for a value that is neither a family nor auto', () => {
    expect(resolveFimTemplate('native', 'qwen2.5-coder:1.5b')).toBeUndefined();
    expect(resolveFimTemplate('llama', 'qwen2.5-coder:1.5b')).toBeUndefined();
    expect(resolveFimTemplate('toString', 'x')).toBeUndefined();
    expect(resolveFimTemplate('', 'qwen2.5-coder:1.5b')).toBeUndefined();
  });

  it('auto: guesses from the name first', () => {
    expect(resolveFimTemplate('auto', 'deepseek-coder:6.7b-base')).toBe(FIM_TEMPLATES.deepseek);
    expect(resolveFimTemplate('auto', 'starcoder2:3b', '<|fim_prefix|>{{ .Prompt }}')).toBe(FIM_TEMPLATES.starcoder);
  });

  it('auto: falls back to the template text', () => {
    expect(resolveFimTemplate('auto', 'my-model', '<PRE> {{ .Prompt }} <SUF>{{ .Suffix }} <MID>')).toBe(FIM_TEMPLATES.codellama);
    expect(resolveFimTemplate('AUTO', 'my-model', '[SUFFIX]{{ .Suffix }}[PREFIX] {{ .Prompt }}')).toBe(FIM_TEMPLATES.codestral);
  });

  it('auto: undefined when neither tells', () => {
    expect(resolveFimTemplate('auto', 'my-model')).toBeUndefined();
    expect(resolveFimTemplate('auto', 'my-model', '{{ .Prompt }}')).toBeUndefined();
    expect(resolveFimTemplate('auto', 'my-model', '')).toBeUndefined();
  });
});

describe('stripFimTokens', () => {
  const CASES: Array<[string, string]> = [
    ['<|fim_middle|>return a', 'return a'],
    ['return a<|endoftext|>', 'return a'],
    ['<|fim_middle|>return a<|file_sep|><|endoftext|>', 'return a'],
    ['<fim_middle>x = 1\n<file_sep>', 'x = 1\n'],
    ['<｜fim▁end｜>x<｜end▁of▁sentence｜>', 'x'],
    ['x<|EOT|>', 'x'],
    ['<MID>x', 'x'],
    ['x <EOT>', 'x'], // CodeLlama's ▁<EOT> decodes with a space
    ['x<EOT>', 'x'],
    ['x<eos>', 'x'],
    ['x<|file_separator|>', 'x'],
    ['x<|im_end|>', 'x'],
    ['[PREFIX]x', 'x'],
    ['<|fim_middle|>', ''],
    ['', ''],
    // Only the ends: tokens inside are the model's text.
    ['a<|fim_middle|>b', 'a<|fim_middle|>b'],
    // Whitespace that is not part of a token stays.
    ['  x\n', '  x\n'],
    ['\n<|endoftext|>', '\n'],
    ['x  <|endoftext|>', 'x  '],
    // HTML's strikethrough tags look like Llama's BOS/EOS and must survive.
    ['<s>old</s>', '<s>old</s>'],
    // Look-alikes that are not special tokens.
    ['<pre>x</pre>', '<pre>x</pre>'],
    ['x<|fim_middle', 'x<|fim_middle'],
  ];
  it.each(CASES)('%j -> %j', (input, output) => {
    expect(stripFimTokens(input)).toBe(output);
  });

  it('is quick on long text with no tokens', () => {
    const text = '<'.repeat(200_000) + 'x';
    const start = performance.now();
    expect(stripFimTokens(text)).toBe(text);
    expect(performance.now() - start).toBeLessThan(1000);
  });

  it('is quick on a long run of tokens', () => {
    const text = '<|fim_middle|>'.repeat(20_000) + 'x' + '<|endoftext|>'.repeat(20_000);
    const start = performance.now();
    expect(stripFimTokens(text)).toBe('x');
    expect(stripFimTokens('x' + '<|endoftext|>'.repeat(20_000) + 'y')).toMatch(/^x<\|endoftext\|>.*y$/);
    expect(performance.now() - start).toBeLessThan(1000);
  });
});
