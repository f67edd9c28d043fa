// Table 2: incremental reparse per keystroke, in-process, through the server's DocumentTrees.
import { performance } from 'node:perf_hooks';
import { DEFAULT_TREE_LIMITS, DocumentTrees } from '../server/syntax/documentTrees';
import { GrammarRegistry } from '../server/syntax/grammarRegistry';
import { treeEditFor } from '../server/syntax/textEdit';
import { generateFile, offsetOf, type GeneratedFile } from './corpus';
import { max, median, p90 } from './stats';
import { ms, printTable, type Cell } from './table';
import { TEMPLATES, type BenchLanguage } from './templates';

/**
 * Types up to `keystrokes` characters (within `budgetMs`), one change each, at an end-of-line
 * slot mid-file. Per keystroke: the change itself (the tree is edited, its parse deferred to
 * the pause in typing) and the change plus the incremental parse, as when every keystroke
 * asks for a completion. Returns both lists of times.
 */
async function typeInMiddle(trees: DocumentTrees, file: GeneratedFile, keystrokes: number, budgetMs: number, asCompletion = false): Promise<{ change: number[]; reparse: number[] }> {
  const ends = file.slots.filter((s) => s.kind === 'end');
  const slot = ends[ends.length >> 1];
  let text = file.text;
  let offset = offsetOf(text, slot);
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
  // New statements on new lines, as a user would type them (with the syntax errors in between).
  let typed = '';
  while (typed.length < keystrokes) typed += `\n${indent}${TEMPLATES[file.language].typed}`;
  let point = { row: slot.line, column: slot.character };
  const change: number[] = [];
  const reparse: number[] = [];
  const deadline = performance.now() + budgetMs;
  for (let i = 0; i < keystrokes && performance.now() < deadline; i++) {
    const ch = typed[i];
    const edit = treeEditFor(offset, offset, point, point, ch);
    text = text.slice(0, offset) + ch + text.slice(offset);
    offset++;
    point = ch === '\n' ? { row: point.row + 1, column: 0 } : { row: point.row, column: point.column + 1 };
    const start = performance.now();
    trees.change(file.uri, [edit], text, i + 2);
    const changed = performance.now();
    // A completion's snapshot (with `near`) waits for the parse at most the tree limits' parseBudgetMs, then parses its region.
    const snapshot = await trees.snapshot(file.uri, text, i + 2, asCompletion ? { offset, before: 6144, after: 2048 } : undefined);
    reparse.push(performance.now() - start);
    change.push(changed - start);
    snapshot?.dispose();
  }
  return { change, reparse };
}

export async function reparseLatency(sizes: number[], languages: BenchLanguage[], keystrokes: number, budgetMs: number): Promise<void> {
  const registry = new GrammarRegistry(undefined, (message) => console.error(message));
  const trees = new DocumentTrees(registry);
  const rows: Cell[][] = [];
  for (const language of languages) {
    const probe = generateFile(language, 10);
    const entry = registry.entryFor(probe.languageId, probe.uri);
    // Loaded first, so open() parses at once (as in the server once a language is in use).
    if (!entry || !(await registry.load(entry))) throw new Error(`no grammar for ${language}`);
    // One throwaway parse and edit: the first ones pay for WASM and JIT warm-up.
    const warm = generateFile(language, 300, 99);
    trees.open(warm.uri, warm.languageId, warm.text, 1);
    (await trees.snapshot(warm.uri, warm.text, 1))?.dispose();
    await typeInMiddle(trees, warm, 20, budgetMs);
    trees.close(warm.uri);
  }
  for (const lines of sizes) {
    for (const language of languages) {
      const file = generateFile(language, lines);
      const start = performance.now();
      trees.open(file.uri, file.languageId, file.text, 1);
      // Opening parses nothing; the first snapshot parses the whole file.
      (await trees.snapshot(file.uri, file.text, 1))?.dispose();
      const fullParse = performance.now() - start;
      if (trees.treeCount() !== 1) throw new Error(`${file.uri} was not parsed by its first snapshot`);
      const { change, reparse } = await typeInMiddle(trees, file, keystrokes, budgetMs);
      trees.close(file.uri);
      // The same typing, each keystroke asking for a completion's snapshot.
      trees.open(file.uri, file.languageId, file.text, 1);
      (await trees.snapshot(file.uri, file.text, 1))?.dispose();
      const completion = (await typeInMiddle(trees, file, keystrokes, budgetMs, true)).reparse;
      trees.close(file.uri);
      rows.push([language, file.lines, ms(fullParse), reparse.length, ms(median(change)), ms(median(reparse)), ms(p90(reparse)), ms(max(reparse)), ms(median(completion)), ms(max(completion))]);
    }
  }
  printTable(
    `2. Incremental reparse per keystroke (${keystrokes} characters typed mid-file)`,
    `in-process DocumentTrees: change = tree.edit (the parse waits for a pause in typing); +parse = change and the whole incremental parse (what a code action waits for); completion = change and a completion's snapshot at each keystroke, which waits at most ${DEFAULT_TREE_LIMITS.parseBudgetMs} ms for that parse, then parses the region it reads (the parse goes on in the background); full parse = open() of the whole file; n < ${keystrokes}: typing stopped after ${budgetMs / 1000} s`,
    ['language', 'lines', 'full parse ms', 'n', 'change med', '+parse med', '+parse p90', '+parse max', 'completion med', 'completion max'],
    rows,
  );
}
