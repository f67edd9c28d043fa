import { TextDocuments, type TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position, Range } from 'vscode-languageserver';
import { treeEditFor, type TreeEdit } from '../syntax/textEdit';
import { fromUtf16Column, toUtf16Column, type PositionEncoding } from './positionEncoding';

/** Called after a document changed, with each change as a tree edit (for incremental parsing). */
export type EditListener = (doc: TextDocument, edits: TreeEdit[]) => void;

/** Why a document position could not be used; the caller turns it into a JSON-RPC error. */
export class PositionError extends Error {}

/**
 * The open documents, kept in sync through `TextDocuments` (full and incremental), with
 * positions translated between the client's encoding and the UTF-16 text we hold.
 */
export class DocumentStore {
  encoding: PositionEncoding = 'utf-16';
  readonly documents: TextDocuments<TextDocument>;
  private editListeners: EditListener[] = [];

  constructor() {
    this.documents = new TextDocuments<TextDocument>({
      create: (uri, languageId, version, content) => TextDocument.create(uri, languageId, version, content),
      update: (doc, changes, version) => {
        // Each change applies to the result of the previous one, so convert one at a time.
        const edits: TreeEdit[] = [];
        for (const change of changes) {
          const utf16 = this.changeToUtf16(doc, change);
          const start = 'range' in utf16 && utf16.range ? doc.offsetAt(utf16.range.start) : 0;
          const end = Math.max(start, 'range' in utf16 && utf16.range ? doc.offsetAt(utf16.range.end) : doc.getText().length);
          const point = (offset: number) => {
            const p = doc.positionAt(offset);
            return { row: p.line, column: p.character };
          };
          edits.push(treeEditFor(start, end, point(start), point(end), utf16.text));
          TextDocument.update(doc, [utf16], version);
        }
        if (changes.length === 0) TextDocument.update(doc, [], version);
        for (const listener of this.editListeners) listener(doc, edits);
        return doc;
      },
    });
  }

  onEdit(listener: EditListener): void {
    this.editListeners.push(listener);
  }

  get(uri: string): TextDocument | undefined {
    return this.documents.get(uri);
  }

  /** The document, or a clear error naming the URI. */
  require(uri: string): TextDocument {
    const doc = this.documents.get(uri);
    if (!doc) throw new PositionError(`infill-ls has no open document ${uri}; send textDocument/didOpen first`);
    return doc;
  }

  /**
   * A client position as a UTF-16 offset. A line past the end is an error; a character past
   * the end of its line means the line's end, as the LSP specification says.
   */
  offsetAt(doc: TextDocument, pos: Position): number {
    if (!isPosition(pos)) throw new PositionError(`invalid position ${JSON.stringify(pos)}`);
    if (pos.line >= doc.lineCount) {
      throw new PositionError(
        `position ${pos.line}:${pos.character} is past the end of ${doc.uri} (${doc.lineCount} lines)`,
      );
    }
    const line = lineText(doc, pos.line);
    return doc.offsetAt({ line: pos.line, character: toUtf16Column(line, pos.character, this.encoding) });
  }

  /** A UTF-16 offset as a position in the client's encoding. */
  positionAt(doc: TextDocument, offset: number): Position {
    const p = doc.positionAt(offset);
    return { line: p.line, character: fromUtf16Column(lineText(doc, p.line), p.character, this.encoding) };
  }

  rangeOf(doc: TextDocument, start: number, end: number): Range {
    return { start: this.positionAt(doc, start), end: this.positionAt(doc, end) };
  }

  private changeToUtf16(doc: TextDocument, change: TextDocumentContentChangeEvent): TextDocumentContentChangeEvent {
    if (this.encoding === 'utf-16' || !('range' in change) || !change.range) return change;
    const convert = (p: Position): Position =>
      p.line >= doc.lineCount
        ? p
        : { line: p.line, character: toUtf16Column(lineText(doc, p.line), p.character, this.encoding) };
    return { range: { start: convert(change.range.start), end: convert(change.range.end) }, text: change.text };
  }
}

/** The text of one line without its line break. */
export function lineText(doc: TextDocument, line: number): string {
  const text = doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
  return text.replace(/\r?\n$|\r$/, '');
}

function isPosition(p: unknown): p is Position {
  const q = p as Position;
  return (
    typeof q === 'object' && q !== null &&
    Number.isInteger(q.line) && Number.isInteger(q.character) && q.line >= 0 && q.character >= 0
  );
}
