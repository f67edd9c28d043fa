import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import {
  createProtocolConnection,
  ResponseError,
  StreamMessageReader,
  StreamMessageWriter,
  type CompletionItem,
  type CompletionList,
  type InitializeParams,
  type Position,
  type ProtocolConnection,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

export interface DriverOptions {
  /** dist/server/main.js: the server as the user's editor starts it. */
  serverMain: string;
  /** The `infill` settings, sent as initializationOptions and answered to `workspace/configuration`. */
  settingsSection: Record<string, unknown>;
  /** The workspace folder the documents belong to, as a `file:` URI. */
  rootUri?: string;
  env?: NodeJS.ProcessEnv;
}

/** What the first suggestion inserts at the cursor (undefined: no suggestion), and how long the request took. */
export interface CompletionOutcome {
  text: string | undefined;
  ms: number;
  /** The server answered with an error (the request failed, the server lives on). */
  error?: string;
}

const SETTINGS_SECTION = 'infill';
/** After `exit`, how long the server may take to end before it is killed. */
const EXIT_GRACE_MS = 5_000;
/** How much of the server's stderr an error about its end quotes. */
const STDERR_TAIL = 2_000;

/**
 * The built server driven as an editor drives it: started with `--stdio`, initialized with
 * the user's settings, asked for completions over LSP. The evaluation goes through the
 * same handlers, debounce and post-processing as a real session, so it measures what a
 * user gets. Messages the server shows (a model it cannot reach) are kept for the report.
 */
export class LspDriver {
  /** The `window/showMessage` texts, in order. */
  readonly messages: string[] = [];
  private readonly documents = new Map<string, TextDocument>();
  private stderr = '';
  private exitCode: number | null | undefined;
  private readonly exited: Promise<void>;

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly connection: ProtocolConnection,
  ) {
    child.stderr.on('data', (chunk: Buffer) => (this.stderr = (this.stderr + chunk.toString()).slice(-STDERR_TAIL)));
    child.stdin.on('error', () => undefined); // a server that died: its requests fail with the reason below
    this.exited = new Promise((resolve) =>
      child.once('exit', (code) => {
        this.exitCode = code;
        connection.dispose(); // rejects the requests still waiting
        resolve();
      }),
    );
  }

  /** Starts the server and completes the `initialize` handshake. */
  static async start(options: DriverOptions): Promise<LspDriver> {
    const child = spawn(process.execPath, [options.serverMain, '--stdio'], { env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    const quiet = { error: () => undefined, warn: () => undefined, info: () => undefined, log: () => undefined };
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin), quiet);
    const driver = new LspDriver(child, connection);
    driver.answerServerRequests(options);
    connection.listen();
    try {
      await connection.sendRequest('initialize', initializeParams(options));
      await connection.sendNotification('initialized', {});
    } catch (e) {
      const error = await driver.failure('initialize', e);
      await driver.shutdown();
      throw error;
    }
    return driver;
  }

  private answerServerRequests(options: DriverOptions): void {
    const { connection } = this;
    connection.onRequest('workspace/configuration', (params: { items?: Array<{ section?: string }> }) =>
      (params.items ?? []).map((item) => sectionValue({ [SETTINGS_SECTION]: options.settingsSection }, item.section)),
    );
    connection.onRequest('workspace/workspaceFolders', () => (options.rootUri ? [{ uri: options.rootUri, name: 'project' }] : null));
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onRequest('window/showMessageRequest', () => null);
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('client/unregisterCapability', () => null);
    // Nothing the evaluation opens may change: it only reads suggestions.
    connection.onRequest('workspace/applyEdit', () => ({ applied: false, failureReason: 'infill-ls eval applies no edits' }));
    connection.onNotification('window/showMessage', (params: { message?: unknown }) => {
      if (typeof params?.message === 'string') this.messages.push(params.message);
    });
  }

  open(uri: string, languageId: string, text: string): void {
    this.documents.set(uri, TextDocument.create(uri, languageId, 1, text));
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } }).catch(() => undefined);
  }

  /**
   * Asks for completions at `position` once and returns what the first item inserts at the
   * cursor: the document with its edit applied, between the text before the cursor and the
   * text after it that the edit left as it was. (An item replaces the word typed before the
   * cursor with that word plus the suggestion, so the typed word is not part of the answer.)
   */
  async complete(uri: string, position: Position): Promise<CompletionOutcome> {
    const doc = this.documents.get(uri);
    if (!doc) throw new Error(`complete: ${uri} is not open`);
    const started = performance.now();
    let result: CompletionList | CompletionItem[] | null;
    try {
      result = await this.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position, context: { triggerKind: 1 } });
    } catch (e) {
      if (e instanceof ResponseError) return { text: undefined, ms: performance.now() - started, error: e.message };
      throw await this.failure('textDocument/completion', e);
    }
    const ms = performance.now() - started;
    const first = (Array.isArray(result) ? result : (result?.items ?? []))[0];
    return { text: first ? insertedText(doc, doc.offsetAt(position), first) : undefined, ms };
  }

  close(uri: string): void {
    this.documents.delete(uri);
    void this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } }).catch(() => undefined);
  }

  /** `shutdown` and `exit`, then waits for the process to end (killing it after 5 s). */
  async shutdown(): Promise<void> {
    if (this.exitCode === undefined) {
      try {
        await this.connection.sendRequest('shutdown');
        await this.connection.sendNotification('exit');
      } catch {
        // Already ending: the wait below decides.
      }
    }
    const timer = setTimeout(() => this.child.kill('SIGKILL'), EXIT_GRACE_MS);
    await this.exited;
    clearTimeout(timer);
    this.connection.dispose();
  }

  /** The position of a UTF-16 offset in an open document (positions are UTF-16: no other encoding is offered). */
  positionAt(uri: string, offset: number): Position {
    const doc = this.documents.get(uri);
    if (!doc) throw new Error(`positionAt: ${uri} is not open`);
    return doc.positionAt(offset);
  }

  /** An error that says why a request failed: the server's end (with its stderr) where it ended. */
  private async failure(method: string, e: unknown): Promise<Error> {
    const reason = e instanceof Error ? e.message : String(e);
    // The connection may see the pipe close before the process reports its exit.
    await Promise.race([this.exited, new Promise((resolve) => setTimeout(resolve, 1_000).unref())]);
    if (this.exitCode === undefined) return new Error(`${method} failed: ${reason}`);
    return new Error(`the server ended (exit code ${this.exitCode}) during ${method}${this.stderr.trim() ? `:\n${this.stderr.trim()}` : ''}`);
  }
}

function initializeParams(options: DriverOptions): InitializeParams {
  return {
    processId: process.pid,
    clientInfo: { name: 'infill-ls eval' },
    rootUri: options.rootUri ?? null,
    workspaceFolders: options.rootUri ? [{ uri: options.rootUri, name: 'project' }] : null,
    initializationOptions: { [SETTINGS_SECTION]: options.settingsSection },
    capabilities: {
      general: { positionEncodings: ['utf-16'] },
      workspace: { configuration: true, workspaceFolders: true },
      window: { workDoneProgress: true, showMessage: {} },
      textDocument: {
        synchronization: { dynamicRegistration: false },
        completion: {
          contextSupport: true,
          completionItem: { snippetSupport: false, insertReplaceSupport: false, labelDetailsSupport: true, documentationFormat: ['markdown', 'plaintext'] },
        },
      },
    },
  };
}

/** The value of a dotted section (`infill`, `infill.completion`) in the settings, or the whole object for none. */
function sectionValue(settings: Record<string, unknown>, section: string | undefined): unknown {
  if (!section) return settings;
  let value: unknown = settings;
  for (const key of section.split('.')) {
    if (typeof value !== 'object' || value === null || !(key in value)) return null;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/**
 * The text an item inserts at `offset`: its edit (its insertText or label at the cursor
 * where it has none) applied, and the unchanged text before and after the cursor taken off.
 * An edit that also changed text before the cursor gives what replaced it from there.
 */
export function insertedText(doc: TextDocument, offset: number, item: CompletionItem): string {
  const text = doc.getText();
  const edit = item.textEdit;
  const range = edit ? ('range' in edit ? edit.range : edit.insert) : { start: doc.positionAt(offset), end: doc.positionAt(offset) };
  const newText = edit ? edit.newText : (item.insertText ?? item.label);
  const after = TextDocument.applyEdits(doc, [{ range, newText }]);
  const suffixLength = text.length - offset;
  let kept = 0; // of the text before the cursor
  while (kept < offset && kept < after.length - suffixLength && after[kept] === text[kept]) kept++;
  const keptSuffix = after.endsWith(text.slice(offset)) ? suffixLength : commonSuffix(text.slice(offset), after.slice(kept));
  return after.slice(kept, after.length - keptSuffix);
}

function commonSuffix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}
