import {
  ErrorCodes,
  ResponseError,
  type ApplyWorkspaceEditResult,
  type ClientCapabilities,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import * as path from 'node:path';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { candidateTests } from '../actions/candidateTests';
import { isInside } from '../actions/insideFolder';
import { crossFileSnippets, type OtherDocument } from '../context/crossFileSnippets';
import { DefinitionIndex } from '../context/definitionIndex';
import { FixDiagnosticsFeature } from '../features/fixDiagnosticsAction';
import type { ActionDeps, CodeActionFeature } from '../features/codeActionFeature';
import { ImplementStubFeature } from '../features/implementStubAction';
import type { ModelError } from '../models/modelError';
import { requestFromClient } from './clientRequests';
import { beginProgress } from './progress';
import { scheduleStartupCheck } from './startupCheck';
import { modelFor, withSettingNames, type Settings } from '../config/settings';
import { DocumentStore } from '../documents/documentStore';
import { CompletionFeature } from '../features/completion';
import { STANDARD_CLIENT, clientProfile, type ClientProfile } from '../features/clientProfile';
import { apiKeyFor, createProvider, defaultProviderHost, type ProviderHost } from '../models/createProvider';
import { AutoProvider } from '../models/autoProvider';
import { offerEmbeddedModel } from './embeddedOffer';
import { sendsPlainTextOffMachine } from '../models/endpointSafety';
import type { Provider } from '../models/provider';
import { serverCapabilities } from './capabilities';
import type { Logger } from './logger';
import { SettingsSource } from './settingsSource';
import { DEFAULT_TREE_LIMITS, DocumentTrees } from '../syntax/documentTrees';
import { GrammarRegistry } from '../syntax/grammarRegistry';
import { MessageType, UserMessages } from './userMessages';
import { SERVER_NAME, SERVER_VERSION } from '../version';
import { isExcludedFromModel } from '../context/excludedFiles';
import { RecentDocuments } from '../documents/recentDocuments';
import { CommandTrust } from '../config/commandTrust';
import { CommandApproval } from './commandApproval';
import { filePathOf } from '../features/actionPlumbing';

/** How many other open documents are searched for context. */
const MAX_CONTEXT_DOCUMENTS = 8;
/** A completion waits for another parsed document's definitions only up to this size (a query over its tree). */
const WAIT_FOR_DEFINITIONS_CHARS = 100_000;
/** Documents this small are parsed for their definitions whenever a completion needs them (~1 ms). */
const TINY_DOCUMENT_CHARS = 10_000;
/** Work for later requests starts only once no document has been opened or changed for this long. */
const QUIET_AFTER_EDIT_MS = 30;

/**
 * Wires LSP messages to the features. The only module that knows the connection's
 * handlers; features get plain dependencies.
 */
export function startServer(connection: Connection, logger: Logger, options: { allowCommands?: boolean } = {}): void {
  const messages = new UserMessages(connection, logger);
  const settings = new SettingsSource(connection, logger, messages);
  const store = new DocumentStore();
  const grammars = new GrammarRegistry(undefined, (message) => logger.warn(message));
  // Work for later requests (whole parses, other documents' definitions) waits while a
  // completion is in flight and while the user types: the next keystroke and its completion go first.
  let editedAt = 0;
  const typing = (): boolean => performance.now() - editedAt < QUIET_AFTER_EDIT_MS;
  const busy = (): boolean => completion.waitingForModel() || typing();
  // A parse in the background (a slice of a few ms at a time) also runs while every
  // completion in flight waits for its model to think: without that, completions asked one
  // after another (a model that takes seconds, a user who types on) would leave the document
  // without a whole tree for good, and each would parse its region before its request.
  const sliceBusy = (): boolean => completion.working() || typing();
  const trees = new DocumentTrees(grammars, DEFAULT_TREE_LIMITS, busy, sliceBusy);
  const recent = new RecentDocuments();
  const definitionIndex = new DefinitionIndex(trees, busy);

  let clientCapabilities: ClientCapabilities = {};
  let profile: ClientProfile = STANDARD_CLIENT;
  let workspaceFolders: string[] = [];
  const trust = new CommandTrust({ allowAll: options.allowCommands, warn: (m) => logger.warn(m) });
  const approval = new CommandApproval(connection, logger, messages, trust, () => workspaceFolders[0] ?? 'files outside any workspace');
  const providers = new Map<string, Provider>();
  const providerHost: ProviderHost = {
    embedded: defaultProviderHost().embedded,
    onAutoChoice: (c) => logger.info(`auto: ${c.why}${c.backend === 'none' ? '' : `: using ${c.backend === 'ollama' ? 'Ollama' : 'the embedded model'}`}`),
  };
  const providerFor = (model: Settings['model']): Provider => {
    const key = JSON.stringify(model);
    if (!providers.has(key)) providers.set(key, createProvider(model, process.env, providerHost));
    return providers.get(key)!;
  };
  const completionModel = (languageId?: string) => modelFor(settings.settings, 'completion', languageId);
  const actionModel = (languageId?: string) => modelFor(settings.settings, 'actions', languageId);
  const excluded = (uri: string) => isExcludedFromModel(uri, settings.settings.privacy.exclude);
  // `wait`: which documents whose definitions are not known yet may be searched now: the first
  // `documents` up to `maxChars` if their tree is parsed already (one the user worked in; one
  // just opened would cost a whole parse), and any up to `tinyChars` (a millisecond each). A
  // completion waits for few; the others are found in the background, for the next request.
  const otherDocuments = (uri: string, wait = { documents: MAX_CONTEXT_DOCUMENTS, maxChars: Infinity, tinyChars: Infinity }): OtherDocument[] =>
    recent
      .others(uri, MAX_CONTEXT_DOCUMENTS)
      .filter((u) => !excluded(u))
      .flatMap((u, i) => {
        const doc = store.get(u);
        if (!doc) return [];
        const text = doc.getText();
        const now = text.length <= wait.tinyChars || (i < wait.documents && text.length <= wait.maxChars && trees.isParsed(u));
        const definitions = () => (now ? definitionIndex.of(u, text, doc.version) : Promise.resolve(definitionIndex.ifKnown(u, text, doc.version)));
        return [{ uri: u, text, lastEditOffset: recent.lastEditOffset(u), definitions }];
      });
  const lineComment = (doc: TextDocument) => grammars.entryFor(doc.languageId, doc.uri)?.lineComment;
  // A model's message names the `infill.model.*` key; for a job's or a language's own model, the key that set it.
  const onModelError = (job: 'completion' | 'actions') => (e: ModelError, languageId: string) =>
    messages.showOnce(
      `model:${e.kind}`,
      MessageType.Error,
      withSettingNames(e.userMessage, settings.settings, job, languageId),
    );

  const completion = new CompletionFeature({
    store,
    trees,
    settings: () => settings.settings,
    provider: (languageId) => {
      const model = completionModel(languageId);
      return { provider: providerFor(model), name: model.name };
    },
    excluded,
    logger,
    onModelError: onModelError('completion'),
    onModelSuccess: () => messages.clear('model:'),
    otherDocuments: (uri) => otherDocuments(uri, { documents: 1, maxChars: WAIT_FOR_DEFINITIONS_CHARS, tinyChars: TINY_DOCUMENT_CHARS }),
    lineComment,
    profile: () => profile,
  });
  const actionDeps: ActionDeps = {
    store,
    trees,
    settings: () => settings.settings,
    provider: (languageId) => providerFor(actionModel(languageId)),
    excluded,
    logger,
    client: () => clientCapabilities,
    profile: () => profile,
    lineComment,
    otherFiles: (uri, text, offset, syntax) => crossFileSnippets({ uri, text, offset, syntax }, otherDocuments(uri), settings.settings.context.extraTokens),
    progress: (title, message) => beginProgress(connection, logger, clientCapabilities, title, message),
    showError: (message) => {
      logger.warn(message);
      void connection.sendNotification('window/showMessage', { type: MessageType.Error, message: `infill-ls: ${message}` });
    },
    onModelError: onModelError('actions'),
    checkCommand: async (doc) => {
      const argv = settings.settings.actions.checkCommands[doc.languageId];
      if (!argv) return undefined;
      const originalPath = filePathOf(doc.uri);
      if (!originalPath) {
        messages.showOnce(`check:${doc.uri}`, MessageType.Warning, `the check command for ${doc.languageId} is not run for ${doc.uri}: it is not a file on disk.`);
        return undefined;
      }
      if (!(await approval.approved(argv, `checking ${doc.languageId} code`))) return undefined;
      return { argv, originalPath, timeoutMs: settings.settings.actions.checkTimeoutMs, workspaceFolders };
    },
    tests: async (doc) => {
      const argv = settings.settings.actions.testCommand[doc.languageId];
      if (!argv) return undefined;
      const originalPath = filePathOf(doc.uri);
      const root = originalPath === undefined ? undefined : folderHolding(originalPath, workspaceFolders);
      if (originalPath === undefined || root === undefined) {
        const why = originalPath === undefined ? 'it is not a file on disk' : 'it is not inside a workspace folder (the tests run in a copy of that folder)';
        messages.showOnce(`tests:${doc.uri}`, MessageType.Warning, `the test command for ${doc.languageId} is not run for ${doc.uri}: ${why}.`);
        return undefined;
      }
      if (!(await approval.approved(argv, `testing ${doc.languageId} code`))) return undefined;
      const file = path.relative(root, originalPath).split(path.sep).join('/');
      return candidateTests(argv, { root, file, timeoutMs: settings.settings.actions.testTimeoutMs });
    },
  };
  // The code actions, in the order they are listed: a new one is one line here.
  const codeActions: CodeActionFeature[] = [new FixDiagnosticsFeature(actionDeps), new ImplementStubFeature(actionDeps)];
  // New settings may fix a model problem: let it be reported again if it persists.
  settings.onChange((s) => {
    messages.clear('model:');
    const models = [completionModel(), actionModel(), ...Object.keys(s.languages).flatMap((l) => [completionModel(l), actionModel(l)])];
    logger.setSecrets(models.map((m) => apiKeyFor(m)));
    for (const m of models) {
      if (m.apiKeyEnv && !apiKeyFor(m)) {
        messages.showOnce(`key:${m.apiKeyEnv}`, MessageType.Warning, `infill.model.apiKeyEnv names ${m.apiKeyEnv}, but that environment variable is not set: requests go without a key.`);
      }
      if (sendsPlainTextOffMachine(m.endpoint)) {
        messages.showOnce(`http:${m.endpoint}`, MessageType.Warning, `${m.endpoint} is plain http to another machine: the code you edit travels unencrypted. Use https, or a model server on this machine.`);
      }
    }
  });

  logger.attach((level, message) => {
    const type = { error: MessageType.Error, warn: MessageType.Warning, info: MessageType.Info, debug: MessageType.Log }[level];
    void connection.sendNotification('window/logMessage', { type, message });
  });

  connection.onInitialize((params): InitializeResult => {
    profile = clientProfile(params.clientInfo);
    const { capabilities, encoding } = serverCapabilities(params.capabilities, profile, codeActions);
    store.encoding = encoding;
    clientCapabilities = params.capabilities;
    workspaceFolders = folderPaths(params);
    settings.initialize(params.initializationOptions, params.capabilities);
    logger.info(`${SERVER_NAME} ${SERVER_VERSION} serving ${profile.name}; positions in ${encoding}`);
    return { capabilities, serverInfo: { name: SERVER_NAME, version: SERVER_VERSION } };
  });

  connection.onInitialized(() => {
    void settings.refresh().then(() => {
      const provider = providerFor(completionModel());
      logger.info(`model: ${provider.description}`);
      // Chosen and prepared now rather than in the first completion; the probe also opens the
      // connection that request reuses, and the download offer reads the same choice.
      const choice = provider instanceof AutoProvider ? provider.current() : undefined;
      choice?.catch(() => undefined);
      provider.prepare?.().catch(() => undefined);
      const offered = offerEmbeddedModel(completionModel(), choice, {
        connection,
        logger,
        messages,
        client: clientCapabilities,
        env: process.env,
        onDownloaded: () => providers.clear(),
      }).catch((e: unknown) => {
        logger.warn(`the download offer failed: ${e instanceof Error ? e.message : String(e)}`);
        return false;
      });
      scheduleStartupCheck(() => settings.settings, messages, logger, process.env, offered);
    });
  });
  connection.onDidChangeConfiguration((params) => void settings.refresh(params?.settings));

  const answer = answering(logger);
  connection.onCompletion(answer('textDocument/completion', (params, token) => completion.complete(params, token)));
  // Answered for any client; declared only to those that advertise it (LSP 3.18).
  connection.languages.inlineCompletion.on(answer('textDocument/inlineCompletion', (params, token) => completion.inlineComplete(params, token)));
  connection.onCodeAction(answer('textDocument/codeAction', async (params) => (await Promise.all(codeActions.map((f) => f.codeActions(params)))).flat()));
  // An action that is not ours comes back unchanged (Neovim resolves them all).
  connection.onCodeActionResolve(
    answer('codeAction/resolve', async (action, token) => {
      const tag = (action.data as { infill?: unknown } | undefined)?.infill;
      return (await codeActions.find((f) => f.tag === tag)?.resolve(action, token)) ?? action;
    }),
  );
  connection.onExecuteCommand(answer('workspace/executeCommand', (params, token) => {
    const applyEdit = async (label: string, edit: WorkspaceEdit) => {
      const result = await requestFromClient<ApplyWorkspaceEditResult>(connection, logger, 'workspace/applyEdit', { label, edit });
      // Vim's ALE says it cannot apply edits, applies them anyway, and never answers.
      if (result === undefined && !clientCapabilities.workspace?.applyEdit) return true;
      return result?.applied === true;
    };
    const feature = codeActions.find((f) => f.command === params.command);
    if (feature) return feature.executeCommand(params.arguments, token, applyEdit);
    throw new ResponseError(ErrorCodes.InvalidParams, `infill-ls has no command ${params.command}`);
  }));

  connection.onShutdown(() => {
    completion.abortAll();
    logger.info('shutdown');
  });
  connection.onExit(() => logger.close());

  store.documents.onDidOpen(({ document }) => {
    editedAt = performance.now();
    recent.opened(document.uri);
    trees.open(document.uri, document.languageId, document.getText(), document.version);
  });
  store.onEdit((document, edits) => {
    editedAt = performance.now();
    completion.documentEdited(document.uri);
    if (edits.length) recent.edited(document.uri, edits[edits.length - 1].newEndIndex);
    trees.change(document.uri, edits, document.getText(), document.version);
  });
  store.documents.onDidClose(({ document }) => {
    recent.closed(document.uri);
    definitionIndex.forget(document.uri);
    trees.close(document.uri);
    completion.documentClosed(document.uri);
  });
  store.documents.listen(connection);
  connection.listen();
}

/** The innermost workspace folder that holds `file`, if any. */
function folderHolding(file: string, folders: readonly string[]): string | undefined {
  return folders.filter((f) => isInside(file, f)).sort((a, b) => b.length - a.length)[0];
}

/** The workspace folders the client named, as paths (only `file:` ones: a check runs on disk). */
function folderPaths(params: InitializeParams): string[] {
  const uris = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  const paths = uris.flatMap((u) => {
    const p = typeof u === 'string' ? filePathOf(u) : undefined;
    return p ? [p] : [];
  });
  return paths.length || typeof params.rootPath !== 'string' ? paths : [params.rootPath];
}

/**
 * Wraps a request handler: an error it did not mean to send (a bug) is answered with a plain
 * InternalError; its message goes to the log, its stack and paths only at debug level.
 */
function answering(logger: Logger) {
  return <P, T, R>(method: string, handler: (params: P, token: T) => R | Promise<R>) =>
    async (params: P, token: T): Promise<R> => {
      try {
        return await handler(params, token);
      } catch (e) {
        if (e instanceof ResponseError) throw e;
        logger.error(`${method} failed: ${e instanceof Error ? e.message : String(e)}`);
        if (e instanceof Error && e.stack) logger.debug(e.stack);
        throw new ResponseError(ErrorCodes.InternalError, `infill-ls could not answer ${method} because of an internal error; run with log.level "debug" for details`);
      }
    };
}
