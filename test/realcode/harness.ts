import type { ActionOptions } from '../../server/actions/actionOptions';
import type { ChatRequest, FimRequest, Provider } from '../../server/models/provider';
import { DocumentTrees, type SyntaxSnapshot } from '../../server/syntax/documentTrees';
import { GrammarRegistry } from '../../server/syntax/grammarRegistry';
import { CORPUS, corpusFiles, type CorpusLanguage } from './corpus';

/** What the real-code tests share: a scripted model, parsed snapshots, and the corpus or a clear skip. */

/** A model that answers every request, fill-in-the-middle or chat, with the same text, or with what `answer` makes of the request. */
export class ScriptedModel implements Provider {
  readonly description = 'scripted model';
  requests = 0;
  constructor(private readonly answer: string | ((req: FimRequest | ChatRequest) => string)) {}
  async *fim(req: FimRequest) {
    this.requests++;
    yield typeof this.answer === 'string' ? this.answer : this.answer(req);
  }
  async *chat(req: ChatRequest) {
    this.requests++;
    yield typeof this.answer === 'string' ? this.answer : this.answer(req);
  }
}

/** Grammars for the corpus languages, and `withTree` to parse a text in one of them. */
export function corpusTrees(): { registry: GrammarRegistry; load: () => Promise<void>; withTree: <T>(language: string, text: string, use: (s: SyntaxSnapshot) => T | Promise<T>) => Promise<T> } {
  const registry = new GrammarRegistry();
  const trees = new DocumentTrees(registry);
  let uris = 0;
  return {
    registry,
    load: async () => {
      for (const e of registry.entries.filter((e) => CORPUS.some((c) => c.language === e.id))) await registry.load(e);
    },
    withTree: async (language, text, use) => {
      const uri = `file:///realcode/${++uris}`;
      trees.open(uri, language, text, 1);
      const syntax = (await trees.snapshot(uri, text, 1))!;
      try {
        return await use(syntax);
      } finally {
        syntax.dispose();
        trees.close(uri);
      }
    },
  };
}

/** CI installs the Debian packages; elsewhere a language without its packages is skipped with a warning. */
const REQUIRE = process.env.INFILL_REQUIRE_EDITORS === '1' || process.env.INFILL_REQUIRE_CORPUS === '1';

/** The corpus files of a language; none (with a warning) where its packages are missing, an error under CI. */
export function filesOrSkip(lang: CorpusLanguage): string[] {
  const files = corpusFiles(lang);
  if (files.length > 0) return files;
  if (REQUIRE) throw new Error(`no ${lang.language} sources under ${lang.roots.join(', ')}: .ci/run installs them`);
  console.warn(`skipped ${lang.language}: no sources under ${lang.roots.join(', ')} (.ci/run installs them)`);
  return [];
}

/** Options for one action run in a test: one attempt, no check command, no timeout worth waiting for. */
export function testActionOptions(provider: Provider, mode: 'fim' | 'chat', overrides: Partial<ActionOptions> = {}): ActionOptions {
  return {
    provider,
    mode,
    maxAttempts: 1,
    maxTokens: 2048,
    temperature: 0,
    timeoutMs: 5000,
    budget: { prefixTokens: 2048, suffixTokens: 1024 },
    applyFailing: false,
    signal: new AbortController().signal,
    log: () => undefined,
    ...overrides,
  };
}
