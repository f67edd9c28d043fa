/** The ways a model request can fail that a user can do something about. */
export type ModelErrorKind =
  | 'unreachable' // nothing listens at the endpoint
  | 'modelMissing' // the model is not installed
  | 'noInsert' // the model cannot fill in the middle
  | 'notOllama' // something answered, but not the API we speak
  | 'rejected' // the server refused the request (400 and the like)
  | 'unauthorized'
  | 'busy' // queue full, overloaded
  | 'serverError' // 5xx, or an error reported mid-stream
  | 'timeout'
  | 'dropped' // the connection closed before the answer was complete
  | 'garbage' // an answer we cannot read
  | 'noRuntime' // the embedded backend's node-llama-cpp or its binary is missing
  | 'modelFile'; // the embedded backend's model file is missing, unreadable or has no FIM tokens

/**
 * An expected model failure: `userMessage` says what is wrong and what to do, and is
 * shown once; `detail` carries the technical cause for the log.
 */
export class ModelError extends Error {
  constructor(
    readonly kind: ModelErrorKind,
    readonly userMessage: string,
    readonly detail: string,
  ) {
    super(userMessage);
    this.name = 'ModelError';
  }
}

export function isAbortError(e: unknown): boolean {
  return e instanceof Error && (e.name === 'AbortError' || e.name === 'TimeoutError');
}
