import { TextDocumentSyncKind, type ClientCapabilities, type ServerCapabilities } from 'vscode-languageserver';
import type { ClientProfile } from '../features/clientProfile';
import type { CodeActionFeature } from '../features/codeActionFeature';
import { negotiateEncoding, type PositionEncoding } from '../documents/positionEncoding';

/**
 * Characters after which a client should ask for a completion without waiting for a word.
 * None for a client where any server's trigger asks every server (Helix): it asks infill-ls
 * whenever another server's trigger or two typed word characters ask anyone.
 */
const TRIGGER_CHARACTERS = ['.', '(', '[', '{', ',', ':', '=', ' '];

/** What the server offers, given what the client advertised; code action kinds and commands come from the registered features. */
export function serverCapabilities(
  client: ClientCapabilities,
  profile: ClientProfile,
  codeActions: readonly Pick<CodeActionFeature, 'kinds' | 'command'>[],
): {
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
        ...(profile.triggersReachEveryServer ? {} : { triggerCharacters: TRIGGER_CHARACTERS }),
        resolveProvider: false,
        completionItem: { labelDetailsSupport: true },
      },
      codeActionProvider: { codeActionKinds: codeActions.flatMap((f) => f.kinds), resolveProvider: true },
      executeCommandProvider: { commands: codeActions.map((f) => f.command) },
      ...(client.textDocument?.inlineCompletion ? { inlineCompletionProvider: {} } : {}),
    },
  };
}
