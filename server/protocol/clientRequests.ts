import type { Connection } from 'vscode-languageserver';
import type { Logger } from './logger';

/** Some clients never answer some requests (ALE and `workspace/applyEdit`); never wait forever. */
export const CLIENT_REQUEST_TIMEOUT_MS = 5000;

/**
 * Sends a request to the client; resolves with its result, or with `undefined` when the
 * client answers with an error or not within `timeoutMs`.
 */
export async function requestFromClient<R>(
  connection: Connection,
  logger: Logger,
  method: string,
  params: unknown,
  timeoutMs = CLIENT_REQUEST_TIMEOUT_MS,
): Promise<R | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const result = await Promise.race([connection.sendRequest<R>(method, params), timedOut]);
    if (result === 'timeout') {
      logger.warn(`the client did not answer ${method} within ${timeoutMs} ms; going on without it`);
      return undefined;
    }
    return result as R;
  } catch (e) {
    logger.warn(`the client answered ${method} with an error: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}
