import { expect } from 'chai';
import { appendAuditEvent } from '../../../workflows/audit/append-audit-event';
import { auditHash } from '../../../workflows/audit/audit-hash';
import { canonicalJson } from '../../../workflows/audit/canonical-json';
import { verifyAuditChain } from '../../../workflows/audit/verify-audit-chain';
import { useTestDatabase } from '../../support/postgres';
import { FixedClock } from '../fixtures';

describe('workflows/audit hash-chained trail', () => {
  const t = useTestDatabase();
  const clock = new FixedClock(new Date('2025-03-01T08:00:00+07:00'));
  const actor = {
    userId: '00000000-0000-4000-8000-000000000001',
    username: 'admin',
    unitId: '00000000-0000-4000-8000-000000000002',
  };

  const append = (i: number) =>
    t.db.transaction((m) =>
      appendAuditEvent(
        m,
        { actor, clock, requestMetadata: { ip: '10.0.0.1', userAgent: 'Mozilla/5.0 (Tiếng Việt)' } },
        {
          type: 'UNIT_RENAMED',
          payload: {
            unitId: actor.unitId,
            oldName: `Tên ${i}`,
            newName: `Tên ${i + 1}`,
            effectiveOn: '2025-07-01',
          },
        },
      ),
    );

  it('answers ok with count 0 on an empty trail', async () => {
    expect(await verifyAuditChain(t.db)).to.deep.include({ ok: true, count: 0 });
  });

  it('refuses to append outside a transaction', async () => {
    let error: unknown;
    try {
      await appendAuditEvent(
        t.db.manager,
        { clock },
        { type: 'API_TOKEN_REVOKED', payload: { tokenId: 'x' } },
      );
    } catch (e) {
      error = e;
    }
    expect(String(error)).to.match(/inside the transaction/);
  });

  it('forms one gapless valid chain from 40 concurrent transactions', async () => {
    await Promise.all(Array.from({ length: 40 }, (_, i) => append(i)));
    const rows: { seq: string }[] = await t.db.query('SELECT seq FROM audit_events ORDER BY seq');
    expect(rows.map((r) => Number(r.seq))).to.deep.equal(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(await verifyAuditChain(t.db)).to.deep.include({ ok: true, count: 40 });
  });

  it('leaves no trace of an event whose transaction rolled back', async () => {
    try {
      await t.db.transaction(async (m) => {
        await appendAuditEvent(
          m,
          { clock },
          { type: 'API_TOKEN_REVOKED', payload: { tokenId: 'rolled-back' } },
        );
        throw new Error('state change failed');
      });
    } catch {
      /* expected */
    }
    const rows: unknown[] = await t.db.query(
      `SELECT 1 FROM audit_events WHERE payload->>'tokenId' = 'rolled-back'`,
    );
    expect(rows).to.have.length(0);
    expect(await verifyAuditChain(t.db)).to.deep.include({ ok: true, count: 40 });
  });

  it('refuses UPDATE, DELETE and TRUNCATE at the database level', async () => {
    for (const sql of [
      `UPDATE audit_events SET ip = '1.2.3.4' WHERE seq = 1`,
      `DELETE FROM audit_events WHERE seq = 40`,
      `TRUNCATE audit_events`,
    ]) {
      let error: unknown;
      try {
        await t.db.query(sql);
      } catch (e) {
        error = e;
      }
      expect(String(error), sql).to.match(/append-only/);
    }
  });

  it('names the first tampered row when the trigger was bypassed', async () => {
    await t.db.transaction(async (m) => {
      await m.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only');
      await m.query(
        `UPDATE audit_events SET payload = jsonb_set(payload, '{newName}', '"Giả mạo"') WHERE seq = 17`,
      );
      await m.query(`UPDATE audit_events SET ip = '6.6.6.6' WHERE seq = 30`);
      await m.query('ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only');
    });
    expect(await verifyAuditChain(t.db)).to.deep.equal({
      ok: false,
      count: 16,
      firstBrokenSeq: 17,
      reason: 'HASH_MISMATCH',
    });
  });

  it('finds a deleted row as a gap in the sequence', async () => {
    await t.db.transaction(async (m) => {
      await m.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only');
      await m.query(`DELETE FROM audit_events WHERE seq = 5`);
      await m.query('ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only');
    });
    expect(await verifyAuditChain(t.db)).to.deep.include({ ok: false, firstBrokenSeq: 5, reason: 'SEQ_GAP' });
  });

  it('finds a row re-hashed by a forger as a broken link to the next row', async () => {
    await t.db.transaction(async (m) => {
      await m.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only');
      // Row 2 (before the damage of the previous tests) gets a new payload and a matching hash.
      const [r] = await m.query(`SELECT * FROM audit_events WHERE seq = 2`);
      const forged = { ...r.payload, newName: 'Sửa lại' };
      const hash = auditHash({
        seq: 2,
        prevHash: r.prev_hash,
        type: r.type,
        actorUserId: r.actor_user_id,
        actorUsername: r.actor_username,
        unitId: r.unit_id,
        occurredAt: r.occurred_at,
        ip: r.ip,
        userAgent: r.user_agent,
        requestId: r.request_id,
        payload: forged,
      });
      await m.query(`UPDATE audit_events SET payload = $1::jsonb, hash = $2 WHERE seq = 2`, [
        JSON.stringify(forged),
        hash,
      ]);
      await m.query('ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only');
    });
    expect(await verifyAuditChain(t.db)).to.deep.include({
      ok: false,
      firstBrokenSeq: 3,
      reason: 'PREV_HASH_MISMATCH',
    });
  });
});

describe('workflows/audit canonical JSON', () => {
  it('sorts keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 'ạ', y: null }], c: undefined } })).to.equal(
      '{"a":{"d":[1,{"y":null,"z":"ạ"}]},"b":1}',
    );
  });

  it('gives the same text for a payload and its jsonb round trip', async () => {
    const payload = { n: 1.5, big: 1e21, s: 'Quyết định "số" 01\n', list: [true, false] };
    expect(canonicalJson(JSON.parse(JSON.stringify(payload)))).to.equal(canonicalJson(payload));
  });
});
