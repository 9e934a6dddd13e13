import net from 'node:net';
import { expect } from 'chai';
import type { DataSource } from 'typeorm';
import { isDatabaseUnavailable } from '../../server/http/unavailable-cause';
import { createDataSource } from '../../storage/db/data-source';
import { useTestDatabase } from '../support/postgres';
import { PASSWORD, seedWorld, startApp, type RunningApp } from './support/world';

/**
 * Issue 10 item 6: a database that falls silent (frozen, or a firewall that drops the connection's
 * state without closing it) must not hold requests for as long as it stays silent. The app reaches
 * PostgreSQL through a loopback relay that can stop forwarding without closing anything, with the
 * timeouts the server uses (short here); requests then answer 503 DATABASE_UNAVAILABLE, and answer
 * normally again once the database speaks.
 */
describe('server: a silent database', function () {
  this.timeout(60_000);
  const t = useTestDatabase();
  const timeouts = { connectMs: 1000, statementMs: 1000, idleInTransactionMs: 1000 };
  let relay: net.Server;
  let silent = false;
  const pairs: [net.Socket, net.Socket][] = [];
  let viaRelay: DataSource;
  let app: RunningApp;
  let bearer: Record<string, string>;

  before(async () => {
    await seedWorld(t.db);
    const upstream = new URL(t.url);
    relay = net.createServer((downstream) => {
      downstream.on('error', () => undefined);
      if (silent) {
        pairs.push([downstream, downstream]); // accepted, never forwarded: a connect that gets no answer
        return;
      }
      const up = net.connect(Number(upstream.port), upstream.hostname);
      up.on('error', () => undefined);
      pairs.push([downstream, up]);
      downstream.pipe(up);
      up.pipe(downstream);
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    const url = new URL(t.url);
    url.hostname = '127.0.0.1';
    url.port = String((relay.address() as net.AddressInfo).port);
    viaRelay = createDataSource(url.toString(), { poolSize: 3, timeouts });
    await viaRelay.initialize();
    app = await startApp(viaRelay);
    const login = await app.server.json('POST', '/api/auth/login', {
      json: { username: 'bl.admin', password: PASSWORD },
    });
    expect(login.status).to.equal(200);
    const cookie = /vanban_session=[^;]*/.exec(login.headers.get('set-cookie') ?? '')![0];
    const token = await app.server.json('POST', '/api/tokens', {
      json: { name: 'giám sát' },
      headers: { cookie, 'x-csrf-token': login.body.csrfToken },
    });
    bearer = { authorization: `Bearer ${token.body.token}` };
  });

  after(async () => {
    await app?.close();
    for (const [a, b] of pairs) {
      a.destroy();
      b.destroy();
    }
    if (viaRelay?.isInitialized) await viaRelay.destroy().catch(() => undefined);
    await new Promise((r) => relay.close(r));
  });

  const silence = () => {
    silent = true;
    for (const [down, up] of pairs) {
      down.unpipe(up);
      up.unpipe(down);
      down.pause();
      up.pause();
    }
  };
  const speak = () => {
    silent = false;
    // What was silenced is gone for good (as after a firewall's drop); new connections go through.
    for (const [a, b] of pairs.splice(0)) {
      a.destroy();
      b.destroy();
    }
  };

  it('answers 503 DATABASE_UNAVAILABLE on database routes while PostgreSQL is silent, then 200 again', async () => {
    expect((await app.server.json('GET', '/api/units', { headers: bearer })).status).to.equal(200);
    silence();
    try {
      // Several at once: more than the pool holds, so some wait for a connection and some open one.
      const answers = await Promise.all(
        ['/api/units', '/api/me', '/api/units', '/api/me', '/api/units'].map((url) =>
          app.server.json('GET', url, { headers: bearer }),
        ),
      );
      for (const r of answers) {
        expect(r.status, JSON.stringify(r.body)).to.equal(503);
        expect(r.body.error.code).to.equal('DATABASE_UNAVAILABLE');
        expect(r.body.error.messageVi).to.match(/Cơ sở dữ liệu/);
      }
      expect((await app.server.json('GET', '/healthz')).status).to.equal(503);
    } finally {
      speak();
    }
    let status = 0;
    for (let i = 0; i < 20 && status !== 200; i++) {
      status = (await app.server.json('GET', '/api/units', { headers: bearer })).status;
    }
    expect(status, 'answers again once the database speaks').to.equal(200);
  });

  it('a statement running past the statement timeout is cancelled by PostgreSQL and counts as unavailable', async () => {
    let error: unknown;
    await viaRelay.query('SELECT pg_sleep(5)').catch((e: unknown) => (error = e));
    expect((error as { driverError?: { code?: string } }).driverError?.code).to.equal('57014');
    expect(isDatabaseUnavailable(error)).to.equal(true);
  });

  it('a transaction left idle past the idle-in-transaction timeout is ended by PostgreSQL', async () => {
    const runner = viaRelay.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      const [{ pid }] = (await runner.query('SELECT pg_backend_pid() AS pid')) as { pid: number }[];
      // Wait (from another connection) until the server has ended that session.
      let gone = false;
      for (let i = 0; i < 100 && !gone; i++) {
        await new Promise((r) => setTimeout(r, 100));
        const rows = (await t.db.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid])) as unknown[];
        gone = rows.length === 0;
      }
      expect(gone, 'session ended by idle_in_transaction_session_timeout').to.equal(true);
      let error: unknown;
      await runner.query('SELECT 1').catch((e: unknown) => (error = e));
      expect(isDatabaseUnavailable(error), String(error)).to.equal(true);
    } finally {
      await runner.release();
    }
  });
});
