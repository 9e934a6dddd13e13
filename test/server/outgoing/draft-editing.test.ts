import { expect } from 'chai';
import fs from 'node:fs';
import { useTestDatabase } from '../../support/postgres';
import { seedWorld } from '../support/world';
import {
  signingAppState,
  startSigningApp,
  tokenFor,
  type SigningApp,
  type SigningAppState,
} from '../signing/signing-app';

/**
 * Issue 14, documents: the Decree 30 document types over HTTP, drafts edited and deleted by their
 * drafter, and no number for a document without recipients — on a real database and the dev PKI.
 */
describe('outgoing drafts over HTTP: types, editing, deleting, recipients before numbering', () => {
  const t = useTestDatabase();
  let state: SigningAppState;
  let app: SigningApp;

  const tokens: Record<string, string> = {};

  before(async () => {
    await seedWorld(t.db);
    state = signingAppState();
    app = await startSigningApp(t.db, state);
    for (const u of ['bl.specialist', 'bl.leader', 'bl.clerk']) tokens[u] = await tokenFor(app, u);
  });
  after(async () => {
    await app?.close();
    if (state) fs.rmSync(state.dir, { recursive: true, force: true });
  });

  const call = (user: string, method: string, p: string, json?: unknown, pin?: string) =>
    app.json(method, p, {
      token: tokens[user],
      ...(json !== undefined ? { json } : {}),
      headers: pin ? { 'x-signing-pin': pin } : {},
    });

  it('lists the 29 Decree 30 document types with their Appendix III abbreviations and edXML numbers', async () => {
    const res = await call('bl.specialist', 'GET', '/api/document-types');
    expect(res.status).to.equal(200);
    expect(res.body.items).to.have.length(29);
    expect(res.body.items[0]).to.deep.equal({ name: 'Nghị quyết', abbreviation: 'NQ', edxmlType: 1 });
    expect(res.body.items[4]).to.deep.equal({ name: 'Quy định', abbreviation: 'QyĐ', edxmlType: 5 });
    expect(res.body.items[17]).to.deep.equal({ name: 'Công văn', abbreviation: '', edxmlType: 18 });
    expect(res.body.items[28]).to.deep.equal({ name: 'Thư công', abbreviation: '', edxmlType: 29 });
    expect((await app.json('GET', '/api/document-types')).status).to.equal(401);
  });
});
