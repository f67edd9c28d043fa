import type { ClientCapabilities, Connection } from 'vscode-languageserver';
import {
  applySettings,
  defaultSettings,
  sectionOf,
  SETTINGS_SECTION,
  type Settings,
  type SettingProblem,
} from '../config/settings';
import { requestFromClient } from './clientRequests';
import type { Logger } from './logger';
import { MessageType, type UserMessages } from './userMessages';

/**
 * The effective settings: defaults, then `initializationOptions`, then the client's
 * latest `infill` section (pulled with `workspace/configuration`, or pushed with
 * `workspace/didChangeConfiguration` by clients that cannot be asked).
 */
export class SettingsSource {
  private base: Settings;
  private current: Settings;
  private listeners: Array<(s: Settings) => void> = [];
  private canPull = false;

  constructor(
    private readonly connection: Connection,
    private readonly logger: Logger,
    private readonly messages: UserMessages,
    env: NodeJS.ProcessEnv = process.env,
  ) {
    this.base = defaultSettings(env);
    this.current = this.base;
  }

  get settings(): Settings {
    return this.current;
  }

  onChange(listener: (s: Settings) => void): void {
    this.listeners.push(listener);
  }

  /** At `initialize`. */
  initialize(initializationOptions: unknown, capabilities: ClientCapabilities): void {
    this.canPull = capabilities.workspace?.configuration === true;
    this.base = this.apply(this.base, sectionOf(initializationOptions), 'initializationOptions');
    this.set(this.base);
  }

  /** At `initialized` and whenever the client says the configuration changed. */
  async refresh(pushed?: unknown): Promise<void> {
    if (this.canPull) {
      const result = await requestFromClient<unknown[]>(this.connection, this.logger, 'workspace/configuration', {
        items: [{ section: SETTINGS_SECTION }],
      });
      if (Array.isArray(result)) {
        this.set(this.apply(this.base, result[0], 'workspace/configuration'));
        return;
      }
    }
    // A pushed configuration holds every server's sections; only ours is for us.
    if (isObject(pushed) && SETTINGS_SECTION in pushed) {
      this.set(this.apply(this.base, pushed[SETTINGS_SECTION], 'didChangeConfiguration'));
    }
  }

  private apply(base: Settings, raw: unknown, source: string): Settings {
    const { settings, problems } = applySettings(base, raw);
    this.report(problems, source);
    return settings;
  }

  /** All problems of one update in one message (a popup each would bury the editor); each in the log. */
  private report(problems: SettingProblem[], source: string): void {
    if (problems.length === 0) return;
    const lines = problems.map((p) => `${p.key}: ${p.message}`);
    for (const line of lines) this.logger.warn(`setting ignored: ${line} (from ${source})`);
    const text = problems.length === 1 ? `setting ${lines[0].replace(': ', ' ignored: ')}` : `${problems.length} settings ignored: ${lines.join('; ')}`;
    this.messages.showOnce(`settings:${lines.join('\n')}`, MessageType.Warning, text);
  }

  private set(next: Settings): void {
    this.current = next;
    this.logger.level = next.log.level;
    for (const l of this.listeners) l(next);
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
