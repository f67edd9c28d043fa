/**
 * What the server does differently for a client, from the name it gives in `initialize`.
 * Capabilities cannot tell: Helix's look like any client's that resolves code actions, yet
 * its resolve freezes the editor and its completion menu merges servers in its own way
 * (facts from Helix's source: helix-lsp/src/client.rs, helix-term/src/handlers/completion.rs,
 * helix-term/src/commands/lsp.rs; the README's Helix section says what users see).
 */
export interface ClientProfile {
  /** The client's name, as it gave it (for logs). */
  name: string;
  /**
   * A trigger character of any server sends a completion request to every server (Helix):
   * declaring `" "` or `","` would open every server's full menu on each space or comma.
   */
  triggersReachEveryServer: boolean;
  /**
   * An empty list marked incomplete counts as the first answer, and items from other
   * servers that come more than 100 ms later are dropped (Helix): empty answers go out complete.
   */
  emptyIncompleteHidesOthers: boolean;
  /**
   * `codeAction/resolve` blocks the editor until it answers (Helix, up to 20 s): actions are
   * listed with their command, resolve has nothing to do, and the model works in the command.
   */
  resolveBlocksEditor: boolean;
}

/** The profile of a client that behaves as LSP describes (Neovim, Emacs, Vim, VS Code). */
export const STANDARD_CLIENT: ClientProfile = {
  name: 'an unnamed client',
  triggersReachEveryServer: false,
  emptyIncompleteHidesOthers: false,
  resolveBlocksEditor: false,
};

/** The profile for the client named in `initialize`'s `clientInfo`. */
export function clientProfile(clientInfo: { name: string; version?: string } | undefined): ClientProfile {
  const name = clientInfo ? `${clientInfo.name} ${clientInfo.version ?? ''}`.trim() : STANDARD_CLIENT.name;
  if (clientInfo?.name.trim().toLowerCase() === 'helix') {
    return { name, triggersReachEveryServer: true, emptyIncompleteHidesOthers: true, resolveBlocksEditor: true };
  }
  return { ...STANDARD_CLIENT, name };
}
