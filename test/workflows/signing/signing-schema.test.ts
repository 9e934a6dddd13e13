import { expect } from 'chai';
import { Signing1764100000000 } from '../../../storage/db/migrations/1764100000000-signing';
import { useTestDatabase } from '../../support/postgres';
import { insertActor, insertUnit } from '../fixtures';

describe('storage/db signing migration', () => {
  const t = useTestDatabase();

  it('goes down and up again cleanly', async () => {
    const q = t.db.createQueryRunner();
    await q.connect();
    try {
      await q.startTransaction();
      const m = new Signing1764100000000();
      await m.down(q);
      expect(await q.query(`SELECT to_regclass('signing_credentials') AS t`)).to.deep.equal([{ t: null }]);
      await m.up(q);
      expect(await q.query(`SELECT to_regclass('signing_sessions')::text AS t`)).to.deep.equal([
        { t: 'signing_sessions' },
      ]);
    } finally {
      await q.rollbackTransaction();
      await q.release();
    }
  });

  it('refuses in the database what the domain refuses: a PKCS#12 credential without its file, two active rows for one certificate, two active dev credentials of one owner', async () => {
    const unitId = await insertUnit(t.db, {
      code: '000.00.00.H93',
      name: 'UBND tỉnh Lược Đồ',
      level: 'province',
    });
    const actor = await insertActor(t.db, unitId, 'schema.ld', ['leader']);
    const insert = (over: Record<string, unknown>) => {
      const row = {
        owner_kind: 'user',
        user_id: actor.userId,
        unit_id: unitId,
        kind: 'external',
        pkcs12: null,
        sha256: 'a'.repeat(64),
        dev: false,
        ...over,
      };
      return t.db.query(
        `INSERT INTO signing_credentials (owner_kind, user_id, unit_id, kind, label, pkcs12, certificate_pem, subject,
           issuer, serial_hex, not_before, not_after, sha256, dev, created_at)
         VALUES ($1, $2, $3, $4, 'x', $5, 'pem', 's', 'i', '01', '2026-01-01', '2027-01-01', $6, $7, now())`,
        [row.owner_kind, row.user_id, row.unit_id, row.kind, row.pkcs12, row.sha256, row.dev],
      );
    };
    const failure = async (p: Promise<unknown>) => {
      try {
        await p;
      } catch (e) {
        return (e as { code?: string }).code;
      }
      return 'none';
    };
    expect(await failure(insert({ kind: 'pkcs12' }))).to.equal('23514'); // check violation
    await insert({});
    expect(await failure(insert({}))).to.equal('23505'); // same certificate, both active
    await insert({ kind: 'pkcs12', pkcs12: Buffer.from([1]), sha256: 'b'.repeat(64), dev: true });
    expect(
      await failure(insert({ kind: 'pkcs12', pkcs12: Buffer.from([2]), sha256: 'c'.repeat(64), dev: true })),
    ).to.equal('23505');
  });
});
