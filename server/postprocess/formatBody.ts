import type { Stub } from '../syntax/stubFinder';
import { detectEol } from './completionText';
import { detectIndentStyle, type IndentStyle } from './indentation';

/**
 * The text that replaces a stub: the body's lines at the stub's indentation, or for an
 * empty body (or a docstring alone), on new lines one level deeper than the definition,
 * the closing brace (if any) back on its own line. `verbatim` lines (inside a multi-line string) are left as they are.
 */
export function formatBody(body: string, stub: Stub, text: string, answerStyle?: IndentStyle, verbatim: ReadonlySet<number> = new Set()): string {
  const eol = detectEol(text);
  const lines = body.replace(/\r\n?/g, '\n').split('\n');
  // Stryker disable next-line Regex: without `^` the blank run still matches at index 0 (it may be empty)
  const indentOf = (offset: number) => /^[ \t]*/.exec(text.slice(text.lastIndexOf('\n', offset - 1) + 1))![0];
  let out: string;
  if (stub.kind === 'empty') {
    // A file with no indented lines says nothing: then indent as the answer did.
    const own = detectIndentStyle(text);
    const style = own.known || !answerStyle?.known ? own : answerStyle;
    const outer = indentOf(stub.definition.start);
    const inner = outer + (style.useTabs ? '\t' : ' '.repeat(style.unit));
    // The closing brace goes back on its own line; Python's body has none to make room for.
    const closer = text[stub.replace.end] === '}' ? '\n' + outer : '';
    out = '\n' + lines.map((l, i) => (verbatim.has(i) ? l : l.trim() ? inner + l : '')).join('\n') + closer;
  } else {
    const indent = indentOf(stub.replace.start);
    // Blank lines stay blank: no indentation left behind on them.
    out = lines.map((l, i) => (i === 0 || verbatim.has(i) ? l : l.trim() ? indent + l : '')).join('\n');
  }
  return eol === '\r\n' ? out.replace(/\n/g, '\r\n') : out;
}
