// Real-looking source per language, repeated with numbered identifiers to make big files.
// One file per language in languages/: '§' is replaced by the unit's number, '¦' marks a
// cursor slot (removed from the text).
import { python } from './languages/python';
import { typescript } from './languages/typescript';
import { go } from './languages/go';
import { rust } from './languages/rust';

export type BenchLanguage = 'python' | 'typescript' | 'go' | 'rust';

export interface LanguageTemplates {
  languageId: string;
  extension: string;
  header: string;
  units: string[];
  /** A statement typed in the reparse benchmark, after a newline and the line's indentation. */
  typed: string;
  /** What the fake model answers: two lines, the second indented like the cursor line. */
  answer: [string, string];
}

export const TEMPLATES: Record<BenchLanguage, LanguageTemplates> = { python, typescript, go, rust };
export const LANGUAGES = Object.keys(TEMPLATES) as BenchLanguage[];
