import type { Settings } from '../config/settings';
import { crossFileSnippets, type OtherDocument } from '../context/crossFileSnippets';
import { buildFimContext } from '../context/fimContext';
import { headerIndentFor } from '../postprocess/blockEnd';
import type { FimRequest } from '../models/provider';
import { generationLimits } from '../postprocess/completionText';
import type { AnswerShape } from '../postprocess/modelAnswer';
import type { SyntaxSnapshot } from '../syntax/documentTrees';
import { spliceCheck } from '../syntax/spliceCheck';

/** A model request for a completion, without what each sending adds (signal, listeners). */
export type CompletionRequest = Omit<FimRequest, 'signal' | 'onFinish'>;

/** What is sent to the model for one position. */
export interface CompletionPlan {
  request: CompletionRequest;
  /** A block (several lines) or the rest of one line. */
  multiline: boolean;
  /** The same key means the same question to the same model: its answer can be reused. */
  key: string;
}

export interface CompletionPosition {
  uri: string;
  text: string;
  offset: number;
  /** The cursor's line and UTF-16 column. */
  cursor: { line: number; character: number };
  syntax: SyntaxSnapshot | undefined;
  lineComment: string | undefined;
}

/**
 * The request for a completion at a position: the code before and after the cursor within
 * the budget, definitions from other open files (where the language has a line comment to
 * show them with), the token limit and stops for a line or a block. Undefined when there
 * is nothing to ask (no code before the cursor: Ollama takes an empty prompt as "load the
 * model" and writes nothing).
 */
export async function planCompletion(
  at: CompletionPosition,
  settings: Pick<Settings, 'context' | 'completion'>,
  model: { description: string },
  otherDocuments: OtherDocument[],
): Promise<CompletionPlan | undefined> {
  const { uri, text, offset, syntax, lineComment } = at;
  const context = buildFimContext(text, offset, settings.context, syntax);
  if (context.prefix === '') return undefined;
  const snippets = lineComment ? await crossFileSnippets({ uri, text, offset, syntax }, otherDocuments, settings.context.extraTokens) : [];
  const request: CompletionRequest = {
    prefix: context.prefix,
    snippets,
    lineComment,
    path: displayPath(uri),
    suffix: context.suffix,
    temperature: settings.completion.temperature,
    ...generationLimits(context.multiline, settings.completion.maxTokens),
    stop: [...settings.completion.stop],
  };
  return { request, multiline: context.multiline, key: JSON.stringify([model.description, request]) };
}

/**
 * What checking the answer needs (the answer's shape: block or line, the header's
 * indentation, the splice check), made once the request went out, with the up-to-date
 * tree; `prepare` parses what every check compares with, while the model writes;
 * `dispose` frees that tree once no more checks come.
 */
export function answerShape(at: CompletionPosition, multiline: boolean, userStops: string[]): { shape: AnswerShape; prepare(): void; dispose(): void } {
  const { text, offset, syntax } = at;
  const check = syntax && spliceCheck(syntax, offset, { row: at.cursor.line, column: at.cursor.character }, { unitEnds: multiline });
  // Only a block's end is judged by its header (a compile of the definitions query, the first time).
  const shape: AnswerShape = { text, offset, multiline, splice: check?.splice, headerIndent: multiline ? headerIndentFor(text, offset, syntax) : undefined, userStops };
  return { shape, prepare: () => check?.prepare(), dispose: () => check?.dispose() };
}

/** A document's name as a model sees it (other files are named relative to it). */
export function displayPath(uri: string): string {
  try {
    return decodeURIComponent(new URL(uri).pathname).split('/').pop() || uri;
  } catch {
    return uri;
  }
}
