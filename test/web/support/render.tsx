// Rendering a block or page in jsdom with the app's providers, and a fake API: `fakeApi({ 'GET /api/me':
// me, 'GET /api/units': (url) => ({ items: [] }) })` stubs fetch (and records the requests); an answer
// `status(403, 'FORBIDDEN')` is an API error. Answers never arrive until a test awaits (findBy…), so the
// loading state is observable first.
import { render, type RenderResult } from '@testing-library/react';
import type { ReactElement, ReactNode } from 'react';
import { vi } from 'vitest';
import type { Me } from '../../../web/src/api/types';
import { LanguageProvider, type Language } from '../../../web/src/i18n/i18n';
import { SessionProvider, useSession } from '../../../web/src/session/session';

export interface FakeError {
  readonly status: number;
  readonly code: string;
  readonly details?: Record<string, unknown>;
}

export function status(code: number, errorCode: string, details?: Record<string, unknown>): FakeError {
  return { status: code, code: errorCode, details };
}

type Answer = unknown | FakeError | ((url: URL, request: Request) => unknown | FakeError);

export interface FakeApi {
  readonly requests: Request[];
  /** Answers held back until release() (to see a loading state). */
  hold(): void;
  release(): void;
}

const isError = (a: unknown): a is FakeError =>
  !!a && typeof a === 'object' && 'status' in a && 'code' in a && typeof (a as FakeError).status === 'number';

/** Stubs globalThis.fetch with answers by `METHOD /path` (query ignored). Unknown routes answer 404. */
export function fakeApi(routes: Record<string, Answer>): FakeApi {
  const requests: Request[] = [];
  let held: Promise<void> | undefined;
  let releaseHeld = () => {};
  vi.stubGlobal('fetch', async (input: Request) => {
    requests.push(input);
    if (held) await held;
    const url = new URL(input.url, 'http://vanban.test');
    const key = `${input.method} ${url.pathname}`;
    const route = routes[key];
    const answer =
      typeof route === 'function' ? (route as (u: URL, r: Request) => unknown)(url, input) : route;
    if (!(key in routes))
      return json(404, {
        error: { code: 'ROUTE_NOT_FOUND', message: 'Not found', messageVi: 'Không tìm thấy', requestId: 'r' },
      });
    if (isError(answer))
      return json(answer.status, {
        error: {
          code: answer.code,
          message: `English: ${answer.code}`,
          messageVi: `Tiếng Việt: ${answer.code}`,
          details: answer.details,
          requestId: 'r1',
        },
      });
    if (answer === undefined) return new Response(null, { status: 204 });
    return json(200, answer);
  });
  return {
    requests,
    hold() {
      held = new Promise((resolve) => (releaseHeld = resolve));
    },
    release() {
      held = undefined;
      releaseHeld();
    },
  };
}

function json(statusCode: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status: statusCode,
    headers: { 'content-type': 'application/json' },
  });
}

export const ME: Me = {
  user: {
    id: '00000000-0000-4000-8000-000000000001',
    username: 'vt.sotp',
    fullName: 'Nguyễn Thị Thu',
    title: 'Văn thư',
    roles: ['clerk'],
    unit: { id: '00000000-0000-4000-8000-0000000000a1', code: '000.00.01.H41', name: 'Sở Tư pháp' },
    mustChangePassword: false,
  },
  authMethod: 'session',
  csrfToken: 'csrf-123',
};

export function withRoles(roles: Me['user']['roles']): Me {
  return { ...ME, user: { ...ME.user, roles } };
}

/** Renders with the language provider (Vietnamese unless told). */
export function renderWithLanguage(ui: ReactElement, lang: Language = 'vi'): RenderResult {
  return render(<LanguageProvider initial={lang}>{ui}</LanguageProvider>);
}

function SignedIn({ children }: { children: ReactNode }) {
  const { state } = useSession();
  return state.status === 'signed-in' ? <>{children}</> : null;
}

/** Renders once signed in (the fake API must answer GET /api/me), as the app renders its pages. */
export function renderSignedIn(ui: ReactNode, lang: Language = 'vi'): RenderResult {
  return render(
    <LanguageProvider initial={lang}>
      <SessionProvider>
        <SignedIn>{ui}</SignedIn>
      </SessionProvider>
    </LanguageProvider>,
  );
}
