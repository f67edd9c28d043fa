// The fake model server tests start: real HTTP on 127.0.0.1, one flavour of model server per
// instance, every request recorded with its timing so tests can assert what the client did.
import { EventEmitter } from 'node:events';
import * as http from 'node:http';
import * as net from 'node:net';
import { performance } from 'node:perf_hooks';
import { DEFAULT_MODELS, type Behavior, type FakeModelOptions, type Flavor, type RecordedRequest } from './behavior';
import { methodNotAllowed, routeNotFound } from './errorShapes';
import { reply } from './generation';
import { llamacppRoutes } from './llamacppRoutes';
import { passesMiddleware } from './middleware';
import { ModelCatalog } from './modelCatalog';
import { ollamaRoutes } from './ollamaRoutes';
import { llamacppOpenaiAliases, openaiRoutes } from './openaiRoutes';
import { RequestContext, type RouteEnv, type RouteTable } from './requestContext';
import { Scheduler } from './scheduler';

export * from './behavior';

const GENERATION_PATHS = new Set([
  '/api/generate',
  '/api/chat',
  '/v1/completions',
  '/v1/chat/completions',
  '/infill',
  '/completion',
  '/completions',
  '/chat/completions',
]);

const ROUTES: Record<Flavor, RouteTable> = {
  ollama: { ...ollamaRoutes, ...openaiRoutes },
  llamacpp: { ...llamacppRoutes, ...openaiRoutes, ...llamacppOpenaiAliases },
  vllm: { ...openaiRoutes, '/health': { GET: (ctx) => ctx.sendText(200, '', 'application/json') } },
  openai: { ...openaiRoutes },
};

export class FakeModelServer extends EventEmitter {
  readonly url: string;
  readonly port: number;
  readonly flavor: Flavor;
  readonly requests: RecordedRequest[] = [];

  private defaultBehavior: Behavior;
  private readonly queuedBehaviors: Behavior[] = [];
  private readonly sockets = new Set<net.Socket>();
  private readonly watchers = new Set<() => void>();
  private readonly env: RouteEnv;
  private loading: boolean;
  private seq = 0;
  private closing?: Promise<void>;

  /** Listens on 127.0.0.1 at a free port. */
  static async start(options: FakeModelOptions = {}): Promise<FakeModelServer> {
    const server = http.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    return new FakeModelServer(server, options);
  }

  private constructor(
    private readonly server: http.Server,
    readonly options: FakeModelOptions,
  ) {
    super();
    const address = server.address() as net.AddressInfo;
    this.port = address.port;
    this.url = `http://127.0.0.1:${this.port}`;
    this.flavor = options.flavor ?? 'ollama';
    this.defaultBehavior = options.behavior ?? {};
    this.loading = Boolean(options.loading);
    const scheduler = new Scheduler({ parallel: options.parallel, maxQueue: options.maxQueue, loadDelayMs: options.loadDelayMs });
    this.env = {
      flavor: this.flavor,
      options,
      catalog: new ModelCatalog(options.models ?? DEFAULT_MODELS),
      scheduler,
      takeBehavior: () => this.queuedBehaviors.shift() ?? this.defaultBehavior,
      isLoading: () => this.loading,
    };
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('error', () => {}); // resets from clients that abort are expected
      socket.once('close', () => {
        this.sockets.delete(socket);
        this.emit('socketClosed');
        this.changed();
      });
    });
    server.on('request', (req, res) => void this.handle(req, res));
  }

  /** The behaviour of later generating requests (those not served from the queue). */
  setBehavior(behavior: Behavior): void {
    this.defaultBehavior = behavior;
  }

  /** Used once, whole (it replaces the default), by the next request that gets as far as generating; FIFO. */
  enqueueBehavior(behavior: Behavior): void {
    this.queuedBehaviors.push(behavior);
  }

  /** llama.cpp flavour: switch the "Loading model" state. */
  setLoading(loading: boolean): void {
    this.loading = loading;
  }

  /** Requests to the generating routes, in arrival order. */
  generationRequests(): RecordedRequest[] {
    return this.requests.filter((r) => GENERATION_PATHS.has(r.path));
  }

  /** Resolves once `predicate` holds; re-checked on every request, header, token, finish and close. */
  waitFor(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
    return new Promise((resolve, reject) => {
      const stop = (): void => {
        clearTimeout(timer);
        this.watchers.delete(check);
      };
      const check = (): void => {
        let ok: boolean;
        try {
          ok = predicate();
        } catch (err) {
          stop();
          reject(err);
          return;
        }
        if (ok) {
          stop();
          resolve();
        }
      };
      const timer = setTimeout(() => {
        stop();
        reject(new Error(`FakeModelServer.waitFor: condition still false after ${timeoutMs} ms. Requests: ${this.describe()}`));
      }, timeoutMs);
      this.watchers.add(check);
      check();
    });
  }

  openSockets(): number {
    return this.sockets.size;
  }

  /** Destroys every socket and stops listening. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      this.env.scheduler.dispose();
      this.server.close(() => resolve());
      for (const socket of this.sockets) socket.destroy();
      this.server.closeAllConnections();
    });
    return this.closing;
  }

  /** One line per request, for timeout messages. */
  describe(): string {
    if (this.requests.length === 0) return '(none)';
    return this.requests
      .map((r) => {
        const state = r.clientClosedAt !== undefined ? 'client closed' : r.destroyedAt !== undefined ? 'destroyed' : r.finishedAt !== undefined ? 'finished' : 'open';
        return `#${r.seq} ${r.method} ${r.path} tokens=${r.tokensSent} headers=${r.headersSentAt !== undefined ? 'sent' : 'pending'} ${state}`;
      })
      .join('; ');
  }

  private changed(): void {
    for (const check of [...this.watchers]) check();
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const rec: RecordedRequest = {
      seq: ++this.seq,
      method: req.method ?? 'GET',
      path: url.pathname,
      headers: req.headers,
      rawBody: '',
      body: undefined,
      receivedAt: performance.now(),
      tokensSent: 0,
    };
    let published = false;
    const ctx = new RequestContext(
      rec,
      req,
      res,
      () => this.changed(),
      () => {
        if (!published) return;
        this.emit('clientClosed', rec);
        this.changed();
      },
      () => {
        this.emit('finished', rec);
        this.changed();
      },
    );
    const raw = await readBody(req);
    if (raw === undefined || ctx.closed) return;
    rec.rawBody = raw;
    rec.body = parseJson(raw);
    rec.receivedAt = performance.now();
    this.requests.push(rec);
    published = true;
    this.emit('request', rec);
    this.changed();
    try {
      await this.route(ctx);
    } catch (err) {
      // A bug in the fake must fail the test loudly, not hang it.
      console.error(`fake model server: ${rec.method} ${rec.path} failed`, err);
      if (!ctx.headersSent) ctx.sendJson(500, { error: `fake model server bug: ${(err as Error).message}` });
      else ctx.destroy();
    }
  }

  private async route(ctx: RequestContext): Promise<void> {
    if (!passesMiddleware(ctx, this.env)) return;
    const { method, path } = ctx.rec;
    const methods = ROUTES[this.flavor][path];
    if (!methods) return reply(ctx, routeNotFound(this.flavor, method, path));
    const handler = methods[method];
    if (!handler) return reply(ctx, methodNotAllowed(this.flavor, method, path));
    await handler(ctx, this.env);
  }
}

function readBody(req: http.IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.once('error', () => resolve(undefined));
    req.once('close', () => {
      if (!req.complete) resolve(undefined);
    });
  });
}

function parseJson(raw: string): unknown {
  if (raw.trim() === '') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

/** Ports fetch refuses outright ("bad port"), which would not test connection refusal. */
const FETCH_BAD_PORTS = new Set([
  1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104, 109, 110, 111, 113, 115, 117,
  119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636,
  989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
]);

/** A port that was bound on 127.0.0.1 and then closed: connecting to it is refused (ECONNREFUSED). */
export async function closedPort(): Promise<number> {
  for (;;) {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
    const { port } = probe.address() as net.AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    if (!FETCH_BAD_PORTS.has(port)) return port;
  }
}
