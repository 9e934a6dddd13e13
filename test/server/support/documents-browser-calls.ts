// The calls the document pages' browser tests make around a DocumentsBrowser: the app's address, the
// login and status of its page, and the API as a seeded user (seeding and checks, not the page).
// `browser` is read at each call, so the helpers can be taken at describe level before `before` runs.
import { expect } from 'chai';
import type { Locator } from 'playwright-core';
import type { DocumentsBrowser } from './documents-browser';
import { WEB_APP } from './web-browser';

export interface DocumentsBrowserCalls {
  /** The web app's address with `hash` (e.g. `#/incoming/…`). */
  url(hash?: string): string;
  logIn(username: string): Promise<void>;
  status(text: string | RegExp): Locator;
  /** `method p` as `user` (bearer token; `pin` as X-Signing-PIN): a 2xx answer's body, else the test fails. */
  api(user: string, method: string, p: string, json?: unknown, pin?: string): Promise<any>;
  /** The id of `user`'s own ('user') or unit's ('unit') signing credential. */
  credential(user: string, kind: 'user' | 'unit'): Promise<string>;
}

export function documentsBrowserCalls(browser: () => DocumentsBrowser): DocumentsBrowserCalls {
  const api: DocumentsBrowserCalls['api'] = async (user, method, p, json, pin) => {
    const b = browser();
    const r = await b.app.json(method, p, {
      token: await b.token(user),
      json,
      headers: pin ? { 'x-signing-pin': pin } : {},
    });
    expect(r.status, `${method} ${p}: ${JSON.stringify(r.body)}`).to.be.within(200, 204);
    return r.body;
  };
  return {
    url: (hash = '') => `${browser().app.baseUrl}${WEB_APP}${hash}`,
    logIn: (username) => browser().logIn(username),
    status: (text) => browser().status(text),
    api,
    credential: async (user, kind) =>
      (await api(user, 'GET', '/api/signing/my-credentials')).find(
        (c: { ownerKind: string }) => c.ownerKind === kind,
      ).id,
  };
}
