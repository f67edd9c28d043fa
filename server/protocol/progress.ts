import { randomUUID } from 'node:crypto';
import type { ClientCapabilities, Connection } from 'vscode-languageserver';
import { requestFromClient } from './clientRequests';
import type { Progress } from '../reporting/progress';
import type { Logger } from './logger';

const SILENT: Progress = { report: () => undefined, done: () => undefined };

/** Starts a server-initiated progress (`window/workDoneProgress/create`), or a silent one. */
/** `measured`: the work has a known amount, so the progress starts at 0% (clients ignore later percentages otherwise). */
export async function beginProgress(connection: Connection, logger: Logger, client: ClientCapabilities, title: string, message: string, measured = false): Promise<Progress> {
  if (!client.window?.workDoneProgress) return SILENT;
  const token = randomUUID();
  const created = await requestFromClient<null>(connection, logger, 'window/workDoneProgress/create', { token });
  if (created === undefined) return SILENT; // refused or never answered: do not send $/progress for it
  const send = (value: object) => void connection.sendNotification('$/progress', { token, value });
  send({ kind: 'begin', title, message, cancellable: false, ...(measured ? { percentage: 0 } : {}) });
  let ended = false;
  return {
    report: (m, percentage) => !ended && send({ kind: 'report', message: m, ...(percentage === undefined ? {} : { percentage: Math.floor(percentage) }) }),
    done: (m) => {
      if (ended) return;
      ended = true;
      send({ kind: 'end', message: m });
    },
  };
}
