import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Node } from 'web-tree-sitter';
import { stringLineRows } from '../../server/postprocess/reduceToBody';
import type { SyntaxSnapshot } from '../../server/syntax/documentTrees';
import { countSyntaxErrors, queryRange } from '../../server/syntax/syntaxQueries';
import type { CorpusLanguage, Random } from './corpus';

/** Real functions with their body stubbed out, for "Implement" on real code. */

type WithTree = <T>(language: string, text: string, use: (s: SyntaxSnapshot) => T | Promise<T>) => Promise<T>;

const EMPTY = '';
/** Python: the docstring alone is the body. */
const DOCSTRING_ONLY = 'docstring only';
const STUB_FORMS: Record<string, string[]> = {
  python: ['pass', '...', 'raise NotImplementedError', DOCSTRING_ONLY],
  typescript: ['throw new Error("not implemented");', '// TODO: implement', EMPTY],
  javascript: ['throw new Error("Not implemented yet");', '// TODO', EMPTY],
  rust: ['todo!()', 'unimplemented!()', EMPTY],
  go: ['panic("not implemented")', '// TODO: implement', EMPTY],
};

export interface StubCase {
  id: string;
  language: string;
  original: string;
  doc: string;
  /** The function from the start of its line, as in the original. */
  fn: string;
  /** The body's statements as in the file, and relative to the first one's column. */
  bodyInFile: string;
  bodyRelative: string;
  /** Where the stubbed definition starts in `doc`. */
  definitionStart: number;
}


/** The statements of a function's body to take out: after a leading docstring, to the last one. */
function bodyStatements(fn: Node, language: string, text: string): { start: number; end: number; afterDocstring: boolean } | undefined {
  const body = fn.childForFieldName('body');
  if (!body) return undefined;
  let statements = body.namedChildren.filter((c): c is Node => c !== null);
  if (language === 'go' && statements.length === 1 && statements[0].type === 'statement_list') statements = statements[0].namedChildren.filter((c): c is Node => c !== null);
  // A docstring stays: the stub is the docstring (then a stub statement).
  const docstring = language === 'python' && statements[0]?.type === 'expression_statement' && statements[0].firstNamedChild?.type === 'string';
  if (docstring) statements = statements.slice(1);
  if (statements.length === 0) return undefined;
  const start = statements[0].startIndex;
  // Go's statement list takes the line break after the last statement in.
  return { start, end: start + text.slice(start, statements[statements.length - 1].endIndex).trimEnd().length, afterDocstring: docstring };
}

/** `count` functions of the language's files, each with its body replaced by one of the language's stub forms. */
export async function drawStubCases(lang: CorpusLanguage, files: string[], rnd: Random, count: number, withTree: WithTree): Promise<StubCase[]> {
  const cases: StubCase[] = [];
  for (let tries = 0; cases.length < count && tries < count * 20; tries++) {
    const file = rnd.pick(files);
    const original = fs.readFileSync(file, 'utf8').replace(/\r\n/g, '\n');
    const drawn = await withTree(lang.language, original, (s) => {
      if (countSyntaxErrors(s.tree) > 0) return undefined;
      const fns = s.grammar.queries.definitions
        .captures(s.tree.rootNode, queryRange(0, original.length))
        .filter((c) => c.name === 'definition' && c.node.childForFieldName('body') && /function|method/.test(c.node.type))
        .map((c) => c.node);
      if (fns.length === 0) return undefined;
      const fn = rnd.pick(fns);
      const span = bodyStatements(fn, lang.language, original);
      if (!span || span.end - span.start > 1500) return undefined;
      const lineStart = original.lastIndexOf('\n', span.start - 1) + 1;
      if (original.slice(lineStart, span.start).trim() !== '') return undefined; // the body starts on its own line
      // Lines inside a multi-line string are its content: a model writing the body relative to its first line keeps them.
      const firstRow = original.slice(0, span.start).split('\n').length - 1;
      const verbatim = new Set([...stringLineRows(fn)].map((row) => row - firstRow));
      return { fnStart: original.lastIndexOf('\n', fn.startIndex - 1) + 1, fnEnd: fn.endIndex, ...span, verbatim, firstRow };
    });
    if (!drawn) continue;
    const form = rnd.pick(STUB_FORMS[lang.language]);
    const before = original.slice(0, drawn.start);
    const after = original.slice(drawn.end);
    let doc: string;
    if (form === DOCSTRING_ONLY) {
      // Blank lines between docstring and code would not come back from an answer without them.
      if (!drawn.afterDocstring || !/\S\n[ \t]*$/.test(before)) continue;
      doc = before.replace(/\n[ \t]*$/, '') + after;
    } else if (form === EMPTY) {
      // `{}` holds no blank lines: a body with some around it could not come back as it was.
      if (!/\{\n[ \t]*$/.test(before) || !/^\n[ \t]*\}/.test(after)) continue;
      doc = before.replace(/\{\s*$/, '{') + after.replace(/^\s*\}/, '}');
    } else {
      doc = before + form + after;
    }
    const bodyInFile = original.slice(drawn.start, drawn.end);
    const column = drawn.start - (before.lastIndexOf('\n') + 1);
    const bodyRelative = bodyInFile.split('\n').map((l, i) => (i === 0 || drawn.verbatim.has(i) ? l : l.slice(Math.min(column, /^[ \t]*/.exec(l)![0].length)))).join('\n');
    cases.push({
      id: `${path.relative('/', file)}:${before.split('\n').length} ${JSON.stringify(form || '{}')}`,
      language: lang.language,
      original,
      doc,
      fn: original.slice(drawn.fnStart, drawn.fnEnd),
      bodyInFile,
      bodyRelative,
      definitionStart: drawn.fnStart,
    });
  }
  return cases;
}

