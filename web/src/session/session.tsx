// The signed-in person: GET /api/me once at start (its 401 means "not signed in"), login and logout,
// and the CSRF token handed to the API client. Any later 401 (session expired or revoked) signs out
// here and the login page says why.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ok, setCsrfToken, whenUnauthenticated } from '../api/client';
import type { Me } from '../api/types';

export type SessionState =
  | { readonly status: 'loading' }
  | { readonly status: 'signed-out'; readonly reason?: 'expired' }
  | { readonly status: 'signed-in'; readonly me: Me };

interface SessionValue {
  readonly state: SessionState;
  readonly login: (username: string, password: string) => Promise<void>;
  readonly logout: () => Promise<void>;
  /** Asks GET /api/me again (after a change of one's own account, e.g. the password). */
  readonly refresh: () => Promise<void>;
}

const SessionContext = createContext<SessionValue | undefined>(undefined);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  useEffect(() => {
    whenUnauthenticated((err) => {
      setCsrfToken(null);
      setState((s) =>
        s.status === 'signed-in'
          ? { status: 'signed-out', reason: err.code === 'SESSION_EXPIRED' ? 'expired' : undefined }
          : s,
      );
    });
    let current = true;
    ok(api.GET('/api/me'), { own401: true }).then(
      (me) => {
        setCsrfToken(me.csrfToken);
        if (current) setState({ status: 'signed-in', me });
      },
      () => current && setState({ status: 'signed-out' }),
    );
    return () => {
      current = false;
    };
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    const session = await ok(api.POST('/api/auth/login', { body: { username, password } }), { own401: true });
    setCsrfToken(session.csrfToken);
    const me = await ok(api.GET('/api/me'));
    setState({ status: 'signed-in', me });
  }, []);

  // Signed out here whatever the answer (a session already ended answers 401).
  const logout = useCallback(async () => {
    await ok(api.POST('/api/auth/logout'), { own401: true }).catch(() => undefined);
    setCsrfToken(null);
    setState({ status: 'signed-out' });
  }, []);

  const refresh = useCallback(async () => {
    const me = await ok(api.GET('/api/me'));
    setCsrfToken(me.csrfToken);
    setState({ status: 'signed-in', me });
  }, []);

  const value = useMemo(() => ({ state, login, logout, refresh }), [state, login, logout, refresh]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in person (pages are only rendered signed in). */
export function useMe(): Me {
  const { state } = useSession();
  if (state.status !== 'signed-in') throw new Error('useMe while not signed in');
  return state.me;
}
