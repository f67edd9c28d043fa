import { CodeActionKind, type CancellationToken, type CodeAction, type CodeActionParams, type WorkspaceEdit } from 'vscode-languageserver';
import type { CandidateTests } from '../actions/candidateTests';
import { implementStub } from '../actions/implementStub';
import type { Progress } from '../reporting/progress';
import { findStubs, type Stub } from '../syntax/stubFinder';
import { actionOptions, asSentence, attempts, executeAction, filePathOf, listedAction, resolveAction, runModelWork } from './actionPlumbing';
import { editForVersion } from './workspaceEdits';
import type { ActionDeps, ApplyEdit, CodeActionFeature } from './codeActionFeature';

export const IMPLEMENT_COMMAND = 'infill.implementStub';

/** What a listed action carries until it is resolved or its command runs. */
interface StubActionData {
  infill: 'implementStub';
  uri: string;
  name: string;
  /** Where the stub's definition started when the action was listed. */
  start: number;
}

/**
 * "Implement <name>" on functions whose body is a stub. Listing is instant (no model);
 * the model runs in `codeAction/resolve`, or in `workspace/executeCommand` for clients
 * that cannot resolve (Eglot 1.9), which then receive `workspace/applyEdit`. The edit is
 * made for the version the model saw, and never for one the user has moved past.
 */
export class ImplementStubFeature implements CodeActionFeature {
  readonly kinds = [CodeActionKind.RefactorRewrite];
  readonly command = IMPLEMENT_COMMAND;
  readonly tag = 'implementStub';

  constructor(private readonly deps: ActionDeps) {}

  async codeActions(params: CodeActionParams): Promise<CodeAction[]> {
    const only = params.context?.only;
    if (only && !only.some((k) => CodeActionKind.RefactorRewrite.startsWith(k) || k === CodeActionKind.RefactorRewrite)) return [];
    const doc = this.deps.store.get(params.textDocument.uri);
    if (!doc || this.deps.excluded(doc.uri)) return [];
    const syntax = await this.deps.trees.snapshot(doc.uri, doc.getText(), doc.version);
    if (!syntax) return [];
    try {
      const start = doc.offsetAt({ line: params.range.start.line, character: 0 });
      const end = doc.offsetAt({ line: params.range.end.line + 1, character: 0 });
      const stubs = findStubs(syntax.grammar, syntax.tree, { start, end }).filter((s) => s.definition.start < end && s.definition.end >= start);
      return stubs.map((stub) => this.action(doc.uri, stub));
    } finally {
      syntax.dispose();
    }
  }

  resolve(action: CodeAction, token: CancellationToken): Promise<CodeAction> {
    return resolveAction<StubActionData>(action, 'implementStub', (d, t) => this.implement(d, t), token);
  }

  executeCommand(args: unknown[] | undefined, token: CancellationToken, applyEdit: ApplyEdit): Promise<null> {
    return executeAction<StubActionData>(
      args,
      'implementStub',
      (d, t) => this.implement(d, t),
      token,
      applyEdit,
      (d) => `Implement ${d.name}`,
      (d) => this.deps.showError(`the editor did not apply the implementation of ${d.name}.`),
    );
  }

  private action(uri: string, stub: Stub): CodeAction {
    const data: StubActionData = { infill: 'implementStub', uri, name: stub.name, start: stub.definition.start };
    return listedAction(this.deps.client(), this.deps.profile(), `Implement ${stub.name}`, CodeActionKind.RefactorRewrite, IMPLEMENT_COMMAND, data);
  }

  private async implement(data: StubActionData, token: CancellationToken): Promise<WorkspaceEdit | undefined> {
    const { store, trees, logger } = this.deps;
    const doc = store.get(data.uri);
    if (!doc) {
      this.deps.showError(`cannot implement ${data.name}: ${data.uri} is not open.`);
      return undefined;
    }
    const version = doc.version;
    const text = doc.getText();
    const syntax = await trees.snapshot(doc.uri, text, version);
    if (!syntax) return undefined;
    let progress: Progress | undefined;
    let tests: CandidateTests | undefined;
    const release = () => {
      progress?.done();
      tests?.dispose();
      syntax.dispose();
    };
    return runModelWork(token, (e) => this.deps.onModelError(e, doc.languageId), release, async (signal) => {
      const stub = findStubs(syntax.grammar, syntax.tree)
        .filter((s) => s.name === data.name)
        .sort((a, b) => Math.abs(a.definition.start - data.start) - Math.abs(b.definition.start - data.start))[0];
      if (!stub) {
        this.deps.showError(`${data.name} is no longer a stub; nothing to implement.`);
        return undefined;
      }
      progress = await this.deps.progress('infill-ls', `Implementing ${stub.name}`);
      tests = await this.deps.tests(doc);
      const outcome = await implementStub(
        {
          path: filePathOf(doc.uri) ?? doc.uri,
          languageId: doc.languageId,
          stub,
          syntax,
          lineComment: this.deps.lineComment(doc),
          otherFiles: await this.deps.otherFiles(doc.uri, text, stub.replace.start, syntax),
        },
        actionOptions(this.deps.settings(), await this.deps.checkCommand(doc), tests, this.deps.provider(doc.languageId), signal, progress, logger),
      );
      if (!outcome.ok) {
        this.deps.showError(`could not implement ${stub.name} after ${attempts(outcome.attempts)}: ${asSentence(outcome.problem)} The stub is unchanged.`);
        return undefined;
      }
      if (outcome.testsFail) this.deps.showError(`applied the implementation of ${stub.name} (actions.applyFailing is on), although ${asSentence(outcome.testsFail)}`);
      const edit = [{ start: stub.replace.start, end: stub.replace.end, newText: outcome.replacement }];
      return editForVersion(store, this.deps.client(), doc, version, edit, this.deps.showError, `${stub.name} was being implemented`);
    });
  }
}
