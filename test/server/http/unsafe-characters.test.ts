import { expect } from 'chai';
import { findUnsafeString, hasUnsafeCharacters } from '../../../server/http/unsafe-characters';
import { useTestDatabase } from '../../support/postgres';
import { tokensFor } from '../validation/validation-support';
import { PASSWORD, seedWorld, startApp, type RunningApp, type World } from '../support/world';

/**
 * Issue 10 item 4: a NUL character or an unpaired UTF-16 surrogate in any string gave 500 on every
 * route (PostgreSQL refuses U+0000). The route table refuses them once for every body, query and path
 * parameter, and the upload receiver for X-File-Name: 400 VALIDATION_FAILED naming the field.
 */
describe('NUL and unpaired surrogates in input (issue 10 item 4)', function () {
  this.timeout(120_000);
  const t = useTestDatabase();
  let app: RunningApp;
  let world: World;
  let tokens: Awaited<ReturnType<typeof tokensFor>>;

  before(async () => {
    world = await seedWorld(t.db);
    app = await startApp(t.db);
    tokens = await tokensFor(app.server, world);
  });
  after(async () => app?.close());

  const refused = (r: { status: number; body: any }, where: string, path: string) => {
    expect(r.status, JSON.stringify(r.body)).to.equal(400);
    expect(r.body.error.code).to.equal('VALIDATION_FAILED');
    expect(r.body.error.details).to.deep.include({ in: where });
    expect(r.body.error.details.issues[0]).to.deep.include({ path, code: 'invalid_characters' });
    expect(r.body.error.messageVi).to.match(/NUL/);
  };
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  it('JSON body: login username with NUL or a lone surrogate, a unit name with NUL', async () => {
    for (const username of ['bl.clerk\u0000', 'bl\ud800clerk', '\udc00']) {
      const r = await app.server.json('POST', '/api/auth/login', { json: { username, password: PASSWORD } });
      refused(r, 'body', 'username');
    }
    // Escaped in the JSON text itself, as an attacker would send it.
    const raw = await app.server.json('POST', '/api/auth/login', {
      rawBody: '{"username":"bl.clerk","password":"a\\u0000b"}',
      headers: { 'content-type': 'application/json' },
    });
    refused(raw, 'body', 'password');
    const unit = await app.server.json('POST', '/api/units', {
      json: { code: '000.02.09.H41', name: 'Xã\u0000 Mới', level: 'commune', parentId: world.own },
      headers: bearer(tokens.admin),
    });
    refused(unit, 'body', 'name');
    expect(
      (await t.db.query(`SELECT count(*)::int AS n FROM units WHERE code = '000.02.09.H41'`))[0].n,
    ).to.equal(0);
  });

  it('query string and path parameters', async () => {
    refused(
      await app.server.json('GET', '/api/units?q=a%00b', { headers: bearer(tokens.clerk) }),
      'query',
      'q',
    );
    refused(
      await app.server.json('GET', `/api/units/${world.own}%00`, { headers: bearer(tokens.clerk) }),
      'params',
      'id',
    );
    refused(
      await app.server.json('DELETE', `/api/admin/trust/anchors/${'ab'.repeat(32)}%00`, {
        headers: bearer(tokens.admin),
      }),
      'params',
      'sha256',
    );
    // The same routes still answer ordinary input.
    expect(
      (await app.server.json('GET', '/api/units?q=B%E1%BA%BFn', { headers: bearer(tokens.clerk) })).status,
    ).to.equal(200);
  });

  it('a path segment that is not UTF-8 is a 400, not a 500', async () => {
    const r = await app.server.json('GET', '/api/units/%ff', { headers: bearer(tokens.clerk) });
    expect([r.status, r.body.error?.code]).to.deep.equal([400, 'VALIDATION_FAILED']);
  });

  it('upload file name (X-File-Name) with NUL: 400 in headers, an emoji name cut at 255 stays whole', async () => {
    const pdf = Buffer.from('%PDF-1.7\n%%EOF\n');
    const send = (name: string) =>
      app.server.json('POST', '/api/validation/validate', {
        rawBody: pdf,
        headers: { ...bearer(tokens.auditor), 'content-type': 'application/pdf', 'x-file-name': name },
      });
    refused(await send(encodeURIComponent('van-ban') + '%00.pdf'), 'headers', 'x-file-name');
    const long = await send(encodeURIComponent(`${'a'.repeat(254)}😀.pdf`));
    expect(long.status, JSON.stringify(long.body)).to.be.within(200, 299);
  });

  it('the detector: NUL and unpaired surrogates anywhere, keys included; pairs and Vietnamese text pass', () => {
    expect(hasUnsafeCharacters('Ủy ban nhân dân 😀')).to.equal(false);
    expect(hasUnsafeCharacters('a\u0000')).to.equal(true);
    expect(hasUnsafeCharacters('\ud83d')).to.equal(true);
    expect(hasUnsafeCharacters('x\ude00')).to.equal(true);
    expect(findUnsafeString({ a: [{ b: 'ok' }, { c: 'x\u0000' }] })).to.equal('a.1.c');
    expect(findUnsafeString({ 'k\u0000': 1 })).to.equal('k\ufffd');
    expect(findUnsafeString({ a: ['ok', 1, null, true] })).to.equal(undefined);
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findUnsafeString(deep)).to.be.a('string');
  });
});
