import { expect } from 'chai';
import fs from 'node:fs';
import { useTestDatabase } from '../../support/postgres';
import {
  signingAppState,
  startSigningApp,
  type SigningApp,
  type SigningAppState,
} from '../signing/signing-app';

/** The routes the web pages build on are described in the OpenAPI document, with their roles. */
describe('OpenAPI description of the outgoing, signing and dev-PKI routes', () => {
  const t = useTestDatabase();
  let state: SigningAppState;
  let app: SigningApp;

  before(async () => {
    state = signingAppState();
    app = await startSigningApp(t.db, state);
  });
  after(async () => {
    await app?.close();
    if (state) fs.rmSync(state.dir, { recursive: true, force: true });
  });

  it('lists every route with a summary, its roles and its error codes', async () => {
    const doc = (await app.json('GET', '/api/openapi.json')).body;
    const roles: Record<string, unknown> = {};
    for (const [p, ops] of Object.entries(doc.paths) as [string, Record<string, any>][]) {
      for (const [m, op] of Object.entries(ops)) roles[`${m} ${p}`] = op['x-roles'];
    }
    const expected: Record<string, unknown> = {
      'post /api/files': ['specialist', 'leader', 'clerk'],
      'post /api/outgoing': ['specialist', 'leader'],
      'get /api/outgoing': ['specialist', 'leader', 'clerk', 'archivist', 'auditor', 'admin'],
      'get /api/outgoing/{id}': ['specialist', 'leader', 'clerk', 'archivist', 'auditor', 'admin'],
      'get /api/outgoing/{id}/pdf': ['specialist', 'leader', 'clerk', 'archivist', 'auditor', 'admin'],
      'get /api/outgoing/{id}/versions/{seq}/pdf': [
        'specialist',
        'leader',
        'clerk',
        'archivist',
        'auditor',
        'admin',
      ],
      'get /api/outgoing/{id}/attachments/{index}/pdf': [
        'specialist',
        'leader',
        'clerk',
        'archivist',
        'auditor',
        'admin',
      ],
      'post /api/outgoing/{id}/attachments': ['specialist', 'leader'],
      'delete /api/outgoing/{id}/attachments/{index}': ['specialist', 'leader'],
      'post /api/outgoing/{id}/submit': ['specialist', 'leader'],
      'post /api/outgoing/{id}/return': ['leader'],
      'post /api/outgoing/{id}/sign': ['leader'],
      'post /api/outgoing/{id}/sign/prepare': ['leader'],
      'post /api/outgoing/{id}/sign/complete': ['leader'],
      'post /api/outgoing/{id}/number-and-seal': ['clerk'],
      'post /api/outgoing/paper': ['clerk'],
      'get /api/signing/credentials': ['admin'],
      'post /api/signing/credentials': ['admin'],
      'post /api/signing/credentials/pkcs12': ['admin'],
      'post /api/signing/credentials/{id}/deactivate': ['admin'],
      'get /api/signing/units/{id}/settings': ['admin'],
      'put /api/signing/units/{id}/settings': ['admin'],
      'post /api/dev-pki/credentials/{id}/revoke': ['admin'],
    };
    for (const [op, r] of Object.entries(expected)) expect(roles[op], op).to.deep.equal(r);
    for (const op of [
      'put /api/signing/credentials/{id}/image',
      'get /api/signing/my-credentials',
      'post /api/signing/sign',
      'get /api/dev-pki',
      'get /pki/dev/issuing-ca.crl',
      'post /pki/dev/ocsp',
      'get /pki/dev/ocsp/{request}',
      'post /pki/dev/tsa',
    ]) {
      expect(roles, op).to.have.property(op);
    }
    const sign = doc.paths['/api/outgoing/{id}/number-and-seal'].post;
    expect(sign.summary).to.contain('đóng dấu');
    expect(JSON.stringify(sign)).to.contain('DOCUMENT_NUMBER_DUPLICATE').and.to.contain('X-Signing-Pin');
  });
});
