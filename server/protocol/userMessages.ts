import { MessageType, type Connection } from 'vscode-languageserver';
import type { Logger } from './logger';

/**
 * `window/showMessage` for problems the user must act on, each shown once until it is
 * cleared (a completion that works again clears the model's problems), so a dead model
 * server gives one message, not one per keystroke.
 */
export class UserMessages {
  private shown = new Set<string>();

  constructor(
    private readonly connection: Connection,
    private readonly logger: Logger,
  ) {}

  /** Shows `message` unless a message with this `key` is already shown. */
  showOnce(key: string, type: MessageType, message: string): void {
    if (this.shown.has(key)) return;
    this.shown.add(key);
    this.logger.info(`showMessage: ${message}`);
    void this.connection.sendNotification('window/showMessage', { type, message: `infill-ls: ${message}` });
  }

  /** Forgets the shown messages whose keys start with `prefix`, so they can show again. */
  clear(prefix: string): void {
    for (const key of this.shown) if (key.startsWith(prefix)) this.shown.delete(key);
  }
}

export { MessageType };
