import {
  ErrorCodes,
  LSPErrorCodes,
  ResponseError,
  type CancellationToken,
  InlineCompletionTriggerKind,
  type CompletionList,
  type CompletionParams,
  type InlineCompletionList,
  type InlineCompletionParams,
  type TextDocumentPositionParams,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Settings } from '../config/settings';
import { DocumentStore, PositionError, lineText } from '../documents/documentStore';
import { generateFim } from '../models/generate';
import { ModelError, isAbortError } from '../models/modelError';
import type { Provider } from '../models/provider';
import { answerComplete, suggestionFromAnswer, type AnswerShape } from '../postprocess/modelAnswer';
import type { OtherDocument } from '../context/crossFileSnippets';
import { CHARS_PER_TOKEN } from '../context/plainTextContext';
import { answerShape, planCompletion, type CompletionPlan } from './completionRequest';
import type { Log } from '../reporting/log';
import type { DocumentTrees, SyntaxSnapshot } from '../syntax/documentTrees';
import { CheckAhead } from './checkAhead';
import { suggestionItems, wordBefore } from './completionItems';
import type { ClientProfile } from './clientProfile';
import { LatestRequests, Superseded, settledOrAborted } from './latestRequest';
import { SuggestionCache, type ModelAnswer } from './suggestionCache';

export interface CompletionDeps {
  store: DocumentStore;
  trees: DocumentTrees;
  settings: () => Settings;
  /** The completion model for a document's language. */
  provider: (languageId: string) => { provider: Provider; name: string };
  /** Whether a document must never reach a model (`privacy.exclude`). */
  excluded: (uri: string) => boolean;
  logger: Log;
  /** A model failure the user should hear about (once). */
  onModelError: (error: ModelError, languageId: string) => void;
  /** The model answered: earlier failures are over. */
  onModelSuccess: () => void;
  /** Other open documents that may lend context, most recent first (never excluded files). */
  otherDocuments: (uri: string) => OtherDocument[];
  /** The document language's line comment, if known. */
  lineComment: (doc: TextDocument) => string | undefined;
  /** What this client does differently (Helix: an empty incomplete list hides other servers' items). */
  profile: () => ClientProfile;
}

/** The document changed while the model wrote: the request is answered now. */
const CHANGED = Symbol('document changed');

/** One model request for a completion: what `answer` needs. */
interface AnswerRequest {
  uri: string;
  offset: number;
  plan: CompletionPlan;
  provider: Provider;
  signal: AbortSignal;
  timeoutMs: number;
  /** The answer's shape, once made (the stream stops as soon as the rest cannot be used). */
  shape: () => AnswerShape | undefined;
  /** The text so far, as it streams. */
  onText: (text: string) => void;
}

/** The longest a completion waits for its model request to be on its way before it goes on. */
const SEND_WAIT_MS = 50;

/**
 * Waits until the model request just started is handed to the OS (a new connection must
 * connect first, and a first request to Ollama asks for the model's template before it), so
 * that the parsing done while the model writes does not hold the request back.
 */
async function requestWritten(sent: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([sent, new Promise((resolve) => (timer = setTimeout(resolve, SEND_WAIT_MS)))]);
  clearTimeout(timer);
}

/**
 * `textDocument/completion`: served from the cache when the user types the suggestion
 * shown; otherwise debounced, one model request in flight per document (a newer request
 * aborts the older one and closes its connection), and the model's text checked against
 * the syntax tree before it is offered. A request whose document changes is answered at
 * once, and the model's answer, still coming, serves the next request at that cursor.
 */
export class CompletionFeature {
  private readonly requests = new LatestRequests();
  /** Requests being planned, or reading their answer: not just waiting for their model to think. */
  private workingRequests = 0;
  readonly cache = new SuggestionCache();

  constructor(private readonly deps: CompletionDeps) {}

  async complete(params: CompletionParams, token: CancellationToken): Promise<CompletionList> {
    const result = await this.suggest(params, token, false);
    // Incomplete: ask again as the user types. Not in Helix, where it would hide the other servers' items.
    if (result.kind === 'none') return { isIncomplete: !result.final && !this.deps.profile().emptyIncompleteHidesOthers, items: [] };
    return this.items(result.doc, result.offset, result.insertion, result.modelName);
  }

  /**
   * `textDocument/inlineCompletion` (ghost text): the same suggestion, as text to insert at
   * the cursor; the whole block and its first line. Asked for on purpose, it skips the debounce.
   */
  async inlineComplete(params: InlineCompletionParams, token: CancellationToken): Promise<InlineCompletionList> {
    const result = await this.suggest(params, token, params.context?.triggerKind === InlineCompletionTriggerKind.Invoked);
    if (result.kind === 'none') return { items: [] };
    const { doc, offset, insertion } = result;
    const range = this.deps.store.rangeOf(doc, offset, offset);
    const eol = insertion.search(/\r?\n/);
    const texts = eol > 0 && insertion.slice(0, eol).trim() !== '' ? [insertion, insertion.slice(0, eol)] : [insertion];
    return { items: texts.map((insertText) => ({ insertText, range })) };
  }

  /** The suggestion for a position, or why there is none (`final`: asking again will not help). */
  private async suggest(
    params: TextDocumentPositionParams,
    token: CancellationToken,
    invoked: boolean,
  ): Promise<{ kind: 'none'; final: boolean } | { kind: 'suggestion'; doc: TextDocument; offset: number; insertion: string; modelName: string }> {
    const NONE = { kind: 'none', final: false } as const;
    const FINAL = { kind: 'none', final: true } as const;
    const { store, logger } = this.deps;
    const uri = params.textDocument?.uri;
    let doc: TextDocument;
    let offset: number;
    try {
      doc = store.require(uri);
      offset = store.offsetAt(doc, params.position);
    } catch (e) {
      if (e instanceof PositionError) throw new ResponseError(ErrorCodes.InvalidParams, e.message);
      throw e;
    }

    const cached = this.cache.continuation(uri, doc.getText(), offset);
    if (cached !== undefined) {
      this.requests.supersede(uri, 'served from the cache');
      logger.debug(`completion ${uri}@${doc.version}: the rest of the last suggestion, from the cache`);
      return { kind: 'suggestion', doc, offset, insertion: cached, modelName: this.deps.provider(doc.languageId).name };
    }

    const request = this.requests.begin(uri, token);
    const settings = this.deps.settings();
    const version = doc.version;
    // The trees this request holds (snapshots, the splice check's region); freed when it ends, or when its work does.
    let held: Array<{ dispose(): void }> = [];
    // The shape the answer is checked with: made with the up-to-date tree once the request is out.
    const live: { shape?: AnswerShape } = {};
    // The answer so far, checked while the model writes (features/checkAhead.ts), until the
    // request ends (the trees a check reads are freed then): the finished answer's check and
    // the request's end come in the same turn of the event loop as the answer.
    const ahead = new CheckAhead((t) => {
      if (live.shape) suggestionFromAnswer(t, live.shape, { stoppedEarly: false, truncated: false });
    });
    // While its model thinks (its request out, no text yet), a request leaves the server free
    // for parses in the background (`working`).
    let phase: 'working' | 'thinking' | 'ended' = 'working';
    this.workingRequests++;
    const think = (on: boolean) => {
      if (phase === 'ended' || (phase === 'thinking') === on) return;
      this.workingRequests += on ? -1 : 1;
      phase = on ? 'thinking' : 'working';
    };
    const release = () => {
      if (phase === 'working') this.workingRequests--;
      phase = 'ended';
      ahead.stop();
      // Freed once the answer is written: deleting a 10k-line document's trees takes 0.2-0.4 ms.
      const done = held;
      held = [];
      if (done.length) setImmediate(() => done.forEach((s) => s.dispose()));
    };
    const stale = () => store.get(uri) !== doc || doc.version !== version;

    try {
      await request.debounce(invoked ? 0 : settings.completion.debounceMs);
      if (stale()) return NONE; // the user typed on

      const text = doc.getText();
      if (this.deps.excluded(uri)) {
        logger.debug(`no completion for ${uri}: files like it are never sent to a model`);
        return FINAL;
      }
      if (text.includes('\u0000')) {
        logger.debug(`no completion for ${uri}: it looks like a binary file`);
        return FINAL;
      }
      const { provider, name: modelName } = this.deps.provider(doc.languageId);
      // The model is still writing for this cursor, from before the user typed what it writes: wait for the rest.
      const running = this.requests.usableWork(uri, text, offset);
      if (running) {
        await settledOrAborted(running, request.signal);
        const rest = this.cache.continuation(uri, text, offset);
        if (rest !== undefined) {
          logger.debug(`completion ${uri}@${version}: the rest of the answer the model was writing, from the cache`);
          return stale() ? NONE : { kind: 'suggestion', doc, offset, insertion: rest, modelName };
        }
      }
      const at = (syntax: SyntaxSnapshot | undefined) => ({ uri, text, offset, cursor: doc.positionAt(offset), syntax, lineComment: this.deps.lineComment(doc) });
      const others = this.deps.otherDocuments(uri);
      let written = '';
      const onText = (t: string) => {
        think(false);
        written = t;
        ahead.text(t);
      };

      // With keystrokes not parsed yet, the request goes out at once with the tree as they
      // edited it; the parse, and the plan made again with its tree, happen while the model
      // writes. The same request (the usual case) keeps its answer; another is sent instead.
      let early: { key: string; answer: Promise<ModelAnswer>; abort: AbortController } | undefined;
      const edited = this.deps.trees.editedSnapshot(uri, text, version);
      if (edited) {
        held.push(edited);
        const plan = await planCompletion(at(edited), settings, provider, others);
        request.signal.throwIfAborted();
        if (plan) {
          const abort = new AbortController();
          const { answer, sent } = this.send({ uri, offset, plan, provider, signal: AbortSignal.any([request.signal, abort.signal]), timeoutMs: settings.completion.timeoutMs, shape: () => live.shape, onText });
          answer.catch(() => undefined); // awaited below, or dropped when another request replaces it
          early = { key: plan.key, answer, abort };
          await requestWritten(sent);
          think(written === '');
        }
      }
      // Cancelled while its early request went out: nothing to parse for.
      request.signal.throwIfAborted();
      // A document not parsed yet has only what the context reads parsed now; the rest after.
      const near = { offset, before: settings.context.prefixTokens * CHARS_PER_TOKEN, after: settings.context.suffixTokens * CHARS_PER_TOKEN };
      const snapshot = await this.deps.trees.snapshot(uri, text, version, near);
      if (snapshot) held.push(snapshot);
      request.signal.throwIfAborted();
      const plan = await planCompletion(at(snapshot), settings, provider, others);
      if (!plan) {
        early?.abort.abort(new Superseded('nothing to ask'));
        return NONE;
      }
      request.signal.throwIfAborted();
      let answer: Promise<ModelAnswer>;
      if (early && early.key === plan.key) answer = early.answer;
      else {
        if (early) logger.debug(`completion ${uri}@${version}: the parsed tree gives another context; asking again`);
        early?.abort.abort(new Superseded('the parsed tree gives another context'));
        think(false);
        const sending = this.send({ uri, offset, plan, provider, signal: request.signal, timeoutMs: settings.completion.timeoutMs, shape: () => live.shape, onText });
        answer = sending.answer;
        answer.catch(() => undefined); // a failure is handled where the answer is awaited, below
        await requestWritten(sending.sent);
        think(written === '');
      }
      // While the model writes: what checking its answer needs, with the up-to-date tree.
      const checks = answerShape(at(snapshot), plan.multiline, settings.completion.stop);
      held.push(checks);
      live.shape = checks.shape;
      checks.prepare();
      const work = answer.then((a) => {
        // Control tokens, fences and cut-off lines never reach the buffer, whatever the server did with the stops.
        const insertion = suggestionFromAnswer(a.raw, checks.shape, a.end);
        if (insertion !== '') this.cache.remember(uri, text, offset, insertion);
        return insertion;
      });
      const outcome = await Promise.race([work, request.documentChanged.then((): typeof CHANGED => CHANGED)]);
      if (outcome === CHANGED) {
        // Answered now (Helix asks nothing new until it is); the model's answer goes to the cache for the next request.
        const kept = held;
        held = []; // freed when the work ends
        const settled = work.then(
          () => undefined,
          (e: unknown) => {
            if (!this.failed(e, doc.languageId)) logger.error(`completion failed: ${e instanceof Error ? e.message : String(e)}`);
          },
        );
        request.keepWorking({ text, offset }, settled.finally(() => kept.forEach((s) => s.dispose())), () => written);
        return NONE;
      }
      if (outcome === '') return NONE;
      // Typed on while the model wrote: the next request gets the rest from the cache.
      if (stale()) return NONE;
      return { kind: 'suggestion', doc, offset, insertion: outcome, modelName };
    } catch (e) {
      if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'completion cancelled');
      if (this.failed(e, doc.languageId)) return NONE;
      throw e;
    } finally {
      release();
      request.end();
    }
  }

  /** Whether an error ends a request quietly: aborted, or a model failure (reported once). */
  private failed(e: unknown, languageId: string): boolean {
    if (e instanceof Superseded || isAbortError(e)) return true;
    if (e instanceof ModelError) {
      this.deps.logger.warn(`completion failed: ${e.kind}: ${e.detail}`);
      this.deps.onModelError(e, languageId);
      return true;
    }
    return false;
  }

  /** `answer`, and when its request is on its way (at once for an answer from the cache; or once it fails). */
  private send(ask: AnswerRequest): { answer: Promise<ModelAnswer>; sent: Promise<void> } {
    let onSent!: () => void;
    const sent = new Promise<void>((resolve) => (onSent = resolve));
    const answer = this.answer(ask, onSent);
    answer.then(onSent, onSent);
    return { answer, sent };
  }

  /**
   * The model's answer for a plan: the last one, where the same request was sent last for
   * this document, else a new one (its stream stops as soon as the rest cannot be used).
   */
  private async answer(
    { uri, offset, plan, provider, signal, timeoutMs, shape, onText }: AnswerRequest,
    onSent: () => void,
  ): Promise<ModelAnswer> {
    const { request, key } = plan;
    const cached = this.cache.lastAnswer(uri, key);
    if (cached) return cached;
    this.deps.logger.debug(`completion ${uri} offset ${offset} (${plan.multiline ? 'block' : 'line'}) via ${provider.description}`);
    const outcome = await generateFim(provider, { ...request, onSent }, {
      timeoutMs,
      signal,
      isComplete: (t) => {
        onText(t);
        // The shape is made as soon as the request is out; a stream faster than that is stopped later.
        const known = shape();
        return known !== undefined && answerComplete(t, known);
      },
    });
    this.deps.onModelSuccess();
    const answer = { raw: outcome.text, end: { stoppedEarly: outcome.stoppedEarly, truncated: outcome.truncated } };
    this.cache.rememberAnswer(uri, key, answer);
    const how = outcome.stoppedEarly ? ' (stopped early: the rest is not needed)' : outcome.truncated ? ' (at the token limit)' : '';
    this.deps.logger.debug(`model answered in ${outcome.modelMs.toFixed(0)} ms${how}: ${JSON.stringify(outcome.text)}`);
    return answer;
  }

  /** The document changed: a request pending for it is answered now. */
  documentEdited(uri: string): void {
    this.requests.documentChanged(uri);
  }

  /** The document was closed: its work stops and its cache goes. */
  documentClosed(uri: string): void {
    this.requests.forget(uri);
    this.cache.forget(uri);
  }

  /** Whether a completion request is in flight (most of that time, waiting for the model). */
  waitingForModel(): boolean {
    return this.requests.size > 0;
  }

  /**
   * Whether a completion in flight has work for the server now: it is being planned, or its
   * answer is coming in. False while every one waits for its model's first text (or none is
   * in flight): the time a parse in the background can use without delaying an answer more
   * than one of its slices.
   */
  working(): boolean {
    return this.workingRequests > 0;
  }

  /** Aborts every request in flight (shutdown). */
  abortAll(): void {
    this.requests.abortAll('the server is shutting down');
  }

  private items(doc: TextDocument, offset: number, insertion: string, modelName: string): CompletionList {
    const { store } = this.deps;
    const cursor = doc.positionAt(offset);
    const typed = wordBefore(lineText(doc, cursor.line).slice(0, cursor.character));
    return {
      isIncomplete: true,
      items: suggestionItems({
        insertion,
        typed,
        range: store.rangeOf(doc, offset - typed.length, offset),
        languageId: doc.languageId,
        modelName,
        sortFirst: this.deps.settings().completion.sortFirst,
      }),
    };
  }
}
