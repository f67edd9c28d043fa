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

/** A FIM template's input: other files in its repository-level form where it has one, else as comments before the prefix. */
export function templateInput(req: { prefix: string; suffix: string; snippets: readonly Snippet[]; lineComment?: string; path?: string }) {
  return {
    prefix: req.prefix,
    suffix: req.suffix,
    // Most relevant last: servers that trim a long prompt keep its end.
    files: req.snippets.length ? [...req.snippets].reverse() : undefined,
    path: req.path,
    preamble: req.lineComment && req.snippets.length ? snippetsAsComments(req.snippets, req.lineComment) : undefined,
  };
}
