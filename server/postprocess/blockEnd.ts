import type { SyntaxSnapshot } from '../syntax/documentTrees';
import type { SpliceResult } from '../syntax/spliceCheck';
import { innermostDefinition, syntaxAnchor } from '../syntax/syntaxQueries';

/**
 * Where a multi-line suggestion ends: the one module that decides it. With a grammar the
 * tree decides (syntax/unitEnd.ts, on the document with the answer spliced in); without one,
 * indentation does, below the header the cursor's code belongs to. The stream stops early
 * on the same rule (`pastBlockEnd`).
 */

/** Where a block answer ends: the tree's unit end, else the indentation rule on a blank line; undefined: it does not run past. */
export function blockEnd(code: string, at: { splice?: (insertion: string) => SpliceResult; linePrefix: string; tabSize: number }): number | undefined {
  if (at.splice) {
    const unitEnd = at.splice(code).unitEnd;
    return unitEnd === undefined ? undefined : Math.max(0, unitEnd);
  }
  // Without a tree, only a cursor on a blank line tells which indentation the block has.
  if (at.linePrefix === '' || at.linePrefix.trim() !== '') return undefined;
  return blockEndCut(code, indentWidth(at.linePrefix, at.tabSize), at.tabSize);
}

/**
 * Whether the complete lines of a streamed block already run past the unit: a line at or
 * left of the header's indentation starts one worth asking about, and the tree (where
 * there is one) confirms it. Half a line would mislead the parser, so only complete lines count.
 */
export function pastBlockEnd(code: string, headerIndent: number | undefined, splice: ((insertion: string) => SpliceResult) | undefined): boolean {
  // Stryker disable next-line ConditionalExpression: without it blockEndCut(code, NaN) finds no line and the next check returns false all the same
  if (headerIndent === undefined) return false;
  if (blockEndCut(code, headerIndent + 1) === undefined) return false;
  if (!splice) return true;
  const complete = code.slice(0, code.lastIndexOf('\n') + 1);
  return complete.trim() !== '' && splice(complete.replace(/\s+$/, '')).unitEnd !== undefined;
}

/**
 * The indentation of the header the cursor's code belongs to: the definition around the
 * cursor, else the nearest less-indented line above that opens a block (the tree has no
 * definition while its body is still empty).
 */
export function headerIndentFor(text: string, offset: number, syntax: SyntaxSnapshot | undefined): number | undefined {
  const definition = syntax && innermostDefinition(syntax.grammar, syntax.tree, syntaxAnchor(text, offset));
  if (definition) return indentWidth(text.slice(text.lastIndexOf('\n', definition.start - 1) + 1, definition.start));
  return openerIndentAbove(text, offset);
}

/**
 * Where a multi-line suggestion runs past its block, judged by indentation alone: the
 * first line (after the first) indented less than `blockIndent`. Used where there is no
 * grammar, and to stop a stream early. Closing-bracket and `end` lines are part of the
 * block they close. Returns the index of the first character outside the block.
 */
export function blockEndCut(suggestion: string, blockIndent: number, tabSize = 4): number | undefined {
  let lineStart = suggestion.indexOf('\n') + 1;
  if (lineStart === 0) return undefined;
  for (;;) {
    const nl = suggestion.indexOf('\n', lineStart);
    // Stryker disable next-line EqualityOperator: nl is never 0 here (nl >= lineStart >= 1)
    const line = suggestion.slice(lineStart, nl < 0 ? suggestion.length : nl);
    const content = line.trimStart();
    if (content !== '' && !CLOSER.test(content) && indentWidth(line, tabSize) < blockIndent) {
      return lineStart + line.length - content.length;
    }
    // Stryker disable next-line EqualityOperator: nl is never 0 here (nl >= lineStart >= 1)
    if (nl < 0) return undefined;
    lineStart = nl + 1;
  }
}

/** Lines that close a block rather than start new code after it. */
const CLOSER = /^(?:[}\])]|end\b|fi\b|done\b|esac\b|until\b)/;

/** The width of a line's leading whitespace, a tab counting `tabSize`. */
export function indentWidth(line: string, tabSize = 4): number {
  let width = 0;
  for (const ch of line) {
    if (ch === ' ') width++;
    else if (ch === '\t') width += tabSize - (width % tabSize);
    else break;
  }
  return width;
}

/**
 * The indentation of the nearest line above `offset`, indented less than the cursor's line,
 * that opens a block (ends with `:`, `{`, `(`, `do`...): the header of the block being written.
 */
export function openerIndentAbove(text: string, offset: number, maxLines = 200): number | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const own = text.slice(lineStart, offset).trim() === '' ? indentWidth(text.slice(lineStart, offset)) : indentWidth(text.slice(lineStart));
  let end = lineStart - 1;
  for (let n = 0; n < maxLines && end > 0; n++) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(start, end);
    end = start - 1;
    if (line.trim() === '') continue;
    const width = indentWidth(line);
    if (width < own) return /(?:[:{(\[]|=>|\bdo|\bthen|\bbegin)\s*$/.test(line.replace(/\s+$/, '')) ? width : undefined;
  }
  return undefined;
}
