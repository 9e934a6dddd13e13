import { expect } from 'chai';
import { runCli } from '../../../server/cli/main';
import { appendAuditEvent } from '../../../workflows/audit/append-audit-event';
import { useTestDatabase } from '../../support/postgres';

describe('vanban audit verify', () => {
  const t = useTestDatabase();
  const clock = { now: () => new Date('2025-03-01T08:00:00+07:00') };
  let saved: string | undefined;

  before(async () => {
    saved = process.env.DATABASE_URL;
    process.env.DATABASE_URL = t.url;
    for (let i = 0; i < 5; i++) {
      await t.db.transaction((m) =>
        appendAuditEvent(m, { clock }, { type: 'API_TOKEN_REVOKED', payload: { tokenId: `t${i}` } }),
      );
    }
  });
  after(() => {
    if (saved === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved;
  });

  const run = async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['node', 'vanban', 'audit', 'verify'], {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  it('reports an intact chain with its length and exits 0', async () => {
    const r = await run();
    expect(r.code).to.equal(0);
    expect(r.out).to.match(/audit trail intact: 5 sự kiện/);
  });

  it('names the first altered row and exits 1 when a row was edited behind the trigger', async () => {
    await t.db.transaction(async (m) => {
      await m.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only');
      await m.query(`UPDATE audit_events SET payload = '{"tokenId":"giả"}' WHERE seq = 3`);
      await m.query('ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only');
    });
    const r = await run();
    expect(r.code).to.equal(1);
    expect(r.err).to.include('AUDIT_CHAIN_BROKEN');
    expect(r.err).to.include('Audit trail broken at row 3: the row was altered');
    expect(r.err).to.include('bản ghi số 3');
  });
});
