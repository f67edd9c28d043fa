import type { Connection, InitializeResult } from 'vscode-languageserver';
import type { Settings } from '../config/settings';
import { DocumentStore } from '../documents/documentStore';
import { CompletionFeature } from '../features/completion';
import { createProvider } from '../models/createProvider';
import type { Provider } from '../models/provider';
import { serverCapabilities } from './capabilities';
import type { Logger } from './logger';
import { SettingsSource } from './settingsSource';
import { DocumentTrees } from '../syntax/documentTrees';
import { GrammarRegistry } from '../syntax/grammarRegistry';
import { MessageType, UserMessages } from './userMessages';
import { SERVER_NAME, SERVER_VERSION } from '../version';
import { isExcludedFromModel } from '../context/excludedFiles';
import { RecentDocuments } from '../documents/recentDocuments';

/** How many other open documents are searched for context. */
const MAX_CONTEXT_DOCUMENTS = 8;

/**
 * Wires LSP messages to the features. The only module that knows the connection's
 * handlers; features get plain dependencies.
 */
export function startServer(connection: Connection, logger: Logger): void {
  const messages = new UserMessages(connection, logger);
  const settings = new SettingsSource(connection, logger, messages);
  const store = new DocumentStore();
  const grammars = new GrammarRegistry(undefined, (message) => logger.warn(message));
  const trees = new DocumentTrees(grammars);
  const recent = new RecentDocuments();

  let provider: { key: string; value: Provider } | undefined;
  const providerFor = (s: Settings): Provider => {
    const key = JSON.stringify(s.model);
    if (provider?.key !== key) provider = { key, value: createProvider(s.model) };
    return provider.value;
  };

  const completion = new CompletionFeature({
    store,
    trees,
    settings: () => settings.settings,
    provider: () => providerFor(settings.settings),
    logger,
    onModelError: (e) => messages.showOnce(`model:${e.kind}`, MessageType.Error, e.userMessage),
    onModelSuccess: () => messages.clear('model:'),
    otherDocuments: (uri) =>
      recent
        .others(uri, MAX_CONTEXT_DOCUMENTS)
        .filter((u) => !isExcludedFromModel(u))
        .flatMap((u) => {
          const doc = store.get(u);
          if (!doc) return [];
          const text = doc.getText();
          return [{ uri: u, text, lastEditOffset: recent.lastEditOffset(u), snapshot: () => trees.snapshot(u, text, doc.version) }];
        }),
    lineComment: (doc) => grammars.entryFor(doc.languageId, doc.uri)?.lineComment,
  });
  // New settings may fix a model problem: let it be reported again if it persists.
  settings.onChange(() => messages.clear('model:'));

  logger.attach((level, message) => {
    const type = { error: MessageType.Error, warn: MessageType.Warning, info: MessageType.Info, debug: MessageType.Log }[level];
    void connection.sendNotification('window/logMessage', { type, message });
  });

  connection.onInitialize((params): InitializeResult => {
    const { capabilities, encoding } = serverCapabilities(params.capabilities);
    store.encoding = encoding;
    settings.initialize(params.initializationOptions, params.capabilities);
    const client = params.clientInfo ? `${params.clientInfo.name} ${params.clientInfo.version ?? ''}`.trim() : 'an unnamed client';
    logger.info(`${SERVER_NAME} ${SERVER_VERSION} serving ${client}; positions in ${encoding}`);
    return { capabilities, serverInfo: { name: SERVER_NAME, version: SERVER_VERSION } };
  });

  connection.onInitialized(() => {
    void settings.refresh().then(() => logger.info(`model: ${providerFor(settings.settings).description}`));
  });
  connection.onDidChangeConfiguration((params) => void settings.refresh(params?.settings));

  connection.onCompletion((params, token) => completion.complete(params, token));

  connection.onShutdown(() => {
    completion.abortAll();
    logger.info('shutdown');
  });
  connection.onExit(() => logger.close());

  store.documents.onDidOpen(({ document }) => {
    recent.opened(document.uri);
    trees.open(document.uri, document.languageId, document.getText(), document.version);
  });
  store.onEdit((document, edits) => {
    if (edits.length) recent.edited(document.uri, edits[edits.length - 1].newEndIndex);
    trees.change(document.uri, edits, document.getText(), document.version);
  });
  store.documents.onDidClose(({ document }) => {
    recent.closed(document.uri);
    trees.close(document.uri);
    completion.cache.forget(document.uri);
  });
  store.documents.listen(connection);
  connection.listen();
}
