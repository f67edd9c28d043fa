import * as fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Node, Tree } from 'web-tree-sitter';
import { buildFimContext } from '../../server/context/fimContext';
import { headerIndentFor } from '../../server/postprocess/blockEnd';
import { DocumentTrees, type SyntaxSnapshot } from '../../server/syntax/documentTrees';
import { GrammarRegistry } from '../../server/syntax/grammarRegistry';
import { spliceCheck } from '../../server/syntax/spliceCheck';
import { countSyntaxErrors, enclosingScopes, enclosingScopesBefore, syntaxAnchor } from '../../server/syntax/syntaxQueries';
import { CORPUS, seededRandom, type Random } from './corpus';
import { filesOrSkip } from './harness';

/**
 * A document a completion meets unparsed has only a region parsed (syntax/regionParse.ts):
 * the file's head and the cursor's surroundings, cut between top-level units. On real code
 * nobody here wrote (fixed seed, five languages), what the completion gets from it must be
 * exactly what the whole document's tree gives: every node in the region, the context sent
 * to the model, and the check of the original line put back at the cursor. On the same
 * cursors, the scopes above a limit found without the scope query (where the cursor's
 * top-level unit starts below the limit) are the ones the query finds.
 *
 * Where taking out the rest of the line breaks the document (an unclosed `(`, `{` or
 * string), the errors are the cursor's unit's, and the parser's recovery from them within
 * the region may end otherwise than in the whole file (an unclosed `(` runs to the
 * region's end, and to the file's): the check of the line put back, the prefix
 * and the single-or-block choice must still be the same; the suffix is the same text, but
 * may stop at another statement end (statement ends near its budget come from that
 * recovery); the indentation of the header around the cursor, which only times when a
 * streamed block is first checked for its end, is not compared.
 */
const SEED = Number(process.env.INFILL_FIT_SEED ?? 20261127);
const FILES_PER_LANGUAGE = 12;
const CURSORS_PER_FILE = 4;
/** Large enough that a region is worth parsing apart (it must cover at most half the file). */
const MIN_FILE_CHARS = 20_000;
const BUDGET = { prefixTokens: 1536, suffixTokens: 512 };
const NEAR = { before: BUDGET.prefixTokens * 4, after: BUDGET.suffixTokens * 4 };
/**
 * Where a language has enough large files, at least this many cursors must get a region
 * (what npm installs decides the draw: a fresh install drew 3 JavaScript ones, this
 * machine 7). Most cursors in files this size do not: a region must cover at most half the file, and one
 * class around the cursor is parsed whole (node_modules holds one TypeScript source this
 * large, so TypeScript is checked on whatever it draws).
 */
const MIN_REGIONS = 2;

const registry = new GrammarRegistry();
beforeAll(async () => {
  for (const e of registry.entries.filter((e) => CORPUS.some((c) => c.language === e.id))) await registry.load(e);
});

interface Outcome {
  regions: number;
  /** Regions in documents that do not parse with the line taken out. */
  brokenRegions: number;
  cursors: number;
  mismatches: string[];
  largeFiles: number;
}

/** The node's subtree as text (type and span of each node), to compare two trees' parts. */
function shape(node: Node, out: string[] = []): string[] {
  out.push(`${node.type}@${node.startIndex}-${node.endIndex}`);
  for (const c of node.children) if (c) shape(c, out);
  return out;
}

/** The whole tree's top-level nodes that lie within the region, compared with the region tree's. */
function sameNodes(full: Tree, region: SyntaxSnapshot): boolean {
  for (const r of region.region!) {
    const inRange = (t: Tree) => t.rootNode.children.filter((c): c is Node => !!c && c.startIndex >= r.start && c.endIndex <= r.end);
    const a = inRange(full).flatMap((n) => shape(n));
    const b = inRange(region.tree).flatMap((n) => shape(n));
    if (a.join('\n') !== b.join('\n')) return false;
  }
  return true;
}

const parsesWholeMemo = new Map<string, boolean>();

/** Whether a file parses without errors as it is (else the grammar and the file disagree). */
function parsesWhole(original: string, syntax: SyntaxSnapshot): boolean {
  let parses = parsesWholeMemo.get(original);
  if (parses === undefined) {
    const tree = syntax.parse(original)!;
    parses = countSyntaxErrors(tree) === 0;
    tree.delete();
    parsesWholeMemo.set(original, parses);
  }
  return parses;
}

function pickCursor(text: string, rnd: Random): { offset: number; lineEnd: number } | undefined {
  const at = rnd.int(0, text.length - 1);
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const nl = text.indexOf('\n', at);
  const lineEnd = nl < 0 ? text.length : nl;
  const code = text.slice(lineStart, lineEnd);
  const indent = code.length - code.trimStart().length;
  if (code.trim().length < 4) return undefined;
  const offset = rnd.int(lineStart + indent, lineEnd - 1);
  return { offset, lineEnd };
}

async function checkLanguage(language: string, files: string[], rnd: Random): Promise<Outcome> {
  const big = files.filter((f) => fs.statSync(f).size >= MIN_FILE_CHARS);
  const outcome: Outcome = { regions: 0, brokenRegions: 0, cursors: 0, mismatches: [], largeFiles: big.length };
  let uris = 0;
  for (let n = 0, tries = 0; n < FILES_PER_LANGUAGE && tries < FILES_PER_LANGUAGE * 10 && big.length; tries++) {
    const file = rnd.pick(big);
    const original = fs.readFileSync(file, 'utf8').replace(/\r\n/g, '\n');
    if (original.includes('\r') || original.includes('\u0000') || original.length < MIN_FILE_CHARS) continue;
    n++;
    for (let k = 0; k < CURSORS_PER_FILE; k++) {
      const cursor = pickCursor(original, rnd);
      if (!cursor) continue;
      // The rest of the line is taken out: the cursor is where a completion would put it back.
      const { offset, lineEnd } = cursor;
      const removed = original.slice(offset, lineEnd);
      const text = original.slice(0, offset) + original.slice(lineEnd);
      const id = `${file.replace(/^.*node_modules\//, '')}@${offset}`;
      const trees = new DocumentTrees(registry);
      const uri = `file:///region/${++uris}`;
      trees.open(uri, language, text, 1);
      const region = await trees.snapshot(uri, text, 1, { offset, ...NEAR });
      const full = await trees.snapshot(uri, text, 1);
      trees.close(uri);
      if (!region || !full) throw new Error(`no tree for ${id}`);
      try {
        const broken = countSyntaxErrors(full.tree) > 0;
        if (broken && !parsesWhole(original, full)) continue; // grammar and file disagree: not a fair case
        outcome.cursors++;
        // The scopes before a limit, found without the query where the top-level unit starts after it: the same as with it.
        const anchor = syntaxAnchor(text, offset);
        for (const before of [anchor - NEAR.before, anchor - 300, anchor, anchor + 1]) {
          const all = enclosingScopes(full.grammar, full.tree, anchor).filter((s) => s.start < before);
          if (JSON.stringify(enclosingScopesBefore(full.grammar, full.tree, anchor, before)) !== JSON.stringify(all)) outcome.mismatches.push(`${id}: the scopes before ${before} differ`);
        }
        if (!region.region) continue; // the whole file was parsed: nothing to compare
        outcome.regions++;
        if (broken) outcome.brokenRegions++;
        const point = { row: text.slice(0, offset).split('\n').length - 1, column: offset - text.lastIndexOf('\n', offset - 1) - 1 };
        const views = (s: SyntaxSnapshot) => ({
          context: buildFimContext(text, offset, BUDGET, s),
          splice: spliceCheck(s, offset, point).splice(removed),
          headerIndent: headerIndentFor(text, offset, s),
        });
        const [seen, whole] = [views(region), views(full)];
        if (broken) {
          const { suffix, ...rest } = seen.context;
          const { suffix: wholeSuffix, ...wholeRest } = whole.context;
          expect.soft([rest, seen.splice], id).toEqual([wholeRest, whole.splice]);
          if (!suffix.startsWith(wholeSuffix) && !wholeSuffix.startsWith(suffix)) outcome.mismatches.push(`${id}: the suffix differs in more than where it stops`);
          if (JSON.stringify([rest, seen.splice]) !== JSON.stringify([wholeRest, whole.splice])) outcome.mismatches.push(`${id}: the completion's view of a broken document differs`);
          continue;
        }
        if (!sameNodes(full.tree, region)) outcome.mismatches.push(`${id}: the region's nodes differ`);
        else expect.soft(seen, id).toEqual(whole);
        if (JSON.stringify(seen) !== JSON.stringify(whole)) outcome.mismatches.push(`${id}: the completion's view differs`);
      } finally {
        region.dispose();
        full.dispose();
      }
    }
  }
  return outcome;
}

describe('a region parsed for a completion, on real code (fixed seed)', () => {
  for (const lang of CORPUS) {
    it(`gives ${lang.language} completions what the whole tree gives`, async () => {
      const files = filesOrSkip(lang);
      if (!files.length) return;
      const outcome = await checkLanguage(lang.language, files, seededRandom(SEED + lang.language.length));
      if (process.env.INFILL_FIT_VERBOSE) console.log(`${lang.language}: region for ${outcome.regions}/${outcome.cursors} cursors (${outcome.brokenRegions} in broken documents); ${outcome.mismatches.length} differ`);
      expect(outcome.mismatches).toEqual([]);
      if (outcome.largeFiles >= FILES_PER_LANGUAGE) expect(outcome.regions).toBeGreaterThanOrEqual(MIN_REGIONS);
    }, 60_000);
  }
});
