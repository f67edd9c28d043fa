import type { Tree } from 'web-tree-sitter';
import type { TextChange } from '../postprocess/mapFix';
import type { SyntaxSnapshot } from '../syntax/documentTrees';
import { definitions, importSpans, type Span } from '../syntax/syntaxQueries';

// What a fix may not do to the code around the problem, each as the reason to refuse it
// (undefined when the fix does not do it). `unit` is the code the fix may rewrite in the
// document; `fixed` the same code in the candidate, `tree` the candidate's tree.

/** A definition the file loses: fewer of some name after the fix than before, anywhere in the file. */
export function lostDefinition(syntax: SyntaxSnapshot, tree: Tree): string | undefined {
  const counts = new Map<string, number>();
  for (const d of definitions(syntax.grammar, syntax.tree)) counts.set(d.name, (counts.get(d.name) ?? 0) + 1);
  for (const d of definitions(syntax.grammar, tree)) counts.set(d.name, (counts.get(d.name) ?? 0) - 1);
  const lost = [...counts].find(([, n]) => n > 0);
  return lost && `the fix removes ${lost[0]}`;
}

/**
 * A definition of the unit that the fix removes or moves out of the definition it was in
 * (a method that ends up outside its class), as the reason to refuse it; undefined when
 * every one is still there, in the same place.
 */
export function movedDefinition(syntax: SyntaxSnapshot, unit: Span, tree: Tree, fixed: Span, checkPlace: boolean): string | undefined {
  const placed = (t: Tree, span: Span) => {
    const all = definitions(syntax.grammar, t);
    const parentOf = (d: Span) => all.filter((o) => o !== d && o.start <= d.start && d.end <= o.end && o.end - o.start > d.end - d.start).sort((a, b) => a.end - a.start - (b.end - b.start))[0];
    return all.filter((d) => d.start >= span.start && d.start < span.end).map((d) => ({ name: d.name, parent: parentOf(d)?.name }));
  };
  const after = placed(tree, fixed);
  for (const d of placed(syntax.tree, unit)) {
    // Gone from the fixed code: removed, or moved out of it (a method dedented out of its class).
    const now = after.filter((a) => a.name === d.name);
    if (now.length === 0) return `the fix removes ${d.name} or moves it out of its place`;
    if (checkPlace && !now.some((a) => a.parent === d.parent)) return `the fix moves ${d.name} out of ${d.parent ?? 'the top level'}`;
  }
  return undefined;
}

/**
 * A change outside the unit that is not an import added or widened: a fix changes no other
 * line of the file.
 */
export function changeOutsideUnit(syntax: SyntaxSnapshot, unit: Span, changes: readonly TextChange[], tree: Tree, candidate: string): string | undefined {
  const oldImports = importSpans(syntax.grammar, syntax.tree);
  const newImports = importSpans(syntax.grammar, tree);
  for (const c of changes) {
    // Inside: up to the start of the line after the unit (lines added at its end).
    if (c.start >= unit.start && c.end <= unit.end + 1) continue;
    const start = shiftedBy(changes.filter((o) => o !== c), c.start);
    // Never a removal: only import lines replaced by import lines, or added.
    const imports = c.newText !== '' && (c.end === c.start || onlyImportLines(syntax.text, c.start, c.end, oldImports)) && onlyImportLines(candidate, start, start + c.newText.length, newImports);
    if (!imports) return `the fix changes line ${syntax.text.slice(0, c.start).split('\n').length}, outside the code it fixes`;
  }
  return undefined;
}

/** Whether every non-blank line that [start, end) touches in text (start < end) lies in an import. */
function onlyImportLines(text: string, start: number, end: number, imports: Span[]): boolean {
  for (let line = text.lastIndexOf('\n', start - 1) + 1; line < end; ) {
    const next = text.indexOf('\n', line);
    const lineEnd = next < 0 ? text.length : next;
    const first = line + text.slice(line, lineEnd).search(/\S/);
    if (first >= line && !imports.some((s) => s.start <= first && first < s.end)) return false;
    if (next < 0) break;
    line = next + 1;
  }
  return true;
}

/**
 * A definition whose first line the fix moves left or right while some of its other lines
 * stay where they were: those lines would change their place in the structure.
 */
export function partlyReindented(syntax: SyntaxSnapshot, unit: Span, changes: readonly TextChange[], tree: Tree, fixed: Span): string | undefined {
  const text = syntax.text;
  const lineStart = (t: string, at: number) => t.lastIndexOf('\n', at - 1) + 1;
  const indent = (t: string, at: number) => /^[ \t]*/.exec(t.slice(lineStart(t, at)))![0];
  const touched = (from: number, to: number) => changes.some((c) => c.start <= to && from <= c.end);
  const after = definitions(syntax.grammar, tree).filter((d) => d.start >= fixed.start && d.start < fixed.end);
  const candidate = tree.rootNode.text;
  for (const d of definitions(syntax.grammar, syntax.tree)) {
    if (d.start < unit.start || d.start >= unit.end) continue;
    const header = lineStart(text, d.start);
    if (!touched(header, text.indexOf('\n', header))) continue;
    const now = after.find((a) => a.name === d.name);
    if (!now || indent(candidate, now.start) === indent(text, d.start)) continue;
    // A line of the definition that no change touches keeps its old indentation.
    for (let line = text.indexOf('\n', header) + 1; line > 0 && line < d.end; line = text.indexOf('\n', line) + 1) {
      const end = text.indexOf('\n', line);
      const lineEnd = end < 0 ? text.length : end;
      if (text.slice(line, lineEnd).trim() !== '' && !touched(line, lineEnd)) return `the fix moves the first line of ${d.name} but not all of its lines`;
    }
  }
  return undefined;
}

/**
 * Where `offset` of the text is once `changes` are applied: a change that ends at or before
 * it moves it; one that spans it puts it at the end of its new text.
 */
export function shiftedBy(changes: readonly TextChange[], offset: number): number {
  let out = offset;
  for (const c of changes) {
    if (c.end <= offset) out += c.newText.length - (c.end - c.start);
    else if (c.start < offset) out += c.start + c.newText.length - offset;
  }
  return out;
}
