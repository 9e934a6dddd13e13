import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { edxmlSignerSource } from '../../../server/jobs/edxml-signer-source';
import { FixedClock } from '../../workflows/fixtures';
import { PKI_TIME, tempDir, testPki } from '../../signing/pki/dev-pki-fixture';

describe('server/jobs edxmlSignerSource', () => {
  const clock = new FixedClock(new Date(PKI_TIME.getTime() + 3600_000));
  const code = async (p: Promise<unknown>) =>
    p.then(
      () => undefined,
      (e: { code?: string }) => e.code,
    );

  it('opens the configured PKCS#12 once and keeps it', async () => {
    const pki = await testPki();
    const dir = tempDir('edxml-signer');
    const p12 = path.join(dir, 'org.p12');
    fs.writeFileSync(p12, pki.organisation.pkcs12);
    const source = edxmlSignerSource(
      {
        mode: 'production',
        dataDir: dir,
        publicUrl: 'https://x',
        p12Path: p12,
        p12Password: pki.organisation.password,
      },
      clock,
    );
    const s = await source();
    expect(s.certificate.der.equals(pki.organisation.certificate.der)).to.equal(true);
    expect(await source()).to.equal(s);
  });

  it('a wrong password or a missing file: FEDERATION_SIGNER_UNAVAILABLE, and a later call tries again', async () => {
    const pki = await testPki();
    const dir = tempDir('edxml-signer-bad');
    const p12 = path.join(dir, 'org.p12');
    const source = edxmlSignerSource(
      {
        mode: 'production',
        dataDir: dir,
        publicUrl: 'https://x',
        p12Path: p12,
        p12Password: pki.organisation.password,
      },
      clock,
    );
    expect(await code(source())).to.equal('FEDERATION_SIGNER_UNAVAILABLE');
    fs.writeFileSync(p12, pki.organisation.pkcs12);
    expect((await source()).certificate.subject).to.equal(pki.organisation.certificate.subject);
    const wrong = edxmlSignerSource(
      { mode: 'production', dataDir: dir, publicUrl: 'https://x', p12Path: p12, p12Password: 'sai' },
      clock,
    );
    expect(await code(wrong())).to.equal('FEDERATION_SIGNER_UNAVAILABLE');
  });

  it('production without FEDERATION_SIGNING_P12 signs nothing; development uses the development PKI of DATA_DIR/pki', async () => {
    const dir = tempDir('edxml-signer-dev');
    const prod = edxmlSignerSource({ mode: 'production', dataDir: dir, publicUrl: 'https://x' }, clock);
    expect(await code(prod())).to.equal('FEDERATION_SIGNER_UNAVAILABLE');
    expect(fs.existsSync(path.join(dir, 'pki'))).to.equal(false);
    const dev = edxmlSignerSource(
      { mode: 'development', dataDir: dir, publicUrl: 'http://127.0.0.1:8080' },
      clock,
    );
    const s = await dev();
    expect(fs.existsSync(path.join(dir, 'pki', 'manifest.json'))).to.equal(true);
    expect(s.certificate.subject).to.contain('QCVN102');
  });

  it('development with the signing unit known: a certificate of the development CA naming the unit and its code, kept across restarts, re-issued when the unit changes (issue 15)', async () => {
    const dir = tempDir('edxml-signer-unit');
    let unit = { name: 'Ủy ban nhân dân tỉnh Thử Nghiệm', code: '000.00.00.H97' };
    const open = () =>
      edxmlSignerSource(
        {
          mode: 'development',
          dataDir: dir,
          publicUrl: 'http://127.0.0.1:8080',
          signingUnit: async () => unit,
        },
        clock,
      )();
    const s = await open();
    expect(s.certificate.subject).to.contain('O=Ủy ban nhân dân tỉnh Thử Nghiệm');
    expect(s.certificate.subject).to.contain('VN:QCVN102-000.00.00.H97');
    expect(s.certificate.subject).to.contain('(000.00.00.H97)');
    const ca = s.chain[0]!;
    expect(s.certificate.isSignedBy(ca)).to.equal(true);
    expect(ca.subject).to.contain('Issuing');
    // A restart (a new source) signs with the same certificate: the peers' configuration stays right.
    expect((await open()).certificate.der.equals(s.certificate.der)).to.equal(true);
    unit = { name: 'Ủy ban nhân dân tỉnh Mới', code: '000.00.00.H96' };
    const moved = await open();
    expect(moved.certificate.subject).to.contain('VN:QCVN102-000.00.00.H96');
    expect(moved.certificate.der.equals(s.certificate.der)).to.equal(false);
  });
});
