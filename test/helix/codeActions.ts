/**
 * What Helix sends with a code action request and how it orders the answers
 * (helix-term/src/commands/lsp.rs `code_action`; master: `code_actions_for_range` and
 * helix-view/src/action.rs), and how it applies a workspace edit
 * (helix-view/src/handlers/lsp.rs `apply_workspace_edit`).
 */
import * as fs from 'node:fs';
import * as url from 'node:url';
import type { CodeAction, Command, Diagnostic, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import type { HelixVersion } from './helixVersions';
import { applyTextEdits, toLspRange, type Encoding } from './positions';

/** A diagnostic as the document keeps it: character offsets, and which server published it. */
export interface StoredDiagnostic {
  start: number;
  end: number;
  server: string;
  diagnostic: Diagnostic;
}

/** helix_core::Range::overlaps: same start, or each starts before the other ends. */
export function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start === b.start || (a.end > b.start && b.end > a.start);
}

/**
 * helix-lsp/src/lib.rs `diagnostic_to_lsp_diagnostic`: range in the receiving server's
 * encoding; severity, code, source, message, tags, data kept; relatedInformation and
 * codeDescription left out.
 */
export function diagnosticForServer(d: StoredDiagnostic, text: string, encoding: Encoding): Diagnostic {
  const { severity, code, source, message, tags, data } = d.diagnostic;
  return {
    range: toLspRange(text, d.start, d.end, encoding),
    ...(severity === undefined ? {} : { severity }),
    ...(code === undefined ? {} : { code }),
    ...(source === undefined ? {} : { source }),
    message,
    ...(tags?.length ? { tags } : {}),
    ...(data === undefined ? {} : { data }),
  };
}

export interface ListedAction {
  server: string;
  action: CodeAction | Command;
}

export function isCommand(a: CodeAction | Command): a is Command {
  return typeof (a as Command).command === 'string';
}

function category25(a: CodeAction | Command): number {
  if (isCommand(a) || !a.kind) return 7;
  const [first, second] = a.kind.split('.');
  if (first === 'quickfix') return 0;
  if (first === 'refactor') return ({ extract: 1, inline: 2, rewrite: 3, move: 4, surround: 5 } as Record<string, number>)[second] ?? 7;
  return first === 'source' ? 6 : 7;
}

/** master action.rs `lsp_code_action_priority`: category * 4, +2 fixes a diagnostic, +1 preferred. */
function priorityMaster(a: CodeAction | Command): number {
  if (isCommand(a)) return 0;
  const [first, second] = (a.kind ?? '').split('.');
  const category =
    first === 'quickfix' ? 7 : first === 'refactor' ? (({ extract: 6, inline: 5, rewrite: 4, move: 3, surround: 2 } as Record<string, number>)[second] ?? 1) : first === 'source' ? 1 : 0;
  return category * 4 + (a.diagnostics?.length ? 2 : 0) + (a.isPreferred ? 1 : 0);
}

const fixes = (a: CodeAction | Command) => (!isCommand(a) && a.diagnostics?.length ? 1 : 0);
const preferred = (a: CodeAction | Command) => (!isCommand(a) && a.isPreferred ? 1 : 0);

/**
 * The menu's order. Disabled actions are dropped. 25.07.1 sorts each server's list (category,
 * then fixes-a-diagnostic, then preferred; stable) and keeps the servers' order; master sorts
 * everything by priority, highest first (stable).
 */
export function orderActions(version: HelixVersion, perServer: ListedAction[][]): ListedAction[] {
  const enabled = perServer.map((list) => list.filter((l) => isCommand(l.action) || !l.action.disabled));
  if (version === 'master') return enabled.flat().sort((a, b) => priorityMaster(b.action) - priorityMaster(a.action));
  return enabled.flatMap((list) =>
    [...list].sort((a, b) => category25(a.action) - category25(b.action) || fixes(b.action) - fixes(a.action) || preferred(b.action) - preferred(a.action)),
  );
}

export interface EditDocument {
  uri: string;
  text: string;
  cursor: number;
  version: number;
}

export interface EditTarget {
  /** The open document, or the file opened from disk (editor.open with Action::Load); undefined when there is none. */
  documentFor(uri: string): EditDocument | undefined;
  change(doc: EditDocument, text: string): void;
  /** editor.set_error. */
  error(message: string): void;
}

export type ApplyEditResult = { applied: true } | { applied: false; failureReason: string; failedChange: number };

/**
 * handlers/lsp.rs `apply_workspace_edit`: documentChanges if present, else changes; each
 * document's edits at once; a versioned edit whose version is not the document's fails
 * ("outdated workspace edit", reason "document has changed"). Resource operations are not
 * reproduced (they fail here).
 */
export function applyWorkspaceEdit(edit: WorkspaceEdit, encoding: Encoding, target: EditTarget): ApplyEditResult {
  const apply = (uri: string, version: number | null, edits: TextEdit[]): string | undefined => {
    const doc = target.documentFor(uri);
    if (!doc) {
      target.error(`failed to open document: ${uri}`);
      return 'file not found';
    }
    if (version !== null && version !== doc.version) {
      target.error(`outdated workspace edit for ${JSON.stringify(filePath(uri))}`);
      return 'document has changed';
    }
    target.change(doc, applyTextEdits(doc.text, edits, encoding));
    return undefined;
  };
  if (edit.documentChanges) {
    for (const [i, change] of edit.documentChanges.entries()) {
      const failure = 'kind' in change ? 'resource operations are not reproduced' : apply(change.textDocument.uri, change.textDocument.version, change.edits as TextEdit[]);
      if (failure) return { applied: false, failureReason: failure, failedChange: i };
    }
    return { applied: true };
  }
  for (const [i, [uri, edits]] of Object.entries(edit.changes ?? {}).entries()) {
    const failure = apply(uri, null, edits);
    if (failure) return { applied: false, failureReason: failure, failedChange: i };
  }
  return { applied: true };
}

function filePath(uri: string): string {
  try {
    return url.fileURLToPath(uri);
  } catch {
    return uri;
  }
}

/** A file: URI's text on disk, for edits to documents that are not open. */
export function readFromDisk(uri: string): string | undefined {
  try {
    return fs.readFileSync(url.fileURLToPath(uri), 'utf8');
  } catch {
    return undefined;
  }
}
