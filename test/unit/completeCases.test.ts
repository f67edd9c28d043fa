import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { drawCompleteCases, type CompleteCase } from '../../server/eval/completeCases';
import { seededRandom } from '../../server/eval/seededRandom';

/** The fill-in-the-middle cases `infill-ls eval complete` draws from real code: each kind's shape, and the same cases for the same seed. */
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'complete-cases-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const PYTHON = `import json


class Ledger:
    """Entries by account."""

    def __init__(self, path):
        self.path = path
        self.entries = []

    def add(self, account, amount):
        # a negative amount is a debit
        if amount == 0:
            raise ValueError("empty entry")
        self.entries.append({"account": account, "amount": amount})

    def balance(self, account):
        return sum(e["amount"] for e in self.entries if e["account"] == account)


def load(path):
    with open(path) as f:
        return json.load(f)
`;

const TYPESCRIPT = `import { readFile } from 'node:fs/promises';

export interface Config {
  name: string;
  retries: number;
}

export async function loadConfig(file: string): Promise<Config> {
  const raw = JSON.parse(await readFile(file, 'utf8'));
  if (typeof raw.name !== 'string') {
    throw new Error(\`\${file}: name must be a string\`);
  }
  return { name: raw.name, retries: Number(raw.retries ?? 3) };
}

export function describe(config: Config): string {
  switch (config.retries) {
    case 0:
      return \`\${config.name} (no retries)\`;
    default:
      return \`\${config.name} (\${config.retries} retries)\`;
  }
}
`;

const GO = `package store

import "errors"

// Store keeps values by key.
type Store struct {
	values map[string]int
}

func (s *Store) Get(key string) (int, error) {
	v, ok := s.values[key]
	if !ok {
		return 0, errors.New("missing: " + key)
	}
	return v, nil
}

func (s *Store) Put(key string, value int) {
	s.values[key] = value
}
`;

function write(rel: string, text: string | Buffer): string {
  const file = path.join(root, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

const py = write('ledger/ledger.py', PYTHON);
const ts = write('web/config.ts', TYPESCRIPT);
const go = write('store/store.go', GO.replace(/\n/g, '\r\n')); // CRLF: the middles stop before \r
const originals = new Map<string, string>([
  ['ledger/ledger.py', PYTHON],
  ['web/config.ts', TYPESCRIPT],
  ['store/store.go', GO.replace(/\n/g, '\r\n')],
]);

/** Every case the files hold, as far as drawing many finds them. */
const all = (files: string[], seed = 7) => drawCompleteCases(root, files, 1_000, seed);
const expectedOf = (cases: CompleteCase[], kind: CompleteCase['kind']) => cases.filter((c) => c.kind === kind).map((c) => c.expected);

function lineOf(text: string, offset: number): { before: string; after: string } {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const nl = text.indexOf('\n', offset);
  return { before: text.slice(start, offset), after: text.slice(offset, nl < 0 ? text.length : nl).replace(/\r$/, '') };
}

describe('drawCompleteCases', () => {
  it('gives the same cases for the same seed, and others for another', async () => {
    const files = [py, ts, go];
    const first = await drawCompleteCases(root, files, 12, 42);
    expect(await drawCompleteCases(root, [...files].reverse(), 12, 42)).toEqual(first);
    expect(await drawCompleteCases(root, files, 12, 43)).not.toEqual(first);
  });

  it('draws as many of each kind, each one the original file with its middle taken out at the cursor', async () => {
    const cases = await drawCompleteCases(root, [py, ts, go], 12, 1);
    expect(cases.map((c) => c.kind)).toEqual(['line', 'block', 'span', 'line', 'block', 'span', 'line', 'block', 'span', 'line', 'block', 'span']);
    for (const c of cases) {
      expect(c.text.slice(0, c.offset) + c.expected + c.text.slice(c.offset)).toBe(originals.get(c.file));
      expect(c.expected.trim()).not.toBe('');
    }
    expect(new Set(cases.map((c) => `${c.file}:${c.offset}:${c.expected}`)).size).toBe(12);
    expect(new Set(cases.map((c) => c.languageId))).toEqual(new Set(['python', 'typescript', 'go']));
  });

  it('line: the rest of a line of code after some of its code; never a comment or a docstring inside', async () => {
    const cases = (await all([py, ts, go])).filter((c) => c.kind === 'line');
    expect(cases.length).toBeGreaterThan(30);
    for (const c of cases) {
      const { before, after } = lineOf(c.text, c.offset);
      expect(after).toBe(''); // the rest of the line is the middle
      expect(before.trim()).not.toBe('');
      expect(c.expected).not.toMatch(/[\r\n]/);
      const line = (before + c.expected).trim();
      expect(line.length).toBeGreaterThanOrEqual(6);
      expect(line).not.toMatch(/^(?:#|\/\/)/);
    }
    // Every line of the Python file with code enough is used, and none other.
    const lines = new Set(cases.filter((c) => c.file === 'ledger/ledger.py').map((c) => (lineOf(c.text, c.offset).before + c.expected).trim()));
    expect([...lines].sort()).toEqual(
      [
        'import json',
        'class Ledger:',
        '"""Entries by account."""',
        'def __init__(self, path):',
        'self.path = path',
        'self.entries = []',
        'def add(self, account, amount):',
        'if amount == 0:',
        'raise ValueError("empty entry")',
        'self.entries.append({"account": account, "amount": amount})',
        'def balance(self, account):',
        'return sum(e["amount"] for e in self.entries if e["account"] == account)',
        'def load(path):',
        'with open(path) as f:',
        'return json.load(f)',
      ].sort(),
    );
  });

  it('block (Python): every body from its first statement to its end, the cursor at its indentation', async () => {
    const cases = (await all([py])).filter((c) => c.kind === 'block');
    for (const c of cases) expect(lineOf(c.text, c.offset).before).toMatch(/^ +$/);
    expect(expectedOf(cases, 'block').sort()).toEqual(
      [
        '"""Entries by account."""\n\n    def __init__(self, path):\n        self.path = path\n        self.entries = []\n\n    def add(self, account, amount):\n        # a negative amount is a debit\n        if amount == 0:\n            raise ValueError("empty entry")\n        self.entries.append({"account": account, "amount": amount})\n\n    def balance(self, account):\n        return sum(e["amount"] for e in self.entries if e["account"] == account)',
        'self.path = path\n        self.entries = []',
        'if amount == 0:\n            raise ValueError("empty entry")\n        self.entries.append({"account": account, "amount": amount})',
        'raise ValueError("empty entry")',
        'return sum(e["amount"] for e in self.entries if e["account"] == account)',
        'with open(path) as f:\n        return json.load(f)',
        'return json.load(f)',
      ].sort(),
    );
  });

  it("block (TypeScript): bodies after `{`, a switch's cases and each case's statements", async () => {
    const cases = (await all([ts])).filter((c) => c.kind === 'block');
    for (const c of cases) expect(lineOf(c.text, c.offset).before).toMatch(/^ +$/);
    expect(expectedOf(cases, 'block').sort()).toEqual(
      [
        'name: string;\n  retries: number;',
        "const raw = JSON.parse(await readFile(file, 'utf8'));\n  if (typeof raw.name !== 'string') {\n    throw new Error(`${file}: name must be a string`);\n  }\n  return { name: raw.name, retries: Number(raw.retries ?? 3) };",
        'throw new Error(`${file}: name must be a string`);',
        'switch (config.retries) {\n    case 0:\n      return `${config.name} (no retries)`;\n    default:\n      return `${config.name} (${config.retries} retries)`;\n  }',
        'case 0:\n      return `${config.name} (no retries)`;\n    default:\n      return `${config.name} (${config.retries} retries)`;',
        'return `${config.name} (no retries)`;',
        'return `${config.name} (${config.retries} retries)`;',
      ].sort(),
    );
  });

  it('block (Go, CRLF): a body once though the grammar nests two nodes for it, indented with tabs', async () => {
    const cases = (await all([go])).filter((c) => c.kind === 'block');
    for (const c of cases) expect(lineOf(c.text, c.offset).before).toMatch(/^\t+$/);
    expect(expectedOf(cases, 'block').sort()).toEqual(
      [
        'values map[string]int',
        'v, ok := s.values[key]\r\n\tif !ok {\r\n\t\treturn 0, errors.New("missing: " + key)\r\n\t}\r\n\treturn v, nil',
        'return 0, errors.New("missing: " + key)',
        's.values[key] = value',
      ].sort(),
    );
  });

  it('span: a piece of one line with code before and after it (arguments, expressions), never a single name', async () => {
    const cases = (await all([py, ts, go])).filter((c) => c.kind === 'span');
    expect(cases.length).toBeGreaterThan(30);
    for (const c of cases) {
      const { before, after } = lineOf(c.text, c.offset);
      expect(before.trim()).not.toBe('');
      expect(after.trim()).not.toBe('');
      expect(c.expected).not.toMatch(/[\r\n]/);
      expect(c.expected).not.toMatch(/^\s|\s$/);
    }
    const spans = new Set(expectedOf(cases, 'span'));
    // A call's arguments, a member access, a subscript, a comparison, a negation, a string.
    for (const s of ['"empty entry"', 'path', 'file, \'utf8\'', 'e["amount"]', 'json.load', '!ok', 'amount == 0', '"missing: " + key', 'raw.retries ?? 3']) {
      expect(spans.has(s), s).toBe(true);
    }
    for (const name of ['amount', 'account', 'raw', 'key']) expect(spans.has(name), name).toBe(false);
  });

  it('skips files over 1 MB, binary files and files without a grammar', async () => {
    const huge = write('big/huge.py', `x = 1\n${'y = "padding padding"\n'.repeat(60_000)}`);
    const binary = write('big/blob.py', Buffer.from([0x78, 0x20, 0x3d, 0x20, 0x31, 0x0a, 0x00, 0x01, 0x0a]));
    const notes = write('big/notes.txt', 'some words here\nmore words there\n');
    const cases = await drawCompleteCases(root, [huge, binary, notes, py], 30, 5);
    expect(cases).toHaveLength(30);
    expect(new Set(cases.map((c) => c.file))).toEqual(new Set(['ledger/ledger.py']));
    expect(await drawCompleteCases(root, [huge, binary, notes], 5, 5)).toEqual([]);
  });

  it('leaves a kind no file has room for to the others', async () => {
    const flat = write('flat/constants.py', 'RETRIES = int("3")\nNAME = str("ledger")\n');
    const cases = await drawCompleteCases(root, [flat], 6, 3);
    // No body, and two strings are the only spans: the lines take their turns once they run out.
    expect(cases.map((c) => c.kind)).toEqual(['line', 'span', 'span', 'line', 'line', 'line']);
  });
});

describe('seededRandom', () => {
  it('repeats its sequence for a seed and stays in range', () => {
    const a = seededRandom(9);
    const b = seededRandom(9);
    const drawn = Array.from({ length: 50 }, () => a.int(2, 5));
    expect(Array.from({ length: 50 }, () => b.int(2, 5))).toEqual(drawn);
    expect(new Set(drawn)).toEqual(new Set([2, 3, 4, 5]));
    expect(seededRandom(10).next()).not.toBe(seededRandom(9).next());
  });
});
