/**
 * Positions and edits as Helix computes them. Helix keeps text in a rope indexed by
 * characters and converts to each server's encoding at the boundary; here the text is a JS
 * string (UTF-16 offsets) and the conversions go the same way. Lines end at '\n' (a '\r'
 * before it is not part of the line's positions).
 */
import type { Position, Range, TextEdit } from 'vscode-languageserver';

export type Encoding = 'utf-8' | 'utf-16' | 'utf-32';

/** helix-lsp/src/client.rs `offset_encoding`: the server's `positionEncoding`, utf-16 when absent or unknown. */
export function encodingOf(positionEncoding: unknown): Encoding {
  return positionEncoding === 'utf-8' || positionEncoding === 'utf-32' ? positionEncoding : 'utf-16';
}

/** Code units of `text` in `encoding`. */
export function unitLength(text: string, encoding: Encoding): number {
  if (encoding === 'utf-16') return text.length;
  if (encoding === 'utf-8') return Buffer.byteLength(text, 'utf8');
  return [...text].length;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** End of line `line`'s content, before '\r\n' or '\n' (helix_core::line_ending::line_end_char_index). */
function lineEnd(text: string, starts: number[], line: number): number {
  const next = line + 1 < starts.length ? starts[line + 1] - 1 : text.length;
  return next > starts[line] && text[next - 1] === '\r' && next < text.length ? next - 1 : next;
}

/** helix-lsp/src/lib.rs `pos_to_lsp_pos`: a JS offset as an LSP position in `encoding`. */
export function toLspPosition(text: string, offset: number, encoding: Encoding): Position {
  const starts = lineStarts(text);
  let line = starts.length - 1;
  while (starts[line] > offset) line--;
  return { line, character: unitLength(text.slice(starts[line], offset), encoding) };
}

/**
 * helix-lsp/src/lib.rs `lsp_pos_to_pos`: a line past the end is the end of the document; a
 * character past the line's end is capped to it; a unit inside a character (the middle of a
 * UTF-8 sequence or of a surrogate pair) is that character (ropey's `byte_to_char`).
 */
export function fromLspPosition(text: string, position: Position, encoding: Encoding): number {
  const starts = lineStarts(text);
  if (position.line > starts.length - 1) return text.length;
  const start = starts[position.line];
  const end = lineEnd(text, starts, position.line);
  let units = 0;
  let offset = start;
  for (const ch of text.slice(start, end)) {
    const width = unitLength(ch, encoding);
    if (units + width > position.character) return offset;
    units += width;
    offset += ch.length;
  }
  return end;
}

export function toLspRange(text: string, start: number, end: number, encoding: Encoding): Range {
  return { start: toLspPosition(text, start, encoding), end: toLspPosition(text, end, encoding) };
}

export function fromLspRange(text: string, range: Range, encoding: Encoding): { start: number; end: number } {
  return { start: fromLspPosition(text, range.start, encoding), end: fromLspPosition(text, range.end, encoding) };
}

/**
 * helix-lsp/src/lib.rs `generate_transaction_from_edits`: edits against the same text, sorted by
 * start; overlapping edits make an invalid transaction (25.07.1 panics), so they throw here.
 */
export function applyTextEdits(text: string, edits: readonly TextEdit[], encoding: Encoding): string {
  const spans = edits
    .map((e) => ({ ...fromLspRange(text, e.range, encoding), newText: e.newText }))
    .sort((a, b) => a.start - b.start);
  for (let i = 1; i < spans.length; i++) {
    if (spans[i].start < spans[i - 1].end) throw new Error(`overlapping edits at offset ${spans[i].start}: Helix 25.07.1 would crash`);
  }
  for (const s of spans.reverse()) text = text.slice(0, s.start) + s.newText + text.slice(s.end);
  return text;
}

/**
 * One replacement that turns `before` into `after` (common prefix and suffix cut, never
 * inside a surrogate pair or a '\r\n'): what an incremental `didChange` carries for one
 * transaction. (Helix sends one event per changed span of the transaction; for the
 * single-span transactions this client makes, that is the same event.)
 */
export function singleChange(before: string, after: string): { start: number; end: number; text: string } {
  let prefix = 0;
  const max = Math.min(before.length, after.length);
  while (prefix < max && before[prefix] === after[prefix]) prefix++;
  const splits = (s: string, i: number) => i > 0 && i < s.length && ((/[\uD800-\uDBFF]/.test(s[i - 1]) && /[\uDC00-\uDFFF]/.test(s[i])) || (s[i - 1] === '\r' && s[i] === '\n'));
  while (splits(before, prefix) || splits(after, prefix)) prefix--;
  let suffix = 0;
  while (suffix < max - prefix && before[before.length - 1 - suffix] === after[after.length - 1 - suffix]) suffix++;
  while (splits(before, before.length - suffix) || splits(after, after.length - suffix)) suffix--;
  return { start: prefix, end: before.length - suffix, text: after.slice(prefix, after.length - suffix) };
}

/** helix_core::chars::char_is_word: alphanumeric or '_'. */
export function isWordChar(ch: string): boolean {
  return /^[\p{Alphabetic}\p{N}_]$/u.test(ch);
}

/** The word characters that end at `offset` (what Helix filters the menu with). */
export function wordBefore(text: string, offset: number): string {
  const chars = [...text.slice(0, offset)];
  let n = chars.length;
  while (n > 0 && isWordChar(chars[n - 1])) n--;
  return chars.slice(n).join('');
}

/** Where an offset goes through a change (a cursor or a diagnostic mapped through a transaction). */
export function mapOffset(offset: number, change: { start: number; end: number; text: string }): number {
  if (offset <= change.start) return offset;
  if (offset >= change.end) return offset + change.text.length - (change.end - change.start);
  return change.start + change.text.length;
}
