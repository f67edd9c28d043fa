/**
 * The shape of every message's params, checked before anything is stored or used: a
 * malformed message is refused whole (InvalidParams for a request, logged and dropped for
 * a notification), so it can never break another document or request. Each check returns
 * what is wrong ("textDocument.uri: expected a string") or undefined.
 */
import { anything, diagnostic, documentId, integer, list, object, optional, position, range, string, unsigned, type Check } from '../config/shapeChecks';

/** The params of every notification and request the server handles, by method. */
export const PARAMS: Record<string, Check> = {
  'textDocument/didOpen': object({ textDocument: object({ uri: string, languageId: string, version: integer, text: string }) }),
  'textDocument/didChange': object({
    textDocument: object({ uri: string, version: integer }),
    contentChanges: list(object({ text: string, range: optional(range), rangeLength: optional(unsigned) })),
  }),
  'textDocument/didClose': object({ textDocument: documentId }),
  'textDocument/didSave': object({ textDocument: documentId, text: optional(string) }),
  'textDocument/willSave': object({ textDocument: documentId, reason: integer }),
  'textDocument/willSaveWaitUntil': object({ textDocument: documentId, reason: integer }),
  'textDocument/completion': object({ textDocument: documentId, position, context: optional(object({ triggerKind: integer, triggerCharacter: optional(string) })) }),
  'textDocument/inlineCompletion': object({ textDocument: documentId, position, context: object({ triggerKind: integer }) }),
  'textDocument/codeAction': object({ textDocument: documentId, range, context: object({ diagnostics: list(diagnostic), only: optional(list(string)) }) }),
  'codeAction/resolve': object({ title: string }),
  'workspace/executeCommand': object({ command: string, arguments: optional(list(anything)) }),
  'workspace/didChangeConfiguration': anything,
};

/** What is wrong with `params` of `method`; undefined when they are fine or the method has no check. */
export function paramsProblem(method: string, params: unknown): string | undefined {
  const check = Object.hasOwn(PARAMS, method) ? PARAMS[method] : undefined;
  return check?.(params, '');
}
