/** Reports work the user waits on (protocol/progress.ts sends it as `$/progress` where the client supports it). */
export interface Progress {
  /** `percentage` (0 to 100) where the amount of work is known. */
  report(message: string, percentage?: number): void;
  done(message?: string): void;
}
