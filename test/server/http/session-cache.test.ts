import net from 'node:net';
import { expect } from 'chai';
import pino from 'pino';
import { AuthNotify1764500000000 } from '../../../storage/db/migrations/1764500000000-auth-notify';
import {
  SessionCache,
  startSessionCache,
  type RunningSessionCache,
} from '../../../server/http/session-cache';
import { authenticateSession, type SessionRow } from '../../../workflows/accounts/authenticate';
import { createApiToken } from '../../../workflows/accounts/create-api-token';
import { login } from '../../../workflows/accounts/login';
import { logout } from '../../../workflows/accounts/logout';
import { sessionTokenHash } from '../../../workflows/accounts/session-token';
import { createTestDatabase, useTestDatabase } from '../../support/postgres';
import { ctxOf, FixedClock } from '../../workflows/fixtures';
import { PASSWORD, seedWorld, startApp, type World } from '../support/world';

const row = (id: string): SessionRow => ({
  id,
  kind: 'api',
  expires_at: new Date('2030-01-01T00:00:00Z'),
  last_seen_at: new Date('2026-01-01T00:00:00Z'),
  revoked_at: null,
  user_id: id,
  username: `u${id}`,
  unit_id: id,
  roles: ['clerk'],
  active: true,
});

describe('server/http SessionCache', () => {
  it('answers nothing until it is live, and starts empty whenever liveness changes', () => {
    const c = new SessionCache();
    c.set('a', row('1'), c.generation);
    expect(c.get('a')).to.equal(undefined);
    c.setLive(true);
    c.set('a', row('1'), c.generation);
    expect(c.get('a')?.id).to.equal('1');
    c.setLive(false);
    expect(c.get('a')).to.equal(undefined);
    c.setLive(true);
    expect(c.get('a')).to.equal(undefined);
  });

  it('keeps a row for its time to live only, and the newest rows when full', () => {
    let now = 0;
    const c = new SessionCache({ ttlMs: 1000, maxEntries: 2, now: () => now });
    c.setLive(true);
    c.set('a', row('1'), c.generation);
    now = 999;
    expect(c.get('a')?.id).to.equal('1');
    now = 1000;
    expect(c.get('a')).to.equal(undefined);
    c.set('a', row('1'), c.generation);
    c.set('b', row('2'), c.generation);
    c.set('c', row('3'), c.generation);
    expect([c.get('a'), c.get('b')?.id, c.get('c')?.id]).to.deep.equal([undefined, '2', '3']);
    expect(c.size).to.equal(2);
  });

  it('does not keep a row read before an invalidation that came while it was read', () => {
    const c = new SessionCache();
    c.setLive(true);
    const before = c.generation;
    c.invalidate(); // a revocation committed while the row was on its way
    c.set('a', row('1'), before);
    expect(c.get('a')).to.equal(undefined);
  });
});

describe('server/http session cache over PostgreSQL notifications', () => {
  const t = useTestDatabase();
  let world: World;
  let running: RunningSessionCache;
  const clock = new FixedClock(new Date('2025-07-01T09:00:00+07:00'));
  const logger = pino({ level: 'silent' });

  before(async () => {
    world = await seedWorld(t.db);
  });
  beforeEach(async () => {
    running = await startSessionCache(t.url, logger);
    expect(running.cache.live).to.equal(true);
  });
  afterEach(() => running.close());

  const signIn = async () => (await login(t.db, clock, { username: 'bl.clerk', password: PASSWORD })).token;
  /** Waits (at most 5 s) until the cache has been emptied by a notification after `generation`. */
  const invalidatedSince = async (generation: number) => {
    for (let i = 0; i < 250 && running.cache.generation === generation; i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(running.cache.generation, 'notified').to.be.greaterThan(generation);
  };
  /** Changes rows without firing triggers: what the cache cannot hear, to show what it keeps. */
  const silently = (sql: string, params: unknown[]) =>
    t.db.transaction(async (m) => {
      await m.query(`SET LOCAL session_replication_role = replica`);
      await m.query(sql, params);
    });

  it('uses a checked session again, and hears a change of roles made anywhere (even by raw SQL)', async () => {
    const token = await signIn();
    const first = await authenticateSession(t.db, clock, token, running.cache);
    expect(first!.actor.roles).to.deep.equal(['clerk']);
    expect(running.cache.get(sessionTokenHash(token))?.id).to.equal(first!.sessionId);
    // A change it does not hear: the cached row answers (no database read).
    await silently(`UPDATE users SET roles = ARRAY['clerk', 'archivist'] WHERE id = $1`, [
      world.users.clerk.id,
    ]);
    expect((await authenticateSession(t.db, clock, token, running.cache))!.actor.roles).to.deep.equal([
      'clerk',
    ]);
    // A change it hears: the next answer is read from the database.
    const generation = running.cache.generation;
    await t.db.query(`UPDATE users SET roles = ARRAY['clerk', 'leader'] WHERE id = $1`, [
      world.users.clerk.id,
    ]);
    await invalidatedSince(generation);
    expect((await authenticateSession(t.db, clock, token, running.cache))!.actor.roles).to.deep.equal([
      'clerk',
      'leader',
    ]);
    await t.db.query(`UPDATE users SET roles = ARRAY['clerk'] WHERE id = $1`, [world.users.clerk.id]);
  });

  it('stops answering a session at logout, and never keeps unknown tokens', async () => {
    const token = await signIn();
    expect(await authenticateSession(t.db, clock, token, running.cache)).to.not.equal(null);
    const generation = running.cache.generation;
    expect(await logout(t.db, clock, token)).to.equal(true);
    await invalidatedSince(generation);
    expect(await authenticateSession(t.db, clock, token, running.cache)).to.equal(null);
    const size = running.cache.size;
    expect(await authenticateSession(t.db, clock, 'A'.repeat(43), running.cache)).to.equal(null);
    expect(running.cache.size).to.equal(size);
  });

  it('checks a cached session that looks expired or revoked against the database before saying so', async () => {
    const token = await signIn();
    const hash = sessionTokenHash(token);
    await authenticateSession(t.db, clock, token, running.cache);
    // The cached row is made to look revoked; the database says the session is fine.
    running.cache.get(hash)!.revoked_at = new Date();
    expect(await authenticateSession(t.db, clock, token, running.cache)).to.not.equal(null);
    running.cache.get(hash)!.expires_at = new Date(0);
    expect(await authenticateSession(t.db, clock, token, running.cache)).to.not.equal(null);
    // Really expired: the database agrees.
    const start = clock.now();
    try {
      clock.advance(25 * 3600_000);
      let code: string | undefined;
      await authenticateSession(t.db, clock, token, running.cache).catch((e: { code: string }) => {
        code = e.code;
      });
      expect(code).to.equal('SESSION_EXPIRED');
    } finally {
      clock.set(start);
    }
  });

  it('turns itself off when its connection is lost, and on again (empty) once it listens again', async () => {
    const token = await signIn();
    await authenticateSession(t.db, clock, token, running.cache);
    await t.db.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'vanban-auth-listener'`,
    );
    for (let i = 0; i < 250 && running.cache.live; i++) await new Promise((r) => setTimeout(r, 20));
    expect(running.cache.live).to.equal(false);
    expect(running.cache.get(sessionTokenHash(token))).to.equal(undefined);
    // Meanwhile every answer comes from the database: a silent revocation is seen at once.
    await silently(`UPDATE sessions SET revoked_at = now() WHERE token_hash = $1`, [sessionTokenHash(token)]);
    expect(await authenticateSession(t.db, clock, token, running.cache)).to.equal(null);
    for (let i = 0; i < 250 && !running.cache.live; i++) await new Promise((r) => setTimeout(r, 20));
    expect(running.cache.live, 'reconnected after about a second').to.equal(true);
    expect(running.cache.size).to.equal(0);
  });

  it('turns itself off when its connection stops answering (a heartbeat unanswered), and on again', async () => {
    // The listener reaches PostgreSQL through a relay that can go silent without closing anything, as a
    // firewall that drops an idle connection's state does.
    const upstream = new URL(t.url);
    const pairs: [net.Socket, net.Socket][] = [];
    const relay = net.createServer((downstream) => {
      const up = net.connect(Number(upstream.port), upstream.hostname);
      pairs.push([downstream, up]);
      downstream.pipe(up).on('error', () => undefined);
      up.pipe(downstream).on('error', () => undefined);
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    const viaRelay = new URL(t.url);
    viaRelay.hostname = '127.0.0.1';
    viaRelay.port = String((relay.address() as net.AddressInfo).port);
    const hb = await startSessionCache(viaRelay.toString(), logger, {
      heartbeatMs: 100,
      heartbeatTimeoutMs: 300,
    });
    try {
      expect(hb.cache.live).to.equal(true);
      for (const [down, up] of pairs) {
        down.unpipe(up);
        up.unpipe(down);
        down.pause();
        up.pause();
      }
      for (let i = 0; i < 100 && hb.cache.live; i++) await new Promise((r) => setTimeout(r, 20));
      expect(hb.cache.live, 'off after the heartbeat timed out').to.equal(false);
      // New connections through the relay work again: it comes back on over one of them.
      for (let i = 0; i < 250 && !hb.cache.live; i++) await new Promise((r) => setTimeout(r, 20));
      expect(hb.cache.live, 'on again over a new connection').to.equal(true);
    } finally {
      await hb.close();
      for (const [down, up] of pairs) {
        down.destroy();
        up.destroy();
      }
      await new Promise((r) => relay.close(r));
    }
  });

  it('is not emptied by another replica starting (its test notification is not a change)', async () => {
    const token = await signIn();
    await authenticateSession(t.db, clock, token, running.cache);
    const generation = running.cache.generation;
    const other = await startSessionCache(t.url, logger);
    try {
      expect(other.cache.live).to.equal(true); // its probe went out to every listener
      await new Promise((r) => setTimeout(r, 200)); // time for this listener to read it too
      expect(running.cache.generation).to.equal(generation);
      expect(running.cache.get(sessionTokenHash(token))).to.not.equal(undefined);
    } finally {
      await other.close();
    }
  });

  it('stays off when its test notification never arrives (LISTEN behind a pooler in transaction mode)', async () => {
    const other = await createTestDatabase();
    try {
      // The probe is sent in another database, so the listener never hears it: deaf, as behind a pooler.
      const deaf = await startSessionCache(t.url, logger, { probeUrl: other.url, probeTimeoutMs: 300 });
      try {
        expect(deaf.cache.live).to.equal(false);
        const token = await signIn();
        await authenticateSession(t.db, clock, token, deaf.cache);
        expect(deaf.cache.size).to.equal(0);
      } finally {
        await deaf.close();
      }
    } finally {
      await other.drop();
    }
  });

  it('is not emptied by the once-a-minute touch of last_seen_at, which every replica writes', async () => {
    const token = await signIn();
    await authenticateSession(t.db, clock, token, running.cache);
    const generation = running.cache.generation;
    await t.db.query(
      `UPDATE sessions SET last_seen_at = last_seen_at + interval '1 minute' WHERE token_hash = $1`,
      [sessionTokenHash(token)],
    );
    // A notification sent by that statement would have arrived in this time (the others took < 50 ms).
    await t.db.query(`UPDATE users SET full_name = full_name WHERE id = $1`, [world.users.clerk.id]);
    await new Promise((r) => setTimeout(r, 300));
    expect(running.cache.generation).to.equal(generation);
    expect(running.cache.get(sessionTokenHash(token))).to.not.equal(undefined);
  });

  it('migration 1764500000000 goes down and up again cleanly (function and both triggers)', async () => {
    const q = t.db.createQueryRunner();
    await q.connect();
    const triggers = async () =>
      (
        await q.query(
          `SELECT tgname FROM pg_trigger WHERE tgname LIKE '%notify_auth' AND NOT tgisinternal ORDER BY tgname`,
        )
      ).map((r: { tgname: string }) => r.tgname);
    try {
      await q.startTransaction();
      const m = new AuthNotify1764500000000();
      await m.down(q);
      expect(await triggers()).to.deep.equal([]);
      expect(await q.query(`SELECT to_regproc('vanban_notify_auth') AS f`)).to.deep.equal([{ f: null }]);
      await m.up(q);
      expect(await triggers()).to.deep.equal(['sessions_notify_auth', 'users_notify_auth']);
    } finally {
      await q.rollbackTransaction();
      await q.release();
    }
  });

  it('over HTTP: reads may use the cached session, anything else checks the database', async () => {
    const app = await startApp(t.db, {}, { sessions: running.cache });
    try {
      const clerk = {
        userId: world.users.clerk.id,
        username: 'bl.clerk',
        unitId: world.own,
        roles: ['clerk' as const],
      };
      const apiToken = (await createApiToken(ctxOf(t.db, clerk, app.clock), { name: 'Kiểm thử' })).token;
      const api = { authorization: `Bearer ${apiToken}` };
      expect((await app.server.json('GET', '/api/me', { headers: api })).status).to.equal(200);
      // Revoked where the cache cannot hear it: a read still passes on the cached row; a write does not.
      await silently(`UPDATE sessions SET revoked_at = now() WHERE token_hash = $1`, [
        sessionTokenHash(apiToken),
      ]);
      expect((await app.server.json('GET', '/api/me', { headers: api })).status).to.equal(200);
      const write = await app.server.json('POST', '/api/tokens', {
        json: { name: 'Không được' },
        headers: api,
      });
      expect([write.status, write.body.error?.code]).to.deep.equal([401, 'TOKEN_INVALID']);
      // What operators see: the cache is live, keeps the row, and answered the second read.
      const metrics = await (await app.server.fetch('/metrics')).text();
      const value = (line: string) =>
        Number(
          metrics
            .split('\n')
            .find((l) => l.startsWith(line))
            ?.slice(line.length),
        );
      expect(value('vanban_session_cache_live ')).to.equal(1);
      expect(value('vanban_session_cache_entries ')).to.be.at.least(1);
      expect(value('vanban_session_cache_lookups_total{result="hit"} ')).to.be.at.least(1);
      expect(value('vanban_session_cache_lookups_total{result="miss"} ')).to.be.at.least(1);
    } finally {
      await app.close();
    }
  });
});
