/**
 * Helix's completion handler, event by event: when a request goes out and to whom
 * (helix-term/src/handlers/completion.rs `trigger_auto_completion`, completion/request.rs
 * `CompletionHandler`, `request_completions`), how the answers become a menu, what typing
 * does to an open menu, and what accepting an item sends (ui/completion.rs).
 *
 * Time is the test's: Helix's 250 ms `completion-timeout` is `idle()`; a trigger character's
 * 5 ms is the end of the `type()` call that typed it. The 100 ms wait for more answers is real.
 */
import { performance } from 'node:perf_hooks';
import type { CompletionItem } from 'vscode-languageserver';
import { answerOf, Arrivals, itemChange, Menu, type Answer, type MenuEntry, type Savepoint } from './completionMenu';
import type { LanguageServer } from './languageServer';
import { applyTextEdits, isWordChar, mapOffset, singleChange, toLspPosition, type Encoding } from './positions';

export interface EditableDocument {
  uri: string;
  text: string;
  cursor: number;
  version: number;
}

/** What the handler needs from the editor. */
export interface CompletionHost {
  document(): EditableDocument;
  /** doc.language_servers_with_feature(Completion), in `language-servers` order. */
  completionServers(): LanguageServer[];
  encoding(server: LanguageServer): Encoding;
  timeoutMs(): number;
  /** A transaction: the new text and cursor; `emit` false for Helix's temporary (preview) transactions, which still raise the version. */
  change(doc: EditableDocument, text: string, cursor: number, emit?: boolean): void;
  /** Synchronous requests (Helix's block_on) hold server requests back while they run. */
  block<T>(work: () => Promise<T>): Promise<T>;
}

type TriggerKind = 'auto' | 'char' | 'manual';

export interface SentRequest {
  server: string;
  params: any;
  at: number;
}

/** One request_completions: the requests, every answer as it came, and what became of the menu. */
export class CompletionRound {
  readonly requests: SentRequest[] = [];
  /** Every answer, in arrival order, counted or skipped. */
  readonly answers: Answer[] = [];
  /** The servers whose answers were in the menu when it opened. */
  shownWith?: string[];
  /** Answers that joined the open menu later. */
  readonly joined: string[] = [];
  /** Answers that came after the first wait and found no menu open (lost). */
  readonly lost: string[] = [];
  cancelled = false;
  running = true;
  done: Promise<void> = Promise.resolve();

  constructor(
    readonly kind: TriggerKind,
    readonly uri: string,
  ) {}

  answer(server: string): Answer | undefined {
    return this.answers.find((a) => a.server === server);
  }
}

export class CompletionHandler {
  /** CompletionHandler.trigger: armed, waiting for its timeout. */
  private armed?: { kind: TriggerKind; uri: string };
  /** The latest round (its task runs while `running`). */
  round?: CompletionRound;
  readonly rounds: CompletionRound[] = [];
  /** EditorView.completion: the open menu. */
  menu?: Menu;
  /** handlers.completions.active_completions: each server's last counted answer, with its savepoint. */
  private readonly active = new Map<string, Answer>();
  /** AutoTrigger events dropped because a trigger was armed or a request was in flight. */
  ignoredAutoTriggers = 0;
  /** Requests re-asked while the menu was open (triggerKind 3). */
  readonly reasked: SentRequest[] = [];
  private reaskGeneration = 0;
  private readonly reasking = new Set<Promise<void>>();

  constructor(private readonly host: CompletionHost) {}

  /** completion.rs PostInsertChar hook: an open menu filters, else the triggers are checked. */
  afterInsertChar(c: string): void {
    if (this.menu) this.updateFilter(c);
    else this.triggerAuto(false);
  }

  /** The timeout ran out for an armed trigger (5 ms for characters, `completion-timeout` for words). */
  async fire(kinds: readonly TriggerKind[]): Promise<CompletionRound | undefined> {
    if (!this.armed || !kinds.includes(this.armed.kind)) return undefined;
    return this.finishDebounce();
  }

  /** commands.rs `completion` (Ctrl-x): CompletionEvent::ManualTrigger, requested at once. */
  manual(): Promise<CompletionRound | undefined> {
    this.armed = { kind: 'manual', uri: this.host.document().uri };
    return this.finishDebounce();
  }

  /** completion.rs `trigger_auto_completion`. */
  triggerAuto(triggerCharOnly: boolean): void {
    const doc = this.host.document();
    const before = doc.text.slice(0, doc.cursor);
    const isTriggerChar = this.host.completionServers().some((s) => (s.capabilities.completionProvider?.triggerCharacters ?? []).some((t) => before.endsWith(t)));
    // Path completion (on by default) triggers on '/' like a trigger character.
    if (isTriggerChar || before.endsWith('/')) {
      // request.rs TriggerChar: "immediately request completions and drop all auto completion requests".
      this.cancelRound();
      this.armed = { kind: 'char', uri: doc.uri };
      return;
    }
    // `completion-trigger-len` 2: chars_at(cursor).reversed().take(2).all(char_is_word).
    const isAuto = !triggerCharOnly && [...before].slice(-2).every(isWordChar);
    if (!isAuto) return;
    // request.rs AutoTrigger: only when no trigger is armed and no request is in flight for this document.
    const busy = this.armed ?? (this.round?.running && !this.round.cancelled ? this.round : undefined);
    if (busy && busy.uri === doc.uri) {
      this.ignoredAutoTriggers++;
      return;
    }
    this.armed = { kind: 'auto', uri: doc.uri };
  }

  /** ui/completion.rs Validate: restore the request-time text, apply the item, then its additionalTextEdits. */
  async accept(entry: MenuEntry): Promise<void> {
    const menu = this.menu;
    if (!menu || !menu.visible().includes(entry)) throw new Error('that item is not in the open menu');
    const doc = this.host.document();
    const server = this.host.completionServers().find((s) => s.name === entry.server)!;
    const encoding = this.host.encoding(server);
    const savepoint = this.active.get(entry.server)!.savepoint;
    this.preview(doc, entry.item, savepoint, encoding);
    // "if more text was entered, remove it": doc.restore(view, &context.savepoint, true).
    this.host.change(doc, savepoint.text, savepoint.cursor);
    let item = entry.item;
    // resolve_completion_item: synchronous, only where the server resolves.
    if (server.capabilities.completionProvider?.resolveProvider) {
      const resolved = await this.host.block(() => server.request('completionItem/resolve', item, this.host.timeoutMs()));
      if (resolved.result && !resolved.error) item = resolved.result as CompletionItem;
    }
    const c = itemChange(item, doc.text, doc.cursor, encoding);
    this.host.change(doc, doc.text.slice(0, c.start) + c.newText + doc.text.slice(c.end), c.start + c.newText.length);
    if (item.additionalTextEdits?.length) {
      const next = applyTextEdits(doc.text, item.additionalTextEdits, encoding);
      this.host.change(doc, next, mapOffset(doc.cursor, singleChange(doc.text, next)));
    }
    this.closeMenu();
    // "we could have just inserted a trigger char ... retrigger immediately".
    this.triggerAuto(true);
  }

  closeMenu(): void {
    this.menu = undefined;
  }

  /** CompletionEvent::Cancel and clear_completions: nothing armed, the round dropped, the menu closed. */
  cancel(): void {
    this.armed = undefined;
    this.cancelRound();
    this.closeMenu();
  }

  /**
   * PromptEvent::Update with `preview-completion-insert` (on by default): selecting the item
   * shows it with temporary transactions the servers never hear of, undone on Validate. They
   * still raise the document's version (document.rs `apply_impl`), so versions skip.
   */
  private preview(doc: EditableDocument, item: CompletionItem, savepoint: Savepoint, encoding: Encoding): void {
    const selected = { text: doc.text, cursor: doc.cursor };
    this.host.change(doc, savepoint.text, savepoint.cursor, false);
    const c = itemChange(item, doc.text, doc.cursor, encoding);
    this.host.change(doc, doc.text.slice(0, c.start) + c.newText + doc.text.slice(c.end), c.start + c.newText.length, false);
    this.host.change(doc, selected.text, selected.cursor, false);
  }

  private cancelRound(): void {
    if (this.round) this.round.cancelled = true;
  }

  /** request.rs `finish_debounce` then `request_completions`. */
  private finishDebounce(): Promise<CompletionRound | undefined> {
    const trigger = this.armed!;
    this.armed = undefined;
    this.cancelRound(); // task_controller.restart()
    // request_completions returns at once while a menu is open.
    if (this.menu) return Promise.resolve(undefined);
    const doc = this.host.document();
    const round = new CompletionRound(trigger.kind, doc.uri);
    const savepoint: Savepoint = { text: doc.text, cursor: doc.cursor, version: doc.version };
    const before = doc.text.slice(0, doc.cursor);
    const pending = this.host.completionServers().map((server) => {
      const own = (server.capabilities.completionProvider?.triggerCharacters ?? []).find((t) => before.endsWith(t));
      // A server whose own trigger characters do not match is asked as Invoked.
      const context = trigger.kind !== 'manual' && own !== undefined ? { triggerKind: 2, triggerCharacter: own } : { triggerKind: 1 };
      return this.ask(server, context, savepoint, round.requests);
    });
    this.round = round;
    this.rounds.push(round);
    round.done = this.merge(round, pending);
    return round.done.then(() => round);
  }

  private ask(server: LanguageServer, context: object, savepoint: Savepoint, log: SentRequest[]): Promise<Answer> {
    const params = { textDocument: { uri: this.host.document().uri }, position: toLspPosition(savepoint.text, savepoint.cursor, this.host.encoding(server)), context };
    log.push({ server: server.name, params, at: performance.now() });
    return server.request('textDocument/completion', params, this.host.timeoutMs()).then((outcome) => answerOf(server.name, outcome, savepoint));
  }

  /** request.rs: the first answer that counts, up to 100 ms for more, the menu; later answers join only an open menu. */
  private async merge(round: CompletionRound, pending: Array<Promise<Answer>>): Promise<void> {
    for (const p of pending) void p.then((a) => round.answers.push(a));
    const arrivals = new Arrivals(pending);
    try {
      const first = await arrivals.next(false);
      if (!first || round.cancelled) return;
      const counted = [first];
      const deadline = performance.now() + 100;
      for (let a = await arrivals.next(false, deadline); a; a = await arrivals.next(false, deadline)) counted.push(a);
      if (round.cancelled) return;
      this.show(round, counted);
      for (let a = await arrivals.next(false); a; a = await arrivals.next(false)) {
        if (round.cancelled) return;
        this.join(round, a, false);
      }
    } finally {
      // The task ends once every request is answered (or the round was dropped).
      await Promise.all(pending);
      round.running = false;
    }
  }

  /** completion.rs `show_completion` and EditorView::set_completion: no menu when nothing matches. */
  private show(round: CompletionRound, answers: Answer[]): void {
    if (this.menu) return;
    const doc = this.host.document();
    const menu = new Menu(answers, doc.text, doc.cursor);
    round.shownWith = answers.map((a) => a.server);
    this.active.clear();
    for (const a of answers) this.active.set(a.server, a);
    if (!menu.isEmpty()) this.menu = menu;
  }

  /** completion.rs `replace_completions`: only into an open menu. */
  private join(round: CompletionRound, answer: Answer, reasked: boolean): void {
    if (!this.menu) {
      round.lost.push(answer.server);
      return;
    }
    this.menu.replace(answer, reasked);
    round.joined.push(answer.server);
    if (this.menu.isEmpty()) {
      this.closeMenu();
      this.triggerAuto(false);
    } else {
      this.active.set(answer.server, answer);
    }
  }

  /** completion.rs `update_completion_filter`: a non-word character or an emptied menu closes it; else incomplete lists are re-asked. */
  private updateFilter(c: string): void {
    const menu = this.menu!;
    menu.filter += c;
    if (menu.isEmpty() || !isWordChar(c)) {
      this.closeMenu();
      this.triggerAuto(false);
      return;
    }
    // request_incomplete_completion_list: triggerKind 3 to each server whose last list was incomplete;
    // request_controller.restart() drops the answers of the previous re-asking.
    const generation = ++this.reaskGeneration;
    const doc = this.host.document();
    const savepoint: Savepoint = { text: doc.text, cursor: doc.cursor, version: doc.version };
    const round = this.round;
    for (const [name, answer] of this.active) {
      if (!answer.isIncomplete) continue;
      const server = this.host.completionServers().find((s) => s.name === name);
      if (!server) continue;
      const asked = this.ask(server, { triggerKind: 3 }, savepoint, this.reasked).then((a) => {
        if (round && this.menu === menu && generation === this.reaskGeneration) this.join(round, a, true);
      });
      this.reasking.add(asked);
      void asked.finally(() => this.reasking.delete(asked));
    }
  }

  /** Resolves once every re-asked incomplete list is in. */
  async settled(): Promise<void> {
    while (this.reasking.size) await Promise.all([...this.reasking]);
  }
}
