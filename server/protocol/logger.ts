import type { Log } from '../reporting/log';
import * as fs from 'node:fs';
import type { LogLevel } from '../config/settings';

const RANK: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

/** Where log lines go besides the file: the client's `window/logMessage`, once connected. */
export type LogSink = (level: LogLevel, message: string) => void;

/**
 * The server's log: `window/logMessage` for the editor, and `--log-file` when given.
 * File writes are synchronous so nothing is lost when the process exits right after.
 */
export class Logger implements Log {
  level: LogLevel = 'info';
  private sink: LogSink | undefined;
  private fd: number | undefined;
  private secrets: string[] = [];

  constructor(logFile?: string) {
    if (logFile) this.fd = fs.openSync(logFile, 'a');
  }

  attach(sink: LogSink): void {
    this.sink = sink;
  }

  error(message: string): void {
    this.write('error', message);
  }
  warn(message: string): void {
    this.write('warn', message);
  }
  info(message: string): void {
    this.write('info', message);
  }
  debug(message: string): void {
    this.write('debug', message);
  }

  /** Values (API keys) that must never appear in a log line: they are written as `***`. */
  setSecrets(values: ReadonlyArray<string | undefined>): void {
    this.secrets = values.filter((v): v is string => typeof v === 'string' && v.length >= 4);
  }

  close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }

  private write(level: LogLevel, raw: string): void {
    if (RANK[level] > RANK[this.level]) return;
    const message = this.secrets.reduce((m, secret) => m.split(secret).join('***'), raw);
    if (this.fd !== undefined) {
      try {
        fs.writeSync(this.fd, `${new Date().toISOString()} [${level}] ${message}\n`);
      } catch {
        // A full disk must not take the server down; the editor still gets the line.
      }
    }
    try {
      this.sink?.(level, message);
    } catch {
      // The connection may already be gone during shutdown.
    }
  }
}
