/**
 * Where the server's layers below protocol/ write what happened: protocol/logger.ts is the
 * implementation (levels, the log file, secrets kept out), handed down as this interface.
 */
export interface Log {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
}
