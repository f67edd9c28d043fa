// Turns "what the model would say" into the tokens a server actually sends: stop strings cut the
// text (and are not included, as in Ollama and llama-server), the token budget truncates it.

/** How generation ended, in llama-server's words (Ollama and OpenAI map these, reference §4.4). */
export type StopType = 'eos' | 'word' | 'limit';

export interface Outcome {
  tokens: string[];
  /** tokens.join('') */
  text: string;
  stopType: StopType;
  /** The stop string that matched (stopType 'word'), else ''. */
  stoppingWord: string;
}

export interface OutputLimits {
  tokenChars: number;
  stop: string[];
  /** Maximum tokens; undefined or <= 0 means unlimited (num_predict -1, n_predict -1). */
  budget?: number;
}

export function planOutput(text: string, limits: OutputLimits): Outcome {
  let cutAt = text.length;
  let stoppingWord = '';
  for (const word of limits.stop) {
    const at = word === '' ? -1 : text.indexOf(word);
    if (at >= 0 && at < cutAt) {
      cutAt = at;
      stoppingWord = word;
    }
  }
  let tokens = splitTokens(text.slice(0, cutAt), limits.tokenChars);
  let stopType: StopType = stoppingWord ? 'word' : 'eos';
  const budget = limits.budget;
  // A model that produced `budget` tokens stops for the limit before it could emit EOS or the stop word.
  if (budget !== undefined && budget > 0 && tokens.length >= budget) {
    tokens = tokens.slice(0, budget);
    stopType = 'limit';
    stoppingWord = '';
  }
  return { tokens, text: tokens.join(''), stopType, stoppingWord };
}

/** Pieces of `size` code points each, so no token splits a surrogate pair. */
export function splitTokens(text: string, size: number): string[] {
  const points = Array.from(text);
  const step = Math.max(1, Math.floor(size));
  const tokens: string[] = [];
  for (let i = 0; i < points.length; i += step) tokens.push(points.slice(i, i + step).join(''));
  return tokens;
}

/** Ollama done_reason / OpenAI finish_reason. */
export function finishReason(outcome: Outcome): 'stop' | 'length' {
  return outcome.stopType === 'limit' ? 'length' : 'stop';
}

/** A rough token count for usage fields: 4 code points per token, at least 1 for a non-empty text. */
export function roughTokenCount(text: string): number {
  return Math.ceil(Array.from(text).length / 4);
}
