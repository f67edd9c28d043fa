// The fake model's behaviours used by the benchmarks.
import type { Behavior, RecordedRequest } from '../test/fake-model';
import { TEMPLATES, type BenchLanguage } from './templates';

/** Small per-token delay: a fast local model, so the server's share is visible. */
export const TOKEN_DELAY_MS = 2;

/**
 * A two-line answer that continues the cursor's line, its second line indented like that
 * line (as a model would write it); single-line requests are cut at the newline by the fake.
 */
export function realisticAnswer(language: BenchLanguage): Behavior {
  const [first, second] = TEMPLATES[language].answer;
  return {
    tokenDelayMs: TOKEN_DELAY_MS,
    text: (req: RecordedRequest) => {
      const prompt = String(req.body?.prompt ?? '');
      const indent = /^[ \t]*/.exec(prompt.slice(prompt.lastIndexOf('\n') + 1))![0];
      return `${first}\n${indent}${second}`;
    },
  };
}

/** The model's own time before its first token in the tables that compare with a direct call (issue 17's setting). */
export const MODEL_LATENCY_MS = 100;

/** `realisticAnswer` from a model that takes MODEL_LATENCY_MS before it starts writing. */
export function slowModelAnswer(language: BenchLanguage): Behavior {
  return { ...realisticAnswer(language), headerDelayMs: MODEL_LATENCY_MS };
}

/** Writes the start of a line, then keeps the stream open until the client closes it. */
export const HOLD_OPEN: Behavior = { text: 'compute(value', tokenDelayMs: 0, hold: true };

/**
 * `realisticAnswer` written at once MODEL_LATENCY_MS after the request: a model whose whole
 * time is the 100 ms that table 6's targets include (as table 9's fake Tabby server answers).
 */
export function wholeAnswerAfterLatency(language: BenchLanguage): Behavior {
  return { ...realisticAnswer(language), headerDelayMs: MODEL_LATENCY_MS, tokenDelayMs: 0, coalesce: true };
}
