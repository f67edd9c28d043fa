import { describe, expect, it } from 'vitest';
import { CheckAhead } from '../../server/features/checkAhead';

/**
 * The answer so far is checked while the model writes: the latest text only, once per turn
 * of the event loop, and only while a check costs less than the time between two texts.
 * A clock and a queue stand in for performance.now() and setImmediate.
 */
function harness(costOf: (text: string) => number = () => 1) {
  let clock = 0;
  const queued: Array<() => void> = [];
  const checked: string[] = [];
  const ahead = new CheckAhead(
    (text) => {
      checked.push(text);
      clock += costOf(text);
      if (text.includes('boom')) throw new Error('a check that fails');
    },
    () => clock,
    (run) => queued.push(run),
  );
  return {
    ahead,
    checked,
    /** A text `gap` ms after the previous one. */
    text(text: string, gap = 10) {
      clock += gap;
      ahead.text(text);
    },
    /** A turn of the event loop: the queued checks run. */
    turn() {
      for (const run of queued.splice(0)) run();
    },
  };
}

describe('CheckAhead', () => {
  it('checks each text the model wrote when the loop turns before the next one', () => {
    const h = harness();
    h.text('a');
    h.turn();
    h.text('ab');
    h.turn();
    expect(h.checked).toEqual(['a', 'ab']);
  });

  it('checks only the latest of texts that came in one turn', () => {
    const h = harness();
    h.text('a');
    h.text('ab');
    h.text('abc');
    h.turn();
    expect(h.checked).toEqual(['abc']);
  });

  it('stops once stopped, also for a check already queued', () => {
    const h = harness();
    h.text('a');
    h.ahead.stop();
    h.turn();
    h.text('ab');
    h.turn();
    expect(h.checked).toEqual([]);
  });

  it('stops checking while a check costs more than the time between two texts, and goes on when it costs less', () => {
    const h = harness((text) => (text.length === 2 ? 30 : 1));
    h.text('a', 10);
    h.turn();
    h.text('ab', 10); // its check costs 30 ms, three texts' time
    h.turn();
    h.text('abc', 10);
    h.turn();
    h.text('abcd', 10);
    h.turn();
    expect(h.checked).toEqual(['a', 'ab']);
    // A model that slows down (a pause longer than the last check) is checked again.
    h.text('abcde', 40);
    h.turn();
    expect(h.checked).toEqual(['a', 'ab', 'abcde']);
  });

  it('checks a text when the last check cost exactly twice the idle time before it', () => {
    const h = harness((text) => (text === 'ab' ? 20 : 1));
    h.text('a');
    h.turn();
    h.text('ab');
    h.turn();
    h.text('abc', 10);
    h.turn();
    expect(h.checked).toEqual(['a', 'ab', 'abc']);
  });

  it('runs on the real clock and event loop by default', async () => {
    const checked: string[] = [];
    const ahead = new CheckAhead((text) => checked.push(text));
    ahead.text('a');
    expect(checked).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(checked).toEqual(['a']);
  });

  it('keeps a failing check to itself: the check of the finished answer reports it', () => {
    const h = harness();
    h.text('boom');
    expect(() => h.turn()).not.toThrow();
    h.text('boom!');
    h.turn();
    expect(h.checked).toEqual(['boom', 'boom!']);
  });
});
