import type { ContextBudget } from '../context/plainTextContext';
import type { Provider } from '../models/provider';

/** How a code action asks the model and checks what it wrote (the `actions.*` settings, resolved). */
export interface ActionOptions {
  provider: Provider;
  mode: 'fim' | 'chat';
  maxAttempts: number;
  maxTokens: number;
  temperature: number;
  timeoutMs: number;
  budget: ContextBudget;
  /** The user's check command for this language (allowed by the user), the file it checks, and the workspace folders the client named. */
  check?: { argv: string[]; originalPath: string; timeoutMs: number; workspaceFolders: readonly string[] };
  signal: AbortSignal;
  onAttempt?: (attempt: number, of: number) => void;
  log: (message: string) => void;
}
