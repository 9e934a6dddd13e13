import { expect } from 'chai';
import { generateKeyPair } from '../../../signing/pki/generate-key-pair';
import { issueCertificate, randomSerial } from '../../../signing/pki/issue-certificate';
import type { Certificate } from '../../../signing/pki/certificate';
import { useTestDatabase } from '../../support/postgres';
import { seedWorld, startApp, type RunningApp, type World } from '../support/world';
import { tokenOf, tokensFor, userIn } from './validation-support';

/** A self-signed CA certificate: what a district admin could make and want trusted. */
function ownRoot(name: string): Certificate {
  const keys = generateKeyPair('ec-p256');
  const now = new Date('2025-06-01T00:00:00Z');
  return issueCertificate({
    subject: [
      ['C', 'VN'],
      ['CN', name],
    ],
    publicKey: keys.publicKey,
    signingKey: keys.privateKey,
    serialNumber: randomSerial(),
    notBefore: now,
    notAfter: new Date(now.getTime() + 365 * 24 * 3600_000),
    keyUsage: ['keyCertSign', 'cRLSign'],
    ca: {},
  });
}

/**
 * Issue 10 item 1: trust anchors and revocation hosts hold for every validation in the province, so
 * only an admin of the top-level unit changes them; each change is audited with the unit, the anchor's
 * fingerprint and subject, and province auditors read it. Item 14: the revocation-host allow-list
 * refuses address literals in loopback, private and link-local ranges in any spelling.
 */
describe('trust administration (issue 10 items 1 and 14)', function () {
  this.timeout(120_000);
  const t = useTestDatabase();
  let app: RunningApp;
  let world: World;
  let district: Record<string, string>;
  let provinceAdmin: string;
  let provinceAuditor: string;

  const call = (method: string, p: string, token: string, json?: unknown) =>
    app.server.json(method, p, { json, headers: { authorization: `Bearer ${token}` } });
  const stored = async () => ({
    anchors: (await t.db.query(`SELECT sha256 FROM trust_anchors`)) as unknown[],
    hosts: ((await t.db.query(`SELECT host FROM revocation_hosts ORDER BY host`)) as { host: string }[]).map(
      (r) => r.host,
    ),
    events: (
      (await t.db.query(
        `SELECT type FROM audit_events WHERE type IN ('TRUST_ANCHOR_ADDED', 'TRUST_ANCHOR_REMOVED', 'REVOCATION_HOSTS_SET')`,
      )) as unknown[]
    ).length,
  });

  before(async () => {
    world = await seedWorld(t.db);
    app = await startApp(t.db);
    district = await tokensFor(app.server, world);
    await userIn(t.db, world.province, 'la.admin', ['admin']);
    await userIn(t.db, world.province, 'la.auditor', ['auditor']);
    provinceAdmin = await tokenOf(app.server, 'la.admin');
    provinceAuditor = await tokenOf(app.server, 'la.auditor');
  });
  after(async () => app?.close());

  it('a district admin cannot add a root of their own, remove an anchor or set revocation hosts: 403 FORBIDDEN, nothing changed', async () => {
    const root = ownRoot('Chủ tịch UBND tỉnh (giả)');
    const before = await stored();
    const add = await call('POST', '/api/admin/trust/anchors', district.admin, { pem: root.toPem() });
    expect([add.status, add.body.error?.code]).to.deep.equal([403, 'FORBIDDEN']);
    const sha = root.fingerprint('sha256').toString('hex');
    const del = await call('DELETE', `/api/admin/trust/anchors/${sha}`, district.admin);
    expect([del.status, del.body.error?.code]).to.deep.equal([403, 'FORBIDDEN']);
    const hosts = await call('PUT', '/api/admin/trust/revocation-hosts', district.admin, {
      hosts: ['crl.example.vn'],
    });
    expect([hosts.status, hosts.body.error?.code]).to.deep.equal([403, 'FORBIDDEN']);
    expect(await stored()).to.deep.equal(before);
    const list = await call('GET', '/api/admin/trust', district.admin);
    expect(list.body.anchors.some((a: { sha256: string }) => a.sha256 === sha)).to.equal(false);
  });

  it('the province admin adds and removes an anchor; each change is audited with the unit, fingerprint and subject, read by the province auditor', async () => {
    const root = ownRoot('CA thử nghiệm của tỉnh');
    const sha = root.fingerprint('sha256').toString('hex');
    const add = await call('POST', '/api/admin/trust/anchors', provinceAdmin, {
      pem: root.toPem(),
      label: 'Thử',
    });
    expect(add.status, JSON.stringify(add.body)).to.equal(201);
    expect(add.body.sha256).to.equal(sha);
    const del = await call('DELETE', `/api/admin/trust/anchors/${sha}`, provinceAdmin);
    expect(del.status).to.equal(204);

    const added = await call('GET', '/api/audit/events?type=TRUST_ANCHOR_ADDED', provinceAuditor);
    expect(added.status, JSON.stringify(added.body)).to.equal(200);
    const event = added.body.items.find((e: { payload: { sha256: string } }) => e.payload.sha256 === sha);
    expect(event, JSON.stringify(added.body.items)).to.not.equal(undefined);
    expect(event.unitId).to.equal(world.province);
    expect(event.actorUsername).to.equal('la.admin');
    expect(event.payload).to.deep.include({
      sha256: sha,
      subject: root.subject,
      issuer: root.issuer,
      notAfter: root.notAfter.toISOString(),
      label: 'Thử',
    });
    const removed = await call('GET', '/api/audit/events?type=TRUST_ANCHOR_REMOVED', provinceAuditor);
    expect(
      removed.body.items.map((e: { unitId: string; payload: unknown }) => [e.unitId, e.payload]),
    ).to.deep.include([world.province, { sha256: sha, subject: root.subject }]);
  });

  it('revocation hosts: names and public addresses kept in canonical form; loopback, private and link-local literals in any spelling → 400 REVOCATION_HOST_PRIVATE, the list unchanged', async () => {
    const ok = await call('PUT', '/api/admin/trust/revocation-hosts', provinceAdmin, {
      hosts: ['CRL.ca.gov.vn', '203.113.131.1'],
    });
    expect(ok.status, JSON.stringify(ok.body)).to.equal(200);
    expect(ok.body.hosts).to.deep.equal(['203.113.131.1', 'crl.ca.gov.vn']);
    const set = await call('GET', '/api/audit/events?type=REVOCATION_HOSTS_SET', provinceAuditor);
    expect(set.body.items[0]).to.deep.include({ unitId: world.province });

    const refused: [string, string][] = [
      ['127.0.0.1', '127.0.0.1'],
      ['127.1', '127.0.0.1'],
      ['0x7f.0.0.1', '127.0.0.1'],
      ['2130706433', '127.0.0.1'],
      ['10.0.0.5', '10.0.0.5'],
      ['172.16.4.4', '172.16.4.4'],
      ['192.168.1.10', '192.168.1.10'],
      ['169.254.169.254', '169.254.169.254'],
      ['0.0.0.0', '0.0.0.0'],
    ];
    for (const [host, address] of refused) {
      const r = await call('PUT', '/api/admin/trust/revocation-hosts', provinceAdmin, {
        hosts: ['crl.ca.gov.vn', host],
      });
      expect([r.status, r.body.error?.code, r.body.error?.details?.address], host).to.deep.equal([
        400,
        'REVOCATION_HOST_PRIVATE',
        address,
      ]);
      expect(r.body.error.messageVi).to.be.a('string').and.not.equal('');
    }
    for (const host of ['::1', '[::1]', 'fe80::1', 'http://crl.ca.gov.vn/']) {
      const r = await call('PUT', '/api/admin/trust/revocation-hosts', provinceAdmin, { hosts: [host] });
      expect([r.status, r.body.error?.code], host).to.deep.equal([400, 'REVOCATION_HOST_INVALID']);
    }
    expect((await stored()).hosts).to.deep.equal(['203.113.131.1', 'crl.ca.gov.vn']);
    await call('PUT', '/api/admin/trust/revocation-hosts', provinceAdmin, { hosts: [] });
  });
});
