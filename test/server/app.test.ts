import { expect } from 'chai';
import { useTestDatabase } from '../support/postgres';
import { ensureWebBuild } from './support/web-browser';
import { PASSWORD, seedWorld, startApp, type RunningApp, type World } from './support/world';

/** createApp end to end on a real database: sessions, CSRF, bearer tokens, bad input, directory. */
describe('server/app', () => {
  const t = useTestDatabase();
  let app: RunningApp;
  let world: World;

  before(async () => {
    world = await seedWorld(t.db);
    app = await startApp(t.db, {
      loginRateLimits: {
        perIp: { capacity: 1000, refillPerMinute: 1000 },
        perUsername: { capacity: 8, refillPerMinute: 1 },
      },
    });
  });
  after(async () => app?.close());

  async function loginAs(username: string, password = PASSWORD) {
    const r = await app.server.json('POST', '/api/auth/login', { json: { username, password } });
    const setCookie = r.headers.get('set-cookie') ?? '';
    const cookie = /vanban_session=[^;]*/.exec(setCookie)?.[0] ?? '';
    return { ...r, setCookie, cookie, csrf: r.body?.csrfToken as string };
  }

  const count = async (table: string) =>
    Number((await t.db.query(`SELECT count(*) AS n FROM ${table}`))[0].n);

  describe('sessions', () => {
    it('logs in with a password: HttpOnly SameSite=Strict cookie, CSRF token, and GET /api/me works', async () => {
      const s = await loginAs('bl.clerk');
      expect(s.status).to.equal(200);
      expect(s.setCookie).to.match(/HttpOnly/i);
      expect(s.setCookie).to.match(/SameSite=Strict/i);
      expect(s.setCookie).to.match(/Path=\//);
      expect(s.setCookie).not.to.match(/Secure/i);
      expect(s.csrf).to.match(/^[A-Za-z0-9_-]{43}$/);
      const me = await app.server.json('GET', '/api/me', { headers: { cookie: s.cookie } });
      expect(me.status).to.equal(200);
      expect(me.body.user).to.include({ username: 'bl.clerk', fullName: 'Lê Thị Mỹ Duyên' });
      expect(me.body.user.unit.name).to.equal('Ủy ban nhân dân huyện Bến Lức');
      expect(me.body.authMethod).to.equal('session');
      expect(me.body.csrfToken).to.equal(s.csrf);
      expect(JSON.stringify(me.body)).not.to.match(/passwordHash|scrypt/);
    });

    it('answers a wrong password with 401 LOGIN_FAILED, the same as an unknown user', async () => {
      const wrong = await loginAs('bl.leader', 'not the password');
      const unknown = await loginAs('nobody.here', 'not the password');
      expect(wrong.status).to.equal(401);
      expect(unknown.status).to.equal(401);
      expect(wrong.body.error.code).to.equal('LOGIN_FAILED');
      expect(unknown.body.error.message).to.equal(wrong.body.error.message);
      expect(wrong.setCookie).to.equal('');
    });

    it('locks the account after five failures (423 LOGIN_LOCKED) and throttles the username (429)', async () => {
      const codes: number[] = [];
      for (let i = 0; i < 9; i++) codes.push((await loginAs('bl.archivist', `wrong ${i}`)).status);
      expect(codes.slice(0, 5)).to.deep.equal([401, 401, 401, 401, 401]);
      expect(codes.slice(5, 8)).to.deep.equal([423, 423, 423]); // locked: even the right password would not do
      expect(codes[8]).to.equal(429); // the per-username bucket (8) is empty
      const limited = await loginAs('bl.archivist', PASSWORD);
      expect(limited.status).to.equal(429);
      expect(limited.body.error.code).to.equal('RATE_LIMITED');
      expect(Number(limited.headers.get('retry-after'))).to.be.greaterThan(0);
    });

    it('expires a session after 24 hours with 401 SESSION_EXPIRED', async () => {
      const s = await loginAs('bl.leader');
      expect(s.status).to.equal(200);
      app.clock.advance(25 * 3600_000);
      try {
        const r = await app.server.json('GET', '/api/me', { headers: { cookie: s.cookie } });
        expect(r.status).to.equal(401);
        expect(r.body.error.code).to.equal('SESSION_EXPIRED');
      } finally {
        app.clock.advance(-25 * 3600_000);
      }
    });

    it('ends the session on logout and clears the cookie', async () => {
      const s = await loginAs('bl.specialist');
      const out = await app.server.json('POST', '/api/auth/logout', {
        headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
      });
      expect(out.status).to.equal(204);
      expect(out.headers.get('set-cookie')).to.match(/vanban_session=;/);
      const after = await app.server.json('GET', '/api/me', { headers: { cookie: s.cookie } });
      expect(after.status).to.equal(401);
    });

    it('refuses a cookie logout without its CSRF token (issue 10 item 11): 403 CSRF_REJECTED, the session lives on', async () => {
      const s = await loginAs('bl.leader');
      const attempts: Record<string, string>[] = [
        { cookie: s.cookie },
        { cookie: s.cookie, 'x-csrf-token': 'forged' },
      ];
      for (const headers of attempts) {
        const out = await app.server.json('POST', '/api/auth/logout', { headers });
        expect([out.status, out.body.error?.code]).to.deep.equal([403, 'CSRF_REJECTED']);
        expect(out.headers.get('set-cookie')).to.equal(null);
      }
      const me = await app.server.json('GET', '/api/me', { headers: { cookie: s.cookie } });
      expect(me.status).to.equal(200);
      // Without any cookie there is nothing to forge: still 204.
      expect((await app.server.json('POST', '/api/auth/logout', {})).status).to.equal(204);
    });

    it('answers every API request with Cache-Control: no-store (issue 10 item 14), errors included', async () => {
      const s = await loginAs('bl.clerk');
      const answers = [
        await app.server.json('GET', '/api/me', { headers: { cookie: s.cookie } }),
        await app.server.json('GET', '/api/units', { headers: { cookie: s.cookie } }),
        await app.server.json('GET', '/api/me', {}),
        await app.server.json('GET', '/api/no-such-route', {}),
        s,
      ];
      for (const r of answers) expect(r.headers.get('cache-control'), String(r.status)).to.equal('no-store');
    });
  });

  describe('CSRF and bearer tokens', () => {
    it('refuses a cookie-authenticated POST without X-CSRF-Token and writes nothing', async () => {
      const s = await loginAs('bl.auditor');
      const before = await count('sessions');
      const attempts: Record<string, string>[] = [
        { cookie: s.cookie },
        { cookie: s.cookie, 'x-csrf-token': 'forged' },
      ];
      for (const headers of attempts) {
        const r = await app.server.json('POST', '/api/tokens', {
          json: { name: 'Trục liên thông' },
          headers,
        });
        expect(r.status).to.equal(403);
        expect(r.body.error.code).to.equal('CSRF_REJECTED');
      }
      expect(await count('sessions')).to.equal(before);
    });

    it('creates an API token with the CSRF token, uses it as a bearer without CSRF, and revokes it', async () => {
      const s = await loginAs('bl.admin');
      const created = await app.server.json('POST', '/api/tokens', {
        json: { name: 'Hệ thống một cửa' },
        headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
      });
      expect(created.status).to.equal(201);
      const bearer = { authorization: `Bearer ${created.body.token}` };
      const me = await app.server.json('GET', '/api/me', { headers: bearer });
      expect(me.status).to.equal(200);
      expect(me.body.authMethod).to.equal('bearer');
      expect(me.body).not.to.have.property('csrfToken');

      const listed = await app.server.json('GET', '/api/tokens', { headers: bearer });
      expect(listed.body.items.map((i: any) => i.name)).to.include('Hệ thống một cửa');
      expect(JSON.stringify(listed.body)).not.to.contain(created.body.token);

      const revoked = await app.server.json('DELETE', `/api/tokens/${created.body.id}`, { headers: bearer });
      expect(revoked.status).to.equal(204);
      const after = await app.server.json('GET', '/api/me', { headers: bearer });
      expect(after.status).to.equal(401);
      expect(after.body.error.code).to.equal('TOKEN_INVALID');
    });

    it('does not accept a web session secret as a bearer token', async () => {
      const s = await loginAs('bl.clerk');
      const secret = s.cookie.split('=')[1]!;
      const r = await app.server.json('GET', '/api/me', { headers: { authorization: `Bearer ${secret}` } });
      expect(r.status).to.equal(401);
    });
  });

  describe('bad input on real routes', () => {
    let admin: { cookie: string; csrf: string };
    before(async () => {
      admin = await loginAs('bl.admin');
    });
    const post = (path: string, json: unknown) =>
      app.server.json('POST', path, { json, headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf } });

    it('refuses a malformed unit code with 400 UNIT_CODE_INVALID and creates nothing', async () => {
      const before = await count('units');
      const r = await post('/api/units', {
        code: '12.34',
        name: 'Xã Thử',
        level: 'commune',
        parentId: world.own,
      });
      expect(r.status).to.equal(400);
      expect(r.body.error.code).to.equal('UNIT_CODE_INVALID');
      expect(r.body.error.messageVi).to.be.a('string').and.not.equal(r.body.error.message);
      expect(await count('units')).to.equal(before);
    });

    it('creates a unit once and refuses the same code again with 409 UNIT_CODE_DUPLICATE', async () => {
      const body = {
        code: '000.02.07.H41',
        name: 'Ủy ban nhân dân xã Lương Hòa',
        level: 'commune',
        parentId: world.own,
      };
      const first = await post('/api/units', body);
      expect(first.status).to.equal(201);
      expect(first.body).to.include({ code: '000.02.07.H41', parentId: world.own, level: 'commune' });
      const before = await count('units');
      const again = await post('/api/units', { ...body, name: 'Tên khác' });
      expect(again.status).to.equal(409);
      expect(again.body.error.code).to.equal('UNIT_CODE_DUPLICATE');
      expect(await count('units')).to.equal(before);
    });

    it('refuses unknown and wrongly typed fields before any domain call', async () => {
      const r = await post('/api/units', {
        code: '000.02.08.H41',
        name: 42,
        level: 'town',
        parentId: world.own,
        x: 1,
      });
      expect(r.status).to.equal(400);
      expect(r.body.error.code).to.equal('VALIDATION_FAILED');
      const paths = r.body.error.details.issues.map((i: any) => i.path).sort();
      expect(paths).to.deep.equal(['level', 'name', 'x']);
    });

    it('answers an unknown unit id with 404 UNIT_NOT_FOUND', async () => {
      const r = await app.server.json('GET', '/api/units/6f1c1a53-5d5e-4a59-9b1e-0c0d3f1f2a11', {
        headers: { cookie: admin.cookie },
      });
      expect(r.status).to.equal(404);
      expect(r.body.error.code).to.equal('UNIT_NOT_FOUND');
    });
  });

  describe('directory search', () => {
    it('finds units with diacritics from a query without them, and filters by level and parent', async () => {
      const s = await loginAs('bl.specialist');
      const get = (q: string) => app.server.json('GET', `/api/units${q}`, { headers: { cookie: s.cookie } });
      const r = await get('?q=ben%20luc');
      expect(r.status).to.equal(200);
      expect(r.body.items.map((u: any) => u.name)).to.deep.equal(['Ủy ban nhân dân huyện Bến Lức']);
      const communes = await get(`?level=commune&parent=${world.own}`);
      expect(
        communes.body.items.every((u: any) => u.level === 'commune' && u.parentId === world.own),
      ).to.equal(true);
      expect(communes.body.items.map((u: any) => u.name)).to.include('Ủy ban nhân dân xã Thạnh Lợi');
      const page1 = await get('?limit=2');
      expect(page1.body.items).to.have.length(2);
      const page2 = await get(`?limit=2&cursor=${page1.body.nextCursor}`);
      expect(page2.body.items[0].code > page1.body.items[1].code).to.equal(true);
      const bad = await get('?level=galaxy');
      expect(bad.status).to.equal(400);
    });
  });

  describe('audit trail', () => {
    it('lists the unit’s events newest first and names the first broken link after tampering', async () => {
      const s = await loginAs('bl.admin');
      const headers = { cookie: s.cookie, 'x-csrf-token': s.csrf };
      const events = await app.server.json('GET', '/api/audit/events?limit=5', { headers });
      expect(events.status).to.equal(200);
      expect(events.body.items.length).to.be.greaterThan(0);
      expect(events.body.items[0].seq).to.be.greaterThan(events.body.items.at(-1).seq);
      expect(events.body.items.map((e: any) => e.type)).to.include('USER_LOGGED_IN');

      const intact = await app.server.json('POST', '/api/admin/audit/verify', { headers });
      expect(intact.status).to.equal(200);
      expect(intact.body.ok).to.equal(true);

      await t.db.transaction(async (m) => {
        await m.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only');
        await m.query(`UPDATE audit_events SET ip = '203.0.113.9' WHERE seq = 3`);
        await m.query('ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only');
      });
      const broken = await app.server.json('POST', '/api/admin/audit/verify', { headers });
      expect(broken.status).to.equal(200);
      expect(broken.body).to.include({ ok: false, firstBrokenSeq: 3, reason: 'HASH_MISMATCH' });
    });
  });

  describe('system routes', () => {
    it('answers /healthz 200 when the database and object store are up', async () => {
      const r = await app.server.json('GET', '/healthz');
      expect(r.status).to.equal(200);
      expect(r.body).to.deep.equal({ status: 'ok', database: { ok: true }, objectStore: { ok: true } });
    });

    it('publishes an OpenAPI 3.1 document listing every route with its schemas', async () => {
      const r = await app.server.json('GET', '/api/openapi.json');
      expect(r.status).to.equal(200);
      const doc = r.body;
      expect(doc.openapi).to.equal('3.1.0');
      expect(doc.info.title).to.be.a('string');
      const expected = [
        'post /api/auth/login',
        'post /api/auth/logout',
        'get /api/me',
        'get /api/tokens',
        'post /api/tokens',
        'delete /api/tokens/{id}',
        'get /api/units',
        'get /api/units/{id}',
        'post /api/units',
        'post /api/units/{id}/rename',
        'post /api/units/{id}/dissolve',
        'post /api/units/merge',
        'get /api/users',
        'post /api/users',
        'get /api/users/{id}',
        'post /api/admin/audit/verify',
        'get /api/audit/events',
        'get /healthz',
        'get /metrics',
        'get /api/openapi.json',
      ];
      const listed = Object.entries(doc.paths).flatMap(([p, ops]: [string, any]) =>
        Object.keys(ops).map((m) => `${m} ${p}`),
      );
      expect(listed).to.include.members(expected);
      const operationIds = new Set<string>();
      for (const [p, ops] of Object.entries(doc.paths) as [string, any][]) {
        const templated = [...p.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
        for (const [method, op] of Object.entries(ops) as [string, any][]) {
          expect(['get', 'post', 'put', 'patch', 'delete']).to.include(method);
          expect(op.operationId, `${method} ${p}`).to.be.a('string');
          expect(operationIds.has(op.operationId), op.operationId).to.equal(false);
          operationIds.add(op.operationId);
          expect(Object.keys(op.responses).length).to.be.greaterThan(0);
          const pathParams = (op.parameters ?? [])
            .filter((x: any) => x.in === 'path')
            .map((x: any) => x.name);
          expect(pathParams.sort(), `${method} ${p}`).to.deep.equal(templated.sort());
          for (const ref of JSON.stringify(op).match(/"\$ref":"[^"]+"/g) ?? []) {
            const name = ref.split('/').pop()!.replace('"', '');
            expect(doc.components.schemas, ref).to.have.property(name);
          }
        }
      }
      const login = doc.paths['/api/auth/login'].post;
      expect(login.security).to.deep.equal([]);
      expect(login.requestBody.content['application/json'].schema.required).to.have.members([
        'username',
        'password',
      ]);
      expect(login.requestBody.content['application/json'].schema.additionalProperties).to.equal(false);
      expect(doc.paths['/api/units'].post['x-roles']).to.deep.equal(['admin']);
      expect(doc.components.securitySchemes.sessionCookie).to.include({ type: 'apiKey', in: 'cookie' });
      // Declared error codes appear under the status the error table gives them, every one of them.
      const send = doc.paths['/api/outgoing/{id}/send'].post.responses;
      expect(send['422'].description).to.contain('RECIPIENT_UNKNOWN').and.to.contain('RECIPIENT_DISSOLVED');
      expect(send['404'].description).to.contain('DOCUMENT_NOT_FOUND');
      expect(send['503'].description).to.contain('OBJECT_STORE_UNAVAILABLE');
    });

    it('serves the Swagger UI from this server, not a CDN', async () => {
      const page = await app.server.fetch('/api/docs');
      expect(page.status).to.equal(200);
      const html = await page.text();
      expect(html).to.contain('/api/docs/assets/swagger-ui-bundle.js');
      expect(html).not.to.match(/https?:\/\//);
      expect(page.headers.get('content-security-policy')).to.contain("style-src 'self' 'unsafe-inline'");
      const bundle = await app.server.fetch('/api/docs/assets/swagger-ui-bundle.js');
      expect(bundle.status).to.equal(200);
      expect((await bundle.text()).length).to.be.greaterThan(100_000);
      expect((await app.server.fetch('/api/docs/init.js')).status).to.equal(200);
      expect((await app.server.fetch('/api/docs/assets/index.html')).status).to.equal(404);
    });

    it('serves the web app at / under the strict CSP, its hashed files cached, index.html never', async function () {
      this.timeout(120_000);
      ensureWebBuild(); // dist/web, when missing or older than web/
      const r = await app.server.fetch('/');
      expect(r.status).to.equal(200);
      const html = await r.text();
      expect(html).to.contain('<html lang="vi">');
      expect(r.headers.get('content-security-policy'))
        .to.contain("script-src 'self'")
        .and.contain("frame-ancestors 'none'")
        .and.not.contain('unsafe-inline');
      expect(r.headers.get('x-frame-options')).to.equal('DENY');
      expect(r.headers.get('cache-control')).to.equal('no-cache');
      expect(html).not.to.match(/<script(?![^>]*\bsrc=)/); // no inline script
      const script = /<script type="module" crossorigin src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
      expect(script, html).to.be.a('string');
      const js = await app.server.fetch(script!);
      expect(js.status).to.equal(200);
      expect(js.headers.get('content-type')).to.match(/javascript/);
      expect(js.headers.get('cache-control')).to.equal('public, max-age=31536000, immutable');
      expect(js.headers.get('content-security-policy')).not.to.contain('unsafe-inline');
      const icon = await app.server.fetch('/favicon.svg');
      expect([icon.status, icon.headers.get('content-type')]).to.deep.equal([200, 'image/svg+xml']);
      // The old app's files are gone.
      for (const gone of ['/js/main.mjs', '/app.css', '/validation.css'])
        expect((await app.server.fetch(gone)).status, gone).to.equal(404);
    });

    it('sends the addresses of the port (/next/…) to / and never off this origin', async () => {
      for (const [from, to] of [
        ['/next/', '/'],
        ['/next', '/'],
        ['/next/?lang=en', '/?lang=en'],
        ['/next/favicon.svg', '/favicon.svg'],
        ['/next//evil.example/x', '/evil.example/x'],
        ['/next/%5Cevil.example', '/%5Cevil.example'],
      ]) {
        const r = await app.server.fetch(from!);
        expect([r.status, r.headers.get('location')], from).to.deep.equal([301, to]);
      }
      expect((await app.server.fetch('/nextcloud')).headers.get('location')).to.equal(null);
    });

    it('never writes passwords, session secrets or CSRF tokens to the log', async () => {
      const s = await loginAs('bl.clerk');
      await app.server.json('GET', '/api/me', { headers: { cookie: s.cookie } });
      const log = app.logLines.join('');
      expect(log).not.to.contain(PASSWORD);
      expect(log).not.to.contain(s.cookie.split('=')[1]);
      expect(log).not.to.contain(s.csrf);
      expect(log).to.contain('"route":"/api/me"');
    });
  });
});
