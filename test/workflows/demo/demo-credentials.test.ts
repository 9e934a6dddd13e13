import { expect } from 'chai';
import path from 'node:path';
import { developmentSigningServices } from '../../../server/signing/minimal-signing-services';
import { createObjectStore } from '../../../storage/objects/create-object-store';
import type { ObjectStore } from '../../../storage/objects/object-store';
import { seedDemoProvince } from '../../../workflows/directory/seed-demo-province';
import { DemoHistoryError, generateDemoHistory } from '../../../workflows/demo/demo-history';
import { DevSigningAuthority } from '../../../workflows/signing/dev-signing-authority';
import { issueDevCredential } from '../../../workflows/signing/issue-dev-credential';
import { tempDir } from '../../signing/pki/dev-pki-fixture';
import { useTestDatabase } from '../../support/postgres';
import { ctxOf, FixedClock } from '../fixtures';

/**
 * The demo history's credentials (docs/reports.md "Demo history"): a leader's development credential
 * issued today cannot have signed in 2024, so the history deactivates it (by the province's admin,
 * audited) and issues one valid from the day before the quarter; a development PKI created after the
 * history's start is refused with DEMO_PKI_TOO_RECENT before anything is written.
 */
describe('workflows/demo: the history’s signing credentials', function () {
  this.timeout(600_000);
  const t = useTestDatabase();
  const today = new FixedClock(new Date('2026-12-07T08:00:00+07:00'));
  let objects: ObjectStore;
  const services = (dev: DevSigningAuthority) => developmentSigningServices(objects, dev);
  const scale = { provinceDistrict: 40, provinceDistrictUnsealed: 0, commune: 0, communeUnsealed: 0 };

  before(async () => {
    objects = await createObjectStore({ kind: 'local', root: path.join(tempDir('demo-cred'), 'objects') });
    await seedDemoProvince(t.db, { clock: today });
  });
  after(async () => objects?.close());

  it('refuses a development PKI that starts after the history', async () => {
    const recent = await DevSigningAuthority.open(t.db, {
      dir: path.join(tempDir('demo-pki-recent'), 'pki'),
      baseUrl: 'http://127.0.0.1:1/pki/dev',
      clock: today,
    });
    let error: unknown;
    try {
      await generateDemoHistory(t.db, {
        scale,
        from: '2024-01-01',
        to: '2024-04-01',
        objects,
        signing: services(recent),
      });
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(DemoHistoryError);
    expect((error as DemoHistoryError).code).to.equal('DEMO_PKI_TOO_RECENT');
    const [{ n }]: { n: number }[] = await t.db.query(`SELECT count(*)::int AS n FROM outgoing_documents`);
    expect(n).to.equal(0);
  });

  it('replaces a credential issued today by one valid from before the quarter, once per leader', async () => {
    const dev = await DevSigningAuthority.open(t.db, {
      dir: path.join(tempDir('demo-pki'), 'pki'),
      baseUrl: 'http://127.0.0.1:1/pki/dev',
      clock: today,
      validFrom: new Date('2021-01-01T00:00:00Z'),
    });
    // Every leader at province and district level got a credential today (first use in the web app).
    const leaders: { id: string; username: string; unit_id: string }[] = await t.db.query(
      `SELECT x.id, x.username, x.unit_id FROM users x JOIN units u ON u.id = x.unit_id
        WHERE u.level <> 'commune' AND 'leader' = ANY(x.roles) AND x.active`,
    );
    const todays = new Map<string, string>();
    for (const l of leaders) {
      const actor = { userId: l.id, username: l.username, unitId: l.unit_id, roles: ['leader' as const] };
      const c = await issueDevCredential(
        ctxOf(t.db, actor, today),
        services(dev),
        { userId: l.id },
        {
          keySpec: 'ec-p256',
        },
      );
      expect(c.notBefore.toISOString() > '2026-12-01').to.equal(true);
      todays.set(l.id, c.id);
    }
    await generateDemoHistory(t.db, {
      scale,
      from: '2024-01-01',
      to: '2024-04-01',
      objects,
      signing: services(dev),
    });
    const signers: { signer_user_id: string }[] = await t.db.query(
      `SELECT DISTINCT signer_user_id FROM outgoing_documents`,
    );
    expect(signers.length).to.be.greaterThan(1);
    for (const { signer_user_id: id } of signers) {
      const rows: { id: string; active: boolean; not_before: Date }[] = await t.db.query(
        `SELECT id, active, not_before FROM signing_credentials WHERE user_id = $1 AND dev ORDER BY created_at`,
        [id],
      );
      // The one valid from the day before the quarter (Vietnam midnight) is the active one; today's is not.
      expect(rows.map((r) => [r.active, r.not_before.toISOString()])).to.deep.equal([
        [true, '2023-12-30T17:00:00.000Z'],
        [false, rows[1]!.not_before.toISOString()],
      ]);
      expect(rows[1]!.id).to.equal(todays.get(id));
    }
    const [{ n }]: { n: number }[] = await t.db.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE type = 'SIGNING_CREDENTIAL_DEACTIVATED'`,
    );
    expect(n).to.equal(signers.length);
  });
});
