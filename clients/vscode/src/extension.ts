// A minimal VS Code extension that starts infill-ls and hands it the `infill` settings.
// Completion, inline completion (ghost text), code actions and progress come from the
// language client; the server does the rest.
import * as vscode from 'vscode';
import { LanguageClient, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const config = vscode.workspace.getConfiguration('infill');
  const [command, ...args] = config.get<string[]>('server.command', ['infill-ls', '--stdio']);
  const serverOptions: ServerOptions = { command, args };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file' }, { scheme: 'untitled' }],
    // The server pulls the `infill` section with workspace/configuration and re-reads it on change.
    synchronize: { configurationSection: 'infill' },
    initializationOptions: { infill: JSON.parse(JSON.stringify(config)) as unknown },
  };
  client = new LanguageClient('infill-ls', 'infill-ls', serverOptions, clientOptions);
  context.subscriptions.push({ dispose: () => void client?.stop() });
  await client.start();
}

export function deactivate(): Promise<void> | undefined {
  return client?.stop();
}
