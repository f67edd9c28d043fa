import type { ClientCapabilities, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentStore } from '../documents/documentStore';

/** Replacements in a document, UTF-16 offsets. */
export interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

/**
 * A workspace edit for the document `version` the edits were made for: `documentChanges`
 * (which the client checks) where the client takes them, else `changes`, which callers
 * send only after checking the version themselves.
 */
export function versionedEdit(store: DocumentStore, client: ClientCapabilities, doc: TextDocument, version: number, edits: readonly OffsetEdit[]): WorkspaceEdit {
  const textEdits: TextEdit[] = edits.map((e) => ({ range: store.rangeOf(doc, e.start, e.end), newText: e.newText }));
  if (client.workspace?.workspaceEdit?.documentChanges) {
    return { documentChanges: [{ textDocument: { uri: doc.uri, version }, edits: textEdits }] };
  }
  return { changes: { [doc.uri]: textEdits } };
}
