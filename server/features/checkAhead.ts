/**
 * Checks a streamed answer ahead of its end. A model says `done` one token's time after its
 * last text; meanwhile the answer so far is checked as if it were all, and the check (its
 * splice parses are memoised per insertion) finds its work done when the answer is in.
 *
 * Only the latest text is checked, once per turn of the event loop, and only while a check
 * costs at most twice the time the model leaves idle between two texts: where the unit
 * around the cursor is large (a class that holds the whole file), a check costs tens of
 * milliseconds, and checking each token would hold back the stream and take the CPU a local
 * model runs on.
 */
export class CheckAhead {
  private latest = '';
  private latestAt = -Infinity;
  private checkEndedAt = -Infinity;
  /** What the last check cost. */
  private costMs = 0;
  private stopped = false;

  constructor(
    private readonly check: (text: string) => void,
    private readonly now: () => number = () => performance.now(),
    private readonly later: (run: () => void) => void = (run) => void setImmediate(run),
  ) {}

  /** The answer so far. */
  text(text: string): void {
    const at = this.now();
    // The time the model left since its last text, or since the last check ended: a text that
    // came during a check waited for it.
    const idleMs = at - Math.max(this.latestAt, this.checkEndedAt);
    this.latestAt = at;
    this.latest = text;
    // Up to twice the idle time: the checks take at most two thirds of the time between texts.
    if (this.stopped || this.costMs > 2 * idleMs) return;
    this.later(() => {
      if (this.stopped || this.latest !== text) return;
      const start = this.now();
      try {
        this.check(text);
      } catch {
        // The check of the finished answer meets the same error and reports it.
      } finally {
        this.checkEndedAt = this.now();
        this.costMs = this.checkEndedAt - start;
      }
    });
  }

  /** No more checks: the answer is in, or what a check reads is gone. */
  stop(): void {
    this.stopped = true;
  }
}
