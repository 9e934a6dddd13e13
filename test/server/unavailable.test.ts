import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { createDataSource, runMigrations } from '../../storage/db/data-source';
import { startEmbeddedPostgres, type RunningPostgres } from '../../storage/embedded/embedded-postgres';
import { PASSWORD, seedWorld, startApp, type RunningApp } from './support/world';

/**
 * A database or object store that goes away: /healthz says which, the routes that need the database
 * answer 503 DATABASE_UNAVAILABLE (not 500), and nothing crashes. This suite runs its own PostgreSQL so
 * that it can stop it.
 */
describe('server/app when the database or object store is down', function () {
  this.timeout(120_000);
  let dir: string;
  let pg: RunningPostgres;
  let db: DataSource;
  let app: RunningApp;
  let bearer: Record<string, string>;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-down-'));
    fs.chmodSync(dir, 0o755); // the embedded server may run as the postgres account
    pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), database: 'vanban' });
    db = createDataSource(pg.url, { poolSize: 3 });
    await db.initialize();
    await runMigrations(db);
    await seedWorld(db);
    app = await startApp(db);
    const login = await app.server.json('POST', '/api/auth/login', {
      json: { username: 'bl.admin', password: PASSWORD },
    });
    const cookie = /vanban_session=[^;]*/.exec(login.headers.get('set-cookie') ?? '')![0];
    const token = await app.server.json('POST', '/api/tokens', {
      json: { name: 'giám sát' },
      headers: { cookie, 'x-csrf-token': login.body.csrfToken },
    });
    bearer = { authorization: `Bearer ${token.body.token}` };
  });

  after(async () => {
    await app?.close();
    if (db?.isInitialized) await db.destroy().catch(() => undefined);
    await pg?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers normally while both are up', async () => {
    expect((await app.server.json('GET', '/healthz')).status).to.equal(200);
    expect((await app.server.json('GET', '/api/units', { headers: bearer })).status).to.equal(200);
  });

  it('names the object store in /healthz when its directory disappears, and recovers', async () => {
    const root = (await app.objects.health()).detail.replace(/^local store at /, '');
    fs.renameSync(root, `${root}.gone`);
    try {
      const r = await app.server.json('GET', '/healthz');
      expect(r.status).to.equal(503);
      expect(r.body.database).to.deep.equal({ ok: true });
      expect(r.body.objectStore.ok).to.equal(false);
      expect(r.body.objectStore.detail).to.match(/ENOENT/);
      // The directory does not need the object store: it keeps working.
      expect((await app.server.json('GET', '/api/units', { headers: bearer })).status).to.equal(200);
    } finally {
      fs.renameSync(`${root}.gone`, root);
    }
    expect((await app.server.json('GET', '/healthz')).status).to.equal(200);
  });

  it('answers 503 naming the database once PostgreSQL is stopped, on /healthz and on every database route', async () => {
    await pg.stop();
    const health = await app.server.json('GET', '/healthz');
    expect(health.status).to.equal(503);
    expect(health.body.status).to.equal('unavailable');
    expect(health.body.database.ok).to.equal(false);
    expect(health.body.objectStore).to.deep.equal({ ok: true });

    for (const [method, url] of [
      ['GET', '/api/units'],
      ['GET', '/api/me'],
      ['POST', '/api/admin/audit/verify'],
    ] as const) {
      const r = await app.server.json(method, url, { headers: bearer });
      expect(r.status, `${method} ${url}: ${JSON.stringify(r.body)}`).to.equal(503);
      expect(r.body.error.code).to.equal('DATABASE_UNAVAILABLE');
      expect(r.body.error.messageVi).to.match(/Cơ sở dữ liệu/);
      expect(r.headers.get('retry-after')).to.equal('5');
    }
    const login = await app.server.json('POST', '/api/auth/login', {
      json: { username: 'bl.admin', password: PASSWORD },
    });
    expect(login.status).to.equal(503);
    // Routes that need neither keep answering.
    expect((await app.server.fetch('/')).status).to.equal(200);
    expect((await app.server.fetch('/api/openapi.json')).status).to.equal(200);
  });
});
