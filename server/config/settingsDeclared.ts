import { DEFAULT_OLLAMA_URL } from './ollamaHost';

/**
 * Every setting, declared once: its check, its default and its line in the README's table
 * (generated from here: test/unit/settingsTable.test.ts fails when the README disagrees).
 * The `Settings` type is derived from here too (config/settings.ts).
 */
export type Rule =
  | { kind: 'string'; nonEmpty: boolean }
  | { kind: 'url' }
  | { kind: 'int'; min: number; max: number }
  | { kind: 'number'; min: number; max: number }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'commands' }
  | { kind: 'object' }
  | { kind: 'model' }
  | { kind: 'languages' }
  | { kind: 'exclude' }
  | { kind: 'stops' }
  | { kind: 'boolean' }
  | { kind: 'argv' };

export interface Declared {
  rule: Rule;
  default: unknown;
  /** The default as the README shows it, where the value alone would mislead. */
  shown?: string;
  doc: string;
}

/** Files never sent to a model, whatever `privacy.exclude` adds. */
export const DEFAULT_EXCLUDE: readonly string[] = [
  '.env*',
  '*.pem',
  '*.key',
  '*.p12',
  '*.pfx',
  '*.jks',
  'id_*',
  '.netrc',
  '.npmrc',
  '.pgpass',
  '**/secrets/**',
  '**/.secrets/**',
  '**/.ssh/**',
  '**/.gnupg/**',
  '**/.aws/**',
];

/** By dotted key, in the README's order. */
export const DECLARED = {
  'model.provider': { rule: { kind: 'enum', values: ['auto', 'ollama', 'openai', 'llamacpp', 'embedded'] }, default: 'auto', doc: "where the model runs: `\"ollama\"` (native `/api/generate`, `/api/chat`), `\"openai\"` (any OpenAI-compatible server: `/v1/completions`, `/v1/chat/completions`), `\"llamacpp\"` (llama.cpp's `/infill`, and its `/v1` for chat), `\"embedded\"` (inside infill-ls, on node-llama-cpp: `model.path`, or the file `infill-ls model pull` stored for `model.name`), or `\"auto\"`: Ollama at `model.endpoint` when it answers, else the embedded model when its file is there" },
  'model.endpoint': { rule: { kind: 'url' }, default: DEFAULT_OLLAMA_URL, shown: "`OLLAMA_HOST` as Ollama reads it, else `http://127.0.0.1:11434`", doc: "where the model server listens" },
  'model.name': { rule: { kind: 'string', nonEmpty: true }, default: 'qwen2.5-coder:1.5b-base', doc: "the model; it must fill in the middle (Ollama's `insert` capability, or a FIM template below)" },
  'model.apiKeyEnv': { rule: { kind: 'string', nonEmpty: false }, default: '', doc: "the name of the environment variable that holds the API key (sent as `Authorization: Bearer`); the key itself is never a setting and never logged" },
  'model.fimTemplate': { rule: { kind: 'enum', values: ['auto', 'native', 'codellama', 'starcoder', 'deepseek', 'qwen', 'codegemma', 'codestral', 'granite'] }, default: 'auto', doc: "how the prompt is built: `\"native\"` (the server applies the model's template: Ollama `suffix`, OpenAI `suffix`), a family (`codellama`, `starcoder`, `deepseek`, `qwen`, `codegemma`, `codestral`, `granite`: infill-ls renders the FIM tokens, Ollama in `raw` mode), or `\"auto\"` (Ollama: native; OpenAI-compatible: the family guessed from the model name, else native)" },
  'model.options': { rule: { kind: 'object' }, default: {}, doc: "extra fields for every request, e.g. `{\"num_ctx\": 8192}` for Ollama or `{\"top_p\": 0.9}`" },
  'model.path': { rule: { kind: 'string', nonEmpty: false }, default: '', doc: "with `provider: \"embedded\"`: a GGUF model file (a code model with FIM tokens); empty: the file `infill-ls model pull` stored for `model.name`" },
  'model.embedded.threads': { rule: { kind: 'int', min: 0, max: 1024 }, default: 0, shown: "`0` (the machine's cores minus one, at least 1)", doc: "CPU threads the embedded model computes with" },
  'model.embedded.contextSize': { rule: { kind: 'int', min: 256, max: 131_072 }, default: 4096, doc: "the embedded model's context in tokens: prompt and answer together (the prompt is cut from the start to fit)" },
  'model.embedded.idleUnloadMs': { rule: { kind: 'int', min: 0, max: 86_400_000 }, default: 300_000, doc: "unload the embedded model after it has been idle this long (it loads again on the next request); `0` keeps it loaded" },
  'completion.model': { rule: { kind: 'model' }, default: '', doc: "another model for completions: a name, or some of `model`'s keys (`{\"name\": ..., \"endpoint\": ..., \"provider\": ...}`)" },
  'completion.maxTokens': { rule: { kind: 'int', min: 1, max: 8192 }, default: 128, doc: "most tokens one suggestion may have" },
  'completion.temperature': { rule: { kind: 'number', min: 0, max: 2 }, default: 0.2, doc: "sampling temperature (0 to 2)" },
  'completion.debounceMs': { rule: { kind: 'int', min: 0, max: 10_000 }, default: 150, doc: "wait this long after the last keystroke before asking the model; `0` asks at once" },
  'completion.timeoutMs': { rule: { kind: 'int', min: 100, max: 600_000 }, default: 15_000, doc: "give up on a model answer after this long" },
  'completion.sortFirst': { rule: { kind: 'boolean' }, default: false, doc: "list AI items before the language server's (they are labelled `infill` and sort after them by default)" },
  'completion.stop': { rule: { kind: 'stops' }, default: [], doc: "more strings that end a suggestion, e.g. `[\"\\n\\n\"]`: sent to the model together with the model family's control tokens (end of text, file separator, the FIM markers; every family's when the family is unknown), and cut at by infill-ls as well, since servers may ignore them. A suggestion never contains a control token either way" },
  'context.prefixTokens': { rule: { kind: 'int', min: 16, max: 131_072 }, default: 1536, doc: "how much code before the cursor the model sees (about 4 characters a token)" },
  'context.suffixTokens': { rule: { kind: 'int', min: 0, max: 131_072 }, default: 512, doc: "how much code after the cursor the model sees" },
  'context.extraTokens': { rule: { kind: 'int', min: 0, max: 131_072 }, default: 512, doc: "how much code from other open files (definitions the code at the cursor uses, the latest edit elsewhere) the model sees" },
  'actions.model': { rule: { kind: 'model' }, default: '', shown: "`\"\"` (`model`)", doc: "the model for code actions: a name (same server) or some of `model`'s keys; an instruct model such as `qwen2.5-coder:7b-instruct` with `actions.mode = \"chat\"`" },
  'actions.mode': { rule: { kind: 'enum', values: ['fim', 'chat'] }, default: 'fim', doc: "`\"fim\"`: fill in the body between signature and what follows; `\"chat\"`: ask an instruct model (`/api/chat`)" },
  'actions.maxAttempts': { rule: { kind: 'int', min: 1, max: 10 }, default: 3, doc: "how often a body that does not parse, is still a stub, or fails the check command or the tests is sent back to the model" },
  'actions.maxTokens': { rule: { kind: 'int', min: 16, max: 32_768 }, default: 512, doc: "most tokens one answer may have" },
  'actions.temperature': { rule: { kind: 'number', min: 0, max: 2 }, default: 0.2, doc: "sampling temperature for code actions" },
  'actions.timeoutMs': { rule: { kind: 'int', min: 1000, max: 3_600_000 }, default: 60_000, doc: "give up on one model answer after this long" },
  'actions.checkCommands': { rule: { kind: 'commands' }, default: {}, doc: "per language id, a command that checks a candidate, e.g. `{\"python\": [\"python3\", \"-m\", \"py_compile\", \"{file}\"], \"typescript\": [\"npx\", \"tsc\", \"--noEmit\", \"{file}\"]}`; `{file}` is a temporary copy (beside the original inside a workspace folder, else in a fresh folder of the system's temp folder; removed afterwards), `{original}` the original's path; run without a shell; a non-zero exit sends its output back to the model. Runs only once you allowed it (see \"Commands from settings\") and only for files on disk" },
  'actions.checkTimeoutMs': { rule: { kind: 'int', min: 100, max: 3_600_000 }, default: 30_000, doc: "how long a check command may run" },
  'actions.testCommand': { rule: { kind: 'commands' }, default: {}, doc: "per language id, a command that runs your tests against a candidate, e.g. `{\"python\": [\"python3\", \"-m\", \"unittest\"], \"go\": [\"go\", \"test\", \"./...\"]}`: it runs in a scratch copy of the workspace folder (in the system's temp folder; large folders such as `node_modules`, `target`, `.venv` and `.git` linked, caches left out; removed afterwards) in which the edited file holds the candidate, so the tests import it. `{file}` is the file's path relative to the copy's root, `{function}` the name being implemented or fixed, `{root}` the copy's root. Failing tests send their output (failing tests, assertions, the edited file's lines of the traceback) back to the model; the candidate that passes is applied. Runs without a shell, only once you allowed it (see \"Commands from settings\"), and only for files inside a workspace folder" },
  'actions.testTimeoutMs': { rule: { kind: 'int', min: 1000, max: 3_600_000 }, default: 120_000, doc: "how long one test run may take; then it is killed with every process it started" },
  'actions.applyFailing': { rule: { kind: 'boolean' }, default: false, doc: "when no candidate passes the tests in `actions.maxAttempts`, apply the last one that parses anyway (the message names the failing test); by default nothing is applied" },
  'languages': { rule: { kind: 'languages' }, default: {}, doc: "per language id, other models: `{\"rust\": {\"completion\": {\"model\": \"codestral:22b\"}, \"actions\": {\"model\": {...}}}}`" },
  'privacy.exclude': { rule: { kind: 'exclude' }, default: DEFAULT_EXCLUDE, doc: "globs of files never sent to any model, not even as context for another file (a glob without `/` matches the file name); added to the defaults, which protect secrets: a default goes only when named with `!`, e.g. `[\"*.secret\", \"!.npmrc\"]`" },
  'startup.checkModels': { rule: { kind: 'boolean' }, default: true, doc: "soon after start, check each configured model server once (reachable, model installed, fills in the middle: what `infill-ls doctor` checks, without asking the model to generate) and show what is wrong with its fix" },
  'server.command': { rule: { kind: 'argv' }, default: ['infill-ls', '--stdio'], doc: "how an editor extension starts the server (the VS Code extension reads it; the server ignores it)" },
  'log.level': { rule: { kind: 'enum', values: ['error', 'warn', 'info', 'debug'] }, default: 'info', doc: "`error`, `warn`, `info` or `debug`, for `window/logMessage` and `--log-file`" },
} as const satisfies Readonly<Record<string, Declared>>;

/** The declared keys, dotted. */
export type SettingKey = keyof typeof DECLARED;

/** The value a rule lets through, as TypeScript sees it. */
export type ValueOf<R extends Rule> = R extends { kind: 'string' | 'url' }
  ? string
  : R extends { kind: 'int' | 'number' }
    ? number
    : R extends { kind: 'enum'; values: readonly (infer V)[] }
      ? V
      : R extends { kind: 'boolean' }
        ? boolean
        : R extends { kind: 'exclude' | 'stops' | 'argv' }
          ? string[]
          : R extends { kind: 'commands' }
            ? Record<string, string[]>
            : R extends { kind: 'object' }
              ? Record<string, unknown>
              : R extends { kind: 'model' }
                ? ModelOverride
                : R extends { kind: 'languages' }
                  ? Record<string, { completion?: { model?: ModelOverride }; actions?: { model?: ModelOverride } }>
                  : never;

/** The keys of `model`, typed: what a per-job or per-language override may set. */
// `model.embedded.*` tune the process's one embedded runtime, so they are not per-job keys.
export type ModelSettings = { [K in SettingKey as K extends `model.${infer F}` ? (F extends `${string}.${string}` ? never : F) : never]: ValueOf<(typeof DECLARED)[K]['rule']> };

/** Some of `model`'s keys, or just a model name. */
export type ModelOverride = string | Partial<ModelSettings>;

/** `"a.b"` with value V as `{a: {b: V}}`. */
type Nested<K extends string, V> = K extends `${infer Head}.${infer Rest}` ? { [P in Head]: Nested<Rest, V> } : { [P in K]: V };
type Merged<U> = (U extends unknown ? (u: U) => void : never) extends (m: infer M) => void ? M : never;
type Flat<T> = T extends Record<string, unknown> ? { [K in keyof T]: Flat<T[K]> } : T;

/** Every setting as one nested object, derived from the declarations. */
export type DeclaredSettings = Flat<Merged<{ [K in SettingKey]: Nested<K, ValueOf<(typeof DECLARED)[K]['rule']>> }[SettingKey]>>;

/** What a rule allows, as the README's table says it. */
export function allowedText(rule: Rule): string {
  switch (rule.kind) {
    case 'string':
      return rule.nonEmpty ? 'a non-empty string' : 'a string';
    case 'url':
      return 'an `http://` or `https://` URL, without a user name or password';
    case 'int':
      return `an integer from ${rule.min} to ${rule.max}`;
    case 'number':
      return `a number from ${rule.min} to ${rule.max}`;
    case 'enum':
      return rule.values.map((v) => `\`"${v}"\``).join(', ');
    case 'commands':
      return 'language id to a command (a list of strings)';
    case 'object':
      return 'an object';
    case 'model':
      return "a model name, or an object of `model`'s keys";
    case 'languages':
      return 'language id to `{"completion": {"model": ...}, "actions": {"model": ...}}`';
    case 'exclude':
      return 'a list of globs; `!` and a default glob drops that default';
    case 'stops':
      return 'a list of non-empty strings';
    case 'boolean':
      return '`true` or `false`';
    case 'argv':
      return 'a command: a list of strings';
  }
}

/** The README's settings table, generated from the declarations. */
export function settingsTable(): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const shown = (d: Declared) =>
    d.shown ?? (Array.isArray(d.default) && d.default.length && d.rule.kind === 'exclude' ? d.default.map((g) => `\`${g}\``).join(', ') : `\`${JSON.stringify(d.default)}\``);
  const rows = Object.entries(DECLARED).map(([key, d]) => `| \`${key}\` | ${cell(shown(d))} | ${cell(allowedText(d.rule))} | ${d.doc} |`);
  return ['| key | default | allowed | what it does |', '|---|---|---|---|', ...rows].join('\n');
}
