import * as os from 'node:os';
import { ModelError } from './modelError';

// The parts of node-llama-cpp the embedded backend uses, typed here: node-llama-cpp is an
// optional dependency, so the build must not need its types (a platform without it still builds).

export interface LlamaGenerationOptions {
  onTextChunk?: (text: string) => void;
  signal?: AbortSignal;
  stopOnAbortSignal?: boolean;
  maxTokens?: number;
  temperature?: number;
  customStopTriggers?: readonly string[];
}

export type LlamaStopReason = 'eogToken' | 'stopGenerationTrigger' | 'maxTokens' | 'abort' | 'customStopTrigger' | 'functionCalls';

export interface LlamaCompletionInstance {
  readonly infillSupported: boolean;
  generateInfillCompletionWithMeta(prefix: string, suffix: string, options: LlamaGenerationOptions): Promise<{ response: string; metadata: { stopReason: LlamaStopReason } }>;
  dispose(options?: { disposeSequence?: boolean }): void;
}

export type LlamaChatHistoryItem = { type: 'system'; text: string } | { type: 'user'; text: string } | { type: 'model'; response: string[] };

export interface LlamaChatInstance {
  generateResponse(history: LlamaChatHistoryItem[], options: LlamaGenerationOptions): Promise<{ response: string; metadata: { stopReason: LlamaStopReason } }>;
  readonly chatWrapper: { readonly wrapperName?: string };
  dispose(options?: { disposeSequence?: boolean }): void;
}

export interface LlamaSequence {
  dispose(): void;
}

export interface LlamaContextInstance {
  readonly contextSize: number;
  getSequence(): LlamaSequence;
  dispose(): Promise<void>;
}

export interface LlamaModelInstance {
  readonly trainContextSize: number;
  tokenize(text: string): unknown[];
  createContext(options: { contextSize: number; sequences: number; threads?: number }): Promise<LlamaContextInstance>;
  dispose(): Promise<void>;
}

export interface LlamaInstance {
  /** `false` on CPU, else the GPU type (`metal`, `cuda`, `vulkan`). */
  readonly gpu: string | false;
  loadModel(options: { modelPath: string; gpuLayers?: number | 'auto' }): Promise<LlamaModelInstance>;
  dispose(): Promise<void>;
}

export interface NodeLlamaCpp {
  getLlama(options: { gpu: false | 'auto'; build: 'never'; maxThreads?: number; progressLogs?: boolean; logLevel?: string; logger?: (level: string, message: string) => void }): Promise<LlamaInstance>;
  LlamaCompletion: new (options: { contextSequence: LlamaSequence }) => LlamaCompletionInstance;
  LlamaChat: new (options: { contextSequence: LlamaSequence; chatWrapper?: 'auto' }) => LlamaChatInstance;
  NoBinaryFoundError: new (...args: never[]) => Error;
}

/** The platform package node-llama-cpp needs for its CPU build here, for messages; undefined where there is none. */
export function binaryPackage(platform: NodeJS.Platform = process.platform, arch: string = process.arch): string | undefined {
  const name =
    platform === 'linux'
      ? { x64: 'linux-x64', arm64: 'linux-arm64', arm: 'linux-armv7l' }[arch]
      : platform === 'darwin'
        ? { arm64: 'mac-arm64-metal', x64: 'mac-x64' }[arch]
        : platform === 'win32'
          ? { x64: 'win-x64', arm64: 'win-arm64' }[arch]
          : undefined;
  return name ? `@node-llama-cpp/${name}` : undefined;
}

/** The node-llama-cpp version infill-ls is built against (package.json pins it). */
export const NODE_LLAMA_CPP_VERSION = '3.21.1';

/** What to run where node-llama-cpp or its binary is missing. */
export function installFix(): string {
  const binary = binaryPackage();
  if (!binary) return `node-llama-cpp has no prebuilt binary for ${process.platform}-${process.arch}: use a model server (infill.model.provider "ollama", "openai" or "llamacpp")`;
  return `in infill-ls's folder: npm install --no-save node-llama-cpp@${NODE_LLAMA_CPP_VERSION} ${binary}@${NODE_LLAMA_CPP_VERSION}  (or use a model server: infill.model.provider)`;
}

/** The default thread count: node-llama-cpp's own CPU default oversubscribes small machines (1000x slower on 2 cores). */
export function defaultThreads(cores: number = os.availableParallelism()): number {
  return Math.max(1, cores - 1);
}

/** A specifier in a variable: neither the type check (the package is optional) nor the bundler (native binaries by path) follows it. */
const NODE_LLAMA_CPP = 'node-llama-cpp';

/** Where main.ts lends its import() (`Symbol.for`, so that the bundle and main.ts share it without importing each other). */
export const ESM_IMPORT = 'infill-ls.import';

/**
 * node-llama-cpp's runtime, loaded once, on first use (import ~300 ms, getLlama ~400 ms).
 * `build: "never"`: nothing is compiled or downloaded at run time. Failures are ModelErrors
 * that say what is missing and how to install it.
 */
export class LlamaRuntime {
  private loading: Promise<{ module: NodeLlamaCpp; llama: LlamaInstance }> | undefined;

  constructor(private readonly log: (message: string) => void = () => undefined) {}

  get(): Promise<{ module: NodeLlamaCpp; llama: LlamaInstance }> {
    this.loading ??= this.load().catch((e: unknown) => {
      this.loading = undefined; // installed since: try again next time
      throw e;
    });
    return this.loading;
  }

  private async load(): Promise<{ module: NodeLlamaCpp; llama: LlamaInstance }> {
    let module: NodeLlamaCpp;
    try {
      // ESM only: import(), which TypeScript keeps as import() in CommonJS output under module node16.
      // Code that main.ts compiled with the code cache has no import() of its own: main.ts lends its own.
      const lent = (globalThis as Record<symbol, ((specifier: string) => Promise<unknown>) | undefined>)[Symbol.for(ESM_IMPORT)];
      module = (await (lent ? lent(NODE_LLAMA_CPP) : import(NODE_LLAMA_CPP))) as NodeLlamaCpp;
    } catch (e) {
      const detail = e instanceof Error ? e.message : String(e);
      throw new ModelError('noRuntime', `The embedded model needs node-llama-cpp, which is not installed. Fix: ${installFix()}`, `import failed: ${detail}`);
    }
    try {
      const llama = await module.getLlama({
        gpu: process.platform === 'darwin' ? 'auto' : false,
        build: 'never',
        // No cap here: each context sets its own threads (node-llama-cpp's default cap oversubscribes small machines).
        maxThreads: 0,
        progressLogs: false,
        logLevel: 'warn',
        logger: (level, message) => this.log(`node-llama-cpp ${level}: ${message}`),
      });
      return { module, llama };
    } catch (e) {
      if (e instanceof module.NoBinaryFoundError) {
        throw new ModelError('noRuntime', `node-llama-cpp has no binary for ${process.platform}-${process.arch} installed. Fix: ${installFix()}`, 'NoBinaryFoundError');
      }
      const detail = e instanceof Error ? e.message : String(e);
      throw new ModelError('noRuntime', `node-llama-cpp could not start (${detail}). Fix: ${installFix()}`, detail);
    }
  }

  /** Frees the native runtime (the models are disposed first by their owners). */
  async dispose(): Promise<void> {
    const loading = this.loading;
    this.loading = undefined;
    if (!loading) return;
    const runtime = await loading.catch(() => undefined);
    await runtime?.llama.dispose();
  }
}
