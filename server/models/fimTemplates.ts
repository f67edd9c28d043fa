// Raw fill-in-the-middle prompt templates, per model family (model-apis.md §6). They are used
// when the server does not apply the model's own FIM template: Ollama `raw: true`, or a plain
// OpenAI-compatible `/v1/completions` that rejects `suffix`.

/** The model families whose FIM prompt format infill-ls knows. */
export type FimFamily = 'codellama' | 'starcoder' | 'deepseek' | 'qwen' | 'codegemma' | 'codestral' | 'granite';

/** What a template renders: the text around the cursor plus optional context from other files. */
export interface FimRenderInput {
  prefix: string;
  suffix: string;
  /** Other files, most relevant last (servers that trim context keep the end). */
  files?: ReadonlyArray<{ path: string; text: string }>;
  /** The current file's path, for repository-level forms. */
  path?: string;
  /** The repository's name, for repository-level forms. */
  repo?: string;
  /** The other files already rendered as comments, for families without a repository-level form. */
  preamble?: string;
}

/** One family's raw FIM prompt format and the stop strings to send with it. */
export interface FimTemplate {
  family: FimFamily;
  /** Renders the prompt for prefix P and suffix S; `files` (other files, most relevant last) use the family's repository-level form where it has one (StarCoder2, Qwen2.5-Coder), else they are put before P as the caller's comments would be (the caller passes them pre-rendered in `preamble`). */
  render(input: FimRenderInput): string;
  /**
   * Stop strings for this family: its end of text, file separator and repository name, its FIM
   * markers and its chat markers (§6, and the end-of-generation tokens llama.cpp adds, §4.3).
   * A model that writes one has left the hole: what follows is another file or another turn.
   */
  stop: string[];
}

// llama.cpp uses the same placeholder when it builds a repository-level prompt (§4.3).
const DEFAULT_REPO = 'myproject';
const DEFAULT_PATH = 'untitled';

/** The prefix slot of a family without a repository-level form: the caller's comments, then P. */
function prefixWithPreamble(input: FimRenderInput): string {
  return (input.preamble ?? '') + input.prefix;
}

/** True when the repository-level form applies; without files it would only add noise. */
function hasFiles(input: FimRenderInput): input is FimRenderInput & { files: ReadonlyArray<{ path: string; text: string }> } {
  return input.files !== undefined && input.files.length > 0;
}

// Frozen so that a caller that adds its own stops to a shared list fails loudly instead of
// changing the list for every later request.
function defineTemplate(family: FimFamily, render: (input: FimRenderInput) => string, stop: string[]): FimTemplate {
  return Object.freeze({ family, render, stop: Object.freeze(stop) as string[] });
}

/** The raw FIM templates, byte-exact from model-apis.md §6, by family. */
export const FIM_TEMPLATES: Record<FimFamily, FimTemplate> = Object.freeze({
  // The spaces after <PRE>, before <SUF> and before <MID> are part of the format.
  codellama: defineTemplate('codellama', (i) => `<PRE> ${prefixWithPreamble(i)} <SUF>${i.suffix} <MID>`, ['<EOT>', '</s>', '<PRE>', '<SUF>', '<MID>']),

  starcoder: defineTemplate(
    'starcoder',
    (i) => {
      if (!hasFiles(i)) return `<fim_prefix>${prefixWithPreamble(i)}<fim_suffix>${i.suffix}<fim_middle>`;
      // StarCoder2's repository-level form: the current file's path sits inside the prefix slot.
      const files = i.files.map((f) => `<file_sep>${f.path}\n${f.text}`).join('');
      return `<repo_name>${i.repo ?? DEFAULT_REPO}${files}<file_sep><fim_prefix>${i.path ?? DEFAULT_PATH}\n${i.prefix}<fim_suffix>${i.suffix}<fim_middle>`;
    },
    ['<|endoftext|>', '<file_sep>', '<repo_name>', '<fim_prefix>', '<fim_suffix>', '<fim_middle>', '<fim_pad>'],
  ),

  // Fullwidth ｜ (U+FF5C) and ▁ (U+2581): ASCII look-alikes are not the special tokens.
  deepseek: defineTemplate('deepseek', (i) => `<｜fim▁begin｜>${prefixWithPreamble(i)}<｜fim▁hole｜>${i.suffix}<｜fim▁end｜>`, [
    '<｜end▁of▁sentence｜>', '<|EOT|>', '<｜begin▁of▁sentence｜>', '<｜fim▁begin｜>', '<｜fim▁hole｜>', '<｜fim▁end｜>',
  ]),

  qwen: defineTemplate(
    'qwen',
    (i) => {
      const fim = `<|fim_prefix|>${hasFiles(i) ? i.prefix : prefixWithPreamble(i)}<|fim_suffix|>${i.suffix}<|fim_middle|>`;
      if (!hasFiles(i)) return fim;
      const files = i.files.map((f) => `<|file_sep|>${f.path}\n${f.text}\n`).join('');
      return `<|repo_name|>${i.repo ?? DEFAULT_REPO}\n${files}<|file_sep|>${i.path ?? DEFAULT_PATH}\n${fim}`;
    },
    ['<|endoftext|>', '<|file_sep|>', '<|repo_name|>', '<|fim_prefix|>', '<|fim_suffix|>', '<|fim_middle|>', '<|fim_pad|>', '<|im_start|>', '<|im_end|>'],
  ),

  codegemma: defineTemplate(
    'codegemma',
    (i) => `<|fim_prefix|>${prefixWithPreamble(i)}<|fim_suffix|>${i.suffix}<|fim_middle|>`,
    ['<eos>', '<|file_separator|>', '<|fim_prefix|>', '<|fim_suffix|>', '<|fim_middle|>', '<start_of_turn>', '<end_of_turn>'],
  ),

  // Ollama's form (suffix first, a space after [PREFIX]); we go through Ollama-style servers.
  codestral: defineTemplate('codestral', (i) => `[SUFFIX]${i.suffix}[PREFIX] ${prefixWithPreamble(i)}`, ['</s>', '[PREFIX]', '[SUFFIX]']),

  // StarCoder's first vocabulary: `<reponame>`. Its file marker `<filename>` is left out: it is
  // common placeholder text in code ("usage: cat <filename>").
  granite: defineTemplate(
    'granite',
    (i) => `<fim_prefix>${prefixWithPreamble(i)}<fim_suffix>${i.suffix}<fim_middle>`,
    ['<|endoftext|>', '<reponame>', '<fim_prefix>', '<fim_suffix>', '<fim_middle>', '<fim_pad>'],
  ),
});

// Only code variants: the general models of the same vendors (qwen2.5, deepseek-r1, granite3)
// were not trained on FIM, and CodeQwen1.5 uses StarCoder-style tokens, not Qwen2.5-Coder's.
const NAME_PATTERNS: ReadonlyArray<[RegExp, FimFamily]> = [
  [/code[-_ ]?llama/, 'codellama'],
  [/code[-_ ]?gemma/, 'codegemma'],
  [/codestral/, 'codestral'],
  [/star[-_ ]?coder/, 'starcoder'],
  [/deepseek[-_ ]?coder/, 'deepseek'],
  [/qwen[\d.]*[-_ ]?coder/, 'qwen'],
  [/granite[-_ ]?(?:[\w.]+[-_])*code/, 'granite'],
];

/** Guesses the family from a model name (e.g. 'qwen2.5-coder:1.5b-base', 'deepseek-coder:6.7b-base', 'codellama:7b-code', 'starcoder2:3b', 'codegemma:2b', 'codestral:22b', 'granite-code:3b', 'hf.co/bartowski/Qwen2.5-Coder-7B-GGUF'), case-insensitive; undefined when unknown. */
export function familyFromModelName(name: string): FimFamily | undefined {
  const lower = name.toLowerCase();
  return NAME_PATTERNS.find(([re]) => re.test(lower))?.[1];
}

/** Guesses the family from a template text (Ollama /api/show `template`) by the FIM tokens it contains; undefined when none. */
export function familyFromTemplate(template: string): FimFamily | undefined {
  // Matching on the ▁ word only, so a template with ASCII bars still counts as DeepSeek.
  if (template.includes('fim▁begin')) return 'deepseek';
  if (template.includes('[SUFFIX]') && template.includes('[PREFIX]')) return 'codestral';
  if (template.includes('<PRE>') && template.includes('<MID>')) return 'codellama';
  if (template.includes('<|fim_prefix|>')) {
    // CodeGemma and Qwen share the FIM tokens; Gemma's turn and file markers tell them apart.
    return /<start_of_turn>|<end_of_turn>|<\|file_separator\|>/.test(template) ? 'codegemma' : 'qwen';
  }
  // Granite Code uses StarCoder's tokens, so a template alone cannot tell them apart; the
  // plain forms are identical.
  if (template.includes('<fim_prefix>')) return 'starcoder';
  return undefined;
}

/** The template for a setting value: a family name, or 'auto' (name first, then template text). Undefined when auto finds nothing. */
export function resolveFimTemplate(setting: string, modelName: string, templateText?: string): FimTemplate | undefined {
  const value = setting.trim().toLowerCase();
  if (value === 'auto') {
    const family = familyFromModelName(modelName) ?? (templateText === undefined ? undefined : familyFromTemplate(templateText));
    return family && FIM_TEMPLATES[family];
  }
  return Object.hasOwn(FIM_TEMPLATES, value) ? FIM_TEMPLATES[value as FimFamily] : undefined;
}

// Every family's special tokens. `<s>` and `</s>` are left out: they are also HTML's
// strikethrough tags, and a completion may legitimately end with `</s>`.
const ECHOED_TOKENS = [
  '<|fim_prefix|>', '<|fim_suffix|>', '<|fim_middle|>', '<|fim_pad|>', '<|repo_name|>', '<|file_sep|>',
  '<|endoftext|>', '<|im_end|>', '<|file_separator|>', '<eos>',
  '<fim_prefix>', '<fim_suffix>', '<fim_middle>', '<fim_pad>', '<repo_name>', '<reponame>', '<file_sep>',
  '<｜fim▁begin｜>', '<｜fim▁hole｜>', '<｜fim▁end｜>', '<｜end▁of▁sentence｜>', '<|EOT|>',
  '[PREFIX]', '[SUFFIX]',
];

// CodeLlama's tokens are `▁<PRE>` and so on, so they decode with one leading space; the
// spaced forms come first so that the space goes too.
const STRIPPED = [
  ...['<PRE>', '<SUF>', '<MID>', '<EOT>'].flatMap((t) => [` ${t}`, t]),
  ...ECHOED_TOKENS,
];

/** Removes FIM special tokens a model may echo at the start or end of its answer (any family's), e.g. '<|fim_middle|>' or '<EOT>'. */
export function stripFimTokens(text: string): string {
  // Plain loops rather than an anchored regex: `(?:tok)+$` backtracks quadratically on long runs.
  let start = 0;
  let end = text.length;
  for (;;) {
    const token = STRIPPED.find((t) => text.startsWith(t, start));
    if (token === undefined) break;
    start += token.length;
  }
  for (;;) {
    const token = STRIPPED.find((t) => end - t.length >= start && text.endsWith(t, end));
    if (token === undefined) break;
    end -= token.length;
  }
  return text.slice(start, end);
}
