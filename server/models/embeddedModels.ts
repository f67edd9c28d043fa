import * as fs from 'node:fs';
import { ModelError } from './modelError';
import type { LlamaContextInstance, LlamaModelInstance, LlamaRuntime, LlamaSequence } from './llamaRuntime';

/** How one model file is loaded: the settings that change what is loaded. */
export interface EmbeddedLoad {
  file: string;
  contextSize: number;
  threads: number;
  /** Unload after this long without a request; 0: never. */
  idleUnloadMs: number;
}

/** Independent generations per loaded model: a completion and an action can run at once. */
const SEQUENCES = 2;

/** A model file in memory, with its context and the sequences requests take turns on. */
export class LoadedModel {
  private readonly free: LlamaSequence[];
  private readonly waiting: Array<(sequence: LlamaSequence) => void> = [];
  private users = 0;

  constructor(
    readonly model: LlamaModelInstance,
    readonly context: LlamaContextInstance,
    readonly loadMs: number,
  ) {
    this.free = Array.from({ length: SEQUENCES }, () => context.getSequence());
  }

  get busy(): boolean {
    return this.users > 0;
  }

  /** A sequence for one generation; waits for one to free up, or rejects when `signal` aborts first. */
  acquire(signal: AbortSignal): Promise<LlamaSequence> {
    this.users++;
    const ready = this.free.pop();
    if (ready) return Promise.resolve(ready);
    return new Promise<LlamaSequence>((resolve, reject) => {
      const take = (sequence: LlamaSequence) => {
        signal.removeEventListener('abort', onAbort);
        resolve(sequence);
      };
      const onAbort = () => {
        this.waiting.splice(this.waiting.indexOf(take), 1);
        this.users--;
        reject(signal.reason);
      };
      if (signal.aborted) return onAbort();
      this.waiting.push(take);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  release(sequence: LlamaSequence): void {
    this.users--;
    const next = this.waiting.shift();
    if (next) next(sequence);
    else this.free.push(sequence);
  }

  async dispose(): Promise<void> {
    await this.context.dispose();
    await this.model.dispose();
  }
}

/**
 * The process's loaded model files, shared by every job that names the same file: loaded
 * on first use, unloaded after `idleUnloadMs` without a request (0: never).
 */
export class EmbeddedModels {
  private readonly loaded = new Map<string, { model: Promise<LoadedModel>; timer?: NodeJS.Timeout }>();

  constructor(readonly runtime: LlamaRuntime) {}

  /** The loaded model, loading it first if needed; the caller must `done()` when its generation ends. */
  async use(load: EmbeddedLoad): Promise<LoadedModel> {
    const key = keyOf(load);
    let entry = this.loaded.get(key);
    if (entry?.timer) clearTimeout(entry.timer);
    if (!entry) {
      entry = { model: this.load(load) };
      this.loaded.set(key, entry);
      entry.model.catch(() => this.loaded.delete(key)); // a failed load is tried again next time
    }
    entry.timer = undefined;
    return entry.model;
  }

  /** A generation on the model of `load` ended: unload it once it stays idle. */
  done(load: EmbeddedLoad, model: LoadedModel): void {
    const key = keyOf(load);
    const entry = this.loaded.get(key);
    const idleMs = load.idleUnloadMs;
    if (!entry || model.busy || idleMs <= 0) return;
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = setTimeout(() => {
      if (model.busy || this.loaded.get(key) !== entry) return;
      this.loaded.delete(key);
      void model.dispose();
    }, idleMs);
    entry.timer.unref(); // an idle model never keeps the process alive
  }

  /** How many model files are in memory now (for tests and the doctor). */
  get count(): number {
    return this.loaded.size;
  }

  async disposeAll(): Promise<void> {
    const entries = [...this.loaded.values()];
    this.loaded.clear();
    for (const entry of entries) {
      if (entry.timer) clearTimeout(entry.timer);
      const model = await entry.model.catch(() => undefined);
      await model?.dispose();
    }
    await this.runtime.dispose();
  }

  private async load(load: EmbeddedLoad): Promise<LoadedModel> {
    const { llama } = await this.runtime.get();
    if (!fs.existsSync(load.file)) throw missingFile(load.file);
    const started = performance.now();
    let model: LlamaModelInstance;
    try {
      model = await llama.loadModel({ modelPath: load.file });
    } catch (e) {
      const detail = e instanceof Error ? e.message : String(e);
      throw new ModelError('modelFile', `The embedded model cannot load ${load.file} (${detail}). Is it a GGUF model file?`, `loadModel: ${detail}`);
    }
    try {
      // More context than the model was trained for only wastes memory.
      const contextSize = Math.min(load.contextSize, model.trainContextSize || load.contextSize);
      const context = await model.createContext({ contextSize, sequences: SEQUENCES, threads: load.threads });
      return new LoadedModel(model, context, performance.now() - started);
    } catch (e) {
      await model.dispose();
      const detail = e instanceof Error ? e.message : String(e);
      throw new ModelError('modelFile', `The embedded model loaded ${load.file} but cannot make a context of ${load.contextSize} tokens (${detail}). Lower infill.model.embedded.contextSize.`, `createContext: ${detail}`);
    }
  }
}

function keyOf(load: EmbeddedLoad): string {
  return JSON.stringify([load.file, load.contextSize, load.threads]);
}

/** The error for a model file that is not there, with the way to get it. */
export function missingFile(file: string, pullName?: string): ModelError {
  const fix = pullName ? `run: infill-ls model pull ${pullName}  (or set infill.model.path to a GGUF file)` : 'set infill.model.path to a GGUF file that exists';
  return new ModelError('modelFile', `The embedded model file ${file} is not there. Fix: ${fix}`, `missing: ${file}`);
}
