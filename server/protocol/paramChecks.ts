/**
 * The shape of every message's params, checked before anything is stored or used: a
 * malformed message is refused whole (InvalidParams for a request, logged and dropped for
 * a notification), so it can never break another document or request. Each check returns
 * what is wrong ("textDocument.uri: expected a string") or undefined.
 */
export type Check = (value: unknown, path: string) => string | undefined;

const describe = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'an object' : JSON.stringify(v) ?? typeof v);

const at = (path: string, key: string | number) => (typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key);

export const string: Check = (v, p) => (typeof v === 'string' ? undefined : `${p}: expected a string, got ${describe(v)}`);
export const boolean: Check = (v, p) => (typeof v === 'boolean' ? undefined : `${p}: expected true or false, got ${describe(v)}`);
export const integer: Check = (v, p) => (typeof v === 'number' && Number.isInteger(v) ? undefined : `${p}: expected an integer, got ${describe(v)}`);
const unsigned: Check = (v, p) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? undefined : `${p}: expected an integer of 0 or more, got ${describe(v)}`);
export const anything: Check = () => undefined;

export function optional(check: Check): Check {
  return (v, p) => (v === undefined || v === null ? undefined : check(v, p));
}

export function list(item: Check): Check {
  return (v, p) => {
    if (!Array.isArray(v)) return `${p}: expected a list, got ${describe(v)}`;
    for (let i = 0; i < v.length; i++) {
      const wrong = item(v[i], at(p, i));
      if (wrong) return wrong;
    }
    return undefined;
  };
}

/** An object with at least these members (others are allowed: clients send more than we read). */
export function object(members: Record<string, Check>): Check {
  return (v, p) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return `${p || 'params'}: expected an object, got ${describe(v)}`;
    for (const [key, check] of Object.entries(members)) {
      const wrong = check((v as Record<string, unknown>)[key], at(p, key));
      if (wrong) return wrong;
    }
    return undefined;
  };
}

export function either(...checks: Check[]): Check {
  return (v, p) => {
    const wrongs = checks.map((c) => c(v, p));
    return wrongs.every(Boolean) ? wrongs[0] : undefined;
  };
}

export const position = object({ line: unsigned, character: unsigned });
export const range = object({ start: position, end: position });
const documentId = object({ uri: string });
const markup = object({ value: string });
export const diagnostic = object({ range, message: either(string, markup), code: optional(either(string, integer)), source: optional(string) });

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

/** The `data` of our code actions (sent back by the client in resolve and in the command), by its `infill` kind. */
export const ACTION_DATA: Record<string, Check> = {
  implementStub: object({ uri: string, name: string, start: unsigned }),
  fixDiagnostics: object({ uri: string, diagnostics: list(diagnostic) }),
};

/** What is wrong with `params` of `method`; undefined when they are fine or the method has no check. */
export function paramsProblem(method: string, params: unknown): string | undefined {
  const check = Object.hasOwn(PARAMS, method) ? PARAMS[method] : undefined;
  return check?.(params, '');
}
