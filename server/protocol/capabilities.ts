import { CodeActionKind, TextDocumentSyncKind, type ClientCapabilities, type ServerCapabilities } from 'vscode-languageserver';
import { FIX_ALL_KIND, FIX_COMMAND } from '../features/fixDiagnosticsAction';
import { IMPLEMENT_COMMAND } from '../features/implementStubAction';
import { negotiateEncoding, type PositionEncoding } from '../documents/positionEncoding';

/** Characters after which a client should ask for a completion without waiting for a word. */
const TRIGGER_CHARACTERS = ['.', '(', '[', '{', ',', ':', '=', ' '];

/** What the server offers, given what the client advertised. */
export function serverCapabilities(client: ClientCapabilities): {
  capabilities: ServerCapabilities;
  encoding: PositionEncoding;
} {
  const encoding = negotiateEncoding(client.general?.positionEncodings);
  return {
    encoding,
    capabilities: {
      positionEncoding: encoding,
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      completionProvider: {
        triggerCharacters: TRIGGER_CHARACTERS,
        resolveProvider: false,
        completionItem: { labelDetailsSupport: true },
      },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND, CodeActionKind.RefactorRewrite], resolveProvider: true },
      executeCommandProvider: { commands: [IMPLEMENT_COMMAND, FIX_COMMAND] },
      ...(client.textDocument?.inlineCompletion ? { inlineCompletionProvider: {} } : {}),
    },
  };
}
