// Each server's JSON error body (reference §1.9, §3.4, §4.1). A route picks its style once;
// everything that can fail in it answers in that shape.
import { STATUS_CODES } from 'node:http';
import { JSON_TYPE, TEXT_TYPE } from './requestContext';
import type { Flavor } from './behavior';

/** 'ollama' is the native /api/* shape; the rest are the /v1 layers (llamacpp also for its native routes). */
export type ErrorStyle = 'ollama' | 'ollama-v1' | 'llamacpp' | 'vllm' | 'openai';

export interface ErrorReply {
  status: number;
  contentType: string;
  body: string;
}

export function v1Style(flavor: Flavor): ErrorStyle {
  return flavor === 'ollama' ? 'ollama-v1' : flavor;
}

const LLAMACPP_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  500: 'server_error',
  501: 'not_supported_error',
  503: 'unavailable_error',
};

const VLLM_TYPES: Record<number, string> = {
  400: 'BadRequestError',
  401: 'Unauthorized',
  404: 'NotFoundError',
  500: 'InternalServerError',
  501: 'NotImplementedError',
  503: 'ServiceUnavailableError',
};

/** The error object in `style`. */
export function errorObject(style: ErrorStyle, status: number, message: string): unknown {
  switch (style) {
    case 'ollama':
      return { error: message };
    case 'ollama-v1': {
      const type = status === 400 ? 'invalid_request_error' : status === 404 ? 'not_found_error' : 'api_error';
      return { error: { message, type, param: null, code: null } };
    }
    case 'llamacpp':
      return { error: { code: status, message, type: LLAMACPP_TYPES[status] ?? 'server_error' } };
    case 'vllm':
      // The wrapped shape of 2025+ vLLM; older builds sent the inner object bare. [U]
      return { error: { message, type: VLLM_TYPES[status] ?? 'InternalServerError', param: null, code: status } };
    case 'openai': {
      const type = status >= 500 ? 'server_error' : 'invalid_request_error';
      return { error: { message, type, param: null, code: null } };
    }
  }
}

export function errorReply(style: ErrorStyle, status: number, message: string): ErrorReply {
  return { status, contentType: JSON_TYPE, body: JSON.stringify(errorObject(style, status, message)) };
}

/** The message a server typically gives for `status` (used by Failure 'status' without a body). */
export function typicalMessage(style: ErrorStyle, status: number, model: string): string {
  const ollama = style === 'ollama' || style === 'ollama-v1';
  switch (status) {
    case 404:
      if (style === 'vllm') return `The model \`${model}\` does not exist.`;
      if (style === 'openai') return `The model \`${model}\` does not exist or you do not have access to it.`;
      return `model '${model}' not found`;
    case 429:
      return 'rate limit exceeded';
    case 500:
      if (ollama) {
        return 'model runner has unexpectedly stopped, this may be due to resource limitations or an internal error, check ollama server logs for details';
      }
      return style === 'openai' ? 'The server had an error while processing your request. Sorry about that!' : 'Internal Server Error';
    case 503:
      if (ollama) return SERVER_BUSY;
      return style === 'llamacpp' ? 'Loading model' : 'The server is overloaded or not ready yet.';
    default:
      return STATUS_CODES[status] ?? `status ${status}`;
  }
}

/** Ollama's queue-full message (two spaces, reference §1.9). */
export const SERVER_BUSY = 'server busy, please try again.  maximum pending requests exceeded';
export const OLLAMA_STREAM_ERROR = 'an error was encountered while running the model';

/** Unknown path: gin's text 404 for Ollama; llama.cpp's error handler; FastAPI's detail; OpenAI's message. */
export function routeNotFound(flavor: Flavor, method: string, path: string): ErrorReply {
  switch (flavor) {
    case 'ollama':
      return { status: 404, contentType: TEXT_TYPE, body: '404 page not found' };
    case 'llamacpp':
      return errorReply('llamacpp', 404, 'File Not Found');
    case 'vllm':
      return { status: 404, contentType: 'application/json', body: JSON.stringify({ detail: 'Not Found' }) };
    case 'openai':
      return errorReply('openai', 404, `Invalid URL (${method} ${path})`);
  }
}

/** Known path, wrong method. llama.cpp's HTTP library has no 405: it answers as for an unknown path. [U] */
export function methodNotAllowed(flavor: Flavor, method: string, path: string): ErrorReply {
  switch (flavor) {
    case 'ollama':
      return { status: 405, contentType: TEXT_TYPE, body: '405 method not allowed' };
    case 'llamacpp':
      return routeNotFound(flavor, method, path);
    case 'vllm':
      return { status: 405, contentType: 'application/json', body: JSON.stringify({ detail: 'Method Not Allowed' }) };
    case 'openai':
      return errorReply('openai', 405, `Invalid method for URL (${method} ${path})`);
  }
}
