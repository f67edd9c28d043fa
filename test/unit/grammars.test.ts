import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Language, Parser, Query, type Node } from 'web-tree-sitter';
import { readQueryText, wasmPath, type GrammarEntry } from '../../server/syntax/grammarRegistry';
import { outermostPerBody } from '../../server/syntax/syntaxQueries';

/**
 * grammars/manifest.json and the query files under grammars/queries/<id>/: every grammar
 * loads, every query compiles with only our capture names, and on a realistic sample per
 * language the queries find exactly the definitions, imports, scope headers and blocks
 * listed below.
 */
const GRAMMARS = path.resolve(__dirname, '../../grammars');
const FIXTURES = path.resolve(__dirname, '../fixtures/grammars');

const manifest = JSON.parse(fs.readFileSync(path.join(GRAMMARS, 'manifest.json'), 'utf8')) as {
  languages: GrammarEntry[];
};

/** The capture names each query file may use, and no others. */
const CAPTURES: Record<string, string[]> = {
  blocks: ['block'],
  scopes: ['scope', 'scope.body'],
  imports: ['import'],
  definitions: ['definition', 'name'],
  stubs: ['definition', 'name', 'body', 'stub', 'todo'],
};
const QUERY_FILES = Object.keys(CAPTURES);

interface Expected {
  /** The sample under test/fixtures/grammars/<id>/. */
  file: string;
  /** @name texts, ordered by the start of their @definition. */
  definitions: string[];
  /** @import node texts (C/C++ `#include` nodes end with their newline). */
  imports: string[];
  /** Text from @scope's start to @scope.body's start, trimmed, ordered by @scope start. */
  scopes: string[];
  /** Distinct @block nodes. */
  blocks: number;
}

const EXPECTED: Record<string, Expected> = {
  typescript: {
    file: 'sample.ts',
    definitions: [
      'DEFAULT_LIMIT',
      'CacheKey',
      'CacheEntry',
      'Level',
      'Units',
      'kb',
      'LruCache',
      'constructor',
      'get',
      'set',
      'loadConfig',
      'byLength',
      'levelName',
    ],
    imports: [
      "import { readFile } from 'node:fs/promises';",
      "import * as path from 'node:path';",
      "import type { Logger } from './logger';",
      "export { formatBytes } from './format';",
      "const yaml = require('yaml');",
    ],
    scopes: [
      'interface CacheEntry<T>',
      'enum Level',
      'namespace Units',
      'function kb(n: number): number',
      'class LruCache<T>',
      'constructor(private readonly limit: number, private readonly log: Logger)',
      'get(key: CacheKey): T | undefined',
      'set(key: CacheKey, value: T, ttlMs: number): void',
      'async function loadConfig(dir: string): Promise<unknown>',
      'const byLength = (items: string[]) =>',
      'function levelName(level: Level): string',
    ],
    blocks: 19,
  },
  tsx: {
    file: 'sample.tsx',
    definitions: [
      'UserListProps',
      'SortOrder',
      'UserList',
      'ErrorBoundary',
      'componentDidCatch',
      'render',
      'Badge',
    ],
    imports: [
      "import React, { useEffect, useState } from 'react';",
      "import type { User } from './types';",
      "import { fetchUsers } from './api';",
    ],
    scopes: [
      'interface UserListProps',
      'function UserList({ filter, onSelect }: UserListProps)',
      '() =>',
      '(list) =>',
      '() =>',
      '() =>',
      'class ErrorBoundary extends React.Component<{ children: React.ReactNode }, { failed: boolean }>',
      'componentDidCatch(error: Error): void',
      'render()',
      'const Badge = ({ count }: { count: number }) =>',
    ],
    blocks: 12,
  },
  javascript: {
    file: 'sample.js',
    definitions: [
      'MAX_RETRIES',
      'TaskQueue',
      'constructor',
      'push',
      'next',
      'readJson',
      'render',
    ],
    imports: [
      "const fs = require('fs');",
      "const { join } = require('path');",
      "import { EventEmitter } from 'events';",
      "import defaults from './defaults.js';",
      "export * from './errors.js';",
    ],
    scopes: [
      'class TaskQueue extends EventEmitter',
      'constructor(concurrency)',
      'push(task)',
      'next()',
      '() =>',
      'function readJson(dir, name)',
      'const render = (items) =>',
    ],
    blocks: 13,
  },
  python: {
    file: 'sample.py',
    definitions: [
      'DEFAULT_WAREHOUSE',
      'Item',
      'restock',
      'Inventory',
      '__init__',
      'find',
      'remove',
      'load_inventory',
      'sync_all',
    ],
    imports: [
      'import logging',
      'import os.path',
      'from dataclasses import dataclass, field',
      'from typing import Iterable, Optional',
    ],
    scopes: [
      'class Item:',
      'def restock(self, amount: int) -> None:',
      'class Inventory:',
      'def __init__(self, items: Iterable[Item] = ()):',
      'def find(self, sku: str) -> Optional[Item]:',
      'def remove(self, sku: str, amount: int) -> bool:',
      'def load_inventory(path: str) -> Inventory:',
      'async def sync_all(paths):',
    ],
    blocks: 18,
  },
  rust: {
    file: 'sample.rs',
    definitions: [
      'lexer',
      'MAX_DEPTH',
      'Result',
      'ParseError',
      'Visitor',
      'visit',
      'Config',
      'new',
      'parse',
      'fmt',
      'util',
      'is_blank',
      'read_all',
    ],
    imports: [
      'use std::collections::HashMap;',
      'use std::fmt::{self, Display};',
      'use std::io::Read;',
      'mod lexer;',
    ],
    scopes: [
      'pub enum ParseError',
      'pub trait Visitor',
      'pub struct Config',
      'impl Config',
      'pub fn new() -> Self',
      'pub fn parse(input: &str) -> Result<Config>',
      'impl Display for Config',
      "fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result",
      'mod util',
      'pub fn is_blank(s: &str) -> bool',
      'pub fn read_all<R: Read>(mut reader: R) -> Result<String>',
      'let trimmed = |s: &str|',
    ],
    blocks: 17,
  },
  go: {
    file: 'sample.go',
    definitions: [
      'MaxKeys',
      'Key',
      'Getter',
      'Store',
      'NewStore',
      'Get',
      'Put',
      'Dump',
    ],
    imports: [
      'package store',
      'import (\n\t"errors"\n\t"fmt"\n\t"sync"\n)',
      'import "strings"',
    ],
    scopes: [
      'type Getter',
      'type Store struct',
      'func NewStore() *Store',
      'func (s *Store) Get(key Key) (string, error)',
      'func (s *Store) Put(key Key, value string) error',
      'func Dump(s *Store) []string',
      'each := func(line string)',
    ],
    blocks: 25,
  },
  java: {
    file: 'Sample.java',
    definitions: [
      'OrderBook',
      'MAX_ORDERS',
      'Side',
      'Listener',
      'onFill',
      'Order',
      'OrderBook',
      'add',
      'match',
      'describe',
    ],
    imports: [
      'package com.example.orders;',
      'import java.util.ArrayList;',
      'import java.util.List;',
      'import static java.util.Objects.requireNonNull;',
    ],
    scopes: [
      'public class OrderBook',
      'public enum Side',
      'public interface Listener',
      'public record Order(String id, Side side, long quantity)',
      'public OrderBook(Listener listener)',
      'public boolean add(Order order)',
      'public long match(Side side, long wanted)',
      'o ->',
      'static String describe(Side side)',
    ],
    blocks: 18,
  },
  c: {
    file: 'sample.c',
    definitions: [
      'BUFFER_INITIAL',
      'byte',
      'status',
      'buffer',
      'buffer_grow',
      'buffer_end',
      'buffer_append',
      'main',
    ],
    imports: [
      '#include <stdio.h>\n',
      '#include <stdlib.h>\n',
      '#include "buffer.h"\n',
    ],
    scopes: [
      'enum status',
      'struct buffer',
      'static int buffer_grow(struct buffer *buf, size_t needed)',
      'static byte *buffer_end(struct buffer *buf)',
      'enum status buffer_append(struct buffer *buf, const byte *src, size_t n)',
      'int main(int argc, char **argv)',
    ],
    blocks: 15,
  },
  cpp: {
    file: 'sample.cpp',
    definitions: [
      'geometry',
      'kPi',
      'Point',
      'Shape',
      '~Shape',
      'area',
      'Circle',
      'Circle',
      'area',
      'total_area',
      'scaled',
      'Color',
      'Palette',
    ],
    imports: [
      '#include <memory>\n',
      '#include <string>\n',
      '#include <vector>\n',
      '#include "shape.hpp"\n',
      'using std::string;',
      'using namespace std::literals;',
    ],
    scopes: [
      'namespace geometry',
      'struct Point',
      'class Shape',
      'class Circle : public Shape',
      'explicit Circle(double radius) : radius_(radius)',
      'double area() const override',
      'double total_area(const std::vector<std::unique_ptr<T>>& shapes)',
      'double scaled(double factor)',
      'auto square = [](double v)',
      'enum class Color',
    ],
    blocks: 14,
  },
  csharp: {
    file: 'Sample.cs',
    definitions: [
      'Example.Billing',
      'InvoiceState',
      'IClock',
      'LineItem',
      'Money',
      'Round',
      'Invoice',
      'TaxRate',
      'Invoice',
      'Total',
      'Send',
    ],
    imports: [
      'using System;',
      'using System.Collections.Generic;',
      'using static System.Math;',
    ],
    scopes: [
      'namespace Example.Billing',
      'public enum InvoiceState',
      'public interface IClock',
      'DateTime Now',
      'public struct Money',
      'public class Invoice',
      'public Invoice(IClock clock)',
      'public InvoiceState State',
      'public decimal Total()',
      'public void Send()',
      'Action<string> log = message =>',
    ],
    blocks: 16,
  },
  ruby: {
    file: 'sample.rb',
    definitions: [
      'Weather',
      'DEFAULT_UNITS',
      'Report',
      'initialize',
      'average',
      'from_json',
      'hottest',
      'fetch',
      'summarize',
    ],
    imports: [
      "require 'json'",
      "require_relative 'support/http_client'",
    ],
    scopes: [
      'module Weather',
      'class Report',
      'def initialize(city, readings = [])',
      'def average',
      'def self.from_json(text)',
      'def hottest',
      'readings.each_with_index.max_by do |value, _index|',
      'def self.fetch(cities)',
      'cities.map { |city|',
      'def summarize(reports)',
      'reports.each do |report|',
    ],
    blocks: 18,
  },
  php: {
    file: 'sample.php',
    definitions: [
      'MAX_RECIPIENTS',
      'Renderer',
      'render',
      'Loggable',
      'log',
      'Priority',
      'Mailer',
      '__construct',
      'send',
      'format_address',
    ],
    imports: [
      'namespace App\\Mail;',
      'use App\\Contracts\\Transport;',
      'use Psr\\Log\\LoggerInterface as Logger;',
      "require_once __DIR__ . '/helpers.php';",
      "include 'config.php';",
    ],
    scopes: [
      'interface Renderer',
      'trait Loggable',
      'protected function log(string $message): void',
      'enum Priority: int',
      'final class Mailer',
      'public function __construct(private Transport $transport, private Logger $logger)',
      'public function send(array $recipients, string $body): int',
      'function format_address(string $name, string $email): string',
      '$clean = function (string $s)',
    ],
    blocks: 13,
  },
  bash: {
    file: 'sample.sh',
    definitions: [
      'BACKUP_DIR',
      'KEEP',
      'log',
      'rotate_backups',
      'backup',
    ],
    imports: [
      'source "$(dirname "$0")/lib/common.sh"',
      '. ./env.sh',
    ],
    scopes: [
      'log()',
      'function rotate_backups',
      'backup()',
    ],
    blocks: 11,
  },
  lua: {
    file: 'sample.lua',
    definitions: [
      'DEFAULT_TIMEOUT',
      'new',
      'push',
      'drain',
      'encode_all',
      'run',
    ],
    imports: [
      'local json = require("dkjson")',
      'local utils = require "lib.utils"',
    ],
    scopes: [
      'function Queue.new(limit)',
      'function Queue:push(item)',
      'function Queue:drain(handler)',
      'local function encode_all(items)',
      'function M.run(queue, timeout)',
      'function(item)',
    ],
    blocks: 13,
  },
};

/** Which manifest entry a languageId an editor sends must select. */
const LANGUAGE_IDS: Record<string, string> = {
  // VS Code
  typescript: 'typescript',
  typescriptreact: 'tsx',
  javascript: 'javascript',
  javascriptreact: 'javascript',
  python: 'python',
  rust: 'rust',
  go: 'go',
  java: 'java',
  c: 'c',
  cpp: 'cpp',
  csharp: 'csharp',
  ruby: 'ruby',
  php: 'php',
  shellscript: 'bash',
  lua: 'lua',
  // Neovim filetypes and Helix names
  sh: 'bash',
  bash: 'bash',
  cs: 'csharp',
  'c-sharp': 'csharp',
  tsx: 'tsx',
  jsx: 'javascript',
  // Emacs eglot (major mode without "-mode")
  js: 'javascript',
  js2: 'javascript',
  'js-ts': 'javascript',
  'typescript-ts': 'typescript',
  'tsx-ts': 'tsx',
  'c++': 'cpp',
  'c++-ts': 'cpp',
  'c-ts': 'c',
  'python-ts': 'python',
  'rust-ts': 'rust',
  rustic: 'rust',
  'go-ts': 'go',
  'java-ts': 'java',
  'csharp-ts': 'csharp',
  'ruby-ts': 'ruby',
  'bash-ts': 'bash',
  'lua-ts': 'lua',
  'php-ts': 'php',
};

interface LoadedLanguage {
  entry: GrammarEntry;
  language: Language;
  queries: Record<string, Query>;
  source: string;
  root: Node;
}

const loaded = new Map<string, LoadedLanguage>();

function get(id: string): LoadedLanguage {
  const l = loaded.get(id);
  if (!l) throw new Error(`${id} did not load`);
  return l;
}

beforeAll(async () => {
  await Parser.init();
  // Each grammar is loaded, and each sample parsed, once for the whole file.
  await Promise.all(
    manifest.languages.map(async (entry) => {
      const language = await Language.load(wasmPath(GRAMMARS, entry));
      const queries: Record<string, Query> = {};
      for (const name of QUERY_FILES) {
        queries[name] = new Query(language, readQueryText(GRAMMARS, entry.id, name));
      }
      const parser = new Parser();
      parser.setLanguage(language);
      const source = fs.readFileSync(path.join(FIXTURES, entry.id, EXPECTED[entry.id]?.file ?? ''), 'utf8');
      const tree = parser.parse(source);
      if (!tree) throw new Error(`${entry.id}: no tree`);
      loaded.set(entry.id, { entry, language, queries, source, root: tree.rootNode });
    }),
  );
});

describe('grammars/manifest.json', () => {
  it('lists the expected languages, each with a sample and its four query files', () => {
    expect(manifest.languages.map((l) => l.id)).toEqual([
      'typescript', 'tsx', 'javascript', 'python', 'rust', 'go', 'java',
      'c', 'cpp', 'csharp', 'ruby', 'php', 'bash', 'lua',
    ]);
    expect(Object.keys(EXPECTED).sort()).toEqual(manifest.languages.map((l) => l.id).sort());
    for (const l of manifest.languages) {
      expect(fs.readdirSync(path.join(GRAMMARS, 'queries', l.id)).sort(), l.id).toEqual(QUERY_FILES.map((q) => `${q}.scm`).sort());
      expect(fs.readdirSync(path.join(FIXTURES, l.id)), l.id).toEqual([EXPECTED[l.id].file]);
    }
  });

  it('has well-formed entries', () => {
    for (const l of manifest.languages) {
      expect(Object.keys(l).sort(), l.id).toEqual(['extensions', 'id', 'languageIds', 'lineComment', 'package', 'version', 'wasm']);
      expect(l.id, l.id).toMatch(/^[a-z]+$/);
      expect(l.languageIds.length, l.id).toBeGreaterThan(0);
      for (const id of l.languageIds) expect(id, l.id).toBe(id.toLowerCase());
      expect(l.languageIds, l.id).toContain(l.id === 'tsx' ? 'typescriptreact' : l.id === 'bash' ? 'shellscript' : l.id);
      expect(l.extensions.length, l.id).toBeGreaterThan(0);
      for (const ext of l.extensions) expect(ext, l.id).toMatch(/^\.[a-z0-9+_-]+$/);
      expect(['//', '#', '--'], l.id).toContain(l.lineComment);
      expect(l.wasm, l.id).toMatch(/\.wasm$/);
    }
  });

  it('has unique ids, languageIds and extensions', () => {
    const unique = (xs: string[]) => xs.filter((x, i) => xs.indexOf(x) !== i);
    expect(unique(manifest.languages.map((l) => l.id))).toEqual([]);
    expect(unique(manifest.languages.flatMap((l) => l.languageIds))).toEqual([]);
    expect(unique(manifest.languages.flatMap((l) => l.extensions))).toEqual([]);
  });

  it('maps the languageIds of VS Code, Neovim, Helix and eglot to the right grammar', () => {
    const byLanguageId = (languageId: string) => manifest.languages.find((l) => l.languageIds.includes(languageId))?.id;
    for (const [languageId, id] of Object.entries(LANGUAGE_IDS)) expect(byLanguageId(languageId), languageId).toBe(id);
    expect(manifest.languages.find((l) => l.extensions.includes('.jsx'))?.id).toBe('javascript');
    expect(manifest.languages.find((l) => l.extensions.includes('.h'))?.id).toBe('c');
    expect(manifest.languages.find((l) => l.extensions.includes('.hpp'))?.id).toBe('cpp');
  });
});

describe.each(manifest.languages.map((l) => [l.id]))('%s queries', (id) => {
  it('compile with only the allowed capture names', () => {
    const { queries } = get(id);
    for (const name of QUERY_FILES) {
      // `_`-named captures only serve predicates.
      const used = [...new Set(queries[name].captureNames)].filter((c) => !c.startsWith('_')).sort();
      const allowed = [...CAPTURES[name]].sort();
      // C and C++ have no standard "not implemented" statement beyond what stubs.scm names.
      expect(used, `${id}/${name}.scm`).toEqual(name === 'stubs' && !used.includes('stub') ? allowed.filter((c) => c !== 'stub') : allowed);
    }
  });

  it('parse the sample without syntax errors', () => {
    expect(get(id).root.hasError).toBe(false);
  });

  it('find exactly the definitions', () => {
    const { queries, root } = get(id);
    const found = queries.definitions.matches(root).map((m) => {
      const defs = m.captures.filter((c) => c.name === 'definition');
      const names = m.captures.filter((c) => c.name === 'name');
      expect(defs.length, `match of pattern ${m.patternIndex}`).toBe(1);
      expect(names.length, `match of pattern ${m.patternIndex}`).toBe(1);
      const def = defs[0].node;
      const name = names[0].node;
      expect(name.startIndex >= def.startIndex && name.endIndex <= def.endIndex, name.text).toBe(true);
      return { def, name };
    });
    found.sort((a, b) => a.def.startIndex - b.def.startIndex || a.name.startIndex - b.name.startIndex);
    expect(found.map((f) => f.name.text)).toEqual(EXPECTED[id].definitions);
  });

  it('find exactly the imports', () => {
    const { queries, root } = get(id);
    const nodes = new Map<number, Node>();
    for (const c of queries.imports.captures(root)) nodes.set(c.node.id, c.node);
    const texts = [...nodes.values()].sort((a, b) => a.startIndex - b.startIndex).map((n) => n.text);
    expect(texts).toEqual(EXPECTED[id].imports);
  });

  it('find exactly the scopes, each with one body inside it', () => {
    const { queries, root, source } = get(id);
    const scopes = queries.scopes.matches(root).map((m) => {
      const scope = m.captures.filter((c) => c.name === 'scope');
      const body = m.captures.filter((c) => c.name === 'scope.body');
      expect(scope.length, `match of pattern ${m.patternIndex}`).toBe(1);
      expect(body.length, `match of pattern ${m.patternIndex}`).toBe(1);
      const s = scope[0].node;
      const b = body[0].node;
      expect(b.startIndex > s.startIndex && b.endIndex <= s.endIndex, s.text.slice(0, 40)).toBe(true);
      return { start: s.startIndex, bodyStart: b.startIndex, end: s.endIndex };
    });
    // A body shown once, with its outermost header (`const f = () =>`, not also `() =>`), as enclosingScopes does.
    expect(outermostPerBody(scopes).map((s) => source.slice(s.start, s.bodyStart).trim())).toEqual(EXPECTED[id].scopes);
  });

  it('find exactly the blocks, never the root', () => {
    const { queries, root } = get(id);
    const ids = new Set(queries.blocks.captures(root).map((c) => c.node.id));
    expect(ids.has(root.id)).toBe(false);
    expect(ids.size).toBe(EXPECTED[id].blocks);
  });
});
