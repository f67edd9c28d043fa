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
 * The workspace edit for the document `version` the edits were made for, or undefined (the
 * user told why, as `while` says) when the document was closed or edited since: an edit is
 * never made for a version the user has moved past. Sent as `documentChanges` (which the
 * client checks again) where the client takes them, else as `changes`.
 */
export function editForVersion(
  store: DocumentStore,
  client: ClientCapabilities,
  doc: TextDocument,
  version: number,
  edits: readonly OffsetEdit[],
  refuse: (message: string) => void,
  during: string,
): WorkspaceEdit | undefined {
  if (store.get(doc.uri) !== doc || doc.version !== version) {
    refuse(`${doc.uri} changed while ${during}; nothing was changed. Run the action again.`);
    return undefined;
  }
  const textEdits: TextEdit[] = edits.map((e) => ({ range: store.rangeOf(doc, e.start, e.end), newText: e.newText }));
  if (client.workspace?.workspaceEdit?.documentChanges) {
    return { documentChanges: [{ textDocument: { uri: doc.uri, version }, edits: textEdits }] };
  }
  return { changes: { [doc.uri]: textEdits } };
}
