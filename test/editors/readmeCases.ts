import type { Behavior } from '../fake-model';

/**
 * What every README snippet is run through, in each editor that can run it: a file of the
 * language opened, infill-ls attached, `typed` typed on a new last line and the completion
 * accepted, then "Implement <name>" on the stub; the file saved as `saved`.
 */
export interface ReadmeCase {
  language: 'python' | 'typescript';
  file: string;
  original: string;
  /** Typed on a new line after the last one; the model answers `completion` there. */
  typed: string;
  completion: string;
  /** The stub's line (1-based) and its action's title. */
  stubLine: number;
  action: string;
  /** What the model writes between the stub's signature and what follows it. */
  body: string;
  saved: string;
}

const PYTHON = 'def area(radius):\n    """Area of a circle."""\n    raise NotImplementedError\n\n\nTAU = 6.283185307179586\n';
const TYPESCRIPT = 'const TAU = 6.283185307179586;\n\nfunction area(radius: number): number {\n  throw new Error("not implemented");\n}\n';

export const README_CASES: ReadmeCase[] = [
  {
    language: 'python',
    file: 'circle.py',
    original: PYTHON,
    typed: 'half = TA',
    completion: 'U / 2',
    stubLine: 3,
    action: 'Implement area',
    body: 'return TAU / 2 * radius ** 2',
    saved: PYTHON.replace('raise NotImplementedError', 'return TAU / 2 * radius ** 2') + 'half = TAU / 2\n',
  },
  {
    language: 'typescript',
    file: 'circle.ts',
    original: TYPESCRIPT,
    typed: 'const half = TA',
    completion: 'U / 2;',
    stubLine: 4,
    action: 'Implement area',
    body: 'return TAU / 2 * radius ** 2;',
    saved: TYPESCRIPT.replace('throw new Error("not implemented");', 'return TAU / 2 * radius ** 2;') + 'const half = TAU / 2;\n',
  },
];

/** The fake model: the completion where the prompt ends in what was typed, else the stub's body. */
export function readmeAnswers(c: ReadmeCase): Behavior {
  return { text: (req) => (String(req.body?.prompt ?? '').endsWith(c.typed) ? c.completion : c.body) };
}

/** The word the completion makes of the typed one (the label editors show). */
export function completedWord(c: ReadmeCase): string {
  return c.typed.split(' ').at(-1) + c.completion;
}
