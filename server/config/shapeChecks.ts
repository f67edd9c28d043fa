/**
 * Checks of a value's shape, for what comes from outside (protocol params, action data the
 * client sends back): each returns what is wrong ("textDocument.uri: expected a string") or
 * undefined. Members beyond those named are allowed: clients send more than we read.
 */
export type Check = (value: unknown, path: string) => string | undefined;

const describe = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'an object' : JSON.stringify(v) ?? typeof v);

const at = (path: string, key: string | number) => (typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key);

export const string: Check = (v, p) => (typeof v === 'string' ? undefined : `${p}: expected a string, got ${describe(v)}`);
export const boolean: Check = (v, p) => (typeof v === 'boolean' ? undefined : `${p}: expected true or false, got ${describe(v)}`);
export const integer: Check = (v, p) => (typeof v === 'number' && Number.isInteger(v) ? undefined : `${p}: expected an integer, got ${describe(v)}`);
export const unsigned: Check = (v, p) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? undefined : `${p}: expected an integer of 0 or more, got ${describe(v)}`);
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
export const documentId = object({ uri: string });
const markup = object({ value: string });
export const diagnostic = object({ range, message: either(string, markup), code: optional(either(string, integer)), source: optional(string) });

