/**
 * Shapes raw model text into the text to insert at the cursor. Pure: no document
 * state beyond what is passed in.
 */
export interface ShapeOptions {
  multiline: boolean;
  /** The document's line break, so an insertion never mixes `\n` into a CRLF file. */
  eol: '\n' | '\r\n';
}

export function shapeCompletion(raw: string, options: ShapeOptions): string {
  let text = raw.replace(/\r\n?/g, '\n');
  if (!options.multiline) {
    const lineEnd = text.indexOf('\n');
    if (lineEnd >= 0) text = text.slice(0, lineEnd);
  }
  if (text.trim() === '') return '';
  return options.eol === '\r\n' ? text.replace(/\n/g, '\r\n') : text;
}

/** The line break a document uses: its first one, or `\n`. */
export function detectEol(text: string): '\n' | '\r\n' {
  const nl = text.indexOf('\n');
  return nl > 0 && text[nl - 1] === '\r' ? '\r\n' : '\n';
}

/** Model stop strings for this kind of position. */
export function stopSequences(multiline: boolean): string[] {
  return multiline ? [] : ['\n'];
}
