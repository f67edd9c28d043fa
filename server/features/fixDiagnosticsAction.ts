import {
  CodeActionKind,
  type CancellationToken,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type { CandidateTests } from '../actions/candidateTests';
import { fixAllProblems, type Problem } from '../actions/fixDiagnostics';
import { PositionError } from '../documents/documentStore';
import type { Progress } from '../reporting/progress';
import type { ActionDeps, ApplyEdit, CodeActionFeature } from './codeActionFeature';
import { actionOptions, asSentence, executeAction, filePathOf, listedAction, resolveAction, runModelWork } from './actionPlumbing';
import { editForVersion } from './workspaceEdits';

export const FIX_COMMAND = 'infill.fixDiagnostics';
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.infill`;

/** What a listed fix carries until it is resolved or its command runs. */
interface FixActionData {
  infill: 'fixDiagnostics';
  uri: string;
  diagnostics: Diagnostic[];
}

const TITLE_MAX = 70;

/**
 * "Fix with AI: <message>" for each diagnostic the editor sends with a code action request
 * (whichever server reported it), and "Fix all with AI" for all of them at once. Listing
 * is instant; the model runs in `codeAction/resolve` or the command, like "Implement".
 */
export class FixDiagnosticsFeature implements CodeActionFeature {
  readonly kinds = [CodeActionKind.QuickFix, FIX_ALL_KIND];
  readonly command = FIX_COMMAND;
  readonly tag = 'fixDiagnostics';

  constructor(private readonly deps: ActionDeps) {}

  codeActions(params: CodeActionParams): CodeAction[] {
    const doc = this.deps.store.get(params.textDocument.uri);
    const diagnostics = params.context?.diagnostics ?? [];
    if (!doc || this.deps.excluded(doc.uri) || diagnostics.length === 0) return [];
    const wants = (kind: string) => !params.context.only || params.context.only.some((k) => kind === k || kind.startsWith(`${k}.`));
    const actions: CodeAction[] = [];
    if (wants(CodeActionKind.QuickFix)) {
      for (const d of diagnostics) actions.push(this.action(`Fix with AI: ${oneLine(messageOf(d))}`, CodeActionKind.QuickFix, doc.uri, [d]));
    }
    if (diagnostics.length > 1 && wants(FIX_ALL_KIND)) actions.push(this.action('Fix all with AI', FIX_ALL_KIND, doc.uri, diagnostics));
    return actions;
  }

  resolve(action: CodeAction, token: CancellationToken): Promise<CodeAction> {
    return resolveAction<FixActionData>(action, 'fixDiagnostics', (d, t) => this.fix(d, t), token);
  }

  executeCommand(args: unknown[] | undefined, token: CancellationToken, applyEdit: ApplyEdit): Promise<null> {
    return executeAction<FixActionData>(args, 'fixDiagnostics', (d, t) => this.fix(d, t), token, applyEdit, () => 'Fix with AI', () => this.deps.showError('the editor did not apply the fix.'));
  }

  private action(title: string, kind: string, uri: string, diagnostics: Diagnostic[]): CodeAction {
    const data: FixActionData = { infill: 'fixDiagnostics', uri, diagnostics };
    return listedAction(this.deps.client(), this.deps.profile(), title, kind, FIX_COMMAND, data, diagnostics);
  }

  private async fix(data: FixActionData, token: CancellationToken): Promise<WorkspaceEdit | undefined> {
    const { store, trees, logger } = this.deps;
    const doc = store.get(data.uri);
    if (!doc) {
      this.deps.showError(`cannot fix: ${data.uri} is not open.`);
      return undefined;
    }
    const version = doc.version;
    const text = doc.getText();
    let problems: Problem[];
    try {
      problems = data.diagnostics.map((d) => ({
        message: messageOf(d),
        source: d.source,
        code: typeof d.code === 'object' ? undefined : d.code,
        range: { start: store.offsetAt(doc, d.range.start), end: store.offsetAt(doc, d.range.end) },
      }));
    } catch (e) {
      if (!(e instanceof PositionError)) throw e;
      this.deps.showError(`the diagnostic no longer matches ${doc.uri} (${e.message}); nothing was changed.`);
      return undefined;
    }
    const syntax = await trees.snapshot(doc.uri, text, version);
    if (!syntax) {
      this.deps.showError(`Fix with AI needs a grammar for ${doc.languageId}; none is installed.`);
      return undefined;
    }
    let progress: Progress | undefined;
    let tests: CandidateTests | undefined;
    const release = () => {
      progress?.done();
      tests?.dispose();
      syntax.dispose();
    };
    return runModelWork(token, (e) => this.deps.onModelError(e, doc.languageId), release, async (signal) => {
      progress = await this.deps.progress('infill-ls', problems.length > 1 ? `Fixing ${problems.length} problems` : `Fixing: ${oneLine(problems[0].message)}`);
      tests = await this.deps.tests(doc);
      const { changes: edits, failures: failed, testsFail } = await fixAllProblems(
        {
          path: filePathOf(doc.uri) ?? doc.uri,
          languageId: doc.languageId,
          syntax,
          lineComment: this.deps.lineComment(doc),
          otherFiles: (at) => this.deps.otherFiles(doc.uri, text, at, syntax),
          problems,
        },
        actionOptions(this.deps.settings(), await this.deps.checkCommand(doc), tests, this.deps.provider(doc.languageId), signal, progress, logger),
      );
      const failures = failed.map((f) => `${f.problems.map((p) => oneLine(p.message)).join('; ')}: ${asSentence(f.reason)}`);
      for (const f of testsFail) this.deps.showError(`applied the fix for ${f.problems.map((p) => oneLine(p.message)).join('; ')} (actions.applyFailing is on), although ${asSentence(f.reason)}`);
      if (failures.length) this.deps.showError(`could not fix ${failures.join(' ')} ${edits.length ? 'The other fixes are applied.' : 'Nothing was changed.'}`);
      if (edits.length === 0) return undefined;
      return editForVersion(store, this.deps.client(), doc, version, edits, this.deps.showError, 'the fix was being made');
    });
  }
}

/** A diagnostic's message as text (LSP 3.18 allows markup). */
function messageOf(d: Diagnostic): string {
  return typeof d.message === 'string' ? d.message : d.message.value;
}

function oneLine(message: string): string {
  const line = message.split('\n')[0].trim();
  return line.length > TITLE_MAX ? `${line.slice(0, TITLE_MAX - 1)}…` : line;
}
