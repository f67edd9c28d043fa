import type { Span } from '../syntax/syntaxQueries';
import { importSpans } from '../syntax/syntaxQueries';
import { mergeImports } from './importMerge';
import { diffLines } from './lineDiff';
import { extractCode, type CodeParser } from './reduceToBody';

/** One replacement in the document (UTF-16 offsets of the original text). */
export interface TextChange {
  start: number;
  end: number;
  newText: string;
}

/** What a fix answer is mapped onto. */
export interface FixTarget {
  /** The document. */
  text: string;
  /** The code the fix may rewrite: whole lines. */
  unit: Span;
  /** The name of the definition the unit holds, if it is one, and its node type. */
  name?: string;
  kind?: string;
  parse: CodeParser;
}

/** A whole-file answer has at least this share of the document's lines. */
const WHOLE_FILE_SHARE = 0.6;

/**
 * The minimal edits a fix answer makes: the answer (fenced or not, the unit alone, the
 * unit with the imports it needs, or the whole file) is laid over the document, and only
 * the changes inside the unit, plus the imports it adds, are kept. Undefined when nothing
 * is left to change.
 */
export function mapFixAnswer(answer: string, target: FixTarget): TextChange[] | undefined {
  const eol = target.text.includes('\r\n') ? '\r\n' : '\n';
  const doc = target.text.replace(/\r\n/g, '\n');
  // The unit's offsets are the document's as written: each CRLF before them is one character less here.
  const lf = (offset: number) => offset - (target.text.slice(0, offset).match(/\r\n/g)?.length ?? 0);
  target = { ...target, unit: { start: lf(target.unit.start), end: lf(target.unit.end) } };
  const code = extractCode(answer, target.name ?? '').replace(/\s+$/, '');
  // Stryker disable next-line MethodExpression: the code has no trailing whitespace left, so it is blank only when empty.
  if (code.trim() === '') return undefined;
  const docLines = doc.split('\n');
  const whole = looksLikeWholeFile(code, docLines);
  const answerFile = whole ? code + (doc.endsWith('\n') ? '\n' : '') : withUnit(code, doc, target);
  const answerLines = answerFile.split('\n');
  // Lines of spaces and empty lines compare equal: the document keeps its own (re-indenting
  // empties the answer's), and an answer does not change a line's trailing spaces.
  const blankAsEmpty = (l: string) => (l.trim() === '' ? '' : l);
  const hunks = diffLines(docLines.map(blankAsEmpty), answerLines.map(blankAsEmpty));
  if (!hunks) return undefined;

  const unitFirst = lineOf(doc, target.unit.start);
  const unitLast = lineOf(doc, target.unit.end);
  // The answer's changes inside the unit (or right at its edges); the rest of the file stays.
  const fixed = [...docLines];
  for (const h of [...hunks].reverse()) {
    const inUnit = h.aEnd > unitFirst && h.aStart <= unitLast;
    // Lines added at its edges are the unit's too, but blank lines alone there are no fix.
    const blank = answerLines.slice(h.bStart, h.bEnd).every((l) => l.trim() === '');
    const touchesUnit = h.aStart === h.aEnd && h.aStart >= unitFirst && h.aStart <= unitLast + 1 && !(blank && (h.aStart === unitFirst || h.aStart === unitLast + 1));
    if (inUnit || touchesUnit) fixed.splice(h.aStart, h.aEnd - h.aStart, ...answerLines.slice(h.bStart, h.bEnd));
  }
  // Then the imports the answer adds, merged into the file's own.
  return changesBetween(docLines, mergeImports(fixed.join('\n'), whole ? answerFile : code, target.parse).split('\n'), eol);
}

/**
 * The edits that add the imports an answer holds (a fill-in-the-middle answer at the end of
 * the file's imports) to the document; undefined when it adds none.
 */
export function mapImportAnswer(answer: string, target: Pick<FixTarget, 'text' | 'parse'>): TextChange[] | undefined {
  const eol = target.text.includes('\r\n') ? '\r\n' : '\n';
  const doc = target.text.replace(/\r\n/g, '\n');
  return changesBetween(doc.split('\n'), mergeImports(doc, answer.replace(/\r\n/g, '\n'), target.parse).split('\n'), eol);
}

/** Minimal edits from the document's lines to the result's, in offsets of the document as written (`eol` its line break). */
function changesBetween(docLines: string[], result: string[], eol: string): TextChange[] | undefined {
  const starts: number[] = [0];
  for (const line of docLines) starts.push(starts[starts.length - 1] + line.length + eol.length);
  const changes: TextChange[] = [];
  for (const h of diffLines(docLines, result) ?? []) {
    const oldText = docLines.slice(h.aStart, h.aEnd).map((l) => l + eol).join('');
    const newText = result.slice(h.bStart, h.bEnd).map((l) => l + eol).join('');
    changes.push(minimal(starts[h.aStart], oldText, newText));
  }
  // A hunk's old and new lines differ, so no change is empty.
  return changes.length ? changes : undefined;
}

/** The document with the answer's version of the unit (re-indented) and the imports it adds. */
function withUnit(code: string, doc: string, target: FixTarget): string {
  const unitText = doc.slice(target.unit.start, target.unit.end);
  const parsed = target.parse(code);
  // The file's imports are at column 0; one inside a function is the unit's own code.
  const answerImports = parsed ? importSpans(parsed.grammar, parsed.tree).filter((s) => s.start === code.lastIndexOf('\n', s.start - 1) + 1).map((s) => code.slice(s.start, s.end)) : [];
  let newUnit = target.name && parsed ? definitionText(code, parsed, target.name, target.kind, unitText) : undefined;
  parsed?.tree.delete();
  if (newUnit === undefined) newUnit = withoutContext(withoutLines(code, answerImports).replace(/^\s*\n/, '').replace(/\s+$/, ''), doc, target.unit);
  // A unit may start on blank lines: they stay, and its first line of code sets the indentation.
  const blank = /^([ \t]*\n)*/.exec(unitText)![0];
  newUnit = blank + reindent(newUnit, leadOf(unitText.slice(blank.length)));
  return doc.slice(0, target.unit.start) + newUnit + doc.slice(target.unit.end);
}

/**
 * The answer without the lines it repeats from around the unit: a model often writes the
 * line before the code it fixes, or the one after, too. Lines are dropped only where the
 * rest of the answer then starts (or ends) with the unit's own first (or last) line, fixed
 * or not.
 */
function withoutContext(answer: string, doc: string, unit: Span): string {
  const lines = answer.split('\n');
  // The loops below only compare lines that exist.
  const same = (a: string, b: string) => a.trim() !== '' && a.trim() === b.trim();
  // The unit's own line as fixed: the same line, or most of it around a change (the fix may be on it).
  const alike = (a: string, b: string) => {
    const [x, y] = [a.trim(), b.trim()];
    let head = 0;
    while (head < x.length && head < y.length && x[head] === y[head]) head++;
    let tail = 0;
    while (tail < x.length - head && tail < y.length - head && x[x.length - 1 - tail] === y[y.length - 1 - tail]) tail++;
    return x !== '' && (head + tail) * 2 >= Math.max(x.length, y.length);
  };
  const above = doc.slice(0, unit.start).split('\n').slice(0, -1); // in document order, the unit's own line left out
  const below = doc.slice(unit.end).split('\n').slice(1);
  const unitLines = doc.slice(unit.start, unit.end).split('\n');
  let head = 0;
  for (let k = Math.min(lines.length - 1, above.length); k > 0 && head === 0; k--) {
    if (alike(lines[k], unitLines[0]) && !same(lines[k], above[above.length - 1]) && lines.slice(0, k).every((l, i) => same(l, above[above.length - k + i]))) head = k;
  }
  let tail = 0;
  for (let j = Math.min(lines.length - head - 1, below.length); j > 0 && tail === 0; j--) {
    if (alike(lines[lines.length - j - 1], unitLines[unitLines.length - 1]) && !same(lines[lines.length - j - 1], below[0]) && lines.slice(lines.length - j).every((l, i) => same(l, below[i]))) tail = j;
  }
  return lines.slice(head, lines.length - tail).join('\n');
}

/**
 * Text of the answer's version of the unit, from the start of its line: among the answer's
 * definitions named `name`, those of the unit's kind with a body (not an overload signature
 * or a declaration), and of those the one most like the unit.
 */
function definitionText(code: string, parsed: NonNullable<ReturnType<CodeParser>>, name: string, kind: string | undefined, unitText: string): string | undefined {
  const found: Array<{ text: string; rank: number }> = [];
  const unitLines = new Set(unitText.split('\n').map((l) => l.trim()));
  for (const match of parsed.grammar.queries.definitions.matches(parsed.tree.rootNode)) {
    const def = match.captures.find((c) => c.name === 'definition')?.node;
    const n = match.captures.find((c) => c.name === 'name')?.node;
    if (!def || !n || n.text !== name) continue;
    const text = code.slice(code.lastIndexOf('\n', def.startIndex - 1) + 1, def.endIndex);
    const alike = text.split('\n').filter((l) => unitLines.has(l.trim())).length;
    found.push({ text, rank: (def.type === kind ? 2 : 0) * 1e6 + (def.childForFieldName('body') ? 1e6 : 0) + alike });
  }
  return found.sort((a, b) => b.rank - a.rank)[0]?.text;
}

function looksLikeWholeFile(code: string, docLines: string[]): boolean {
  const meaningful = docLines.filter((l) => l.trim() !== '');
  if (meaningful.length < 8) return false;
  const codeLines = new Set(code.split('\n'));
  return meaningful.filter((l) => codeLines.has(l)).length >= meaningful.length * WHOLE_FILE_SHARE;
}

function withoutLines(code: string, remove: string[]): string {
  let out = code;
  for (const r of remove) out = out.replace(r, '');
  return out;
}

function leadOf(text: string): string {
  return /^[ \t]*/.exec(text)![0];
}

/**
 * Shifts every line by the same amount, so the first starts with `lead`: each line keeps its
 * place relative to the others (a closing `}` left of the first line stays left of it).
 */
function reindent(code: string, lead: string): string {
  const own = leadOf(code);
  const lines = code.split('\n');
  const shift = (f: (l: string) => string) => lines.map((l) => (l.trim() === '' ? '' : f(l))).join('\n');
  if (lead.startsWith(own)) return shift((l) => lead.slice(own.length) + l);
  if (own.startsWith(lead)) return shift((l) => l.slice(Math.min(own.length - lead.length, leadOf(l).length)));
  // Tabs against spaces: the lines at the first one's depth or deeper move with it.
  return shift((l) => (l.startsWith(own) ? lead + l.slice(own.length) : lead + l.trimStart()));
}

function lineOf(text: string, offset: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** The smallest replacement: the common start and end of old and new are left alone. */
function minimal(at: number, oldText: string, newText: string): TextChange {
  let head = 0;
  while (head < oldText.length && head < newText.length && oldText[head] === newText[head]) head++;
  let tail = 0;
  while (tail < oldText.length - head && tail < newText.length - head && oldText[oldText.length - 1 - tail] === newText[newText.length - 1 - tail]) tail++;
  return { start: at + head, end: at + oldText.length - tail, newText: newText.slice(head, newText.length - tail) };
}
