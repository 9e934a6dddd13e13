// The typed API client: openapi-fetch over the paths generated from the server's OpenAPI document
// (schema.d.ts, scripts/gen-api-types.ts). Same origin, the session cookie, and the session's CSRF
// token in X-CSRF-Token on unsafe methods (docs/http-api.md "Authentication"). `ok()` turns a
// response into its typed data or throws ApiError; a 401 on anything but the login tells the session
// (session.tsx), which shows the login page.
import createClient, { type Middleware } from 'openapi-fetch';
import { ApiError, networkError, toApiError } from './api-error';
import type { paths } from './schema';

let csrfToken: string | null = null;
let onUnauthenticated: (err: ApiError) => void = () => {};

export function setCsrfToken(token: string | null | undefined): void {
  csrfToken = token ?? null;
}

export function csrfHeader(method: string): Record<string, string> {
  return method !== 'GET' && method !== 'HEAD' && csrfToken ? { 'x-csrf-token': csrfToken } : {};
}

/** Called with the error of any 401 except the login's own (wrong password). */
export function whenUnauthenticated(handler: (err: ApiError) => void): void {
  onUnauthenticated = handler;
}

const csrf: Middleware = {
  onRequest({ request }) {
    for (const [name, value] of Object.entries(csrfHeader(request.method))) request.headers.set(name, value);
    return request;
  },
};

export const api = createClient<paths>({
  // Same origin (absolute, so the Request is valid outside a page too: component tests).
  baseUrl: globalThis.location?.origin ?? '',
  credentials: 'same-origin',
  headers: { accept: 'application/json' },
  // Looked up at each call, so component tests can stub globalThis.fetch.
  fetch: (request: Request) => globalThis.fetch(request),
});
api.use(csrf);

type Answer<T> = { data?: T; error?: unknown; response: Response };

/** Reports a 401 to the session, which then shows the login page. */
export function reportFailure(err: ApiError): void {
  if (err.status === 401) onUnauthenticated(err);
}

/**
 * The data of a successful call, or throws ApiError (the API's code and messages; NETWORK_ERROR when
 * no answer came). Usage: `const me = await ok(api.GET('/api/me'))`. `own401`: a 401 is this call's
 * answer (the login's wrong password, the first GET /api/me), not a session that ended.
 */
export async function ok<T>(call: Promise<Answer<T>>, options: { own401?: boolean } = {}): Promise<T> {
  let answer: Answer<T>;
  try {
    answer = await call;
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw networkError();
  }
  const { data, error, response } = answer;
  if (!response.ok || error !== undefined) {
    const err = toApiError(response.status, error);
    if (!options.own401) reportFailure(err);
    throw err;
  }
  return data as T;
}
