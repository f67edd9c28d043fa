import { parseOllamaHost } from './ollamaHost';
import { DECLARED, DEFAULT_EXCLUDE, type DeclaredSettings, type ModelOverride, type ModelSettings, type Rule } from './settingsDeclared';

/** Every user-facing setting, nested (`settings.completion.maxTokens`): the type config/settingsDeclared.ts declares. */
export type Settings = DeclaredSettings;

export type { ModelOverride };

export type LogLevel = Settings['log']['level'];

/** A setting that could not be used; `key` is the full dotted name, e.g. `infill.completion.maxTokens`. */
export interface SettingProblem {
  key: string;
  message: string;
}

/** Validation rules by dotted key, from the declarations. */
const RULES: Record<string, Rule> = Object.fromEntries(Object.entries(DECLARED).map(([key, d]) => [key, d.rule]));

export { DEFAULT_EXCLUDE };

export const SETTINGS_SECTION = 'infill';

/** The defaults, from the declarations; `env` supplies `OLLAMA_HOST`. */
export function defaultSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const settings = {};
  for (const [key, d] of Object.entries(DECLARED)) setPath(settings, key, structuredClone(d.default));
  const typed = settings as Settings;
  typed.model.endpoint = parseOllamaHost(env.OLLAMA_HOST);
  return typed;
}

/** The model for a job (and language): `model`, then the job's override, then the language's. */
export function modelFor(settings: Settings, job: 'completion' | 'actions', languageId?: string): Settings['model'] {
  const over = (o: ModelOverride | undefined) => (typeof o === 'string' ? (o ? { name: o } : {}) : (o ?? {}));
  const language = languageId ? settings.languages[languageId]?.[job]?.model : undefined;
  return { ...settings.model, ...over(settings[job].model), ...over(language) };
}

/**
 * The setting that gave a job's model its `field` (endpoint, name, provider...): the
 * language's override, the job's, or `infill.model.<field>`; what a message about that
 * model tells the user to change.
 */
export function settingFor(settings: Settings, job: 'completion' | 'actions', languageId: string | undefined, field: keyof ModelSettings): string {
  const has = (o: ModelOverride | undefined) => (typeof o === 'string' ? field === 'name' && o !== '' : o !== undefined && o[field] !== undefined);
  if (languageId && has(settings.languages[languageId]?.[job]?.model)) return `infill.languages.${languageId}.${job}.model`;
  if (has(settings[job].model)) return `infill.${job}.model${typeof settings[job].model === 'string' ? '' : `.${field}`}`;
  return `infill.model.${field}`;
}

/** A message about a job's model with each `infill.model.<field>` it names replaced by the key that set that field. */
export function withSettingNames(message: string, settings: Settings, job: 'completion' | 'actions', languageId: string | undefined): string {
  return message.replace(/infill\.model\.(provider|endpoint|name|apiKeyEnv|fimTemplate|options|path)\b/g, (_key, field: keyof ModelSettings) => settingFor(settings, job, languageId, field));
}

/**
 * Applies user values on top of `base`: nested objects (`{completion: {maxTokens: 64}}`)
 * and dotted keys (`{"completion.maxTokens": 64}`) both work. A value that fails its rule
 * is reported and ignored; the rest still apply.
 */
export function applySettings(base: Settings, raw: unknown): { settings: Settings; problems: SettingProblem[] } {
  const settings = structuredClone(base);
  const problems: SettingProblem[] = [];
  if (raw === undefined || raw === null) return { settings, problems };
  if (!isPlainObject(raw)) {
    problems.push({ key: SETTINGS_SECTION, message: `expected an object of settings, got ${describe(raw)}` });
    return { settings, problems };
  }
  for (const [key, value] of flatten(raw)) {
    // Own keys only: `constructor`, `toString`, `__proto__` are names like any other.
    const rule = Object.hasOwn(RULES, key) ? RULES[key] : undefined;
    const fullKey = `${SETTINGS_SECTION}.${key}`;
    if (!rule) {
      problems.push({ key: fullKey, message: 'unknown setting' });
      continue;
    }
    if (value === null || value === undefined) continue; // "unset": keep the default
    const checked = check(rule, value);
    if (typeof checked === 'string') {
      problems.push({ key: fullKey, message: `${checked}, got ${describe(withoutCredentials(value))}` });
      continue;
    }
    setPath(settings, key, checked.value);
  }
  return { settings, problems };
}

/** Pulls our section out of whatever a client sent: `{infill: {...}}` or the section itself. */
export function sectionOf(raw: unknown): unknown {
  if (isPlainObject(raw) && SETTINGS_SECTION in raw) return raw[SETTINGS_SECTION];
  return raw;
}

function check(rule: Rule, value: unknown): { value: unknown } | string {
  switch (rule.kind) {
    case 'string':
      if (typeof value !== 'string' || (rule.nonEmpty && value.trim() === '')) return rule.nonEmpty ? 'expected a non-empty string' : 'expected a string';
      return { value: value.trim() };
    case 'object':
      return isPlainObject(value) ? { value } : 'expected an object';
    case 'model':
      return checkModel(value);
    case 'languages': {
      if (!isPlainObject(value)) return 'expected an object mapping language ids to {completion: {model}, actions: {model}}';
      const out: Settings['languages'] = {};
      for (const [id, jobs] of Object.entries(value)) {
        if (id === '__proto__') return 'expected language ids, got __proto__';
        if (!isPlainObject(jobs)) return `expected an object for ${id}`;
        out[id] = {};
        for (const [job, body] of Object.entries(jobs)) {
          if ((job !== 'completion' && job !== 'actions') || !isPlainObject(body)) return `unknown key ${id}.${job} (expected completion or actions)`;
          const checked = checkModel(body.model);
          if (typeof checked === 'string') return `${id}.${job}.model: ${checked}`;
          out[id][job] = { model: checked.value as ModelOverride };
        }
      }
      return { value: out };
    }
    case 'argv':
      return Array.isArray(value) && value.length > 0 && value.every((a) => typeof a === 'string') ? { value } : 'expected a command as a list, e.g. ["infill-ls", "--stdio"]';
    case 'boolean':
      return typeof value === 'boolean' ? { value } : 'expected true or false';
    case 'exclude': {
      // Added to the defaults, never replacing them: a default goes only when named with `!`.
      if (!Array.isArray(value) || !value.every((g) => typeof g === 'string' && g.trim() !== '' && g.trim() !== '!')) return 'expected a list of globs such as ["*.secret", "**/private/**"]';
      const globs = value.map((g: string) => g.trim());
      const dropped = globs.filter((g) => g.startsWith('!')).map((g) => g.slice(1));
      const unknown = dropped.filter((g) => !DEFAULT_EXCLUDE.includes(g));
      if (unknown.length) return `"!${unknown[0]}" names no default glob (the defaults: ${DEFAULT_EXCLUDE.join(', ')})`;
      const added = globs.filter((g) => !g.startsWith('!'));
      return { value: [...new Set([...DEFAULT_EXCLUDE.filter((g) => !dropped.includes(g)), ...added])] };
    }
    case 'stops':
      // Whitespace is a fine stop ("\n\n"); only the empty string, which would end every answer at once, is not.
      return Array.isArray(value) && value.every((s) => typeof s === 'string' && s !== '') ? { value } : 'expected a list of non-empty strings such as ["\\n\\n", "# end"]';
    case 'commands': {
      const ok =
        isPlainObject(value) &&
        Object.values(value).every((argv) => Array.isArray(argv) && argv.length > 0 && argv.every((a) => typeof a === 'string'));
      return ok ? { value } : 'expected an object mapping language ids to commands, e.g. {"python": ["python3", "-m", "py_compile", "{file}"]}';
    }
    case 'url': {
      if (typeof value !== 'string') return 'expected a URL such as http://127.0.0.1:11434';
      const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(value.trim()) ? value.trim() : `http://${value.trim()}`;
      try {
        const parsed = new URL(url);
        if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'expected an http:// or https:// URL';
        // They would be printed with the URL and sent on every request; a key belongs in the environment.
        if (parsed.username || parsed.password) return 'expected a URL without a user name or password (put the key in an environment variable and name it in model.apiKeyEnv)';
        return { value: url.replace(/\/+$/, '') };
      } catch {
        return 'expected a URL such as http://127.0.0.1:11434';
      }
    }
    case 'int':
      if (typeof value !== 'number' || !Number.isInteger(value) || value < rule.min || value > rule.max) {
        return `expected an integer from ${rule.min} to ${rule.max}`;
      }
      return { value };
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value) || value < rule.min || value > rule.max) {
        return `expected a number from ${rule.min} to ${rule.max}`;
      }
      return { value };
    case 'enum':
      if (typeof value !== 'string' || !rule.values.includes(value)) {
        return `expected one of ${rule.values.map((v) => JSON.stringify(v)).join(', ')}`;
      }
      return { value };
  }
}

/** A model override: a name, or keys of `model`, each checked by that key's rule. */
function checkModel(value: unknown): { value: unknown } | string {
  if (typeof value === 'string') return { value: value.trim() };
  if (!isPlainObject(value)) return 'expected a model name or an object like {"name": ..., "endpoint": ...}';
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const rule = Object.hasOwn(RULES, `model.${k}`) ? RULES[`model.${k}`] : undefined;
    if (!rule) return `unknown model key ${k}`;
    const checked = check(rule, v);
    if (typeof checked === 'string') return `${k}: ${checked}`;
    out[k] = checked.value;
  }
  return { value: out };
}

function flatten(obj: Record<string, unknown>, prefix = ''): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [];
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    // Recurse into objects unless the key itself is a known leaf.
    if (isPlainObject(v) && !Object.hasOwn(RULES, key)) out.push(...flatten(v, key));
    else out.push([key, v]);
  }
  return out;
}

function setPath(target: object, dotted: string, value: unknown): void {
  const parts = dotted.split('.');
  let node = target as Record<string, unknown>;
  for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
  node[parts[parts.length - 1]] = value;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A value as it may be shown: the password of any URL in it replaced. */
function withoutCredentials(v: unknown): unknown {
  return JSON.parse(JSON.stringify(v ?? null).replace(/(\/\/)[^/@"\s]*@/g, '$1***@'));
}

function describe(v: unknown): string {
  const text = JSON.stringify(v);
  return text === undefined ? String(v) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
