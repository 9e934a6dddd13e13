import type { Logger } from 'pino';
import type { Actor } from '../../workflows/context';

/** How the caller proved who they are. */
export type AuthMethod = 'session' | 'bearer';

/**
 * What the HTTP layer attaches to each request. Kept on one object (`res.locals.vanban`) instead of
 * widening express's global Request type.
 */
export interface RequestState {
  readonly requestId: string;
  readonly log: Logger;
  readonly startedAt: bigint;
  actor?: Actor;
  authMethod?: AuthMethod;
  /** Session id or token id, for logout/revocation. Never the secret itself. */
  credentialId?: string;
  /** Route template for metrics (`/api/units/:id`), set when a registered route matched. */
  routeTemplate?: string;
}

interface WithState {
  locals: Record<string, unknown>;
}

export function requestState(res: WithState): RequestState {
  const state = res.locals.vanban as RequestState | undefined;
  if (!state) throw new Error('request state missing: requestContext middleware not installed');
  return state;
}

export function setRequestState(res: WithState, state: RequestState): void {
  res.locals.vanban = state;
}
