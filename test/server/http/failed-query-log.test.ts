import { expect } from 'chai';
import { Writable } from 'node:stream';
import { z } from 'zod';
import { createLogger } from '../../../server/http/logger';
import { httpApp } from '../../../server/http/http-app';
import { CodedError } from '../../../signing/errors';
import { useTestDatabase } from '../../support/postgres';
import { TestServer } from '../support/http-client';

/**
 * Issue 10 item 7: a failed query's log line held its parameters (a password hash, a token hash).
 * Against a real PostgreSQL: the line names the statement and the SQLSTATE, never the values.
 */
describe('failed queries in the log (issue 10 item 7)', function () {
  this.timeout(60_000);
  const t = useTestDatabase();
  let server: TestServer;
  const lines: string[] = [];
  const TOKEN_HASH = 'a3f1c2e4b5d6978812ab34cd56ef7890a3f1c2e4b5d6978812ab34cd56ef7890';
  const PASSWORD_HASH =
    'scrypt$131072$8$1$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U';

  before(async () => {
    const userRows: { id: string }[] = await t.db.query(
      `INSERT INTO units (code, name, level, valid_from, search_text) VALUES ('000.00.00.H98', 'Tỉnh', 'province', '2020-01-01', 'tinh') RETURNING id`,
    );
    const unitId = userRows[0]!.id;
    const [{ id: userId }]: { id: string }[] = await t.db.query(
      `INSERT INTO users (username, full_name, unit_id, roles, password_hash) VALUES ('log.user', 'Người dùng', $1, ARRAY['clerk'], $2) RETURNING id`,
      [unitId, PASSWORD_HASH],
    );
    await t.db.query(
      `INSERT INTO sessions (user_id, token_hash, kind, created_at, expires_at, last_seen_at) VALUES ($1, $2, 'web', now(), now() + interval '1 day', now())`,
      [userId, TOKEN_HASH],
    );
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(...chunk.toString().split('\n').filter(Boolean));
        cb();
      },
    });
    const app = httpApp(
      {
        db: t.db,
        clock: { now: () => new Date() },
        logger: createLogger({ level: 'info', destination: sink }),
        bodyLimitBytes: 1024,
        trustProxy: false,
        https: false,
        authenticate: async () => undefined,
      },
      ({ table }) => {
        table.route({
          method: 'post',
          path: '/api/test/duplicate-session',
          summary: 'a unique violation on a token hash',
          auth: 'public',
          body: z.strictObject({}),
          handler: async () =>
            t.db.query(
              `INSERT INTO sessions (user_id, token_hash, kind, created_at, expires_at, last_seen_at) VALUES ($1, $2, 'web', now(), now(), now())`,
              [userId, TOKEN_HASH],
            ),
        });
        table.route({
          method: 'post',
          path: '/api/test/bad-cast',
          summary: 'a data exception whose message quotes the value',
          auth: 'public',
          body: z.strictObject({}),
          handler: async () => {
            try {
              return await t.db.query(`SELECT id FROM users WHERE password_hash = $1 AND id = $2::uuid`, [
                PASSWORD_HASH,
                `not-a-uuid-${TOKEN_HASH}`,
              ]);
            } catch (e) {
              // Wrapped, as domain code does: the cause chain is serialized the same way.
              throw new CodedError('LOOKUP_BROKEN', { vi: 'Lỗi', en: 'Broken' }, { cause: e });
            }
          },
        });
      },
    );
    server = await TestServer.start(app);
  });
  after(async () => server?.close());

  for (const [path, sqlstate, statement] of [
    ['/api/test/duplicate-session', '23505', 'INSERT INTO sessions'],
    ['/api/test/bad-cast', '22P02', 'SELECT id FROM users WHERE password_hash = $1'],
  ] as const) {
    it(`${path}: 500 for the client; the log line has SQLSTATE ${sqlstate} and the statement, not the token or password hash`, async () => {
      lines.length = 0;
      const r = await server.json('POST', path, { json: {} });
      expect(r.status).to.equal(500);
      const errorLines = lines.filter((l) => JSON.parse(l).msg === 'request error');
      expect(errorLines).to.have.length(1);
      const line = errorLines[0]!;
      expect(line).to.include(sqlstate);
      expect(line).to.include(statement);
      expect(line).to.not.include(TOKEN_HASH);
      expect(line).to.not.include(PASSWORD_HASH);
      expect(line).to.not.include('c2FsdHNhbHRzYWx0c2FsdA'); // not even the salt alone
      for (const l of lines) expect(l).to.not.include(TOKEN_HASH);
    });
  }
});
