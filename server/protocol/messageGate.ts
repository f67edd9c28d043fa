import { ErrorCodes, type DataCallback, type Message, type MessageReader, type MessageWriter } from 'vscode-languageserver/node';
import type { Logger } from './logger';
import { paramsProblem } from './paramChecks';

/** LSP's error for a request that comes before `initialize`. */
const SERVER_NOT_INITIALIZED = -32002;

/** What the reader says when the stream cannot be split into messages any more. */
const UNFRAMEABLE = /^(Header must provide a Content-Length|Content-Length value must be a number|Message header must separate key and value)/;

type Lifecycle = 'new' | 'running' | 'shut down';

/** Reads the client's messages through the gate; `shutdownReceived` says how to exit when the input ends. */
export interface MessageGate {
  reader: MessageReader;
  writer: MessageWriter;
  shutdownReceived(): boolean;
}

/** How long `exit` waits for the shutdown response to be written (a client may send both in one write). */
const EXIT_WAIT_MS = 2000;

/**
 * Every message from the client passes here before the connection sees it: the lifecycle
 * is enforced (a request before `initialize` gets ServerNotInitialized, a second
 * `initialize` InvalidRequest, anything after `shutdown` but `exit` InvalidRequest) and
 * params are checked by their method's shape (a malformed request gets InvalidParams, a
 * malformed notification is logged and dropped), so nothing malformed is ever stored. A
 * stream that can no longer be framed calls `onUnframeable`: nothing after it can be read.
 * `exit` waits until the response to `shutdown` is written, or the process would end first.
 */
export function gateMessages(inner: MessageReader, writer: MessageWriter, logger: Logger, onUnframeable: (reason: string) => void): MessageGate {
  let state: Lifecycle = 'new';
  let shutdownId: unknown;
  let shutdownAnswered = false;
  let onShutdownAnswered: (() => void) | undefined;
  const gatedWriter: MessageWriter = {
    onError: writer.onError,
    onClose: writer.onClose,
    end: () => writer.end(),
    dispose: () => writer.dispose(),
    write: async (message: Message) => {
      await writer.write(message);
      const m = message as { id?: unknown; method?: unknown };
      if (m.method === undefined && shutdownId !== undefined && m.id === shutdownId) {
        shutdownAnswered = true;
        onShutdownAnswered?.();
      }
    },
  };
  inner.onError((e) => {
    const error = Array.isArray(e) ? e[0] : e;
    if (error instanceof Error && UNFRAMEABLE.test(error.message)) onUnframeable(error.message.split('\n')[0]);
  });
  const pass = (message: Message): Message | undefined => {
    const m = message as { id?: unknown; method?: unknown; params?: unknown };
    if (typeof m.method !== 'string') return message; // a response to one of our requests
    const method = m.method;
    const refuse = (code: number, text: string): undefined => {
      if (m.id !== undefined && m.id !== null) void writer.write({ jsonrpc: '2.0', id: m.id, error: { code, message: text } } as Message);
      else logger.warn(`ignored ${method}: ${text}`);
      return undefined;
    };
    if (method === 'exit') {
      if (state !== 'shut down' || shutdownAnswered) return message;
      const timer = setTimeout(() => deliver?.(message), EXIT_WAIT_MS);
      onShutdownAnswered = () => {
        clearTimeout(timer);
        deliver?.(message);
      };
      return undefined;
    }
    if (method === 'initialize') {
      // A second one would also start watching another process id, and exit when it is gone.
      if (state !== 'new') return refuse(ErrorCodes.InvalidRequest, 'initialize was already received; the server is running');
      state = 'running';
      return message;
    }
    if (state === 'new') return refuse(SERVER_NOT_INITIALIZED, `infill-ls is not initialized: ${method} must come after initialize`);
    if (state === 'shut down') return refuse(ErrorCodes.InvalidRequest, `infill-ls is shutting down: only exit is served after shutdown, not ${method}`);
    if (method === 'shutdown') {
      state = 'shut down';
      shutdownId = m.id;
    }
    const wrong = paramsProblem(method, m.params);
    return wrong ? refuse(ErrorCodes.InvalidParams, `infill-ls cannot use ${method}: ${wrong}`) : message;
  };
  let deliver: DataCallback | undefined;
  const reader: MessageReader = {
    onError: inner.onError,
    onClose: inner.onClose,
    onPartialMessage: inner.onPartialMessage,
    dispose: () => inner.dispose(),
    listen: (callback: DataCallback) => {
      deliver = callback;
      return inner.listen((message) => {
        const passed = pass(message);
        if (passed) callback(passed);
      });
    },
  };
  return { reader, writer: gatedWriter, shutdownReceived: () => state === 'shut down' };
}
