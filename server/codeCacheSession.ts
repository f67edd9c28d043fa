/**
 * The build's last step: runs the built server through a short editing session so that the
 * V8 code cache it writes at exit (main.ts, `--write-code-cache`) holds what a first
 * completion runs, not only what `--version` runs. V8 keeps every function compiled so far
 * in a cache made after execution; a function missing from it is compiled at its first call,
 * which is what a user's first completion after start-up would pay for (`npm run bench`,
 * table 6). No model answers here: the session's model endpoint is a port nobody listens on,
 * so each completion is planned and sent, and fails as with a model server that is down.
 */
import { spawn } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';
import { createMessageConnection, type MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';

/** A small file per language the benchmark and most users start with: imports, a type, functions, a stub. */
const SAMPLES: Array<{ languageId: string; ext: string; text: string; block: string; stub: string }> = [
  {
    languageId: 'typescript',
    ext: 'ts',
    block: 'new Catalog();\n',
    stub: 'function totalSize',
    text: `import * as fs from 'node:fs';
import { join } from 'node:path';

export interface Entry {
  name: string;
  size: number;
}

export class Catalog {
  private readonly entries = new Map<string, Entry>();

  add(entry: Entry): void {
    this.entries.set(entry.name, entry);
  }

  largest(): Entry | undefined {
    let best: Entry | undefined;
    for (const entry of this.entries.values()) {
      if (!best || entry.size > best.size) best = entry;
    }
    return best;
  }
}

export function load(dir: string): Catalog {
  const catalog = new Catalog();
  for (const name of fs.readdirSync(dir)) {
    catalog.add({ name, size: fs.statSync(join(dir, name)).size });
  }
  return catalog;
}

export function totalSize(catalog: Catalog): number {
  throw new Error('not implemented');
}
`,
  },
  {
    languageId: 'python',
    ext: 'py',
    block: 'best = None\n',
    stub: 'def total_size',
    text: `import os
from dataclasses import dataclass


@dataclass
class Entry:
    name: str
    size: int


class Catalog:
    def __init__(self):
        self.entries = {}

    def add(self, entry):
        self.entries[entry.name] = entry

    def largest(self):
        best = None
        for entry in self.entries.values():
            if best is None or entry.size > best.size:
                best = entry
        return best


def load(directory):
    catalog = Catalog()
    for name in os.listdir(directory):
        catalog.add(Entry(name, os.path.getsize(os.path.join(directory, name))))
    return catalog


def total_size(catalog):
    pass
`,
  },
  {
    languageId: 'go',
    ext: 'go',
    block: 'map[string]Entry{}}\n',
    stub: 'func TotalSize',
    text: `package catalog

import (
	"os"
	"path/filepath"
)

type Entry struct {
	Name string
	Size int64
}

type Catalog struct {
	entries map[string]Entry
}

func (c *Catalog) Add(e Entry) {
	c.entries[e.Name] = e
}

func (c *Catalog) Largest() (best Entry, ok bool) {
	for _, e := range c.entries {
		if !ok || e.Size > best.Size {
			best, ok = e, true
		}
	}
	return best, ok
}

func Load(dir string) (*Catalog, error) {
	c := &Catalog{entries: map[string]Entry{}}
	names, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	for _, n := range names {
		info, err := os.Stat(filepath.Join(dir, n.Name()))
		if err != nil {
			return nil, err
		}
		c.Add(Entry{Name: n.Name(), Size: info.Size()})
	}
	return c, nil
}

func TotalSize(c *Catalog) int64 {
}
`,
  },
  {
    languageId: 'rust',
    ext: 'rs',
    block: 'Catalog::default();\n',
    stub: 'fn total_size',
    text: `use std::collections::HashMap;
use std::fs;

pub struct Entry {
    pub name: String,
    pub size: u64,
}

#[derive(Default)]
pub struct Catalog {
    entries: HashMap<String, Entry>,
}

impl Catalog {
    pub fn add(&mut self, entry: Entry) {
        self.entries.insert(entry.name.clone(), entry);
    }

    pub fn largest(&self) -> Option<&Entry> {
        self.entries.values().max_by_key(|e| e.size)
    }
}

pub fn load(dir: &str) -> std::io::Result<Catalog> {
    let mut catalog = Catalog::default();
    for item in fs::read_dir(dir)? {
        let item = item?;
        let size = item.metadata()?.len();
        catalog.add(Entry { name: item.file_name().to_string_lossy().into_owned(), size });
    }
    Ok(catalog)
}

pub fn total_size(catalog: &Catalog) -> u64 {
    todo!()
}
`,
  },
];

/** How long the whole session may take: a server that hangs here would hang the install. */
const SESSION_LIMIT_MS = 60_000;

/** A local port with nothing listening on it: connections to it are refused at once. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The position just after the first occurrence of `marker` in `text`. */
function positionAfter(text: string, marker: string): { line: number; character: number } {
  const at = text.indexOf(marker);
  if (at < 0) throw new Error(`the sample has no ${JSON.stringify(marker)}`);
  const end = at + marker.length;
  const before = text.slice(0, end);
  const line = before.split('\n').length - 1;
  return { line, character: end - (before.lastIndexOf('\n') + 1) };
}

async function train(main: string): Promise<void> {
  const endpoint = `http://127.0.0.1:${await closedPort()}`;
  const child = spawn(process.execPath, [main, '--write-code-cache'], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, OLLAMA_HOST: '' } });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const limit = setTimeout(() => child.kill(), SESSION_LIMIT_MS);
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  // Errors and warnings the server logs, but those of the model server being down (as it is
  // here): a grammar that does not load would leave its code out of the cache.
  const problems: string[] = [];
  connection.onNotification('window/logMessage', (params: { type: number; message: string }) => {
    if (params.type <= 2 && !params.message.startsWith('completion failed: unreachable')) problems.push(params.message);
  });
  try {
    // The server's own requests (configuration, progress) are answered as a plain editor does.
    connection.onRequest(() => null);
    connection.listen();
    const ended = exited.then((code) => {
      throw new Error(`the server exited with status ${code} before the session ended`);
    });
    await Promise.race([session(connection, endpoint), ended]);
    ended.catch(() => undefined);
    const code = await exited;
    if (code !== 0) throw new Error(`the server exited with status ${code}`);
    if (problems.length) throw new Error(`the server said: ${problems.join('; ')}`);
  } finally {
    clearTimeout(limit);
    connection.dispose();
    child.kill();
  }
}

async function session(connection: MessageConnection, endpoint: string): Promise<void> {
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: { textDocument: { completion: { completionItem: { snippetSupport: true } }, codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor.rewrite'] } } } } },
    // A small context budget, so that even these short files are cut as large ones are. No
    // check at start: it would report the model server missing, 1.5 s in, on a slow machine.
    initializationOptions: { infill: { model: { provider: 'ollama', endpoint }, completion: { debounceMs: 0 }, context: { prefixTokens: 32, suffixTokens: 16 }, startup: { checkModels: false } } },
    clientInfo: { name: 'infill-ls build', version: '1' },
  });
  await connection.sendNotification('initialized', {});
  for (const sample of SAMPLES) {
    const uri = `file:///infill-ls-build/sample.${sample.ext}`;
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: sample.languageId, version: 1, text: sample.text } });
    // A block in a function body, then the rest of a line after a keystroke.
    await connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: positionAfter(sample.text, sample.block) });
    const edit = positionAfter(sample.text, 'entries');
    await connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: edit, end: edit }, text: '.' }],
    });
    await connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: edit.line, character: edit.character + 1 } });
    const stub = positionAfter(sample.text, sample.stub);
    await connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: stub, end: stub }, context: { diagnostics: [] } });
  }
  await connection.sendRequest('shutdown');
  await connection.sendNotification('exit');
}

// A failed session leaves a cache of less (or none): the server starts all the same, slower,
// so the install goes on and says why.
train(path.join(__dirname, 'main.js')).catch((e: unknown) => {
  process.stderr.write(`infill-ls build: the code-cache session failed (${e instanceof Error ? e.message : String(e)}); the server will compile more of itself at each start\n`);
});
