/**
 * Chat-tuned models wrap code in a Markdown fence, often with a sentence before or after
 * it. The wrapper is recognised only where the answer starts with it (blank lines and
 * prose lines first at most), so three backticks inside the code itself (a doc comment's
 * example, a Markdown string) are never taken for it.
 */

/** An opening fence line: three or more backticks or tildes, then an optional info string. */
const OPENER = /^[ \t]*(`{3,}|~{3,})[\w+#.-]*[ \t]*$/;

/** What the streamed text so far says about a fence. */
export interface FenceState {
  /** `open`: inside a fence (its code is `code`); `closed`: the fence has ended; `none`: no wrapper; `undecided`: too early to tell. */
  state: 'none' | 'undecided' | 'open' | 'closed';
  /** The code: inside the fence, or the whole text when there is none. */
  code: string;
}

/** The fence around an answer, as far as the text so far tells. `final`: the text is complete. */
export function readFence(text: string, final: boolean): FenceState {
  let lineStart = 0;
  for (;;) {
    const nl = text.indexOf('\n', lineStart);
    if (nl < 0 && !final) {
      // An unfinished first line could still turn out to be prose or an opening fence.
      const partial = text.slice(lineStart);
      return couldLead(partial) ? { state: 'undecided', code: '' } : { state: 'none', code: text };
    }
    const line = text.slice(lineStart, nl < 0 ? text.length : nl);
    const opener = OPENER.exec(line);
    // Stryker disable next-line EqualityOperator: nl is 0 only for an empty line, which is never an opener
    if (opener) return inside(nl < 0 ? '' : text.slice(nl + 1), opener[1], final);
    if (nl < 0 || !(line.trim() === '' || isProse(line))) return { state: 'none', code: text };
    lineStart = nl + 1;
  }
}

function inside(body: string, marker: string, final: boolean): FenceState {
  const closer = new RegExp(`^[ \\t]*${marker[0] === '`' ? '`' : '~'}{${marker.length},}[ \\t]*$`);
  let lineStart = 0;
  for (;;) {
    const nl = body.indexOf('\n', lineStart);
    // Stryker disable next-line EqualityOperator: for nl 0 the line taken is the whole body, which starts with a line break and so never matches the closer either
    const line = body.slice(lineStart, nl < 0 ? body.length : nl);
    // Stryker disable next-line EqualityOperator: for nl 0 the line is empty and never matches the closer
    if ((nl >= 0 || final) && closer.test(line)) return { state: 'closed', code: body.slice(0, Math.max(0, lineStart - 1)) };
    if (nl < 0) return { state: 'open', code: body };
    lineStart = nl + 1;
  }
}

/** Whether an unfinished line could become a blank, prose or fence line. */
function couldLead(partial: string): boolean {
  const t = partial.trimStart();
  return t === '' || /^(`{1,}|~{1,})[\w+#.-]*$/.test(t) || /^[A-Z][\w'’,!\- ]*$/.test(t);
}

/** A sentence rather than code: words, ending in `.`, `:` or `!`, no code punctuation. */
export function isProse(line: string): boolean {
  const t = line.trim();
  return /^[A-Z][\w'’,!\- ]*(\s[\w'’`,\-()]+){2,}[.:!]$/.test(t) && !/[;{}=]|^(return|raise|throw|pass)\b/.test(t);
}
