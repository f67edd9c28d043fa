import * as os from 'node:os';
import * as path from 'node:path';

/** A code model the embedded backend can download by name: base models with FIM tokens, in GGUF. */
export interface KnownModel {
  /** What `model.name` and `infill-ls model pull` call it (Ollama's tag for the same model, so one name works with both). */
  name: string;
  /** Shown in the download offer and in `model list`. */
  title: string;
  /** The file name in the models folder. */
  file: string;
  /** Where it is downloaded from, on Hugging Face (`HF_ENDPOINT` replaces the host, for mirrors). */
  path: string;
  /** Bytes, as the download offer states it (the checksum, not the size, decides whether a file is right). */
  approxBytes: number;
  sha256: string;
}

/**
 * Qwen2.5-Coder base models in Q8_0, as Tabby's model registry lists them (the same files
 * and checksums). Q8_0 keeps the small models' quality; they fill in the middle with the
 * `<|fim_prefix|>` tokens in their GGUF metadata.
 */
export const KNOWN_MODELS: readonly KnownModel[] = [
  {
    name: 'qwen2.5-coder:1.5b-base',
    title: 'qwen2.5-coder 1.5B',
    file: 'qwen2.5-coder-1.5b-q8_0.gguf',
    path: 'ikw/Qwen2.5-Coder-1.5B-GGUF/resolve/main/qwen2.5-coder-1.5b-q8_0.gguf',
    approxBytes: 1_650_000_000,
    sha256: '116f205cba3d96dfd6b6c1e37bef6149a6722c62687621200be218314eb2851b',
  },
  {
    name: 'qwen2.5-coder:0.5b-base',
    title: 'qwen2.5-coder 0.5B',
    file: 'qwen2.5-coder-0.5b-q8_0.gguf',
    path: 'ikw/Qwen2.5-Coder-0.5B-GGUF/resolve/main/qwen2.5-coder-0.5b-q8_0.gguf',
    approxBytes: 530_000_000,
    sha256: 'a563b0822d92aa051118fe9e2a1bea30802ead74e464980cbeac058041daed6a',
  },
  {
    name: 'qwen2.5-coder:3b-base',
    title: 'qwen2.5-coder 3B',
    file: 'qwen2.5-coder-3b-q8_0.gguf',
    path: 'ikw/Qwen2.5-Coder-3B-GGUF/resolve/main/qwen2.5-coder-3b-q8_0.gguf',
    approxBytes: 3_290_000_000,
    sha256: 'db1141ead601b85a0a7acd00d318d83712201db89dc552f9b79952bf6cc89ab8',
  },
];

/** The model the download offer proposes and `infill-ls model pull` fetches without a name. */
export const DEFAULT_EMBEDDED_MODEL = KNOWN_MODELS[0];

export function knownModel(name: string): KnownModel | undefined {
  return KNOWN_MODELS.find((m) => m.name === name);
}

/** `$XDG_CACHE_HOME/infill-ls/models`, else `~/.cache/infill-ls/models` (`%LOCALAPPDATA%` on Windows). */
export function modelsFolder(env: NodeJS.ProcessEnv = process.env): string {
  const cache = env.XDG_CACHE_HOME || (process.platform === 'win32' && env.LOCALAPPDATA) || path.join(os.homedir(), '.cache');
  return path.join(cache, 'infill-ls', 'models');
}

/** Where a known model's file is (or would be) stored. */
export function storedFile(model: KnownModel, env: NodeJS.ProcessEnv = process.env): string {
  return path.join(modelsFolder(env), model.file);
}

/** The download URL, through `HF_ENDPOINT` when set (Hugging Face's own variable for mirrors). */
export function downloadUrl(model: KnownModel, env: NodeJS.ProcessEnv = process.env): string {
  const host = (env.HF_ENDPOINT || 'https://huggingface.co').replace(/\/+$/, '');
  return `${host}/${model.path}`;
}

/**
 * The GGUF file the embedded backend loads for these settings: `model.path`, else the stored
 * file of the known model `model.name` names; undefined when the name is not a known model.
 */
export function embeddedModelFile(model: { name: string; path: string }, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (model.path) return path.resolve(model.path.replace(/^~(?=$|[\\/])/, os.homedir()));
  const known = knownModel(model.name);
  return known ? storedFile(known, env) : undefined;
}

/** `1.6 GB`, `530 MB`: sizes as a download offer states them. */
export function sizeText(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${Math.round(bytes / 1e6)} MB`;
  return `${Math.max(1, Math.round(bytes / 1e3))} kB`;
}
