import { expect } from 'chai';
import { execFileSync, spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { CodedError } from '../../../signing/errors';
import { PdfReader } from '../../../signing/pdf';
import { drawSealPng, drawSignaturePng } from '../../../signing/sign/appearance/draw-png';
import { fillPdf } from '../../../signing/sign/fill-pdf';
import { signPdf } from '../../../signing/sign/sign-pdf';
import { validatePdf } from '../../../signing/validate/validate-pdf';
import { tempDir, testPki } from '../pki/dev-pki-fixture';
import { CORPUS, LEADER_TIME, SEAL_TIME, a4Draft, services, signers } from './sign-fixture';

/** pdfsig with the document's password: how many signatures poppler finds valid, of how many. */
function pdfsigWith(file: string, password: string): { valid: number; total: number; report: string } {
  const r = spawnSync('pdfsig', ['-nocert', '-opw', password, '-upw', password, file], { encoding: 'utf8' });
  const report = r.stdout + r.stderr;
  return {
    valid: (report.match(/Signature Validation: Signature is Valid/g) ?? []).length,
    total: (report.match(/^Signature #\d+:/gm) ?? []).length,
    report,
  };
}

function expectQpdfCleanWith(file: string, password: string, r: number): void {
  const check = spawnSync('qpdf', ['--check', `--password=${password}`, file], { encoding: 'utf8' });
  expect(check.status, check.stdout + check.stderr).to.equal(0);
  expect(check.stdout).to.contain('No syntax or stream encoding errors');
  expect(
    execFileSync('qpdf', ['--show-encryption', `--password=${password}`, file], { encoding: 'utf8' }),
  ).to.contain(`R = ${r}`);
}

describe('signing encrypted PDFs with their password', function () {
  this.timeout(120_000);
  const dir = tempDir('sign-encrypted');
  const USER = 'mật khẩu xem';
  const OWNER = 'mật khẩu chủ';

  /** The A4 draft encrypted by qpdf in each of the Standard handler's revisions. */
  const variants = [
    {
      name: 'R3 RC4-128',
      r: 3,
      args: ['--allow-weak-crypto', '--password-mode=bytes'],
      bits: '128',
      extra: ['--use-aes=n'],
    },
    { name: 'R4 AES-128', r: 4, args: ['--password-mode=bytes'], bits: '128', extra: ['--use-aes=y'] },
    { name: 'R6 AES-256', r: 6, args: [], bits: '256', extra: [] },
  ];

  let draft: string;
  before(async () => {
    draft = path.join(dir, 'draft.pdf');
    writeFileSync(draft, await a4Draft());
  });

  for (const v of variants) {
    it(`${v.name}: leader (fields added in its revision) → clerk's fill → seal B-LTA; every step valid for pdfsig and qpdf, still encrypted`, async () => {
      const pki = await testPki();
      const input = path.join(dir, `draft-${v.r}.pdf`);
      execFileSync('qpdf', [...v.args, '--encrypt', USER, OWNER, v.bits, ...v.extra, '--', draft, input]);
      const original = readFileSync(input);

      const step1 = path.join(dir, `step1-${v.r}.pdf`);
      await signPdf({
        input,
        output: step1,
        signer: signers(pki).leader,
        role: 'leader',
        level: 'B-T',
        signingTime: LEADER_TIME,
        ...services(pki, LEADER_TIME),
        password: USER,
        appearance: { image: drawSignaturePng(), title: 'Chủ tịch' },
      });
      const b1 = readFileSync(step1);
      expect(b1.subarray(0, original.length).equals(original), 'the encrypted draft is a prefix').to.equal(
        true,
      );
      expect(pdfsigWith(step1, USER)).to.deep.include({ valid: 1, total: 1 });
      expectQpdfCleanWith(step1, OWNER, v.r);
      // The number and date fields were added inside the leader's revision (no pdf-lib rewrite).
      const fields = PdfReader.open(b1, { password: USER })
        .acroForm()
        .fields.map((f) => f.fullName);
      expect(fields).to.include.members(['so_van_ban', 'ngay_ban_hanh', 'chu_ky_lanh_dao']);

      const step2 = path.join(dir, `step2-${v.r}.pdf`);
      await fillPdf({
        input: step1,
        output: step2,
        number: '12/QĐ-UBND',
        date: 'ngày 03 tháng 3 năm 2026',
        password: OWNER,
      });
      expect(pdfsigWith(step2, OWNER)).to.deep.include({ valid: 1, total: 1 });

      const step3 = path.join(dir, `step3-${v.r}.pdf`);
      await signPdf({
        input: step2,
        output: step3,
        signer: signers(pki, SEAL_TIME).org,
        role: 'org',
        level: 'B-LTA',
        signingTime: SEAL_TIME,
        ...services(pki, SEAL_TIME),
        password: OWNER,
        appearance: { image: drawSealPng() },
      });
      const b3 = readFileSync(step3);
      expect(b3.subarray(0, readFileSync(step2).length).equals(readFileSync(step2))).to.equal(true);
      // poppler verifies both CMS signatures (it does not verify ETSI.RFC3161 document timestamps).
      const sig = pdfsigWith(step3, USER);
      expect(sig.total, sig.report).to.equal(3);
      expect(sig.valid, sig.report).to.equal(2);
      expectQpdfCleanWith(step3, USER, v.r);
      // The filled values and the stamps' text are there once decrypted (and only then).
      const text = execFileSync('qpdf', [`--password=${OWNER}`, '--decrypt', '--qdf', step3, '-']).toString(
        'latin1',
      );
      expect(b3.toString('latin1')).to.not.contain('Phe duyet');
      expect(text).to.contain('/Subtype /Widget');

      // The validator, given the password: every signature TOTAL_PASSED, the document reported encrypted.
      const report = await validatePdf(step3, {
        trustAnchors: [pki.root.certificate],
        at: new Date(SEAL_TIME.getTime() + 3600_000),
        password: USER,
      });
      expect(report.encrypted).to.equal(true);
      for (const s of report.signatures)
        expect(s.indication, `${s.fieldName}: ${s.reasons.join('; ')}`).to.equal('TOTAL_PASSED');
      expect(report.signatures.find((s) => s.fieldName === 'chu_ky_lanh_dao')?.modificationLevel).to.equal(
        'FORM_FILLING',
      );
    });
  }

  it('pyHanko’s encrypted files sign with "ownersecret" and with "usersecret"', async () => {
    const pki = await testPki();
    for (const [f, password] of [
      ['pyhanko/minimal-rc4.pdf', 'ownersecret'],
      ['pyhanko/minimal-with-field-rc4.pdf', 'usersecret'],
      ['pyhanko/minimal-aes256.pdf', 'usersecret'],
      ['pyhanko/minimal-two-fields-aes256.pdf', 'ownersecret'],
    ]) {
      const out = path.join(dir, `pyhanko-${path.basename(f)}`);
      await signPdf({
        input: path.join(CORPUS, f),
        output: out,
        signer: signers(pki).leader,
        role: 'attachment',
        level: 'B-B',
        signingTime: LEADER_TIME,
        password,
        appearance: { documentNumber: '12/QĐ-UBND' },
      });
      // minimal-with-field-rc4.pdf also has an empty signature field: one signature, valid.
      expect(pdfsigWith(out, password).valid, f).to.equal(1);
      const check = spawnSync('qpdf', ['--check', `--password=${password}`, out], { encoding: 'utf8' });
      expect(check.status, `${f}: ${check.stdout}${check.stderr}`).to.equal(0);
    }
  });

  describe('refusals: a coded error and no output file', () => {
    async function expectRefused(code: string, input: string, password?: string): Promise<void> {
      const pki = await testPki();
      const output = path.join(dir, `${code}-${crypto.randomBytes(3).toString('hex')}.pdf`);
      let error: unknown;
      try {
        await signPdf({
          input,
          output,
          signer: signers(pki).leader,
          role: 'leader',
          level: 'B-B',
          signingTime: LEADER_TIME,
          password,
        });
      } catch (e) {
        error = e;
      }
      expect(error, `expected ${code}`).to.have.property('code', code);
      expect((error as Error).message)
        .to.be.a('string')
        .and.not.equal('');
      expect(existsSync(output), 'no output file').to.equal(false);
      expect(readdirSync(dir).filter((f) => f.endsWith('.part'))).to.deep.equal([]);
    }

    it('without a password: PDF_ENCRYPTED (in Vietnamese and English, naming --pdf-password)', async () => {
      await expectRefused('PDF_ENCRYPTED', path.join(CORPUS, 'pyhanko/minimal-aes256.pdf'));
      const error = await signPdf({
        input: path.join(CORPUS, 'pyhanko/minimal-rc4.pdf'),
        signer: signers(await testPki()).leader,
        role: 'leader',
        level: 'B-B',
        signingTime: LEADER_TIME,
      }).then(
        () => undefined,
        (e: unknown) => e as CodedError,
      );
      expect(error).to.be.instanceOf(CodedError);
      expect(error!.code).to.equal('PDF_ENCRYPTED');
      expect(error!.messageVi).to.contain('mật khẩu').and.contain('--pdf-password');
      expect(error!.message).to.contain('password').and.contain('--pdf-password');
    });

    it('with a wrong password: PDF_PASSWORD_INCORRECT', async () => {
      await expectRefused(
        'PDF_PASSWORD_INCORRECT',
        path.join(CORPUS, 'pyhanko/minimal-aes256.pdf'),
        'sai mật khẩu',
      );
      await expectRefused('PDF_PASSWORD_INCORRECT', path.join(CORPUS, 'pyhanko/minimal-rc4.pdf'), '');
    });

    it('a public-key encrypted file: PDF_ENCRYPTION_UNSUPPORTED, with or without a password', async () => {
      await expectRefused(
        'PDF_ENCRYPTION_UNSUPPORTED',
        path.join(CORPUS, 'pyhanko/minimal-pubkey-aes256.pdf'),
      );
      await expectRefused(
        'PDF_ENCRYPTION_UNSUPPORTED',
        path.join(CORPUS, 'pyhanko/minimal-pubkey-rc4.pdf'),
        'x',
      );
    });

    it('a user password whose permissions forbid changes: PDF_CHANGES_FORBIDDEN; the owner password signs', async () => {
      const locked = path.join(dir, 'locked.pdf');
      execFileSync('qpdf', [
        '--encrypt',
        USER,
        OWNER,
        '256',
        '--modify=none',
        '--annotate=n',
        '--',
        draft,
        locked,
      ]);
      await expectRefused('PDF_CHANGES_FORBIDDEN', locked, USER);
      const pki = await testPki();
      const out = path.join(dir, 'locked-signed.pdf');
      await signPdf({
        input: locked,
        output: out,
        signer: signers(pki).leader,
        role: 'leader',
        level: 'B-B',
        signingTime: LEADER_TIME,
        password: OWNER,
      });
      expect(pdfsigWith(out, OWNER)).to.deep.include({ valid: 1, total: 1 });
    });
  });
});
