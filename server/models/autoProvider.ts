import * as fs from 'node:fs';
import { httpFetch } from './httpFetch';
import { embeddedModelFile } from './modelCatalog';
import { ModelError } from './modelError';
import type { ChatRequest, FimRequest, Provider } from './provider';

/** Which backend `provider: "auto"` uses, and why, in words the doctor and the log show. */
export type AutoChoice =
  | { backend: 'ollama'; why: string }
  | { backend: 'embedded'; why: string; file: string }
  | { backend: 'none'; why: string; file: string | undefined };

/** Long enough for an Ollama on this machine to answer, short enough not to hold the first completion up. */
const PROBE_MS = 1500;

/**
 * Ollama at the endpoint when it answers `/api/version`, else the embedded model when its
 * file is there, else nothing (with the reason for both).
 */
export async function chooseBackend(model: { endpoint: string; name: string; path: string }, env: NodeJS.ProcessEnv = process.env, probeMs = PROBE_MS): Promise<AutoChoice> {
  let reason: string;
  try {
    const response = await httpFetch(`${model.endpoint}/api/version`, { signal: AbortSignal.timeout(probeMs) });
    const text = await response.text();
    if (response.ok && text.includes('version')) return { backend: 'ollama', why: `Ollama answers at ${model.endpoint}` };
    reason = `it answered ${response.status} to /api/version`;
  } catch (e) {
    const err = e as { name?: string; cause?: { code?: string } };
    reason = err?.name === 'TimeoutError' ? `no answer within ${probeMs} ms` : (err?.cause?.code ?? (e instanceof Error ? e.message : String(e)));
  }
  const noOllama = `Ollama does not answer at ${model.endpoint} (${reason})`;
  const file = embeddedModelFile(model, env);
  if (file && fs.existsSync(file)) return { backend: 'embedded', why: `${noOllama}; the embedded model ${file} is there`, file };
  const missing = file ? `the embedded model file ${file} is not there` : `"${model.name}" is not a model infill-ls can download (set infill.model.path to a GGUF file)`;
  return { backend: 'none', why: `${noOllama}, and ${missing}`, file };
}

/** Once Ollama was not there, ask again after this long (it may have been started since). */
const RECHECK_MS = 30_000;

/**
 * `provider: "auto"`: each request goes to the backend `chooseBackend` picked. The choice is
 * kept while Ollama answers; a request Ollama could not be reached for, or a choice without
 * Ollama older than RECHECK_MS, makes the next request choose again.
 */
export class AutoProvider implements Provider {
  readonly description: string;
  private choice: { at: number; value: Promise<AutoChoice> } | undefined;

  constructor(
    private readonly ollama: Provider,
    private readonly embedded: Provider,
    private readonly choose: () => Promise<AutoChoice>,
    /** The command that downloads this model, for the message when there is none. */
    private readonly pullCommand: string,
    /** Told each new choice, for the log. */
    private readonly onChoice: (choice: AutoChoice) => void = () => undefined,
    private readonly now: () => number = Date.now,
  ) {
    this.description = `auto: ${ollama.description}, else ${embedded.description}`;
  }

  /** The current choice, made again when it is stale. */
  current(): Promise<AutoChoice> {
    const choice = this.choice;
    const stale = choice !== undefined && this.now() - choice.at > RECHECK_MS;
    if (!choice || stale) {
      const value = this.choose();
      this.choice = { at: this.now(), value };
      void value.then(
        (c) => {
          // Kept while Ollama answers; a choice without it is made again after RECHECK_MS.
          if (c.backend === 'ollama' && this.choice?.value === value) this.choice.at = Infinity;
          this.onChoice(c);
        },
        () => (this.choice = undefined),
      );
    }
    return this.choice!.value;
  }

  /** Chooses, and prepares Ollama where it is the choice (the embedded model loads on first use). */
  async prepare(): Promise<void> {
    if ((await this.current()).backend === 'ollama') await this.ollama.prepare?.();
  }

  fim(req: FimRequest): AsyncIterable<string> {
    return this.route((p) => p.fim(req));
  }

  chat(req: ChatRequest): AsyncIterable<string> {
    return this.route((p) => p.chat(req));
  }

  private async *route(start: (provider: Provider) => AsyncIterable<string>): AsyncIterable<string> {
    const choice = await this.current();
    if (choice.backend === 'none') {
      throw new ModelError('unreachable', `No model to use: ${choice.why}. Start Ollama (ollama serve), or download a model to run inside infill-ls: ${this.pullCommand}`, choice.why);
    }
    try {
      yield* start(choice.backend === 'ollama' ? this.ollama : this.embedded);
    } catch (e) {
      if (e instanceof ModelError && e.kind === 'unreachable') this.choice = undefined; // Ollama went away: choose again next time
      throw e;
    }
  }
}
