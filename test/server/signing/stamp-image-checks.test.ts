import { expect } from 'chai';
import fs from 'node:fs';
import { drawSealPng } from '../../../signing/sign/appearance/draw-png';
import { readPngFacts } from '../../../workflows/signing/check-stamp-image';
import { claimedRgbaPng, rgbPng } from './png-fixtures';
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
 * PUT /api/signing/credentials/:id/image checks a stamp image before storing it: a PNG without an alpha
 * channel or tRNS (the seal would cover the text) is 422 SIGNING_IMAGE_NOT_TRANSPARENT; a side outside
 * 150–2000 px is 422 SIGNING_IMAGE_DIMENSIONS with the measured size in the vi/en message and details.
 */
describe('stamp image checks: transparency and pixel dimensions (PUT /api/signing/credentials/:id/image)', () => {
  const t = useTestDatabase();
  let state: SigningAppState;
  let app: SigningApp;
  let token: string;
  let credentialId: string;

  before(async () => {
    await seedWorld(t.db);
    state = signingAppState();
    app = await startSigningApp(t.db, state);
    token = await tokenFor(app, 'bl.leader');
    const mine = await app.json('GET', '/api/signing/my-credentials', { token });
    credentialId = mine.body.find((c: { ownerKind: string }) => c.ownerKind === 'user').id;
  });
  after(async () => {
    await app?.close();
    if (state) fs.rmSync(state.dir, { recursive: true, force: true });
  });

  const put = async (bytes: Buffer) => {
    const res = await app.fetch(`/api/signing/credentials/${credentialId}/image`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'image/png' },
      body: new Uint8Array(bytes),
    });
    return { status: res.status, body: await res.json() };
  };
  const stored = async () =>
    (
      await t.db.query(
        `SELECT encode(sha256(stamp_image), 'hex') AS h FROM signing_credentials WHERE id = $1`,
        [credentialId],
      )
    )[0].h as string | null;

  it('reads IHDR and tRNS by hand', () => {
    expect(readPngFacts(rgbPng(160, 170))).to.deep.equal({
      width: 160,
      height: 170,
      colourType: 2,
      hasTrns: false,
    });
    expect(readPngFacts(rgbPng(160, 170, { trns: true }))?.hasTrns).to.equal(true);
    expect(readPngFacts(drawSealPng(200))).to.include({ colourType: 6, width: 200 });
    expect(readPngFacts(Buffer.from('not a png at all, not a png at all'))).to.equal(null);
  });

  it('refuses an opaque PNG with 422 SIGNING_IMAGE_NOT_TRANSPARENT and stores nothing', async () => {
    const r = await put(rgbPng(300, 300));
    expect([r.status, r.body.error.code]).to.deep.equal([422, 'SIGNING_IMAGE_NOT_TRANSPARENT']);
    expect(r.body.error.messageVi).to.contain('không có nền trong suốt');
    expect(r.body.error.message).to.contain('no transparency');
    expect(await stored()).to.equal(null);
  });

  it('refuses sides outside 150–2000 px with the measured size, checked on the IHDR', async () => {
    const small = await put(drawSealPng(100));
    expect([small.status, small.body.error.code]).to.deep.equal([422, 'SIGNING_IMAGE_DIMENSIONS']);
    expect(small.body.error.messageVi).to.contain('100 × 100 điểm ảnh');
    expect(small.body.error.message).to.contain('100 × 100 pixels');
    expect(small.body.error.details).to.deep.equal({ width: 100, height: 100, min: 150, max: 2000 });
    const large = await put(claimedRgbaPng(2400, 300));
    expect([large.status, large.body.error.code]).to.deep.equal([422, 'SIGNING_IMAGE_DIMENSIONS']);
    expect(large.body.error.details).to.include({ width: 2400, height: 300 });
    expect(await stored()).to.equal(null);
  });

  it('accepts an RGBA seal at 150 px and an RGB PNG made transparent by tRNS', async () => {
    const seal = await put(drawSealPng(150));
    expect([seal.status, seal.body.hasStampImage]).to.deep.equal([200, true]);
    const keyed = rgbPng(400, 200, { trns: true });
    const r = await put(keyed);
    expect(r.status).to.equal(200);
    const { createHash } = await import('node:crypto');
    expect(await stored()).to.equal(createHash('sha256').update(keyed).digest('hex'));
  });
});
