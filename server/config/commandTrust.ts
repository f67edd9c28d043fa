import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Which programs from the settings the user allowed infill-ls to run. Settings arrive from
 * the editor, and the editor may take them from a project (workspace settings, a project's
 * editor config): a command named there runs only once the user allowed it, through a
 * prompt (remembered per workspace in the user's own state folder, outside any workspace),
 * their own config file, or a command-line flag, none of which a repository can set.
 */
export type TrustDecision = 'allowed' | 'denied' | 'unknown';

interface Remembered {
  workspace: string;
  command: string[];
  allowed: boolean;
}

/** The user's state folder for infill-ls: `$XDG_STATE_HOME/infill-ls`, `%LOCALAPPDATA%\infill-ls`, else `~/.local/state/infill-ls`. */
export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.XDG_STATE_HOME) return path.join(env.XDG_STATE_HOME, 'infill-ls');
  if (process.platform === 'win32' && env.LOCALAPPDATA) return path.join(env.LOCALAPPDATA, 'infill-ls');
  return path.join(os.homedir(), '.local', 'state', 'infill-ls');
}

/** The user's own config file: `$XDG_CONFIG_HOME/infill-ls/config.json`, else `~/.config/infill-ls/config.json`. */
export function userConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config'), 'infill-ls', 'config.json');
}

export class CommandTrust {
  private readonly file: string;
  private readonly configured: string[][];
  private readonly allowAll: boolean;

  /** `allowAll`: the `--allow-commands` flag; the user config's `allowedCommands` are allowed everywhere. */
  constructor(options: { env?: NodeJS.ProcessEnv; allowAll?: boolean; warn?: (message: string) => void } = {}) {
    const env = options.env ?? process.env;
    this.file = path.join(stateDir(env), 'allowed-commands.json');
    this.allowAll = options.allowAll === true;
    this.configured = readUserConfig(userConfigPath(env), options.warn ?? (() => undefined));
  }

  /** Where the answers are kept (for messages). */
  get stateFile(): string {
    return this.file;
  }

  decision(workspace: string, command: readonly string[]): TrustDecision {
    if (this.allowAll || this.configured.some((c) => sameCommand(c, command))) return 'allowed';
    const found = this.remembered().find((r) => r.workspace === workspace && sameCommand(r.command, command));
    return found ? (found.allowed ? 'allowed' : 'denied') : 'unknown';
  }

  /** Keeps the user's answer for this workspace and command. */
  remember(workspace: string, command: readonly string[], allowed: boolean): void {
    const kept = this.remembered().filter((r) => !(r.workspace === workspace && sameCommand(r.command, command)));
    kept.push({ workspace, command: [...command], allowed });
    fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, `${JSON.stringify(kept, null, 2)}\n`, { mode: 0o600 });
    fs.renameSync(tmp, this.file);
  }

  private remembered(): Remembered[] {
    try {
      const parsed: unknown = JSON.parse(fs.readFileSync(this.file, 'utf8'));
      return Array.isArray(parsed) ? parsed.filter(isRemembered) : [];
    } catch {
      return [];
    }
  }
}

function readUserConfig(file: string, warn: (message: string) => void): string[][] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  try {
    const parsed = JSON.parse(text) as { allowedCommands?: unknown };
    const list = parsed.allowedCommands;
    if (list === undefined) return [];
    if (Array.isArray(list) && list.every(isArgv)) return list;
    warn(`${file}: allowedCommands must be a list of commands, e.g. [["python3", "-m", "py_compile", "{file}"]]; ignored`);
  } catch (e) {
    warn(`${file} is not valid JSON (${e instanceof Error ? e.message : String(e)}); ignored`);
  }
  return [];
}

function isArgv(v: unknown): v is string[] {
  return Array.isArray(v) && v.length > 0 && v.every((a) => typeof a === 'string');
}

function isRemembered(v: unknown): v is Remembered {
  const r = v as Remembered;
  return typeof r === 'object' && r !== null && typeof r.workspace === 'string' && isArgv(r.command) && typeof r.allowed === 'boolean';
}

function sameCommand(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
