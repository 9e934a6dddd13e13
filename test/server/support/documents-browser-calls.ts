// The document pages' browser tests around a DocumentsBrowser: its mocha hooks (started before the
// describe's tests with any extra specialists of the commune; after them, no problem seen, closed), the
// app's address, the login and status of its page, and the API as a seeded user (seeding and checks,
// not the page). `browser` is read at each call, so the helpers can be taken at describe level.
import { expect } from 'chai';
import type { Locator } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { a4Draft } from '../../signing/sign/sign-fixture';
import { uploadPdf } from '../signing/signing-app';
import { startDocumentsBrowser, type DocumentsBrowser } from './documents-browser';
import { WEB_APP } from './web-browser';

/**
 * Mocha hooks (call inside a describe, after useTestDatabase()): a DocumentsBrowser with, besides its
 * own users, `communeSpecialists` ([username, full name]) at the commune with tl.clerk's password.
 * Returns the browser's getter (it exists inside hooks and tests only).
 */
export function useDocumentsBrowser(
  t: { readonly db: DataSource },
  options: { readonly communeSpecialists?: readonly (readonly [string, string])[] } = {},
): () => DocumentsBrowser {
  let b: DocumentsBrowser | undefined;
  before(async () => {
    b = await startDocumentsBrowser(t.db);
    const [{ password_hash }] = await t.db.query(
      `SELECT password_hash FROM users WHERE username = 'tl.clerk'`,
    );
    for (const [username, name] of options.communeSpecialists ?? [])
      await t.db.query(
        `INSERT INTO users (username, full_name, unit_id, roles, password_hash)
         VALUES ($1, $2, $3, ARRAY['specialist'], $4)`,
        [username, name, b.world.child, password_hash],
      );
  });
  after(async () => {
    if (b) expect(b.problems, b.problems.join('\n')).to.deep.equal([]);
    await b?.close();
    b = undefined;
  });
  return () => {
    if (!b) throw new Error('useDocumentsBrowser(): the browser exists only inside hooks and tests');
    return b;
  };
}

export interface DocumentsBrowserCalls {
  /** The web app's address with `hash` (e.g. `#/incoming/…`). */
  url(hash?: string): string;
  logIn(username: string): Promise<void>;
  status(text: string | RegExp): Locator;
  /** `method p` as `user` (bearer token; `pin` as X-Signing-PIN): a 2xx answer's body, else the test fails. */
  api(user: string, method: string, p: string, json?: unknown, pin?: string): Promise<any>;
  /** The id of `user`'s own ('user') or unit's ('unit') signing credential. */
  credential(user: string, kind: 'user' | 'unit'): Promise<string>;
  /**
   * A Công văn of the district about `subject`, drafted, signed, sealed and sent to the commune, where
   * tl.clerk registers it and forwards it to its leader: the ids on both sides.
   */
  forwardedToCommune(subject: string): Promise<{ outgoingId: string; incomingId: string }>;
}

export function documentsBrowserCalls(
  browser: () => DocumentsBrowser,
  t: { readonly db: DataSource },
): DocumentsBrowserCalls {
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
  const credential: DocumentsBrowserCalls['credential'] = async (user, kind) =>
    (await api(user, 'GET', '/api/signing/my-credentials')).find(
      (c: { ownerKind: string }) => c.ownerKind === kind,
    ).id;
  return {
    url: (hash = '') => `${browser().app.baseUrl}${WEB_APP}${hash}`,
    logIn: (username) => browser().logIn(username),
    status: (text) => browser().status(text),
    api,
    credential,
    async forwardedToCommune(subject) {
      const b = browser();
      const fileId = await uploadPdf(b.app, await b.token('bl.specialist'), await a4Draft(), 'Dự thảo.pdf');
      const doc = await api('bl.specialist', 'POST', '/api/outgoing', {
        documentType: 'Công văn',
        notation: 'UBND-VP',
        subject,
        recipients: [{ kind: 'unit', unitId: b.world.child }],
        fileId,
      });
      await api('bl.specialist', 'POST', `/api/outgoing/${doc.id}/submit`, {});
      const signer = await credential('bl.leader', 'user');
      await api('bl.leader', 'POST', `/api/outgoing/${doc.id}/sign`, { credentialId: signer }, '123456');
      const seal = await credential('bl.clerk', 'unit');
      await api(
        'bl.clerk',
        'POST',
        `/api/outgoing/${doc.id}/number-and-seal`,
        { credentialId: seal },
        '123456',
      );
      await api('bl.clerk', 'POST', `/api/outgoing/${doc.id}/send`);
      const [{ id: incomingId }] = (await t.db.query(
        `SELECT id FROM incoming_documents WHERE outgoing_id = $1`,
        [doc.id],
      )) as { id: string }[];
      await api('tl.clerk', 'POST', `/api/incoming/${incomingId}/register`);
      await api('tl.clerk', 'POST', `/api/incoming/${incomingId}/forward`);
      return { outgoingId: doc.id as string, incomingId: incomingId! };
    },
  };
}
