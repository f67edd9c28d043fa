// Checks a server makes before routing: llama-server's loading state and API key, vLLM's and
// OpenAI's API key, an authenticating proxy in front of Ollama (its Host-header guard is not reproduced).
import { errorReply } from './errorShapes';
import { reply } from './generation';
import type { RequestContext, RouteEnv } from './requestContext';

/** Routes llama-server answers without a key. */
const LLAMACPP_PUBLIC = new Set(['/health', '/v1/health', '/models', '/v1/models', '/api/tags']);
/** Routes llama-server answers normally while loading (with meta:null). */
const LLAMACPP_WHILE_LOADING = new Set(['/models', '/v1/models', '/api/tags']);

const LOADING_PAGE = '<html><head><title>llama.cpp - loading</title></head><body>The model is loading. Please wait.</body></html>';

/** Returns true when the request may proceed to routing; otherwise it has been answered. */
export function passesMiddleware(ctx: RequestContext, env: RouteEnv): boolean {
  const key = env.options.apiKey;
  const path = ctx.rec.path;
  switch (env.flavor) {
    case 'ollama':
      // Ollama has no keys; behind an authenticating proxy (what `apiKey` stands for here) it answers 401.
      if (key && presentedKey(ctx) !== key) {
        ctx.sendText(401, 'Unauthorized', 'text/plain; charset=utf-8');
        return false;
      }
      return true;
    case 'llamacpp':
      if (env.isLoading() && !LLAMACPP_WHILE_LOADING.has(path)) {
        if (path === '/') ctx.sendText(503, LOADING_PAGE, 'text/html; charset=utf-8');
        else reply(ctx, errorReply('llamacpp', 503, 'Loading model'));
        return false;
      }
      if (key && !LLAMACPP_PUBLIC.has(path) && presentedKey(ctx) !== key) {
        reply(ctx, errorReply('llamacpp', 401, 'Invalid API Key'));
        return false;
      }
      return true;
    case 'vllm':
      // vLLM's middleware only guards /v1 routes, and answers with a bare error string.
      if (key && path.startsWith('/v1') && presentedKey(ctx) !== key) {
        ctx.sendJson(401, { error: 'Unauthorized' });
        return false;
      }
      return true;
    case 'openai':
      if (key && presentedKey(ctx) !== key) {
        const presented = presentedKey(ctx);
        const message = presented
          ? `Incorrect API key provided: ${presented}. You can find your API key at https://platform.openai.com/account/api-keys.`
          : "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).";
        ctx.sendJson(401, { error: { message, type: 'invalid_request_error', param: null, code: presented ? 'invalid_api_key' : null } });
        return false;
      }
      return true;
  }
}

/** The key from `Authorization: Bearer <key>` (llama-server also reads X-Api-Key). */
function presentedKey(ctx: RequestContext): string {
  const auth = ctx.req.headers.authorization ?? '';
  const bearer = /^Bearer\s+(.+)$/i.exec(auth)?.[1]?.trim();
  if (bearer) return bearer;
  const apiKey = ctx.req.headers['x-api-key'];
  return typeof apiKey === 'string' ? apiKey : '';
}
