// `infill-ls doctor` as users run it: the built command in a child process, against the fake
// model server in this process (so the child must be spawned asynchronously).
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closedPort, FakeModelServer, PLAIN_TEMPLATE, type FakeModelOptions } from '../fake-model';
import { writeTinyGguf } from '../fake-model/tinyGguf';
import { SERVER_MAIN } from './lspClient';

const KEY_VAR = 'INFILL_DOCTOR_TEST_KEY';

interface DoctorRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

const fakes: FakeModelServer[] = [];

async function fake(options: FakeModelOptions = {}): Promise<FakeModelServer> {
  const server = await FakeModelServer.start(options);
  fakes.push(server);
  return server;
}

afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

beforeAll(() => {
  if (!fs.existsSync(path.join(path.dirname(SERVER_MAIN), 'doctor', 'run.js'))) {
    throw new Error('dist/server/doctor is missing: build first (npx tsc -p tsconfig.json, or npm test)');
  }
});

/** A folder of its own, so that no .infill.json is picked up unless the test writes one. */
function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'infill-doctor-'));
}

function doctor(args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<DoctorRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, OLLAMA_HOST: '', XDG_CACHE_HOME: tempDir(), ...options.env };
  if (!options.env?.[KEY_VAR]) delete env[KEY_VAR];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SERVER_MAIN, 'doctor', ...args], { cwd: options.cwd ?? tempDir(), env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The output with measured latencies made stable. */
function stable(stdout: string): string {
  return stdout.replace(/answered in \d+ ms/g, 'answered in N ms');
}

describe('infill-ls doctor', () => {
  it('passes against an Ollama that has the model, with the endpoint from OLLAMA_HOST', async () => {
    const ollama = await fake({ version: '0.12.3' });
    const run = await doctor([], { env: { OLLAMA_HOST: ollama.url } });
    expect(run.stderr).toBe('');
    expect(stable(run.stdout)).toBe(
      [
        'settings: defaults (OLLAMA_HOST)',
        `completion model qwen2.5-coder:1.5b-base (auto: Ollama at ${ollama.url}, else embedded)`,
        `  ok    backend     auto: Ollama answers at ${ollama.url}: completion uses Ollama`,
        `  ok    reachable   Ollama 0.12.3 answers at ${ollama.url}`,
        '  ok    model       qwen2.5-coder:1.5b-base is installed',
        "  ok    fim         qwen2.5-coder:1.5b-base has Ollama's insert capability",
        '  ok    completion  answered in N ms: "return a + b;"',
        '5 ok, 0 warn, 0 FAIL',
        '',
      ].join('\n'),
    );
    expect(run.code).toBe(0);
    // The completion went through the real provider: native FIM with prefix and suffix.
    const [generate] = ollama.generationRequests();
    expect(generate.body).toMatchObject({ model: 'qwen2.5-coder:1.5b-base', prompt: 'def add(a, b):\n    return a', suffix: '\n' });
  });

  it('says to start Ollama when nothing listens', async () => {
    const port = await closedPort();
    const url = `http://127.0.0.1:${port}`;
    const run = await doctor(['--provider', 'ollama', '--endpoint', url]);
    expect(run.stdout).toBe(
      [
        'settings: defaults, flags',
        `completion model qwen2.5-coder:1.5b-base (ollama at ${url})`,
        `  FAIL  reachable   cannot reach Ollama at ${url} (ECONNREFUSED); if it runs elsewhere, set infill.model.endpoint`,
        `                    fix: OLLAMA_HOST=${url} ollama serve`,
        '0 ok, 0 warn, 1 FAIL',
        '',
      ].join('\n'),
    );
    expect(run.code).toBe(1);

    // The default, auto: neither Ollama nor the embedded model's file; both ways out are named.
    const cache = tempDir();
    const auto = await doctor(['--endpoint', url], { env: { XDG_CACHE_HOME: cache } });
    expect(auto.stdout).toBe(
      [
        'settings: defaults, flags',
        `completion model qwen2.5-coder:1.5b-base (auto: Ollama at ${url}, else embedded)`,
        `  FAIL  backend     auto: Ollama does not answer at ${url} (ECONNREFUSED), and the embedded model file ${path.join(cache, 'infill-ls', 'models', 'qwen2.5-coder-1.5b-q8_0.gguf')} is not there`,
        `                    fix: start Ollama (OLLAMA_HOST=${url} ollama serve), or run the model inside infill-ls: infill-ls model pull qwen2.5-coder:1.5b-base`,
        '0 ok, 0 warn, 1 FAIL',
        '',
      ].join('\n'),
    );
    expect(auto.code).toBe(1);
  });

  it('says which model to pull when it is not installed', async () => {
    const ollama = await fake();
    const run = await doctor(['--endpoint', ollama.url, '--model', 'codellama:7b-code']);
    expect(run.stdout.split('\n')).toEqual(
      expect.arrayContaining([
        '  FAIL  model       codellama:7b-code is not installed (installed: qwen2.5-coder:1.5b-base)',
        `                    fix: OLLAMA_HOST=${ollama.url} ollama pull codellama:7b-code`,
        '2 ok, 0 warn, 1 FAIL',
      ]),
    );
    expect(run.stdout).not.toContain('completion  ');
    expect(run.code).toBe(1);
  });

  it('names the raw FIM template for a model without insert, and passes once it is set', async () => {
    const ollama = await fake({ models: [{ name: 'starcoder2:3b', capabilities: ['completion'], template: PLAIN_TEMPLATE }] });
    const before = await doctor(['--endpoint', ollama.url, '--model', 'starcoder2:3b']);
    expect(before.stdout.split('\n')).toEqual(
      expect.arrayContaining([
        '  FAIL  fim         starcoder2:3b has no insert capability (its Ollama template takes no suffix); in raw mode infill-ls would use the starcoder template',
        '                    fix: set infill.model.fimTemplate to "starcoder"',
        '3 ok, 0 warn, 1 FAIL',
      ]),
    );
    expect(before.code).toBe(1);
    expect(ollama.generationRequests()).toEqual([]);

    // The default settings file, in the section form an editor would send.
    const cwd = tempDir();
    fs.writeFileSync(path.join(cwd, '.infill.json'), JSON.stringify({ infill: { model: { endpoint: ollama.url, name: 'starcoder2:3b', fimTemplate: 'starcoder' } } }));
    const after = await doctor([], { cwd });
    expect(stable(after.stdout).split('\n')).toEqual(
      expect.arrayContaining([
        'settings: defaults, .infill.json',
        '  ok    fim         starcoder2:3b has no insert capability; infill.model.fimTemplate "starcoder" sends a raw starcoder prompt',
        '  ok    completion  answered in N ms: "return a + b;"',
      ]),
    );
    expect(after.code).toBe(0);
    expect(ollama.generationRequests()[0].body).toMatchObject({ raw: true, prompt: '<fim_prefix>def add(a, b):\n    return a<fim_suffix>\n<fim_middle>' });
  });

  it('says to use another model when one without insert has no known FIM template', async () => {
    const ollama = await fake({ models: [{ name: 'llama3.2:1b', capabilities: ['completion'] }] });
    const run = await doctor(['--endpoint', ollama.url, '--model', 'llama3.2:1b']);
    expect(run.stdout.split('\n')).toEqual(
      expect.arrayContaining([
        '  FAIL  fim         llama3.2:1b has no insert capability and no FIM template infill-ls knows: it cannot fill in the middle',
        `                    fix: OLLAMA_HOST=${ollama.url} ollama pull qwen2.5-coder:1.5b-base, then set infill.model.name to "qwen2.5-coder:1.5b-base"`,
      ]),
    );
    expect(run.code).toBe(1);
  });

  it('checks an OpenAI-compatible server, with or without /v1 in the endpoint', async () => {
    const server = await fake({ flavor: 'openai' });
    const run = await doctor(['--provider', 'openai', '--endpoint', `${server.url}/v1`]);
    expect(stable(run.stdout)).toBe(
      [
        'settings: defaults, flags',
        `completion model qwen2.5-coder:1.5b-base (openai at ${server.url}/v1)`,
        `  ok    reachable   OpenAI-compatible server answers at ${server.url}/v1 (1 model)`,
        "  ok    model       qwen2.5-coder:1.5b-base is among the server's models",
        '  ok    fim         the qwen FIM template is known for qwen2.5-coder:1.5b-base: infill-ls renders the prompt and sends no suffix',
        '  ok    completion  answered in N ms: "return a + b;"',
        '4 ok, 0 warn, 0 FAIL',
        '',
      ].join('\n'),
    );
    expect(run.code).toBe(0);
    expect(server.generationRequests()[0].body.suffix).toBeUndefined();

    const bare = await doctor(['--provider', 'openai', '--endpoint', server.url, '--model', 'starcoder2:3b']);
    expect(bare.stdout.split('\n')).toEqual(
      expect.arrayContaining([
        `  ok    reachable   OpenAI-compatible server answers at ${server.url}/v1 (1 model)`,
        "  FAIL  model       starcoder2:3b is not among the server's models (it serves: qwen2.5-coder:1.5b-base)",
        '                    fix: set infill.model.name to one of: qwen2.5-coder:1.5b-base',
      ]),
    );
    expect(bare.code).toBe(1);
  });

  it('says a llama.cpp server is still loading, and passes once it has loaded', async () => {
    const llama = await fake({ flavor: 'llamacpp', loading: true });
    const loading = await doctor(['--provider', 'llamacpp', '--endpoint', llama.url]);
    expect(loading.stdout).toBe(
      [
        'settings: defaults, flags',
        `completion model qwen2.5-coder:1.5b-base (llamacpp at ${llama.url})`,
        `  FAIL  reachable   llama.cpp at ${llama.url} is still loading its model`,
        '                    fix: wait until llama-server has loaded the model, then run infill-ls doctor again',
        '0 ok, 0 warn, 1 FAIL',
        '',
      ].join('\n'),
    );
    expect(loading.code).toBe(1);

    llama.setLoading(false);
    const ready = await doctor(['--provider', 'llamacpp', '--endpoint', llama.url]);
    expect(stable(ready.stdout).split('\n')).toEqual(
      expect.arrayContaining([
        `  ok    reachable   llama.cpp answers at ${llama.url}, serving qwen2.5-coder:1.5b-base`,
        '  ok    fim         the model has FIM tokens (/infill answers)',
        '  ok    completion  answered in N ms: "return a + b;"',
      ]),
    );
    expect(ready.code).toBe(0);
  });

  it('says which variable to export when the API key is missing, and never prints a key', async () => {
    const server = await fake({ flavor: 'openai', apiKey: 'sk-doctor-5f3a9c' });
    const args = ['--provider', 'openai', '--endpoint', server.url, '--api-key-env', KEY_VAR];
    const missing = await doctor(args);
    expect(missing.stdout).toBe(
      [
        'settings: defaults, flags',
        `completion model qwen2.5-coder:1.5b-base (openai at ${server.url})`,
        `  ok    reachable   a server answers at ${server.url}/v1, but refuses requests without a valid key (401)`,
        `  FAIL  apiKey      infill.model.apiKeyEnv names ${KEY_VAR}, which is not set; the server refuses requests without a key (401)`,
        `                    fix: export ${KEY_VAR}=...`,
        '1 ok, 0 warn, 1 FAIL',
        '',
      ].join('\n'),
    );
    expect(missing.code).toBe(1);

    // OpenAI quotes a wrong key back in its error message.
    const wrong = await doctor(args, { env: { [KEY_VAR]: 'sk-wrong-77e1b2' } });
    expect(wrong.stdout).toContain(`  FAIL  apiKey      the server refuses the key in ${KEY_VAR} (401: Incorrect API key provided: ***.`);
    expect(wrong.stdout).toContain(`fix: export ${KEY_VAR}=<a valid key>`);
    expect(wrong.stdout + wrong.stderr).not.toContain('sk-wrong-77e1b2');
    expect(wrong.code).toBe(1);

    const right = await doctor([...args, '--json'], { env: { [KEY_VAR]: 'sk-doctor-5f3a9c' } });
    expect(right.stdout).not.toContain('sk-doctor-5f3a9c');
    expect(JSON.parse(right.stdout).find((r: { check: string }) => r.check === 'apiKey')).toEqual({
      model: 'qwen2.5-coder:1.5b-base',
      check: 'apiKey',
      status: 'ok',
      detail: `${KEY_VAR} is set and the server accepts it`,
      fix: null,
    });
    expect(right.code).toBe(0);
  });

  it('checks the actions model too, by chat in chat mode', async () => {
    const ollama = await fake({ models: [{ name: 'qwen2.5-coder:1.5b-base' }, { name: 'qwen2.5-coder:7b-instruct', capabilities: ['completion'] }] });
    const cwd = tempDir();
    const file = path.join(cwd, 'editor-settings.json');
    fs.writeFileSync(file, JSON.stringify({ model: { provider: 'ollama', endpoint: ollama.url }, actions: { model: 'qwen2.5-coder:7b-instruct', mode: 'chat' } }));
    const run = await doctor(['--settings', file], { cwd });
    expect(stable(run.stdout).split('\n')).toEqual(
      expect.arrayContaining([
        `settings: defaults, ${file}`,
        `actions model qwen2.5-coder:7b-instruct (ollama at ${ollama.url}, chat)`,
        '  ok    model       qwen2.5-coder:7b-instruct is installed',
        '  ok    chat        answered in N ms: "return a + b;"',
        '6 ok, 0 warn, 0 FAIL',
      ]),
    );
    // The server is checked once, for both models.
    expect(run.stdout.match(/reachable/g)).toHaveLength(1);
    expect(run.code).toBe(0);
  });

  it('prints invalid settings by name and, with --json, every result as data', async () => {
    const ollama = await fake();
    const cwd = tempDir();
    fs.writeFileSync(path.join(cwd, '.infill.json'), JSON.stringify({ model: { provider: 'ollama', endpoint: ollama.url }, completion: { maxTokens: 0 }, compleshun: 64 }));
    const text = await doctor([], { cwd });
    expect(text.stdout.split('\n')).toEqual(
      expect.arrayContaining([
        '  FAIL  settings    infill.completion.maxTokens: expected an integer from 1 to 8192, got 0 (in .infill.json); the default is used instead',
        '                    fix: correct infill.completion.maxTokens in .infill.json',
      ]),
    );
    expect(text.code).toBe(1);

    const json = await doctor(['--json'], { cwd });
    const results = JSON.parse(json.stdout) as Array<Record<string, unknown>>;
    expect(results.map((r) => [r.model, r.check, r.status])).toEqual([
      [null, 'settings', 'FAIL'],
      [null, 'settings', 'warn'],
      ['qwen2.5-coder:1.5b-base', 'reachable', 'ok'],
      ['qwen2.5-coder:1.5b-base', 'model', 'ok'],
      ['qwen2.5-coder:1.5b-base', 'fim', 'ok'],
      ['qwen2.5-coder:1.5b-base', 'completion', 'ok'],
    ]);
    expect(results[0]).toEqual({
      model: null,
      check: 'settings',
      status: 'FAIL',
      detail: 'infill.completion.maxTokens: expected an integer from 1 to 8192, got 0 (in .infill.json); the default is used instead',
      fix: 'correct infill.completion.maxTokens in .infill.json',
    });
    expect(results[1]).toMatchObject({ detail: 'infill.compleshun: unknown setting in .infill.json, ignored' });
    expect(results[5].detail).toMatch(/^answered in \d+ ms: "return a \+ b;"$/);
    expect(json.code).toBe(1);
  });

  it('warns about plain http to another host', async () => {
    const run = await doctor(['--provider', 'ollama', '--endpoint', 'http://example.invalid:11434']);
    expect(run.stdout.split('\n')).toEqual(
      expect.arrayContaining([
        '  warn  endpoint    http://example.invalid:11434 is plain http to another host: your code travels unencrypted',
        '                    fix: use an https:// endpoint, or an SSH tunnel (ssh -N -L 11434:127.0.0.1:11434 example.invalid) and set infill.model.endpoint to http://127.0.0.1:11434',
      ]),
    );
    // .invalid never resolves, so the server check fails as well.
    expect(run.stdout).toContain('  FAIL  reachable   cannot reach Ollama at http://example.invalid:11434');
    expect(run.code).toBe(1);
  });

  it("names the key that set the actions' own endpoint when it cannot be reached", async () => {
    const ollama = await fake();
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, '.infill.json'), JSON.stringify({ model: { provider: 'ollama' }, actions: { model: { endpoint: 'http://127.0.0.1:9' } } }));
    const run = await doctor([], { env: { OLLAMA_HOST: ollama.url }, cwd: dir });
    expect(run.stdout).toMatch(/ {2}FAIL {2}reachable {3}cannot reach Ollama at http:\/\/127\.0\.0\.1:9 \(.+\); if it runs elsewhere, set infill\.actions\.model\.endpoint\n/);
    expect(run.code).toBe(1);
  });

  it('rejects unknown options with exit code 2', async () => {
    const run = await doctor(['--nope']);
    expect(run.stderr).toContain('infill-ls doctor: unknown option --nope');
    expect(run.stdout).toBe('');
    expect(run.code).toBe(2);
  });
});

describe('infill-ls doctor on the embedded model', () => {
  const stableMs = (out: string) => stable(out).replace(/ in \d+ ms, context/g, ' in N ms, context');

  it('passes on a GGUF with FIM tokens: runtime, file, FIM, a tiny generation', async () => {
    const file = path.join(tempDir(), 'tiny.gguf');
    writeTinyGguf(file);
    const run = await doctor(['--provider', 'embedded', '--path', file]);
    const lines = stableMs(run.stdout).split('\n');
    expect(lines.slice(0, 5)).toEqual([
      'settings: defaults, flags',
      `completion model qwen2.5-coder:1.5b-base (embedded: ${file})`,
      `  ok    runtime     node-llama-cpp 3.21.1 runs here (CPU), ${Math.max(1, os.availableParallelism() - 1)} thread${os.availableParallelism() === 2 ? '' : 's'}`,
      `  ok    file        ${file} loads (525 kB in N ms, context 512 tokens)`,
      '  ok    fim         the model has FIM tokens (from its GGUF metadata)',
    ]);
    // A random model may end at once (warn: no text) or write something (ok): either way it answered.
    expect(lines[5]).toMatch(/^ {2}(ok {4}completion {2}answered in N ms: ".*"|warn {2}completion {2}answered in N ms, but with no text)$/);
    expect(run.code).toBe(0);
  });

  it('fails on a GGUF without FIM tokens, and on a missing file, with the fix', async () => {
    const file = path.join(tempDir(), 'no-fim.gguf');
    writeTinyGguf(file, { fim: false });
    const noFim = await doctor(['--provider', 'embedded', '--path', file]);
    expect(stableMs(noFim.stdout).split('\n')).toEqual(
      expect.arrayContaining([
        `  FAIL  fim         ${file} has no FIM tokens: it cannot fill in the middle`,
        '                    fix: use a code model with FIM tokens: infill-ls model pull qwen2.5-coder:1.5b-base',
      ]),
    );
    expect(noFim.stdout).not.toContain('completion  ');
    expect(noFim.code).toBe(1);

    const cache = tempDir();
    const missing = await doctor(['--provider', 'embedded'], { env: { XDG_CACHE_HOME: cache } });
    expect(missing.stdout.split('\n')).toEqual(
      expect.arrayContaining([
        `  FAIL  file        ${path.join(cache, 'infill-ls', 'models', 'qwen2.5-coder-1.5b-q8_0.gguf')} is not there`,
        '                    fix: infill-ls model pull qwen2.5-coder:1.5b-base  (1.6 GB)',
      ]),
    );
    expect(missing.code).toBe(1);
  });

  it('with auto, says that the embedded model is used when no Ollama answers and its file is there', async () => {
    const port = await closedPort();
    const file = path.join(tempDir(), 'tiny.gguf');
    writeTinyGguf(file);
    const run = await doctor(['--endpoint', `http://127.0.0.1:${port}`, '--path', file]);
    expect(run.stdout.split('\n').slice(0, 4)).toEqual([
      'settings: defaults, flags',
      `completion model qwen2.5-coder:1.5b-base (auto: Ollama at http://127.0.0.1:${port}, else embedded)`,
      `  ok    backend     auto: Ollama does not answer at http://127.0.0.1:${port} (ECONNREFUSED); the embedded model ${file} is there: completion uses the embedded model`,
      expect.stringMatching(/^ {2}ok {4}runtime {5}node-llama-cpp 3\.21\.1 runs here/),
    ]);
    expect(run.code).toBe(0);
  });
});
