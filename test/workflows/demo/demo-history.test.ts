import { expect } from 'chai';
import path from 'node:path';
import { developmentSigningServices } from '../../../server/signing/minimal-signing-services';
import { validatePdf } from '../../../signing/validate/validate-pdf';
import {
  seedDemoProvince,
  DEMO_PASSWORD,
  DEMO_PROVINCE_CODE,
} from '../../../workflows/directory/seed-demo-province';
import {
  DEMO_SCALES,
  generateDemoHistory,
  quarterRange,
  seedRecentDemoHistory,
} from '../../../workflows/demo/demo-history';
import { buildReport } from '../../../workflows/reports/build-report';
import { checkRollups } from '../../../workflows/reports/check-rollups';
import type { Actor } from '../../../workflows/context';
import { DevSigningAuthority } from '../../../workflows/signing/dev-signing-authority';
import { tempDir } from '../../signing/pki/dev-pki-fixture';
import { useTestDatabase } from '../../support/postgres';
import { startApp, type RunningApp } from '../../server/support/world';
import { FixedClock } from '../fixtures';
import { missingObjects } from './stored-objects';

/**
 * Demo history (issue 13 item 7): the small scale for 2024Q1 generated through the domain functions; the
 * report of the province for the quarter shows exactly the generated counts per level, in the
 * province's wording, and the rollups equal the raw rows. Every PDF the rows name is in the object
 * store, and the web app's PDF route serves a generated outgoing and incoming document. The documents
 * are signed through the signing engine by the development CA (a PKI valid from before the quarter):
 * a generated document validates TOTAL_PASSED at its seal's moment against the development root, its
 * signatures claim the steps' simulated times, and each leader and unit has one credential.
 */
/** ISO 32000-2 §7.9.4 date in Vietnam time, as the signing engine writes /M. */
const pdfDate = (d: Date) =>
  `D:${new Date(d.getTime() + 7 * 3_600_000).toISOString().replace(/[-:T]/g, '').slice(0, 14)}+07'00'`;

describe('workflows/demo generateDemoHistory', function () {
  this.timeout(1_500_000);
  const t = useTestDatabase();
  const clock = new FixedClock(new Date('2024-06-01T08:00:00+07:00'));
  let app: RunningApp | undefined;
  after(async () => app?.close());

  it('small scale, 2024Q1: the report equals what was generated', async () => {
    await seedDemoProvince(t.db, { clock });
    const { from, to } = quarterRange('2024Q1');
    expect({ from, to }).to.deep.equal({ from: '2024-01-01', to: '2024-04-01' });
    app = await startApp(t.db);
    // The development CA as a server started today creates it: valid from years back (server/signing).
    const dev = await DevSigningAuthority.open(t.db, {
      dir: path.join(tempDir('demo-pki'), 'pki'),
      baseUrl: 'http://127.0.0.1:1/pki/dev',
      clock: new FixedClock(new Date('2026-12-07T08:00:00+07:00')),
      validFrom: new Date('2021-01-01T00:00:00Z'),
    });
    const signing = developmentSigningServices(app.objects, dev, {
      timestampClient: dev.timestampClient(),
      revocationData: dev.revocationData(),
    });
    const r = await generateDemoHistory(t.db, {
      scale: DEMO_SCALES.small,
      from,
      to,
      objects: app.objects,
      signing,
    });
    expect(r.signing.signed).to.equal(true);
    expect(r.signing.documents).to.equal(461);
    console.log(
      `      signing: ${(r.signing.ms / 461).toFixed(0)} ms/document of ${(r.ms / 461).toFixed(0)} ms/document in all`,
    );
    expect(r.provinceDistrict).to.deep.equal({ outgoing: 336, sealed: 335 });
    expect(r.commune).to.deep.equal({ outgoing: 125, sealed: 124 });
    expect(r.received).to.be.greaterThan(461);
    expect(r.early + r.onTime + r.late).to.equal(r.completed);
    expect(r.early).to.be.greaterThan(0);
    expect(r.onTime).to.be.greaterThan(0);

    const [leader]: { id: string; username: string; unit_id: string }[] = await t.db.query(
      `SELECT x.id, x.username, x.unit_id FROM users x JOIN units u ON u.id = x.unit_id
        WHERE u.code = $1 AND 'leader' = ANY(x.roles) ORDER BY x.username LIMIT 1`,
      [DEMO_PROVINCE_CODE],
    );
    const actor: Actor = {
      userId: leader!.id,
      username: leader!.username,
      unitId: leader!.unit_id,
      roles: ['leader'],
    };
    const ctx = { db: t.db, clock, actor };
    const q1 = await buildReport(ctx, { period: '2024-Q1', window: 'calendar', scope: { kind: 'province' } });
    const pd = q1.levels.find((l) => l.level === 'province_district')!;
    const c = q1.levels.find((l) => l.level === 'commune')!;
    expect(pd.counts.outTotal).to.equal(336);
    expect(pd.counts.outElectronic).to.equal(336);
    expect(pd.counts.outSignedSeal).to.equal(335);
    expect(pd.rates.exchange.text).to.equal('100% (336/336 văn bản đi)');
    expect(pd.rates.signedSeal.text).to.equal('99,70% (335/336 văn bản đi)');
    expect(c.counts.outTotal).to.equal(125);
    expect(c.rates.signedSeal.text).to.equal('99,20% (124/125 văn bản đi)');

    // Incoming flows: everything received, registered, refused and completed lies in 2024.
    const year = await buildReport(ctx, { period: '2024', window: 'calendar', scope: { kind: 'province' } });
    expect(year.total.counts.inReceived).to.equal(r.received);
    expect(year.total.counts.inRegistered).to.equal(r.registered);
    expect(year.total.counts.inRefused).to.equal(r.refused);
    expect(year.total.counts.handledEarly).to.equal(r.early);
    expect(year.total.counts.handledOnTime).to.equal(r.onTime);
    expect(year.total.counts.handledLate).to.equal(r.late);

    const check = await checkRollups(t.db, { period: '2024', window: 'calendar', today: '2024-06-01' });
    expect(check.differences).to.deep.equal([]);

    // No row names an object the store does not have (outgoing PDFs, every version, incoming PDFs).
    const stored = await missingObjects(t.db, app.objects);
    expect(stored.checked).to.be.at.least(3 * 461);
    expect(stored.missing).to.deep.equal([]);

    // The web app's PDF route answers for a generated outgoing document and one of its arrivals.
    const [doc]: { id: string; incoming_id: string; clerk: string }[] = await t.db.query(
      `SELECT o.id, i.id AS incoming_id,
              (SELECT x.username FROM users x WHERE x.unit_id = i.recipient_unit_id
                  AND 'clerk' = ANY(x.roles) AND x.active ORDER BY x.username LIMIT 1) AS clerk
         FROM outgoing_documents o JOIN incoming_documents i ON i.outgoing_id = o.id
        WHERE i.status_code <> '02' ORDER BY o.issued_at LIMIT 1`,
    );
    const [issuer]: { username: string }[] = await t.db.query(
      `SELECT x.username FROM users x JOIN outgoing_documents o ON o.unit_id = x.unit_id
        WHERE o.id = $1 AND 'clerk' = ANY(x.roles) AND x.active ORDER BY x.username LIMIT 1`,
      [doc!.id],
    );
    const pdfOf = async (username: string, path: string) => {
      const login = await app!.server.json('POST', '/api/auth/login', {
        json: { username, password: DEMO_PASSWORD },
      });
      expect(login.status, JSON.stringify(login.body)).to.equal(200);
      const cookie = /vanban_session=[^;]*/.exec(login.headers.get('set-cookie') ?? '')![0];
      const res = await app!.server.fetch(path, { headers: { cookie } });
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(res.status, `${path}: ${bytes.toString('utf8').slice(0, 300)}`).to.equal(200);
      expect(res.headers.get('content-type')).to.equal('application/pdf');
      return bytes;
    };
    const out = await pdfOf(issuer!.username, `/api/outgoing/${doc!.id}/pdf`);
    expect(out.subarray(0, 5).toString('latin1')).to.equal('%PDF-');

    // The document is really PAdES-signed: leader, seal (with number and date) and the B-LTA document
    // timestamp all TOTAL_PASSED at the seal's (simulated, 2024) moment against the development root,
    // and still today (the credentials' end is two years from their issue, the PKI's from its creation).
    const [times]: { signed_at: Date; sealed_at: Date }[] = await t.db.query(
      `SELECT signed_at, sealed_at FROM outgoing_documents WHERE id = $1`,
      [doc!.id],
    );
    expect(times!.sealed_at.toISOString() < '2024-04-01').to.equal(true);
    for (const at of [times!.sealed_at, new Date('2026-12-07T00:00:00Z')]) {
      const v = await validatePdf(out, { trustAnchors: [dev.pki.root.certificate], at });
      expect(v.indication, JSON.stringify(v.signatures.map((x) => x.reasons))).to.equal('TOTAL_PASSED');
      expect(v.signatures.map((x) => x.kind)).to.deep.equal(['signature', 'signature', 'document-timestamp']);
      expect(v.signatures.map((x) => x.indication)).to.deep.equal([
        'TOTAL_PASSED',
        'TOTAL_PASSED',
        'TOTAL_PASSED',
      ]);
      // The signing time in each signature is its step's simulated time.
      expect(v.signatures[0]!.claimedSigningTime).to.equal(pdfDate(times!.signed_at));
      expect(v.signatures[1]!.claimedSigningTime).to.equal(pdfDate(times!.sealed_at));
    }
    // Against another root the same document is not trusted (the check above can fail).
    const other = await validatePdf(out, { trustAnchors: [], at: times!.sealed_at });
    expect(other.indication).to.not.equal('TOTAL_PASSED');
    // One credential per leader and per unit, reused for every document they signed.
    const [creds]: { credentials: number; owners: number; signers: number }[] = await t.db.query(
      `SELECT count(*)::int AS credentials, count(DISTINCT COALESCE(user_id, unit_id))::int AS owners,
              (SELECT count(DISTINCT unit_id)::int FROM outgoing_documents) * 2 AS signers
         FROM signing_credentials WHERE dev AND active`,
    );
    expect(creds!.credentials).to.equal(creds!.owners);
    expect(creds!.credentials).to.equal(creds!.signers);
    // In use since the day before the quarter: the Q1 report counts them (each issuing unit has both).
    expect(q1.total.usage.organisationCertificates).to.equal(creds!.signers / 2);
    expect(q1.total.usage.leaderCertificates).to.equal(creds!.signers / 2);
    expect(q1.total.usage.unitsWithBothCertificates).to.equal(creds!.signers / 2);
    const inc = await pdfOf(doc!.clerk, `/api/incoming/${doc!.incoming_id}/pdf`);
    expect(inc.subarray(0, 5).toString('latin1')).to.equal('%PDF-');
  });

  it('the start-up seed runs once, over the months before today', async () => {
    const now = new FixedClock(new Date('2026-12-07T10:00:00+07:00'));
    const first = await seedRecentDemoHistory(t.db, { clock: now, objects: app!.objects });
    expect(first).to.equal(null); // the province already has a history from the test above
    const [{ n }]: { n: number }[] = await t.db.query(`SELECT count(*)::int AS n FROM outgoing_documents`);
    expect(n).to.equal(461);
  });
});
