import type { ContextBudget } from '../context/plainTextContext';
import type { Provider } from '../models/provider';
import type { CandidateTests } from './candidateTests';

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
  /** The user's tests (allowed by the user), run on each candidate that passes every other check. */
  tests?: CandidateTests;
  /** When no candidate passes the tests, apply the last one that passed everything else (`actions.applyFailing`). */
  applyFailing: boolean;
  signal: AbortSignal;
  onAttempt?: (attempt: number, of: number) => void;
  /** The tests start on the candidate of `attempt`. */
  onTests?: (attempt: number, of: number) => void;
  log: (message: string) => void;
}
