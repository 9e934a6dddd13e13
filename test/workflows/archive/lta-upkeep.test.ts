import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { OID } from '../../../signing/cms/oids';
import type { DevPki } from '../../../signing/pki/create-dev-pki';
import { DevTimestampClient } from '../../../signing/pki/dev-timestamp-client';
import { generateKeyPair } from '../../../signing/pki/generate-key-pair';
import { issueCertificate, randomSerial } from '../../../signing/pki/issue-certificate';
import { TimestampAuthority } from '../../../signing/pki/timestamp-authority';
import { drawSealPng } from '../../../signing/sign/appearance/draw-png';
import { signPdf } from '../../../signing/sign/sign-pdf';
import { validatePdf } from '../../../signing/validate/validate-pdf';
import { LocalObjectStore } from '../../../storage/objects/local-object-store';
import {
  configureArchiveStorage,
  readArchivalObject,
  storeArchivalObject,
} from '../../../workflows/archive/archival-objects';
import { ConfigError } from '../../../server/config';
import { ltaUpkeepEnv } from '../../../server/jobs/lta-job';
import { runLtaUpkeep, type LtaUpkeepDeps } from '../../../workflows/archive/lta-upkeep';
import { systemClock } from '../../../workflows/context';
import { testPki } from '../../signing/pki/dev-pki-fixture';
import { a4Draft, SEAL_TIME, services, signers } from '../../signing/sign/sign-fixture';
import { useTestDatabase } from '../../support/postgres';
import { FixedClock } from '../fixtures';

const DAY = 86_400_000;

/** A second development TSA certified by the same issuing CA from `from`, valid for three years. */
function newTsa(pki: DevPki, from: Date): TimestampAuthority {
  const keys = generateKeyPair('rsa-2048');
  const cert = issueCertificate({
    subject: [
      ['C', 'VN'],
      ['O', 'VanBan (phát triển)'],
      ['CN', 'VanBan Development TSA 2'],
    ],
    publicKey: keys.publicKey,
    issuer: pki.issuingCa.certificate,
    signingKey: pki.issuingCa.key,
    serialNumber: randomSerial(),
    notBefore: new Date(from.getTime() - 3600_000),
    notAfter: new Date(from.getTime() + 3 * 365 * DAY),
    keyUsage: ['digitalSignature', 'nonRepudiation'],
    extendedKeyUsage: { purposes: [OID.kpTimeStamping], critical: true },
    crlUrl: pki.urls.crl,
  });
  return new TimestampAuthority(cert, keys.privateKey, [pki.issuingCa.certificate, pki.root.certificate]);
}

describe('workflows/archive LTA upkeep (issue 11 item 6)', function () {
  this.timeout(120_000);
  const t = useTestDatabase();
  let pki: DevPki;
  let dir: string;
  let store: LocalObjectStore;
  let sealed: Buffer;
  let tsaNotAfter: Date;
  const clock = new FixedClock(SEAL_TIME);

  before(async () => {
    pki = await testPki();
    tsaNotAfter = pki.timestampAuthority.certificate.notAfter;
    // The seal at B-LTA, as the signing service archives it: DSS and a document timestamp of the dev TSA.
    const r = await signPdf({
      input: await a4Draft(),
      signer: signers(pki, SEAL_TIME).org,
      role: 'org',
      level: 'B-LTA',
      signingTime: SEAL_TIME,
      ...services(pki, SEAL_TIME),
      appearance: { image: drawSealPng() },
    });
    sealed = r.bytes!;
  });

  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'vanban-lta-'));
    store = await LocalObjectStore.open({ root: dir, clock });
    configureArchiveStorage({ clock, replica: undefined });
  });

  afterEach(async () => {
    configureArchiveStorage({ clock: systemClock });
    await store.close();
    await fs.chmod(dir, 0o700).catch(() => {});
    await fs.rm(dir, { recursive: true, force: true });
  });

  const deps = (tsa: TimestampAuthority, horizonDays = 180): LtaUpkeepDeps => ({
    store,
    timestampClient: new DevTimestampClient(tsa, () => clock.now()),
    revocationData: services(pki, SEAL_TIME).revocationData,
    trustAnchors: [pki.root.certificate],
    clock,
    horizonDays,
  });
  const validateAt = (pdf: Buffer, at: Date) =>
    validatePdf(pdf, { trustAnchors: [pki.root.certificate], at, revocation: { offline: true } });

  async function archive(): Promise<{ recordId: string; objectId: string }> {
    clock.set(new Date(SEAL_TIME.getTime() + 30 * DAY));
    const recordId = randomUUID();
    const o = await t.db.transaction((m) =>
      storeArchivalObject(m, store, {
        recordId,
        kind: 'pdf-revision',
        bytes: sealed,
        mediaType: 'application/pdf',
        retainUntil: new Date('2046-12-31T17:00:00Z'),
      }),
    );
    return { recordId, objectId: o.id };
  }

  it('renews before the TSA certificate expires: a new version that validates after the old TSA expired, the old one kept', async () => {
    const { recordId, objectId } = await archive();
    const renewalTime = new Date(tsaNotAfter.getTime() - 100 * DAY);
    const tsa2 = newTsa(pki, renewalTime);

    // Far from the horizon: nothing to do.
    clock.set(new Date(tsaNotAfter.getTime() - 400 * DAY));
    const early = await runLtaUpkeep(t.db, deps(tsa2), { recordId });
    expect(early).to.deep.include({ checked: 1, renewed: [], failed: [] });

    // 100 days before the TSA certificate expires, inside the 180-day horizon: renewed.
    clock.set(renewalTime);
    const r = await runLtaUpkeep(t.db, deps(tsa2), { recordId });
    expect(r.failed).to.deep.equal([]);
    expect(r.renewed).to.have.length(1);
    expect(r.renewed[0]).to.include({ recordId, previousObjectId: objectId, reason: 'tsa-expiring' });

    const objects: { id: string; kind: string; retain_until: Date }[] = await t.db.query(
      `SELECT id, kind, retain_until FROM archival_objects WHERE record_id = $1 ORDER BY created_at, kind`,
      [recordId],
    );
    expect(objects.map((o) => o.kind)).to.deep.equal(['pdf-revision', 'pdf-revision', 'validation-report']);
    for (const o of objects) expect(o.retain_until.toISOString()).to.equal('2046-12-31T17:00:00.000Z');

    const renewed = await readArchivalObject(t.db.manager, store, r.renewed[0]!.objectId);
    expect(renewed.subarray(0, sealed.length).equals(sealed), 'the old version is a prefix').to.equal(true);
    const old = await readArchivalObject(t.db.manager, store, objectId);
    expect(old.equals(sealed), 'the old version stays readable').to.equal(true);

    // A month after the first TSA's certificate expired.
    const later = new Date(tsaNotAfter.getTime() + 30 * DAY);
    const v = await validateAt(renewed, later);
    expect(v.signatures.map((s) => [s.kind, s.indication])).to.deep.equal([
      ['signature', 'TOTAL_PASSED'],
      ['document-timestamp', 'TOTAL_PASSED'],
      ['document-timestamp', 'TOTAL_PASSED'],
    ]);
    // Without the renewal, the same moment does not pass: the test would notice a no-op renewal.
    const v0 = await validateAt(old, later);
    expect(v0.signatures.some((s) => s.indication !== 'TOTAL_PASSED')).to.equal(true);

    const report = JSON.parse(
      (await readArchivalObject(t.db.manager, store, r.renewed[0]!.reportObjectId)).toString('utf8'),
    ) as { kind: string; reason: string; previousTsaNotAfter: string; validation: { signatures: unknown[] } };
    expect(report).to.include({
      kind: 'lta-renewal',
      reason: 'tsa-expiring',
      previousTsaNotAfter: tsaNotAfter.toISOString(),
    });
    expect(report.validation.signatures).to.have.length(3);

    const events: { payload: { objectId: string } }[] = await t.db.query(
      `SELECT payload FROM audit_events WHERE type = 'ARCHIVE_LTA_RENEWED' AND payload->>'recordId' = $1`,
      [recordId],
    );
    expect(events.map((e) => e.payload.objectId)).to.deep.equal([r.renewed[0]!.objectId]);

    // The next run finds the new timestamp fresh: no second renewal.
    const again = await runLtaUpkeep(t.db, deps(tsa2), { recordId });
    expect(again).to.deep.include({ checked: 1, renewed: [] });
  });

  it('two concurrent runs (two replicas) renew once: the second finds the advisory lock taken', async () => {
    const { recordId, objectId } = await archive();
    const renewalTime = new Date(tsaNotAfter.getTime() - 100 * DAY);
    const tsa2 = newTsa(pki, renewalTime);
    clock.set(renewalTime);
    const runs = await Promise.all([
      runLtaUpkeep(t.db, deps(tsa2), { recordId }),
      runLtaUpkeep(t.db, deps(tsa2), { recordId }),
    ]);
    expect(runs.flatMap((r) => r.failed)).to.deep.equal([]);
    expect(runs.flatMap((r) => r.renewed)).to.have.length(1);
    expect(runs.map((r) => r.busy).sort()).to.deep.equal([false, true]);
    const versions: { id: string }[] = await t.db.query(
      `SELECT id FROM archival_objects WHERE record_id = $1 AND kind = 'pdf-revision' AND id <> $2`,
      [recordId, objectId],
    );
    expect(versions).to.have.length(1);
    const events: unknown[] = await t.db.query(
      `SELECT 1 FROM audit_events WHERE type = 'ARCHIVE_LTA_RENEWED' AND payload->>'recordId' = $1`,
      [recordId],
    );
    expect(events).to.have.length(1);
    // The lock is released: the next run is not busy (and finds nothing due).
    const next = await runLtaUpkeep(t.db, deps(tsa2), { recordId });
    expect(next).to.deep.include({ checked: 1, renewed: [], busy: false });
  });

  it('a renewal by a TSA whose certificate already expired is refused and audited, nothing stored', async () => {
    const { recordId } = await archive();
    clock.set(new Date(tsaNotAfter.getTime() + DAY));
    // The old TSA signs after its certificate's end: the result would not validate.
    const r = await runLtaUpkeep(t.db, deps(pki.timestampAuthority), { recordId });
    expect(r.renewed).to.deep.equal([]);
    expect(r.failed).to.have.length(1);
    expect(r.failed[0]!.reason).to.match(/does not validate/);
    const n: { n: number }[] = await t.db.query(
      `SELECT count(*)::int AS n FROM archival_objects WHERE record_id = $1`,
      [recordId],
    );
    expect(n[0]!.n).to.equal(1);
    const events: unknown[] = await t.db.query(
      `SELECT 1 FROM audit_events WHERE type = 'ARCHIVE_LTA_RENEWAL_FAILED' AND payload->>'recordId' = $1`,
      [recordId],
    );
    expect(events).to.have.length(1);
  });
});

describe('server/jobs/lta-job settings', () => {
  it('reads LTA_EVERY_HOURS and LTA_HORIZON_DAYS, refuses bad values with CONFIG_INVALID', () => {
    expect(ltaUpkeepEnv({})).to.deep.equal({ everyMs: 24 * 3600_000, horizonDays: 180 });
    expect(ltaUpkeepEnv({ LTA_EVERY_HOURS: '0', LTA_HORIZON_DAYS: '365' })).to.deep.equal({
      everyMs: 0,
      horizonDays: 365,
    });
    for (const env of [{ LTA_HORIZON_DAYS: '0' }, { LTA_HORIZON_DAYS: 'x' }, { LTA_EVERY_HOURS: '-1' }]) {
      expect(() => ltaUpkeepEnv(env))
        .to.throw(ConfigError)
        .with.property('code', 'CONFIG_INVALID');
    }
  });
});
