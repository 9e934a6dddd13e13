import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { readPkcs12 } from '../../../signing/pki/read-pkcs12';
import { a4Draft, pdfsig } from '../../signing/sign/sign-fixture';
import {
  importKey,
  SOFTHSM_MODULE,
  softHsmToken,
  TOKEN_LABEL,
  USER_PIN,
} from '../../signing/sign/signers/softhsm-fixture';
import { useTestDatabase } from '../../support/postgres';
import { seedWorld, type World } from '../support/world';
import {
  signingAppState,
  startSigningApp,
  tokenFor,
  type SigningApp,
  type SigningAppState,
} from './signing-app';

/**
 * A unit's seal key in a PKCS#11 token (SoftHSM2): the server configuration names the token and the key
 * label, the admin registers it with the token PIN (checked by a probe signature, never stored), and the
 * clerk signs with the PIN typed at signing time.
 */
describe('PKCS#11 signing credentials (SoftHSM2) over HTTP', () => {
  const t = useTestDatabase();
  let state: SigningAppState;
  let app: SigningApp;
  let world: World;
  let admin: string;
  let clerk: string;

  before(async function () {
    world = await seedWorld(t.db);
    state = signingAppState();
    softHsmToken();
    app = await startSigningApp(t.db, state, {
      signing: {
        pkcs11Tokens: {
          'hsm-seal': { modulePath: SOFTHSM_MODULE, tokenLabel: TOKEN_LABEL, keyLabel: 'vanban-seal' },
        },
      },
    });
    const issued = app.dev!.issue(
      [
        ['C', 'VN'],
        ['O', 'Ủy ban nhân dân huyện Bến Lức'],
        ['CN', 'Ủy ban nhân dân huyện Bến Lức'],
      ],
      state.clock.now(),
    );
    importKey(readPkcs12(issued.pkcs12, app.dev!.pin).key, issued.certificate, 'vanban-seal', 'e5');
    admin = await tokenFor(app, 'bl.admin');
    clerk = await tokenFor(app, 'bl.clerk');
  });
  after(async () => {
    await app?.close();
    if (state) fs.rmSync(state.dir, { recursive: true, force: true });
  });

  it('registers the token key with its PIN (wrong PIN and unknown token refused) and seals a PDF with it', async () => {
    const register = (token: string, pin: string) =>
      app.json('POST', '/api/signing/credentials', {
        token: admin,
        json: { kind: 'pkcs11', unitId: world.own, token, label: 'HSM' },
        headers: { 'x-signing-pin': pin },
      });
    const unknown = await register('no-such-token', USER_PIN);
    expect([unknown.status, unknown.body.error.code]).to.deep.equal([404, 'SIGNING_TOKEN_NOT_FOUND']);
    const wrong = await register('hsm-seal', '000000');
    expect([wrong.status, wrong.body.error.code]).to.deep.equal([422, 'PKCS11_LOGIN_FAILED']);
    const added = await register('hsm-seal', USER_PIN);
    expect(added.status, JSON.stringify(added.body)).to.equal(201);
    expect(added.body).to.include({ kind: 'pkcs11', pkcs11Token: 'hsm-seal', ownerKind: 'unit' });
    expect(added.body.subject).to.contain('CN=Ủy ban nhân dân huyện Bến Lức');

    const res = await app.fetch(`/api/signing/sign?role=org&level=B-LT&credentialId=${added.body.id}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${clerk}`,
        'content-type': 'application/pdf',
        'x-signing-pin': USER_PIN,
      },
      body: new Uint8Array(await a4Draft()),
    });
    expect(res.status).to.equal(200);
    const file = path.join(state.dir, 'hsm.pdf');
    fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const sig = pdfsig(file);
    expect([sig.valid, sig.total], sig.report).to.deep.equal([1, 1]);
    const [{ pkcs12, pkcs11_token }] = await t.db.query(
      `SELECT pkcs12, pkcs11_token FROM signing_credentials WHERE id = $1`,
      [added.body.id],
    );
    expect([pkcs12, pkcs11_token]).to.deep.equal([null, 'hsm-seal']);
    expect(app.logLines.join('\n')).to.not.contain(USER_PIN);
  });
});
