import * as url from 'node:url';
import { ErrorCodes, ResponseError, type CancellationToken, type ClientCapabilities, type CodeAction, type Diagnostic, type WorkspaceEdit } from 'vscode-languageserver';
import { diagnostic, list, object, string, unsigned, type Check } from '../config/shapeChecks';
import type { ActionOptions } from '../actions/actionOptions';
import type { CandidateTests } from '../actions/candidateTests';
import type { ClientProfile } from './clientProfile';
import type { Settings } from '../config/settings';
import type { Log } from '../reporting/log';
import type { Progress } from '../reporting/progress';
import { ModelError, isAbortError } from '../models/modelError';
import type { Provider } from '../models/provider';

/**
 * A listed code action: with only `data` for clients that resolve without blocking (the
 * model runs in `codeAction/resolve`), else with a command (Eglot 1.9 drops actions that
 * have only `data`; Helix freezes while it resolves, so its model work runs in the command).
 */
export function listedAction(client: ClientCapabilities, profile: ClientProfile, title: string, kind: string, command: string, data: object, diagnostics?: Diagnostic[]): CodeAction {
  const base: CodeAction = diagnostics ? { title, kind, diagnostics } : { title, kind };
  const resolvable = !profile.resolveBlocksEditor && client.textDocument?.codeAction?.resolveSupport?.properties.includes('edit');
  return resolvable ? { ...base, data } : { ...base, command: { title, command, arguments: [data] } };
}

/** The file a `file:` URI names, for check commands; undefined for other schemes. */
export function filePathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    // Dot segments (`..`) are resolved by the URL parser: the path is the file the URI names.
    return url.fileURLToPath(uri);
  } catch {
    return undefined; // a file URI of another host
  }
}

/** The `actions.*` settings for one run on `doc`, with its approved check command and tests (if any) and progress. */
export function actionOptions(
  settings: Settings,
  check: ActionOptions['check'],
  tests: CandidateTests | undefined,
  provider: Provider,
  signal: AbortSignal,
  progress: Progress,
  logger: Log,
): ActionOptions {
  return {
    provider,
    mode: settings.actions.mode,
    maxAttempts: settings.actions.maxAttempts,
    maxTokens: settings.actions.maxTokens,
    temperature: settings.actions.temperature,
    timeoutMs: settings.actions.timeoutMs,
    budget: settings.context,
    check,
    tests,
    applyFailing: settings.actions.applyFailing,
    signal,
    onAttempt: (n, of) => n > 1 && progress.report(`attempt ${n} of ${of}`),
    onTests: (n, of) => progress.report(`attempt ${n} of ${of}: running the tests (${tests?.command.join(' ')})`),
    log: (m) => logger.info(m),
  };
}

/** Makes the edit for an action's data, or undefined (having told the user why). */
export type EditMaker<D> = (data: D, token: CancellationToken) => Promise<WorkspaceEdit | undefined>;

/** `codeAction/resolve` for actions whose `data.infill` is `kind`; any other action comes back unchanged (Neovim resolves them all). */
export async function resolveAction<D extends { infill: string }>(action: CodeAction, kind: D['infill'], make: EditMaker<D>, token: CancellationToken): Promise<CodeAction> {
  const data = action.data as D | undefined;
  if (data?.infill !== kind) return action;
  checkData(kind, data);
  const edit = await make(data, token);
  return edit ? { ...action, edit } : action;
}

/** The command path: make the edit, then ask the client to apply it (`workspace/applyEdit`). */
export async function executeAction<D extends { infill: string }>(
  args: unknown[] | undefined,
  kind: D['infill'],
  make: EditMaker<D>,
  token: CancellationToken,
  applyEdit: (label: string, edit: WorkspaceEdit) => Promise<boolean>,
  label: (data: D) => string,
  onRefused: (data: D) => void,
): Promise<null> {
  const data = args?.[0] as D | undefined;
  if (data?.infill !== kind) return null;
  checkData(kind, data);
  const edit = await make(data, token);
  if (edit && !(await applyEdit(label(data), edit))) onRefused(data);
  return null;
}

/** The `data` of our code actions (sent back by the client in resolve and in the command), by its `infill` tag. */
const ACTION_DATA: Record<string, Check> = {
  implementStub: object({ uri: string, name: string, start: unsigned }),
  fixDiagnostics: object({ uri: string, diagnostics: list(diagnostic) }),
};

/** An action's data as listed, or InvalidParams: a client may send back anything. */
function checkData(kind: string, data: unknown): void {
  const wrong = ACTION_DATA[kind]?.(data, 'data');
  if (wrong) throw new ResponseError(ErrorCodes.InvalidParams, `infill-ls cannot run this action: ${wrong}`);
}

/**
 * Runs an action's model work with the request's cancellation as an AbortSignal: cancelled
 * work ends quietly, a model failure is reported (once) and ends quietly, anything else is
 * thrown; `release` always runs (progress, snapshots).
 */
export async function runModelWork<T>(
  token: CancellationToken,
  onModelError: (e: ModelError) => void,
  release: () => void,
  work: (signal: AbortSignal) => Promise<T | undefined>,
): Promise<T | undefined> {
  const controller = new AbortController();
  const onCancel = token.onCancellationRequested(() => controller.abort(new Error('cancelled')));
  try {
    return await work(controller.signal);
  } catch (e) {
    if (controller.signal.aborted || isAbortError(e)) return undefined;
    if (e instanceof ModelError) {
      onModelError(e);
      return undefined;
    }
    throw e;
  } finally {
    onCancel.dispose();
    release();
  }
}

/** A reason as a sentence (first line, ending in a full stop), for the message that reports it. */
export function asSentence(reason: string): string {
  const line = reason.split('\n')[0].trim();
  return /[.!?]$/.test(line) ? line : `${line}.`;
}

/** "1 attempt", "3 attempts". */
export function attempts(n: number): string {
  return `${n} attempt${n === 1 ? '' : 's'}`;
}
