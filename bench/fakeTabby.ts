// A Tabby server as tabby-agent 1.5.0 talks to it (table 9): health, server settings, events,
// and completions answered whole after the model's time, as JSON (Tabby does not stream them).
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { MODEL_LATENCY_MS } from './behaviors';
import { TEMPLATES, type BenchLanguage } from './templates';

/** A completion request as the fake saw it: its body, and when it came and was answered. */
export interface TabbyRequest {
  body: string;
  receivedAt: number;
  finishedAt?: number;
}

const HEALTH = {
  model: 'fake',
  device: 'cpu',
  arch: 'x86_64',
  cpu_info: 'fake',
  cpu_count: 2,
  cuda_devices: [],
  version: { build_date: '2025-01-01', build_timestamp: '2025-01-01T00:00:00Z', git_sha: '0', git_describe: 'v0.20.0' },
};

export class FakeTabby {
  readonly completions: TabbyRequest[] = [];

  private constructor(private readonly server: http.Server) {}

  static async start(): Promise<FakeTabby> {
    const server = http.createServer();
    const fake = new FakeTabby(server);
    server.on('request', (req, res) => fake.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const json = (value: unknown) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      const url = req.url ?? '';
      if (url.startsWith('/v1/health')) return json(HEALTH);
      if (url.startsWith('/v1beta/server_setting')) return json({ disable_client_side_telemetry: true });
      if (url.startsWith('/v1/events')) return json({});
      if (!url.startsWith('/v1/completions')) {
        res.writeHead(404).end();
        return;
      }
      const request: TabbyRequest = { body: Buffer.concat(chunks).toString('utf8'), receivedAt: performance.now() };
      this.completions.push(request);
      const language = (JSON.parse(request.body) as { language?: string }).language as BenchLanguage;
      const text = TEMPLATES[language]?.answer[0] ?? 'value = compute(1)';
      setTimeout(() => {
        request.finishedAt = performance.now();
        json({ id: `cmpl-${this.completions.length}`, choices: [{ index: 0, text: `${text}\n` }] });
      }, MODEL_LATENCY_MS);
    });
  }
}
