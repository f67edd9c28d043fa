import type { Random } from './corpus';

/**
 * The ways a model answers a fill-in-the-middle request whose true middle is known: the
 * middle alone, and what over-eager, repo-level and chat-tuned models add around it.
 */
export type AnswerKind = 'exact' | 'rest of line' | 'next lines' | 'past the block' | 'control token' | 'fenced';

export const ANSWER_KINDS: readonly AnswerKind[] = ['exact', 'rest of line', 'next lines', 'past the block', 'control token', 'fenced'];

/** A new definition an over-eager model writes after the block, per language. */
const NEW_DEFINITION: Record<string, string> = {
  python: 'def extra(value):\n    return value * 2\n',
  typescript: 'function extra(value: number): number {\n  return value * 2;\n}\n',
  javascript: 'function extra(value) {\n  return value * 2;\n}\n',
  go: 'func extra(value int) int {\n\treturn value * 2\n}\n',
  rust: 'fn extra(value: i32) -> i32 {\n    value * 2\n}\n',
};

/** What repository-level models write when they go on to another file (model-apis.md §6). */
const FILE_SEPARATORS = ['<|file_sep|>', '<|endoftext|>', '<file_sep>', '<|fim_pad|>', '<|fim_prefix|>', '<|repo_name|>', '<EOT>', '<｜end▁of▁sentence｜>', '<|file_separator|>', '<|im_end|>'];

const PROSE_BEFORE = ['Here is the code:\n\n', 'Sure! The missing part is:\n', ''];
const PROSE_AFTER = ['\n\nThis completes the function.', '\n', ''];

export interface AnswerInput {
  language: string;
  fence: string;
  middle: string;
  /** The document's text after the cursor (LF). */
  suffix: string;
  /** The rest of the definition around the cursor after the middle, with that definition's indentation, when there is one. */
  restOfDefinition?: { text: string; indent: string };
  /** Text of another real file, for the control-token kind. */
  otherFile: { path: string; text: string };
}

/** The answer of `kind`, or undefined when it does not apply (no definition around the cursor). */
export function answerOf(kind: AnswerKind, input: AnswerInput, rnd: Random): string | undefined {
  const { middle, suffix } = input;
  switch (kind) {
    case 'exact':
      return middle;
    case 'rest of line': {
      const nl = suffix.indexOf('\n');
      return middle + (nl < 0 ? suffix : suffix.slice(0, nl + 1));
    }
    case 'next lines':
      return middle + suffix.split('\n').slice(0, rnd.int(2, 6)).join('\n');
    case 'past the block': {
      const def = input.restOfDefinition;
      if (!def) return undefined;
      return middle + def.text + '\n\n' + NEW_DEFINITION[input.language].replace(/^(?=.)/gm, def.indent);
    }
    case 'control token':
      return middle + rnd.pick(FILE_SEPARATORS) + input.otherFile.path + '\n' + input.otherFile.text.slice(0, 400);
    case 'fenced':
      return rnd.pick(PROSE_BEFORE) + '```' + input.fence + '\n' + middle + '\n```' + rnd.pick(PROSE_AFTER);
  }
}
