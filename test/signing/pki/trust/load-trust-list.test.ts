import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadTrustList, shippedRootsDir } from '../../../../signing/pki/trust/load-trust-list';
import { SHIPPED_ANCHORS } from '../../../../signing/pki/trust/shipped-anchors';
import { tempDir, testPki } from '../dev-pki-fixture';

describe('signing/pki/trust loadTrustList', function () {
  this.timeout(60_000);

  it('ships the four Vietnamese anchors, identical to the shared trust files and their pinned fingerprints', async () => {
    const list = await loadTrustList({ mode: 'production' });
    expect(list.entries.map((e) => e.file)).to.deep.equal(SHIPPED_ANCHORS.map((a) => a.file));
    for (const e of list.entries) {
      // Independent check with OpenSSL, not our own DER parser.
      const out = execFileSync('openssl', [
        'x509',
        '-noout',
        '-fingerprint',
        '-sha256',
        '-in',
        path.join(shippedRootsDir(), e.file!),
      ]).toString();
      expect(out.split('=')[1].trim().replace(/:/g, '').toLowerCase()).to.equal(e.sha256);
      expect(readFileSync(path.join(__dirname, '../../../fixtures/trust', e.file!))).to.deep.equal(
        readFileSync(path.join(shippedRootsDir(), e.file!)),
      );
    }
    expect(list.entries.find((e) => e.file === 'vgca-rootca-g2.pem')!.subject).to.include(
      'RootCA chuyên dùng Chính phủ G2',
    );
  });

  it('refuses a shipped file replaced on disk with TRUST_ANCHOR_FINGERPRINT_MISMATCH', async () => {
    const dir = tempDir('trust');
    for (const f of readdirSync(shippedRootsDir()))
      copyFileSync(path.join(shippedRootsDir(), f), path.join(dir, f));
    const pki = await testPki();
    writeFileSync(path.join(dir, 'vnpt-ca-sha2.pem'), pki.root.certificate.toPem());
    try {
      await loadTrustList({ mode: 'production', rootsDir: dir });
      expect.fail('loaded a replaced anchor');
    } catch (e) {
      expect(e).to.include({ code: 'TRUST_ANCHOR_FINGERPRINT_MISMATCH' });
      expect((e as { details: Record<string, unknown> }).details).to.include({
        file: 'vnpt-ca-sha2.pem',
        actual: pki.root.certificate.fingerprint('sha256').toString('hex'),
      });
    }
  });

  it('refuses a missing shipped file and an unreadable admin anchor with coded errors', async () => {
    const dir = tempDir('trust-empty');
    await loadTrustList({ mode: 'production', rootsDir: dir }).then(
      () => expect.fail('loaded without files'),
      (e) => expect(e).to.include({ code: 'TRUST_ANCHOR_MISSING' }),
    );
    await loadTrustList({ mode: 'production', extraPems: ['not a certificate'] }).then(
      () => expect.fail('accepted garbage'),
      (e) => expect(e).to.include({ code: 'TRUST_ANCHOR_INVALID' }),
    );
  });

  it('adds admin anchors (deduplicated) and the development root only in development mode', async () => {
    const pki = await testPki();
    const devRoot = pki.root.certificate;
    const prod = await loadTrustList({ mode: 'production', devRoot });
    expect(prod.anchors.map((c) => c.fingerprint().toString('hex'))).to.not.include(
      devRoot.fingerprint().toString('hex'),
    );
    expect(prod.anchors).to.have.length(4);

    const dev = await loadTrustList({ mode: 'development', devRoot });
    expect(dev.entries.at(-1)).to.include({
      source: 'development',
      sha256: devRoot.fingerprint().toString('hex'),
    });

    const admin = pki.issuingCa.certificate.toPem();
    const withAdmin = await loadTrustList({
      mode: 'production',
      extraPems: [admin, admin + devRoot.toPem()],
    });
    expect(withAdmin.entries.filter((e) => e.source === 'admin').map((e) => e.sha256)).to.deep.equal([
      pki.issuingCa.certificate.fingerprint().toString('hex'),
      devRoot.fingerprint().toString('hex'),
    ]);
  });
});
