/**
 * A test client that behaves as the Helix editor's LSP client does (25.07.1 or master), read
 * from Helix's source (see ../shared/reference/helix-client.md): the handshake, document
 * sync, completion with several servers, code actions with their blocking resolve, the
 * answers to the server's requests, and shutdown. infill-ls runs as the built server; other
 * servers of the same session may be fakes in this process (./otherServer.ts).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as url from 'node:url';
import type { CodeAction, Command, Diagnostic, MessageActionItem } from 'vscode-languageserver';
import type { Message } from '../lsp/wire';
import { applyWorkspaceEdit, diagnosticForServer, isCommand, orderActions, overlaps, readFromDisk, type ApplyEditResult, type ListedAction, type StoredDiagnostic } from './codeActions';
import { CompletionHandler, type CompletionRound } from './completionHandler';
import { helixCapabilities, TRAITS, type HelixVersion, type VersionTraits } from './helixVersions';
import type { LanguageServer, Outcome } from './languageServer';
import { encodingOf, fromLspRange, mapOffset, singleChange, toLspRange, type Encoding } from './positions';
import { jsonrpcMessage, ProcessServer } from './processServer';
import { answerServerRequest } from './serverRequests';

export interface HelixOptions {
  version: HelixVersion;
  /** languages.toml `config` of infill-ls: initializationOptions, didChangeConfiguration, workspace/configuration. */
  config?: Record<string, unknown>;
  /** languages.toml `timeout` of every server, in ms (Helix's default: 20 s); every request, initialize and resolve included. */
  timeoutMs?: number;
  /** The language's other servers; `language-servers` lists them before infill-ls, as clients/helix/languages.toml does. */
  others?: LanguageServer[];
  /** List infill-ls first in `language-servers` instead. */
  infillFirst?: boolean;
  /** The workspace root its markers found; none by default (rootUri null, workspaceFolders []). */
  root?: string;
  env?: NodeJS.ProcessEnv;
}

export interface HelixDocument {
  uri: string;
  languageId: string;
  text: string;
  /** Offset of the cursor (a JS string offset). */
  cursor: number;
  /** document.rs: 0 when opened, +1 for every transaction that changes the text. */
  version: number;
  diagnostics: StoredDiagnostic[];
}

export interface ServerRequest {
  server: string;
  id: number | string;
  method: string;
  params: any;
  at: number;
  /** It came while Helix was blocked in a synchronous request (block_on) and waited for it. */
  whileBlocked: boolean;
  answer?: { result: unknown } | { error: { code: number; message: string } };
}

export interface ChosenAction {
  listed: ListedAction;
  /** codeAction/resolve's outcome, when Helix resolved (it blocks the editor meanwhile). */
  resolve?: Outcome;
  /** How long the editor was frozen in resolve. */
  blockedMs: number;
  /** Server requests that arrived while it was frozen. */
  requestsWhileBlocked: ServerRequest[];
  /** The result of applying the action's edit, when it had one. */
  applied?: ApplyEditResult;
  /** The command sent with workspace/executeCommand (Helix does not wait for it). */
  command?: Command;
  commandDone?: Promise<Outcome>;
}

export class HelixClient {
  readonly traits: VersionTraits;
  readonly infill: ProcessServer;
  /** `language-servers`, in order. */
  readonly servers: LanguageServer[];
  readonly completion: CompletionHandler;
  readonly documents = new Map<string, HelixDocument>();
  readonly shown: Array<{ server: string; type: number; message: string }> = [];
  readonly logged: Array<{ server: string; type: number; message: string }> = [];
  readonly progress: Array<{ server: string; token: string | number; value: any; at: number }> = [];
  readonly serverRequests: ServerRequest[] = [];
  /** editor.set_error. */
  readonly statusErrors: string[] = [];
  readonly codeActionRequests: Array<{ server: string; params: any }> = [];
  /** master's picker for window/showMessageRequest: the action the user picks; null (Escape) when unset. */
  pickMessageAction?: (params: any) => MessageActionItem | null;
  initializeResult?: any;
  readonly workdir: string;
  private focused?: HelixDocument;
  private started = false;
  private blocked = 0;
  private queued: Array<[LanguageServer, Message]> = [];

  constructor(readonly options: HelixOptions) {
    this.traits = TRAITS[options.version];
    this.workdir = options.root ?? fs.mkdtempSync(path.join(os.tmpdir(), 'helix-cwd-'));
    this.infill = new ProcessServer('infill-ls', { cwd: this.workdir, env: options.env });
    if (!options.root) void this.infill.exited.then(() => fs.rmSync(this.workdir, { recursive: true, force: true }));
    this.infill.answerNullAfterShutdown = this.traits.nullAfterShutdown;
    const others = options.others ?? [];
    this.servers = options.infillFirst ? [this.infill, ...others] : [...others, this.infill];
    for (const s of this.servers) s.onMessage = (m) => this.onServerMessage(s, m);
    this.completion = new CompletionHandler({
      document: () => this.document(),
      completionServers: () => (this.started ? this.servers.filter((s) => s.capabilities.completionProvider) : []),
      encoding: (s) => this.encoding(s),
      timeoutMs: () => this.timeoutMs(),
      change: (doc, text, cursor, emit) => this.change(doc as HelixDocument, text, cursor, emit),
      block: (work) => this.block(work),
    });
  }

  timeoutMs(): number {
    return this.options.timeoutMs ?? 20_000;
  }

  encoding(server: LanguageServer): Encoding {
    return encodingOf(server.capabilities.positionEncoding);
  }

  /**
   * lib.rs `start_client`: initialize (id 0) with Helix's capabilities, then `initialized`;
   * application.rs on Initialized: didChangeConfiguration with the whole config (when there
   * is one), then didOpen for every open document.
   */
  async start(): Promise<void> {
    for (const server of this.servers) {
      const config = server === this.infill ? this.options.config : undefined;
      const outcome = await server.request('initialize', this.initializeParams(config), this.timeoutMs());
      if (!outcome.result) throw new Error(`${server.name} did not initialize: ${JSON.stringify(outcome)}; stderr: ${this.infill.stderr}`);
      if (server === this.infill) this.initializeResult = outcome.result;
      server.capabilities = outcome.result.capabilities ?? {};
      server.notify('initialized', {});
      if (server instanceof ProcessServer) server.initializedSent();
      if (config !== undefined) server.notify('workspace/didChangeConfiguration', { settings: config });
      for (const doc of this.documents.values()) server.notify('textDocument/didOpen', { textDocument: { uri: doc.uri, languageId: doc.languageId, version: doc.version, text: doc.text } });
    }
    this.started = true;
  }

  /** Opens a document (the cursor at `█`, else at the end) and focuses it; client.rs `text_document_did_open` with version 0 once the servers run. */
  open(uri: string, languageId: string, marked: string): HelixDocument {
    const at = marked.indexOf('█');
    const text = at < 0 ? marked : marked.slice(0, at) + marked.slice(at + 1);
    const doc: HelixDocument = { uri, languageId, text, cursor: at < 0 ? text.length : at, version: 0, diagnostics: [] };
    this.documents.set(uri, doc);
    this.focused = doc;
    if (this.started) for (const s of this.servers) s.notify('textDocument/didOpen', { textDocument: { uri, languageId, version: 0, text } });
    return doc;
  }

  document(): HelixDocument {
    if (!this.focused) throw new Error('no document is open');
    return this.focused;
  }

  /**
   * Types characters in insert mode, each its own transaction (didChange) followed by the
   * PostInsertChar hook; a trigger character's request goes out when the typing is done
   * (its 5 ms). Resolves when that request's answers, and those of the incomplete lists an
   * open menu re-asked for, are all in.
   */
  async type(chars: string): Promise<CompletionRound | undefined> {
    const doc = this.document();
    for (const c of chars) {
      if (c === '\n') throw new Error("type() does not reproduce Helix's newline indentation; use edit()");
      this.change(doc, doc.text.slice(0, doc.cursor) + c + doc.text.slice(doc.cursor), doc.cursor + c.length);
      this.completion.afterInsertChar(c);
    }
    const round = await this.completion.fire(['char']);
    await this.completion.settled();
    return round;
  }

  /** Leaving insert mode (Escape): completion.rs OnModeSwitch sends CompletionEvent::Cancel and closes the menu. */
  escape(): void {
    this.completion.cancel();
  }

  /** Entering insert mode again: completion.rs OnModeSwitch runs trigger_auto_completion. */
  insertMode(): void {
    this.completion.triggerAuto(false);
  }

  /** `completion-timeout` (250 ms) passes without a keystroke: an armed auto trigger fires. Resolves when its answers are all in. */
  idle(): Promise<CompletionRound | undefined> {
    return this.completion.fire(['auto']);
  }

  /** Ctrl-x in insert mode: completion from every server, triggerKind 1. */
  complete(): Promise<CompletionRound | undefined> {
    return this.completion.manual();
  }

  /** A change that is not typing (a paste, a command): one transaction, no completion hooks. */
  edit(start: number, end: number, text: string): void {
    const doc = this.document();
    this.change(doc, doc.text.slice(0, start) + text + doc.text.slice(end), start + text.length);
  }

  /**
   * `space a`: every code action server is asked for the selection (a cursor is the
   * 1-character range [c, c+1)) with every overlapping diagnostic of the document, from all
   * servers, in its own encoding; no `only`; triggerKind 1.
   */
  async codeActions(selection?: { start: number; end: number }): Promise<ListedAction[]> {
    const doc = this.document();
    const range = selection ?? { start: doc.cursor, end: Math.min(doc.cursor + 1, doc.text.length) };
    const servers = this.servers.filter((s) => s.capabilities.codeActionProvider);
    const lists = await Promise.all(
      servers.map(async (server) => {
        const encoding = this.encoding(server);
        const diagnostics = doc.diagnostics.filter((d) => overlaps(range, d)).map((d) => diagnosticForServer(d, doc.text, encoding));
        const params = { textDocument: { uri: doc.uri }, range: toLspRange(doc.text, range.start, range.end, encoding), context: { diagnostics, triggerKind: 1 } };
        this.codeActionRequests.push({ server: server.name, params });
        const outcome = await server.request('textDocument/codeAction', params, this.timeoutMs());
        return ((outcome.result ?? []) as Array<CodeAction | Command>).map((action) => ({ server: server.name, action }));
      }),
    );
    const ordered = orderActions(this.options.version, lists);
    if (ordered.length === 0) this.statusErrors.push('No code actions available');
    return ordered;
  }

  /**
   * Picks an action: resolved synchronously (the editor frozen, server requests waiting)
   * when it lacks `edit` or `command` and the server resolves; on error or timeout the
   * listed action is used; its edit applied; then its command sent without waiting.
   */
  async chooseAction(listed: ListedAction): Promise<ChosenAction> {
    const server = this.servers.find((s) => s.name === listed.server)!;
    const chosen: ChosenAction = { listed, blockedMs: 0, requestsWhileBlocked: [] };
    if (isCommand(listed.action)) {
      this.executeCommand(server, listed.action, chosen);
      return chosen;
    }
    const action = listed.action;
    let resolved: CodeAction | undefined;
    const provider = server.capabilities.codeActionProvider;
    if ((!action.edit || !action.command) && typeof provider === 'object' && provider.resolveProvider) {
      const before = this.serverRequests.length;
      const started = performance.now();
      chosen.resolve = await this.block(() => server.request('codeAction/resolve', action, this.timeoutMs()));
      chosen.blockedMs = performance.now() - started;
      chosen.requestsWhileBlocked = this.serverRequests.slice(before).filter((r) => r.whileBlocked);
      if (chosen.resolve.result && !chosen.resolve.error) resolved = chosen.resolve.result as CodeAction;
    }
    const use = resolved ?? action;
    if (use.edit) chosen.applied = this.applyEdit(server, use.edit);
    const command = this.traits.commandFrom === 'listed' ? action.command : use.command;
    if (command) this.executeCommand(server, command, chosen);
    return chosen;
  }

  /**
   * Quits. 25.07.1: shutdown, its answer, exit, all within 3 s, else killed. master: shutdown
   * and exit written together without waiting, 1 s, then killed. Resolves with the exit code.
   */
  async shutdown(): Promise<{ code: number | null; signal: NodeJS.Signals | null; shutdownAnswer?: Message }> {
    const server = this.infill;
    const shutdown = this.traits.shutdown;
    for (const other of this.servers) if (other !== server) void other.request('shutdown');
    let waitMs: number;
    if (shutdown.kind === 'waitThenExit') {
      // client.rs `force_shutdown` under close_language_servers' 3 s timeout: exit follows the answer (an error too); a timeout drops both.
      const started = performance.now();
      const answer = await server.request('shutdown', undefined, shutdown.withinMs);
      if (!answer.timedOut) server.notify('exit');
      waitMs = shutdown.withinMs - (performance.now() - started);
    } else {
      const id = server.takeId();
      server.shutdownWritten = true; // set before the write, as master's transport does
      server.writeTogether([jsonrpcMessage('shutdown', undefined, id), jsonrpcMessage('exit', undefined)]);
      waitMs = shutdown.graceMs;
    }
    const exited = await Promise.race([server.exited.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), Math.max(0, waitMs)))]);
    if (!exited) server.kill('SIGKILL'); // kill_on_drop
    await server.exited;
    const shutdownId = server.sent.find((t) => t.message.method === 'shutdown')?.message.id;
    const shutdownAnswer = server.received.find((t) => t.message.id === shutdownId && t.message.method === undefined)?.message;
    return { code: server.exitCode ?? null, signal: server.exitSignal, shutdownAnswer };
  }

  /** Resolves once `predicate` holds, re-checked on every message from infill-ls. */
  waitFor(predicate: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    return this.infill.waitFor(predicate, what, timeoutMs);
  }

  kill(): void {
    this.infill.kill();
  }

  /**
   * One transaction on a document: document.rs `apply_impl` raises the version; unless it is
   * temporary, client.rs `text_document_did_change` sends it in each server's declared sync
   * kind (none: nothing; full: the whole text; incremental: the changed span).
   */
  change(doc: HelixDocument, text: string, cursor: number, emit = true): void {
    if (text === doc.text) {
      doc.cursor = cursor;
      return;
    }
    const old = doc.text;
    const c = singleChange(old, text);
    doc.version++;
    doc.text = text;
    doc.cursor = cursor;
    // Diagnostics move with the text until their server publishes again.
    for (const d of doc.diagnostics) Object.assign(d, { start: mapOffset(d.start, c), end: Math.max(mapOffset(d.start, c), mapOffset(d.end, c)) });
    if (!emit || !this.started) return;
    for (const server of this.servers) {
      const sync = server.capabilities.textDocumentSync;
      const kind = typeof sync === 'number' ? sync : (sync?.change ?? 0);
      if (kind === 0) continue;
      const contentChanges = kind === 1 ? [{ text }] : [{ range: toLspRange(old, c.start, c.end, this.encoding(server)), text: c.text }];
      server.notify('textDocument/didChange', { textDocument: { uri: doc.uri, version: doc.version }, contentChanges });
    }
  }

  /** client.rs `initialize`: workspaceFolders from the root (none: []), rootUri null without a root, no trace or locale. */
  private initializeParams(config: unknown): object {
    const rootUri = this.options.root ? url.pathToFileURL(this.options.root).href : null;
    return {
      processId: process.pid,
      // root_path is sent "because some clients like pyright still use it".
      rootPath: this.workdir,
      rootUri,
      ...(config === undefined ? {} : { initializationOptions: config }),
      capabilities: helixCapabilities(this.options.version),
      workspaceFolders: rootUri ? [{ name: path.basename(this.options.root!), uri: rootUri }] : [],
      clientInfo: { name: 'helix', version: this.traits.clientVersion },
    };
  }

  /** helix_lsp::block_on: the event loop waits, so server messages are queued and handled after. */
  private async block<T>(work: () => Promise<T>): Promise<T> {
    this.blocked++;
    try {
      return await work();
    } finally {
      this.blocked--;
      if (this.blocked === 0) for (const [server, m] of this.queued.splice(0)) this.handle(server, m);
    }
  }

  /** editor.rs `execute_lsp_command`: spawned, its result only logged; client.rs `command`: arguments default to [], needs executeCommandProvider. */
  private executeCommand(server: LanguageServer, command: Command, chosen: ChosenAction): void {
    chosen.command = command;
    if (!server.capabilities.executeCommandProvider) {
      this.statusErrors.push('Language server does not support executing commands');
      return;
    }
    chosen.commandDone = server.request('workspace/executeCommand', { command: command.command, arguments: command.arguments ?? [] }, this.timeoutMs());
  }

  /** handlers/lsp.rs `apply_workspace_edit`, in the encoding of the server that sent the edit. */
  private applyEdit(server: LanguageServer, edit: any): ApplyEditResult {
    return applyWorkspaceEdit(edit, this.encoding(server), {
      documentFor: (uri) => this.documents.get(uri) ?? this.openFromDisk(uri),
      change: (doc, text) => {
        const d = doc as HelixDocument;
        this.change(d, text, mapOffset(d.cursor, singleChange(d.text, text)));
      },
      error: (m) => this.statusErrors.push(m),
    });
  }

  /** handlers/lsp.rs `apply_text_edits`: a document that is not open is opened from disk (editor.open, Action::Load). */
  private openFromDisk(uri: string): HelixDocument | undefined {
    const text = readFromDisk(uri);
    if (text === undefined) return undefined;
    const doc: HelixDocument = { uri, languageId: '', text, cursor: 0, version: 0, diagnostics: [] };
    this.documents.set(uri, doc);
    for (const s of this.servers) s.notify('textDocument/didOpen', { textDocument: { uri, languageId: '', version: 0, text } });
    return doc;
  }

  /** The event loop: while Helix is blocked in block_on, nothing from the servers is handled. */
  private onServerMessage(server: LanguageServer, m: Message): void {
    if (m.id !== undefined) {
      this.serverRequests.push({ server: server.name, id: m.id, method: m.method!, params: m.params, at: performance.now(), whileBlocked: this.blocked > 0 });
    }
    if (this.blocked > 0) this.queued.push([server, m]);
    else this.handle(server, m);
  }

  private handle(server: LanguageServer, m: Message): void {
    if (m.id === undefined) return this.notification(server, m.method!, m.params);
    const answer = answerServerRequest(
      {
        traits: this.traits,
        config: server === this.infill ? this.options.config : undefined,
        root: this.options.root,
        applyEdit: (edit) => this.applyEdit(server, edit),
        show: (type, message) => this.shown.push({ server: server.name, type, message }),
        pick: this.pickMessageAction,
      },
      m.method!,
      m.params,
    );
    const record = [...this.serverRequests].reverse().find((r) => r.server === server.name && r.id === m.id);
    if (record) record.answer = answer;
    server.reply(m.id, answer);
  }

  private notification(server: LanguageServer, method: string, params: any): void {
    if (method === 'window/showMessage') this.shown.push({ server: server.name, type: params.type, message: params.message });
    else if (method === 'window/logMessage') this.logged.push({ server: server.name, type: params.type, message: params.message });
    else if (method === '$/progress') this.progress.push({ server: server.name, token: params.token, value: params.value, at: performance.now() });
    else if (method === 'textDocument/publishDiagnostics') this.diagnostics(server, params);
  }

  /** handlers/lsp.rs `handle_lsp_diagnostics`: a versioned publish for another version is dropped; a server's new list replaces its old one. */
  private diagnostics(server: LanguageServer, params: { uri: string; version?: number; diagnostics: Diagnostic[] }): void {
    const doc = this.documents.get(params.uri);
    if (!doc || (params.version !== undefined && params.version !== doc.version)) return;
    const encoding = this.encoding(server);
    const mine = params.diagnostics.map((diagnostic) => ({ ...fromLspRange(doc.text, diagnostic.range, encoding), server: server.name, diagnostic }));
    doc.diagnostics = [...doc.diagnostics.filter((d) => d.server !== server.name), ...mine].sort(
      (a, b) => a.start - b.start || a.end - b.end || (a.diagnostic.severity ?? 0) - (b.diagnostic.severity ?? 0),
    );
  }
}
