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
} from './signing-app';

/**
 * GET /api/signing/pkcs11-tokens: the PKCS#11 tokens of the server configuration, which the credentials
 * page offers (module path, token label, key label or id; never a PIN), for admins only.
 */
describe('GET /api/signing/pkcs11-tokens', () => {
  const t = useTestDatabase();
  let state: SigningAppState;
  let app: SigningApp;

  before(async () => {
    await seedWorld(t.db);
    state = signingAppState();
    app = await startSigningApp(t.db, state, {
      signing: {
        pkcs11Tokens: {
          'seal-b': { modulePath: '/usr/lib/softhsm/libsofthsm2.so', tokenLabel: 'Dấu B', keyId: 'a1' },
          'seal-a': { modulePath: '/usr/lib/softhsm/libsofthsm2.so', tokenLabel: 'Dấu A', keyLabel: 'k' },
        },
      },
    });
  });
  after(async () => {
    await app?.close();
    if (state) fs.rmSync(state.dir, { recursive: true, force: true });
  });

  it('answers 401 without a session, 403 to a non-admin, and the configured tokens to an admin', async () => {
    expect((await app.json('GET', '/api/signing/pkcs11-tokens', {})).status).to.equal(401);
    const clerk = await app.json('GET', '/api/signing/pkcs11-tokens', {
      token: await tokenFor(app, 'bl.clerk'),
    });
    expect(clerk.status).to.equal(403);
    const admin = await app.json('GET', '/api/signing/pkcs11-tokens', {
      token: await tokenFor(app, 'bl.admin'),
    });
    expect(admin.status).to.equal(200);
    expect(admin.body).to.deep.equal({
      items: [
        {
          name: 'seal-a',
          modulePath: '/usr/lib/softhsm/libsofthsm2.so',
          tokenLabel: 'Dấu A',
          keyLabel: 'k',
          keyId: null,
        },
        {
          name: 'seal-b',
          modulePath: '/usr/lib/softhsm/libsofthsm2.so',
          tokenLabel: 'Dấu B',
          keyLabel: null,
          keyId: 'a1',
        },
      ],
    });
    const api = await app.json('GET', '/api/openapi.json', {});
    expect(api.body.paths?.['/api/signing/pkcs11-tokens']?.get, 'in the OpenAPI document').to.be.an('object');
  });
});
