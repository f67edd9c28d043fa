import type { Connection } from 'vscode-languageserver';
import type { CommandTrust } from '../config/commandTrust';
import { userConfigPath } from '../config/commandTrust';
import { requestFromClient } from './clientRequests';
import type { Logger } from './logger';
import { MessageType, type UserMessages } from './userMessages';

/** How long the user has to answer the prompt before it counts as "not allowed". */
const ANSWER_TIMEOUT_MS = 120_000;
const ALLOW = 'Allow';
const DENY = "Don't allow";

/**
 * Asks the user, once per workspace and command, whether a command named in the settings
 * may run (`window/showMessageRequest`), and remembers the answer. No answer, an error, or
 * a client without the request means not allowed, with a message that says how to allow it.
 */
export class CommandApproval {
  private readonly asking = new Map<string, Promise<boolean>>();

  constructor(
    private readonly connection: Connection,
    private readonly logger: Logger,
    private readonly messages: UserMessages,
    private readonly trust: CommandTrust,
    private readonly workspace: () => string,
  ) {}

  /** Whether `command` (for `purpose`, e.g. "checking python code") may run now. */
  approved(command: readonly string[], purpose: string): Promise<boolean> {
    const workspace = this.workspace();
    const decision = this.trust.decision(workspace, command);
    if (decision !== 'unknown') {
      if (decision === 'denied') this.tellHowToAllow(command, workspace, 'you did not allow it');
      return Promise.resolve(decision === 'allowed');
    }
    const key = JSON.stringify([workspace, command]);
    let pending = this.asking.get(key);
    if (!pending) {
      pending = this.ask(command, purpose, workspace);
      this.asking.set(key, pending);
      // An unanswered prompt may be asked again later in the session; an answer is remembered on disk.
      void pending.then(() => this.asking.delete(key));
    }
    return pending;
  }

  private async ask(command: readonly string[], purpose: string, workspace: string): Promise<boolean> {
    const shown = quote(command);
    const answer = await requestFromClient<{ title: string } | null>(
      this.connection,
      this.logger,
      'window/showMessageRequest',
      {
        type: MessageType.Warning,
        message: `infill-ls: the settings for ${workspace} ask to run ${shown} for ${purpose}. Allow this command to run in this workspace?`,
        actions: [{ title: ALLOW }, { title: DENY }],
      },
      ANSWER_TIMEOUT_MS,
    );
    if (answer?.title === ALLOW || answer?.title === DENY) {
      const allowed = answer.title === ALLOW;
      try {
        this.trust.remember(workspace, command, allowed);
      } catch (e) {
        this.logger.warn(`could not remember the answer in ${this.trust.stateFile}: ${e instanceof Error ? e.message : String(e)}`);
      }
      this.logger.info(`${allowed ? 'allowed' : 'not allowed'}: ${shown} in ${workspace}`);
      if (!allowed) this.tellHowToAllow(command, workspace, 'you did not allow it');
      return allowed;
    }
    this.tellHowToAllow(command, workspace, 'it was not allowed (the editor did not ask, or there was no answer)');
    return false;
  }

  private tellHowToAllow(command: readonly string[], workspace: string, why: string): void {
    this.messages.showOnce(
      `command:${workspace}:${command.join('\u0000')}`,
      MessageType.Warning,
      `did not run ${quote(command)} from the settings of ${workspace}: ${why}. To allow it, answer "Allow" when asked, add it to "allowedCommands" in ${userConfigPath()}, or start infill-ls with --allow-commands.`,
    );
  }
}

function quote(command: readonly string[]): string {
  return `\`${command.join(' ')}\``;
}
