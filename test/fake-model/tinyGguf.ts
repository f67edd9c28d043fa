// A tiny random-weight GGUF model (llama architecture, ~0.5 MB, all F32), built at test time so the
// embedded llama.cpp backend (node-llama-cpp) can load, tokenize, infill and chat without real weights.
// The output is gibberish by design; what is real is the file format, the tokenizer, the FIM/chat tokens
// and the end-of-generation behaviour, which is what the backend code has to handle.
import { writeFileSync } from 'node:fs';

export interface TinyGgufOptions {
  /** Include the FIM control tokens and their metadata keys (default true). Off, the model reports no infill support. */
  fim?: boolean;
  /** Embed a ChatML `tokenizer.chat_template` (default true), which node-llama-cpp maps to its ChatML wrapper. */
  chatTemplate?: boolean;
  /** Seeds the weights; the same options always give the same bytes (default 1). */
  seed?: number;
  /** `general.name` (default 'tiny-random-llama'). */
  name?: string;
  /**
   * How the weights treat end-of-generation tokens (default 'natural'):
   * 'natural' leaves them as likely as any other token; 'never' makes them unreachable so every generation
   * runs to maxTokens (node-llama-cpp's TokenBias silently ignores biases on EOG tokens, so this has to be in
   * the weights); 'immediately' makes `</s>` win every time so every generation is empty.
   * With 'natural' and greedy sampling the output is a short deterministic cycle, so whether it ever
   * ends depends on the seed: pass maxTokens, or use 'never' when a test needs a known length.
   */
  endOfGeneration?: 'natural' | 'never' | 'immediately';
}

/** The FIM control tokens, in vocabulary order; left out entirely when `fim` is false. */
export const TINY_GGUF_FIM_TOKENS = [
  '<|fim_prefix|>',
  '<|fim_suffix|>',
  '<|fim_middle|>',
  '<|fim_pad|>',
  '<|repo_name|>',
  '<|file_sep|>',
] as const;

/** Tokens llama.cpp ends generation at (by id or by text), when they are in the vocabulary. */
export const TINY_GGUF_END_TOKENS = [
  '</s>',
  '<|endoftext|>',
  '<|im_end|>',
  '<|fim_pad|>',
  '<|repo_name|>',
  '<|file_sep|>',
] as const;

/** The SentencePiece word-boundary marker that stands for a space. */
const SPACE_MARKER = '\u2581';

const UNKNOWN_TOKEN_ID = 0;
const BOS_TOKEN_ID = 1;
const EOS_TOKEN_ID = 2;

/** llama.cpp's llama_token_type values (GGUF `tokenizer.ggml.token_type`). */
const TokenType = { normal: 1, unknown: 2, control: 3, byte: 6 } as const;

/** GGUF metadata value types. */
const ValueType = { uint32: 4, int32: 5, float32: 6, bool: 7, string: 8, array: 9 } as const;

const GGML_TYPE_F32 = 0;
const GGUF_VERSION = 3;
const ALIGNMENT = 32;

/** Model shape: small enough to load in milliseconds, large enough to exercise multi-head attention. */
const Shape = {
  blocks: 2,
  embedding: 64,
  heads: 4,
  feedForward: 128,
  context: 512,
} as const;
const HEAD_DIMENSION = Shape.embedding / Shape.heads;

/** Uniform weight range: keeps logits within a few units so sampling stays numerically tame. */
const WEIGHT_RANGE = 0.02;

/**
 * Residual-stream dimension 0 holds a constant (token embeddings put it there; no block writes to it),
 * so after the final RMS norm it is a fixed positive value and one output weight per token acts as a
 * logit bias (llama has no output bias tensor). That is how tokens are kept out of generated text and
 * how `endOfGeneration` steers the end tokens.
 */
const CONSTANT_DIMENSION_VALUE = 0.1;
/** Output weight on the constant dimension: about ±100 logits, far beyond anything the random weights add. */
const LOGIT_STEER = 20;

const CHATML_TEMPLATE =
  "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}" +
  "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

interface VocabularyEntry {
  text: string;
  type: number;
  score: number;
  /**
   * Whether generation may produce it. Off for tokens a real model never emits mid-text (<unk>, <s>,
   * <|im_start|>, the FIM prompt markers) and for byte tokens other than tab and newline, whose random
   * picks would otherwise stream invalid UTF-8 (U+FFFD) and printable characters twice over.
   */
  emitted: boolean;
}

type MetadataValue =
  | { type: 'uint32'; value: number }
  | { type: 'float32'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'string'; value: string }
  | { type: 'strings'; value: readonly string[] }
  | { type: 'float32s'; value: readonly number[] }
  | { type: 'int32s'; value: readonly number[] };

interface TensorSpec {
  name: string;
  /** ggml order: ne0 (the contiguous, input dimension) first. */
  dims: readonly number[];
  data: Float32Array;
}

/** The file's bytes. */
export function tinyGguf(options: TinyGgufOptions = {}): Buffer {
  const fim = options.fim ?? true;
  const vocabulary = buildVocabulary(fim);
  const tokenIds = new Map(vocabulary.map((entry, id) => [entry.text, id]));
  const metadata = buildMetadata(options, vocabulary, tokenIds);
  const steering = outputLogitSteering(vocabulary, options.endOfGeneration ?? 'natural');
  const tensors = buildTensors(options.seed ?? 1, vocabulary.length, steering);
  return serialize(metadata, tensors);
}

/** Writes the model to `path` (tests pass it to node-llama-cpp's `loadModel({ modelPath })`). */
export function writeTinyGguf(path: string, options?: TinyGgufOptions): void {
  writeFileSync(path, tinyGguf(options));
}

/**
 * SentencePiece-style vocabulary: specials, all 256 byte-fallback tokens (so any text tokenizes),
 * the space marker, printable ASCII, then control tokens. FIM tokens come last so every other id is
 * the same with and without them.
 */
function buildVocabulary(fim: boolean): VocabularyEntry[] {
  const control = (text: string, emitted: boolean): VocabularyEntry => ({
    text,
    type: TokenType.control,
    score: 0,
    emitted,
  });
  const entries: VocabularyEntry[] = [
    { text: '<unk>', type: TokenType.unknown, score: 0, emitted: false },
    control('<s>', false),
    control('</s>', true),
  ];
  for (let byte = 0; byte < 256; byte++) {
    const hex = byte.toString(16).toUpperCase().padStart(2, '0');
    entries.push({ text: `<0x${hex}>`, type: TokenType.byte, score: 0, emitted: byte === 0x09 || byte === 0x0a });
  }
  const pieces = [SPACE_MARKER];
  for (let code = 0x21; code <= 0x7e; code++) pieces.push(String.fromCharCode(code));
  // Distinct negative scores, as in real SentencePiece models (higher = merged earlier; no merges exist here).
  pieces.forEach((text, rank) => entries.push({ text, type: TokenType.normal, score: -(rank + 1), emitted: true }));
  entries.push(control('<|endoftext|>', true), control('<|im_start|>', false), control('<|im_end|>', true));
  if (fim) {
    const promptMarkers: readonly string[] = ['<|fim_prefix|>', '<|fim_suffix|>', '<|fim_middle|>'];
    for (const text of TINY_GGUF_FIM_TOKENS) entries.push(control(text, !promptMarkers.includes(text)));
  }
  return entries;
}

/** Per-token logit offsets, applied through the constant residual dimension (see CONSTANT_DIMENSION_VALUE). */
function outputLogitSteering(
  vocabulary: readonly VocabularyEntry[],
  endOfGeneration: NonNullable<TinyGgufOptions['endOfGeneration']>,
): Map<number, number> {
  const endTokens: ReadonlySet<string> = new Set(TINY_GGUF_END_TOKENS);
  const steering = new Map<number, number>();
  vocabulary.forEach((entry, id) => {
    const isEnd = endTokens.has(entry.text);
    if (!entry.emitted || (isEnd && endOfGeneration === 'never')) steering.set(id, -LOGIT_STEER);
  });
  if (endOfGeneration === 'immediately') steering.set(EOS_TOKEN_ID, LOGIT_STEER);
  return steering;
}

function buildMetadata(
  options: TinyGgufOptions,
  vocabulary: readonly VocabularyEntry[],
  tokenIds: ReadonlyMap<string, number>,
): Array<[string, MetadataValue]> {
  const uint32 = (value: number): MetadataValue => ({ type: 'uint32', value });
  const metadata: Array<[string, MetadataValue]> = [
    ['general.architecture', { type: 'string', value: 'llama' }],
    ['general.name', { type: 'string', value: options.name ?? 'tiny-random-llama' }],
    ['general.alignment', uint32(ALIGNMENT)],
    ['general.file_type', uint32(0)], // 0 = all F32
    ['llama.context_length', uint32(Shape.context)],
    ['llama.embedding_length', uint32(Shape.embedding)],
    ['llama.block_count', uint32(Shape.blocks)],
    ['llama.feed_forward_length', uint32(Shape.feedForward)],
    ['llama.rope.dimension_count', uint32(HEAD_DIMENSION)],
    ['llama.attention.head_count', uint32(Shape.heads)],
    ['llama.attention.head_count_kv', uint32(Shape.heads)],
    ['llama.attention.layer_norm_rms_epsilon', { type: 'float32', value: 1e-5 }],
    ['tokenizer.ggml.model', { type: 'string', value: 'llama' }],
    ['tokenizer.ggml.tokens', { type: 'strings', value: vocabulary.map((entry) => entry.text) }],
    ['tokenizer.ggml.scores', { type: 'float32s', value: vocabulary.map((entry) => entry.score) }],
    ['tokenizer.ggml.token_type', { type: 'int32s', value: vocabulary.map((entry) => entry.type) }],
    ['tokenizer.ggml.bos_token_id', uint32(BOS_TOKEN_ID)],
    ['tokenizer.ggml.eos_token_id', uint32(EOS_TOKEN_ID)],
    ['tokenizer.ggml.unknown_token_id', uint32(UNKNOWN_TOKEN_ID)],
    ['tokenizer.ggml.add_bos_token', { type: 'bool', value: true }],
    ['tokenizer.ggml.add_eos_token', { type: 'bool', value: false }],
  ];
  if (options.fim ?? true) {
    const fimKeys: Array<[string, string]> = [
      ['tokenizer.ggml.fim_pre_token_id', '<|fim_prefix|>'],
      ['tokenizer.ggml.fim_suf_token_id', '<|fim_suffix|>'],
      ['tokenizer.ggml.fim_mid_token_id', '<|fim_middle|>'],
      ['tokenizer.ggml.fim_pad_token_id', '<|fim_pad|>'],
      ['tokenizer.ggml.fim_rep_token_id', '<|repo_name|>'],
      ['tokenizer.ggml.fim_sep_token_id', '<|file_sep|>'],
    ];
    for (const [key, text] of fimKeys) metadata.push([key, uint32(requireTokenId(tokenIds, text))]);
  }
  if (options.chatTemplate ?? true) {
    metadata.push(['tokenizer.chat_template', { type: 'string', value: CHATML_TEMPLATE }]);
  }
  return metadata;
}

function requireTokenId(tokenIds: ReadonlyMap<string, number>, text: string): number {
  const id = tokenIds.get(text);
  if (id === undefined) throw new Error(`tinyGguf: token ${text} is not in the vocabulary`);
  return id;
}

function buildTensors(seed: number, vocabularySize: number, steering: ReadonlyMap<number, number>): TensorSpec[] {
  const random = mulberry32(seed);
  const randomMatrix = (inputs: number, outputs: number): Float32Array => {
    const data = new Float32Array(inputs * outputs);
    for (let i = 0; i < data.length; i++) data[i] = (random() * 2 - 1) * WEIGHT_RANGE;
    return data;
  };
  /** RMS-norm weights of 1 leave the normalised activations as they are. */
  const ones = (length: number): Float32Array => new Float32Array(length).fill(1);
  /** Zeroes output row 0 (the first `inputs` values, ggml order) so the block never writes the constant dimension. */
  const sparingConstantDimension = (matrix: Float32Array, inputs: number): Float32Array => {
    matrix.fill(0, 0, inputs);
    return matrix;
  };

  const { embedding, feedForward } = Shape;
  const tokenEmbedding = randomMatrix(embedding, vocabularySize);
  for (let token = 0; token < vocabularySize; token++) tokenEmbedding[token * embedding] = CONSTANT_DIMENSION_VALUE;

  const output = randomMatrix(embedding, vocabularySize);
  for (const [id, offset] of steering) output[id * embedding] = offset;

  const tensors: TensorSpec[] = [
    { name: 'token_embd.weight', dims: [embedding, vocabularySize], data: tokenEmbedding },
    { name: 'output_norm.weight', dims: [embedding], data: ones(embedding) },
    { name: 'output.weight', dims: [embedding, vocabularySize], data: output },
  ];
  for (let block = 0; block < Shape.blocks; block++) {
    const prefix = `blk.${block}`;
    tensors.push(
      { name: `${prefix}.attn_norm.weight`, dims: [embedding], data: ones(embedding) },
      { name: `${prefix}.attn_q.weight`, dims: [embedding, embedding], data: randomMatrix(embedding, embedding) },
      { name: `${prefix}.attn_k.weight`, dims: [embedding, embedding], data: randomMatrix(embedding, embedding) },
      { name: `${prefix}.attn_v.weight`, dims: [embedding, embedding], data: randomMatrix(embedding, embedding) },
      {
        name: `${prefix}.attn_output.weight`,
        dims: [embedding, embedding],
        data: sparingConstantDimension(randomMatrix(embedding, embedding), embedding),
      },
      { name: `${prefix}.ffn_norm.weight`, dims: [embedding], data: ones(embedding) },
      {
        name: `${prefix}.ffn_gate.weight`,
        dims: [embedding, feedForward],
        data: randomMatrix(embedding, feedForward),
      },
      { name: `${prefix}.ffn_up.weight`, dims: [embedding, feedForward], data: randomMatrix(embedding, feedForward) },
      {
        name: `${prefix}.ffn_down.weight`,
        dims: [feedForward, embedding],
        data: sparingConstantDimension(randomMatrix(feedForward, embedding), feedForward),
      },
    );
  }
  return tensors;
}

/** GGUF v3: header, metadata, tensor infos, padding to the alignment, then each tensor's data at an aligned offset. */
function serialize(metadata: ReadonlyArray<[string, MetadataValue]>, tensors: readonly TensorSpec[]): Buffer {
  const writer = new ByteWriter();
  writer.bytes(Buffer.from('GGUF', 'ascii'));
  writer.uint32(GGUF_VERSION);
  writer.uint64(tensors.length);
  writer.uint64(metadata.length);
  for (const [key, value] of metadata) {
    writer.string(key);
    writeMetadataValue(writer, value);
  }

  const dataOffsets: number[] = [];
  let dataSize = 0;
  for (const tensor of tensors) {
    dataOffsets.push(dataSize);
    dataSize = alignUp(dataSize + tensor.data.byteLength, ALIGNMENT);
  }
  tensors.forEach((tensor, index) => {
    writer.string(tensor.name);
    writer.uint32(tensor.dims.length);
    for (const dim of tensor.dims) writer.uint64(dim);
    writer.uint32(GGML_TYPE_F32);
    writer.uint64(dataOffsets[index] ?? 0);
  });

  writer.padTo(ALIGNMENT);
  const dataStart = writer.length;
  tensors.forEach((tensor, index) => {
    writer.padTo(ALIGNMENT);
    if (writer.length - dataStart !== dataOffsets[index]) throw new Error(`tinyGguf: ${tensor.name} misplaced`);
    writer.bytes(Buffer.from(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength));
  });
  writer.padTo(ALIGNMENT);
  return writer.toBuffer();
}

function writeMetadataValue(writer: ByteWriter, value: MetadataValue): void {
  switch (value.type) {
    case 'uint32':
      writer.uint32(ValueType.uint32);
      writer.uint32(value.value);
      return;
    case 'float32':
      writer.uint32(ValueType.float32);
      writer.float32(value.value);
      return;
    case 'bool':
      writer.uint32(ValueType.bool);
      writer.bytes(Buffer.of(value.value ? 1 : 0));
      return;
    case 'string':
      writer.uint32(ValueType.string);
      writer.string(value.value);
      return;
    case 'strings':
      writer.arrayHeader(ValueType.string, value.value.length);
      for (const item of value.value) writer.string(item);
      return;
    case 'float32s':
      writer.arrayHeader(ValueType.float32, value.value.length);
      for (const item of value.value) writer.float32(item);
      return;
    case 'int32s':
      writer.arrayHeader(ValueType.int32, value.value.length);
      for (const item of value.value) writer.int32(item);
      return;
  }
}

/** Little-endian append-only buffer (GGUF is little-endian throughout). */
class ByteWriter {
  private readonly chunks: Buffer[] = [];
  length = 0;

  bytes(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.length += chunk.length;
  }

  uint32(value: number): void {
    const chunk = Buffer.alloc(4);
    chunk.writeUInt32LE(value);
    this.bytes(chunk);
  }

  int32(value: number): void {
    const chunk = Buffer.alloc(4);
    chunk.writeInt32LE(value);
    this.bytes(chunk);
  }

  uint64(value: number): void {
    const chunk = Buffer.alloc(8);
    chunk.writeBigUInt64LE(BigInt(value));
    this.bytes(chunk);
  }

  float32(value: number): void {
    const chunk = Buffer.alloc(4);
    chunk.writeFloatLE(value);
    this.bytes(chunk);
  }

  /** GGUF string: uint64 byte length, then UTF-8 bytes without a terminator. */
  string(value: string): void {
    const encoded = Buffer.from(value, 'utf8');
    this.uint64(encoded.length);
    this.bytes(encoded);
  }

  arrayHeader(elementType: number, count: number): void {
    this.uint32(ValueType.array);
    this.uint32(elementType);
    this.uint64(count);
  }

  padTo(alignment: number): void {
    const padding = alignUp(this.length, alignment) - this.length;
    if (padding > 0) this.bytes(Buffer.alloc(padding));
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.chunks, this.length);
  }
}

function alignUp(offset: number, alignment: number): number {
  return Math.ceil(offset / alignment) * alignment;
}

/** Small seeded PRNG (mulberry32): deterministic weights without a dependency. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
