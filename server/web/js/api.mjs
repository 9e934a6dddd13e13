/* global fetch, URLSearchParams */
// JSON calls to /api. Cookie sessions send the CSRF token (from login or GET /api/me) on unsafe
// methods; errors arrive as `{ error: { code, message, messageVi } }` and are thrown as ApiError.

let csrfToken = null;
let onUnauthenticated = () => {};

export class ApiError extends Error {
  constructor(status, error) {
    super(error?.message ?? `HTTP ${status}`);
    this.status = status;
    this.code = error?.code ?? 'HTTP_ERROR';
    this.messageVi = error?.messageVi ?? this.message;
  }
}

export function setCsrfToken(token) {
  csrfToken = token ?? null;
}

export function whenUnauthenticated(handler) {
  onUnauthenticated = handler;
}

export async function api(method, path, body) {
  const headers = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const res = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
  });
  if (res.status === 204) return undefined;
  const data = await res.json().catch(() => undefined);
  if (!res.ok) {
    const err = new ApiError(res.status, data?.error);
    if (res.status === 401 && path !== '/api/auth/login') onUnauthenticated(err);
    throw err;
  }
  return data;
}

/** Builds a query string from the defined, non-empty values. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
