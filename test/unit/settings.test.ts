import { describe, expect, expectTypeOf, it } from 'vitest';
import { applySettings, defaultSettings, type LogLevel, type ModelOverride, type Settings, modelFor, sectionOf, settingFor, withSettingNames } from '../../server/config/settings';
import { DEFAULT_EXCLUDE } from '../../server/config/settings';

describe('settings', () => {
  it('has the type the declarations derive (checked by `npm run typecheck`)', () => {
    expectTypeOf<keyof Settings>().toEqualTypeOf<'model' | 'completion' | 'context' | 'actions' | 'languages' | 'privacy' | 'startup' | 'server' | 'log'>();
    expectTypeOf<keyof Settings['model']>().toEqualTypeOf<'provider' | 'endpoint' | 'name' | 'apiKeyEnv' | 'fimTemplate' | 'options' | 'path' | 'embedded'>();
    expectTypeOf<Settings['model']['embedded']>().toEqualTypeOf<{ threads: number; contextSize: number; idleUnloadMs: number }>();
    expectTypeOf<Settings['model']['provider']>().toEqualTypeOf<'auto' | 'ollama' | 'openai' | 'llamacpp' | 'embedded'>();
    expectTypeOf<Settings['completion']['maxTokens']>().toEqualTypeOf<number>();
    expectTypeOf<Settings['completion']['model']>().toEqualTypeOf<ModelOverride>();
    expectTypeOf<Settings['actions']['mode']>().toEqualTypeOf<'fim' | 'chat'>();
    expectTypeOf<Settings['actions']['checkCommands']>().toEqualTypeOf<Record<string, string[]>>();
    expectTypeOf<Settings['privacy']['exclude']>().toEqualTypeOf<string[]>();
    expectTypeOf<LogLevel>().toEqualTypeOf<'error' | 'warn' | 'info' | 'debug'>();
  });

  it('has the documented defaults, with the endpoint from OLLAMA_HOST', () => {
    expect(defaultSettings({})).toEqual({
      model: {
        provider: 'auto',
        endpoint: 'http://127.0.0.1:11434',
        name: 'qwen2.5-coder:1.5b-base',
        apiKeyEnv: '',
        fimTemplate: 'auto',
        options: {},
        path: '',
        embedded: { threads: 0, contextSize: 4096, idleUnloadMs: 300_000 },
      },
      completion: { model: '', maxTokens: 128, temperature: 0.2, debounceMs: 150, timeoutMs: 15000, sortFirst: false, stop: [] },
      context: { prefixTokens: 1536, suffixTokens: 512, extraTokens: 512 },
      actions: { model: '', mode: 'fim', maxAttempts: 3, maxTokens: 512, temperature: 0.2, timeoutMs: 60000, checkCommands: {}, checkTimeoutMs: 30000, testCommand: {}, testTimeoutMs: 120000, applyFailing: false },
      languages: {},
      privacy: { exclude: [...DEFAULT_EXCLUDE] },
      startup: { checkModels: true },
      server: { command: ['infill-ls', '--stdio'] },
      log: { level: 'info' },
    });
    expect(defaultSettings({ OLLAMA_HOST: '10.0.0.2' }).model.endpoint).toBe('http://10.0.0.2:11434');
  });

  it('adds privacy.exclude globs to the secret defaults; a default goes only when named with "!"', () => {
    const added = applySettings(defaultSettings({}), { privacy: { exclude: ['*.secret'] } });
    expect(added.problems).toEqual([]);
    expect(added.settings.privacy.exclude).toEqual([...DEFAULT_EXCLUDE, '*.secret']);
    const dropped = applySettings(defaultSettings({}), { privacy: { exclude: ['!.npmrc', '*.secret'] } });
    expect(dropped.settings.privacy.exclude).toEqual([...DEFAULT_EXCLUDE.filter((g) => g !== '.npmrc'), '*.secret']);
    const unknown = applySettings(defaultSettings({}), { privacy: { exclude: ['!*.txt'] } });
    expect(unknown.settings.privacy.exclude).toEqual([...DEFAULT_EXCLUDE]);
    expect(unknown.problems[0].message).toMatch(/^"!\*\.txt" names no default glob \(the defaults: \.env\*, /);
  });

  it('refuses an endpoint with a user name or password, and never shows the password', () => {
    const { settings, problems } = applySettings(defaultSettings({}), { model: { endpoint: 'http://me:hunter2@gpu-box:11434' } });
    expect(settings.model.endpoint).toBe('http://127.0.0.1:11434');
    expect(problems).toEqual([
      {
        key: 'infill.model.endpoint',
        message: 'expected a URL without a user name or password (put the key in an environment variable and name it in model.apiKeyEnv), got "http://***@gpu-box:11434"',
      },
    ]);
  });

  it("names the setting that gave a job's model each of its fields", () => {
    const { settings } = applySettings(defaultSettings({}), { actions: { model: { endpoint: 'http://gpu:11434' } }, completion: { model: 'codellama' }, languages: { rust: { actions: { model: { name: 'codestral' } } } } });
    expect(settingFor(settings, 'actions', 'python', 'endpoint')).toBe('infill.actions.model.endpoint');
    expect(settingFor(settings, 'actions', 'python', 'name')).toBe('infill.model.name');
    expect(settingFor(settings, 'actions', 'rust', 'name')).toBe('infill.languages.rust.actions.model');
    expect(settingFor(settings, 'completion', undefined, 'name')).toBe('infill.completion.model');
    expect(settingFor(settings, 'completion', undefined, 'endpoint')).toBe('infill.model.endpoint');
    expect(withSettingNames('set infill.model.endpoint, or infill.model.name', settings, 'actions', 'rust')).toBe('set infill.actions.model.endpoint, or infill.languages.rust.actions.model');
  });

  it('applies nested and dotted keys', () => {
    const { settings, problems } = applySettings(defaultSettings({}), {
      model: { name: 'codellama:7b-code', endpoint: 'localhost:9999/' },
      'completion.maxTokens': 64,
      completion: { debounceMs: 0 },
    });
    expect(problems).toEqual([]);
    expect(settings.model.name).toBe('codellama:7b-code');
    expect(settings.model.endpoint).toBe('http://localhost:9999');
    expect(settings.completion.maxTokens).toBe(64);
    expect(settings.completion.debounceMs).toBe(0);
    expect(settings.completion.temperature).toBe(0.2);
  });

  it('reports a bad value by name and keeps the rest', () => {
    const { settings, problems } = applySettings(defaultSettings({}), {
      completion: { maxTokens: 'lots', temperature: 0.5, debounceMs: -1 },
      model: { provider: 'gpt', name: '' },
      colour: 'blue',
    });
    expect(problems).toEqual([
      { key: 'infill.completion.maxTokens', message: 'expected an integer from 1 to 8192, got "lots"' },
      { key: 'infill.completion.debounceMs', message: 'expected an integer from 0 to 10000, got -1' },
      { key: 'infill.model.provider', message: 'expected one of "auto", "ollama", "openai", "llamacpp", "embedded", got "gpt"' },
      { key: 'infill.model.name', message: 'expected a non-empty string, got ""' },
      { key: 'infill.colour', message: 'unknown setting' },
    ]);
    expect(settings.completion.maxTokens).toBe(128);
    expect(settings.completion.temperature).toBe(0.5);
    expect(settings.model.name).toBe('qwen2.5-coder:1.5b-base');
  });

  it('rejects a non-object and a non-http endpoint', () => {
    expect(applySettings(defaultSettings({}), 'fast').problems).toEqual([
      { key: 'infill', message: 'expected an object of settings, got "fast"' },
    ]);
    expect(applySettings(defaultSettings({}), { model: { endpoint: 'ftp://x' } }).problems).toEqual([
      { key: 'infill.model.endpoint', message: 'expected an http:// or https:// URL, got "ftp://x"' },
    ]);
  });

  it('takes completion.stop as a list of non-empty strings, whitespace included', () => {
    expect(applySettings(defaultSettings({}), { completion: { stop: ['\n\n', '# end'] } })).toEqual({
      settings: { ...defaultSettings({}), completion: { ...defaultSettings({}).completion, stop: ['\n\n', '# end'] } },
      problems: [],
    });
    const expected = 'expected a list of non-empty strings such as ["\\n\\n", "# end"]';
    expect(applySettings(defaultSettings({}), { 'completion.stop': ['a', ''] }).problems).toEqual([{ key: 'infill.completion.stop', message: `${expected}, got ["a",""]` }]);
    expect(applySettings(defaultSettings({}), { completion: { stop: 'END' } }).problems).toEqual([{ key: 'infill.completion.stop', message: `${expected}, got "END"` }]);
  });

  it('finds our section in what clients send', () => {
    expect(sectionOf({ infill: { a: 1 } })).toEqual({ a: 1 });
    expect(sectionOf({ model: {} })).toEqual({ model: {} });
  });

  it('picks the model per job and per language', () => {
    const { settings, problems } = applySettings(defaultSettings({}), {
      model: { endpoint: 'http://127.0.0.1:11434' },
      actions: { model: { name: 'qwen2.5-coder:7b-instruct', provider: 'openai', endpoint: 'http://127.0.0.1:8080', apiKeyEnv: 'LOCAL_KEY' } },
      languages: { rust: { completion: { model: 'codestral:22b' } } },
    });
    expect(problems).toEqual([]);
    expect(modelFor(settings, 'completion', 'python').name).toBe('qwen2.5-coder:1.5b-base');
    expect(modelFor(settings, 'completion', 'rust')).toMatchObject({ name: 'codestral:22b', provider: 'auto', endpoint: 'http://127.0.0.1:11434' });
    expect(modelFor(settings, 'actions', 'rust')).toMatchObject({ name: 'qwen2.5-coder:7b-instruct', provider: 'openai', endpoint: 'http://127.0.0.1:8080', apiKeyEnv: 'LOCAL_KEY' });
  });

  it('reports a bad model override by name', () => {
    const { problems } = applySettings(defaultSettings({}), { actions: { model: { provider: 'gpt' } }, languages: { go: { tests: {} } } });
    expect(problems).toEqual([
      { key: 'infill.actions.model', message: 'provider: expected one of "auto", "ollama", "openai", "llamacpp", "embedded", got {"provider":"gpt"}' },
      { key: 'infill.languages', message: 'unknown key go.tests (expected completion or actions), got {"go":{"tests":{}}}' },
    ]);
  });
});
