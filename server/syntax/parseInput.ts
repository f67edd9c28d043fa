/**
 * How much web-tree-sitter passes the parser at a time: its input buffer holds 10 KiB, a
 * UTF-16 unit less for the terminator.
 */
const CHUNK_UNITS = 5119;

/**
 * What tree-sitter reads of `text`, in chunks that never end between the two halves of a
 * surrogate pair. Given the string itself, web-tree-sitter cuts it every CHUNK_UNITS units
 * from where the parser reads, and tree-sitter's UTF-16 decoder takes a high surrogate that
 * ends a chunk for a character of its own: `'𝚥'` across such a cut parses as an error in
 * Rust, in a file that has none (an emoji in a string, a math letter, in any language).
 */
export function parseInput(text: string): (index: number) => string {
  return (index) => {
    let end = Math.min(index + CHUNK_UNITS, text.length);
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end--;
    return text.slice(index, end);
  };
}

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}
