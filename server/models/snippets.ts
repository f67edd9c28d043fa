/** Code from another document that the model may need: a definition, or what was just edited. */
export interface Snippet {
  /** The file's path, as shown to the model. */
  path: string;
  text: string;
}

/** Snippets as comment lines of the current language, for models that take one prompt (put before the prefix). */
export function snippetsAsComments(snippets: readonly Snippet[], lineComment: string): string {
  return snippets
    .map((s) => [`${lineComment} Path: ${s.path}`, ...s.text.split('\n').map((l) => (l ? `${lineComment} ${l}` : lineComment))].join('\n') + '\n\n')
    .join('');
}
