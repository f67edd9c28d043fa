/** Reports work the user waits on (protocol/progress.ts sends it as `$/progress` where the client supports it). */
export interface Progress {
  report(message: string): void;
  done(message?: string): void;
}
