import type { CancellationToken, ClientCapabilities, CodeAction, CodeActionParams, WorkspaceEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ActionOptions } from '../actions/actionOptions';
import type { CandidateTests } from '../actions/candidateTests';
import type { ClientProfile } from './clientProfile';
import type { Settings } from '../config/settings';
import type { DocumentStore } from '../documents/documentStore';
import type { ModelError } from '../models/modelError';
import type { Provider } from '../models/provider';
import type { Snippet } from '../models/snippets';
import type { Log } from '../reporting/log';
import type { Progress } from '../reporting/progress';
import type { DocumentTrees, SyntaxSnapshot } from '../syntax/documentTrees';

/** Asks the client to apply an edit (`workspace/applyEdit`); true when it did. */
export type ApplyEdit = (label: string, edit: WorkspaceEdit) => Promise<boolean>;

/**
 * A code action feature, as the server registers it: what it offers (for the capabilities),
 * how it lists its actions, and how a listed action is made, by `codeAction/resolve` or by
 * its command. The server loops over the registered features; a new action is one module
 * that implements this plus one line in the server's list.
 */
export interface CodeActionFeature {
  /** The kinds of the actions it lists. */
  readonly kinds: readonly string[];
  /** The command its actions carry for clients that do not resolve. */
  readonly command: string;
  /** The `data.infill` tag of its actions: which feature resolves an action. */
  readonly tag: string;
  codeActions(params: CodeActionParams): CodeAction[] | Promise<CodeAction[]>;
  /** The action with its edit (unchanged when there is none to make). */
  resolve(action: CodeAction, token: CancellationToken): Promise<CodeAction>;
  executeCommand(args: unknown[] | undefined, token: CancellationToken, applyEdit: ApplyEdit): Promise<null>;
}

/** What every code action feature is given by the server. */
export interface ActionDeps {
  store: DocumentStore;
  trees: DocumentTrees;
  settings: () => Settings;
  /** The model for code actions on a document's language. */
  provider: (languageId: string) => Provider;
  /** Whether a document must never reach a model (`privacy.exclude`). */
  excluded: (uri: string) => boolean;
  logger: Log;
  client: () => ClientCapabilities;
  /** What this client does differently (Helix: resolve blocks the editor). */
  profile: () => ClientProfile;
  lineComment: (doc: TextDocument) => string | undefined;
  /** Definitions from other open files that the code at `offset` uses. */
  otherFiles: (uri: string, text: string, offset: number, syntax: SyntaxSnapshot) => Promise<Snippet[]>;
  progress: (title: string, message: string) => Promise<Progress>;
  showError: (message: string) => void;
  onModelError: (error: ModelError, languageId: string) => void;
  /** The check command for the document's language, once the user allowed it; undefined when there is none to run. */
  checkCommand: (doc: TextDocument) => Promise<ActionOptions['check']>;
  /** The user's tests for the document's language (`actions.testCommand`), once the user allowed them; undefined when there are none to run. The caller disposes them. */
  tests: (doc: TextDocument) => Promise<CandidateTests | undefined>;
}
