/**
 * LSP position encodings. Documents are JS strings (UTF-16), so UTF-16 is the identity;
 * for UTF-8 and UTF-32 the `character` of a position is converted per line.
 */
export type PositionEncoding = 'utf-16' | 'utf-8' | 'utf-32';

const SUPPORTED: readonly PositionEncoding[] = ['utf-16', 'utf-8', 'utf-32'];

/**
 * Picks the encoding for the session: the client's most preferred one that we support
 * (clients list them in order of preference), else UTF-16, which every client must accept.
 */
export function negotiateEncoding(offered: readonly string[] | undefined): PositionEncoding {
  for (const enc of offered ?? []) {
    if ((SUPPORTED as readonly string[]).includes(enc)) return enc as PositionEncoding;
  }
  return 'utf-16';
}

/** Converts a client `character` on `line` to a UTF-16 column, clamped to the line's end. */
export function toUtf16Column(line: string, character: number, encoding: PositionEncoding): number {
  if (encoding === 'utf-16') return Math.min(character, line.length);
  let units = 0; // position in the client's encoding
  let col = 0; // position in UTF-16
  while (col < line.length) {
    const cp = line.codePointAt(col)!;
    const width = encoding === 'utf-8' ? utf8Length(cp) : 1;
    // A position inside a character snaps to that character's start.
    if (units + width > character) break;
    units += width;
    col += cp > 0xffff ? 2 : 1;
  }
  return col;
}

/** Converts a UTF-16 column on `line` to the client's encoding. */
export function fromUtf16Column(line: string, column: number, encoding: PositionEncoding): number {
  if (encoding === 'utf-16') return column;
  let units = 0;
  let col = 0;
  while (col < column && col < line.length) {
    const cp = line.codePointAt(col)!;
    units += encoding === 'utf-8' ? utf8Length(cp) : 1;
    col += cp > 0xffff ? 2 : 1;
  }
  return units;
}

function utf8Length(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  if (codePoint < 0x10000) return 3;
  return 4;
}
