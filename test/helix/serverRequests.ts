/**
 * Helix's answers to a server's requests (helix-term/src/application.rs,
 * `handle_language_server_message`, Call::MethodCall).
 */
import * as path from 'node:path';
import * as url from 'node:url';
import type { MessageActionItem, WorkspaceEdit } from 'vscode-languageserver';
import type { ApplyEditResult } from './codeActions';
import type { VersionTraits } from './helixVersions';

export type Reply = { result: unknown } | { error: { code: number; message: string } };

export interface RequestContext {
  traits: VersionTraits;
  /** languages.toml `config` of the server that asks. */
  config: unknown;
  root?: string;
  applyEdit(edit: WorkspaceEdit): ApplyEditResult;
  show(type: number, message: string): void;
  /** master's picker: the action the user picks; null (Escape) when unset. */
  pick?: (params: any) => MessageActionItem | null;
}

/** The reply to one server request; anything Helix does not handle is MethodNotFound ("Method not found: <method>"). */
export function answerServerRequest(ctx: RequestContext, method: string, params: any): Reply {
  switch (method) {
    // WorkDoneProgressCreate starts a spinner; RegisterCapability is acknowledged (and ignored but for file watching).
    case 'window/workDoneProgress/create':
    case 'client/registerCapability':
    case 'client/unregisterCapability':
      return { result: null };
    // ApplyWorkspaceEdit: applied in the event loop, answered {applied, failureReason?, failedChange?}.
    case 'workspace/applyEdit':
      return { result: ctx.applyEdit(params.edit) };
    case 'workspace/workspaceFolders':
      return { result: ctx.root ? [{ name: path.basename(ctx.root), uri: url.pathToFileURL(ctx.root).href }] : [] };
    case 'workspace/configuration':
      return { result: (params.items as Array<{ section?: string }>).map((item) => configSection(ctx.config, item.section)) };
    case 'window/showMessageRequest':
      // 25.07.1 has no handler: MethodNotFound. master: a picker, or a plain message when there are no actions.
      if (ctx.traits.showMessageRequest !== 'picker') break;
      if (!params.actions?.length) {
        ctx.show(params.type, params.message);
        return { result: null };
      }
      return { result: ctx.pick?.(params) ?? null };
    case 'window/showDocument':
      return { result: { success: false } }; // opening documents is not reproduced
  }
  return { error: { code: -32601, message: `Method not found: ${method}` } };
}

/** WorkspaceConfiguration: the config walked by the dotted section (missing: null); no or an empty section is the whole config. */
export function configSection(config: unknown, section: string | undefined): unknown {
  if (config === undefined) return null;
  let value: any = config;
  if (section) {
    for (const part of section.split('.')) {
      if (value === null || typeof value !== 'object' || Array.isArray(value) || !(part in value)) return null;
      value = value[part];
    }
  }
  return value;
}
