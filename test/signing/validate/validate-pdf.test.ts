import { expect } from 'chai';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PdfDict, PdfNumber, PdfStream } from '../../../signing/pdf';
import { DevCrlIssuer } from '../../../signing/pki/dev-crl-issuer';
import type { DevPki } from '../../../signing/pki/create-dev-pki';
import { hashingThreadRunning } from '../../../signing/validate/signed-range-digests';
import { validatePdf } from '../../../signing/validate/validate-pdf';
import type { DocumentValidation } from '../../../signing/validate/validation-result';
import { PKI_TIME, testPki } from '../pki/dev-pki-fixture';
import {
  addOverlayAnnotation,
  appendRevision,
  draftPdf,
  fillNumberField,
  replacePageContent,
  signPdf,
} from './signed-pdf-fixture';

const DAY = 24 * 3600 * 1000;
const AT = new Date(PKI_TIME.getTime() + DAY);

describe('signing/validate validatePdf', function () {
  this.timeout(120_000);
  let pki: DevPki;
  let crls: Buffer[];
  let twoSignatures: Buffer;

  before(async () => {
    pki = await testPki('rsa-2048');
    // Own CRL issuers over the shared PKI's CA keys: revocations here do not leak into other tests.
    const crlAt = new Date(PKI_TIME.getTime() + 60_000);
    crls = [
      new DevCrlIssuer(pki.issuingCa.certificate, pki.issuingCa.key).issue(crlAt),
      new DevCrlIssuer(pki.root.certificate, pki.root.key).issue(crlAt),
    ];
    const leader = await signPdf(await draftPdf(), { identity: pki.leader, fieldName: 'lanh_dao', crls });
    const filled = fillNumberField(leader, '123/QĐ-UBND');
    twoSignatures = await signPdf(filled, { identity: pki.organisation, fieldName: 'co_quan', crls });
  });

  const validate = (pdf: Buffer, at = AT, anchors = [pki.root.certificate]): Promise<DocumentValidation> =>
    validatePdf(pdf, { trustAnchors: anchors, at, revocation: { offline: true } });

  it('approval then form fill then seal: both signatures TOTAL_PASSED with the anchor', async () => {
    const r = await validate(twoSignatures);
    expect(r.signatures).to.have.length(2);
    for (const s of r.signatures) {
      expect(s.reasons, s.fieldName).to.deep.equal([]);
      expect(s).to.deep.include({ indication: 'TOTAL_PASSED', intact: true, valid: true, trusted: true });
      expect(s.chain.map((c) => c.revocation)).to.deep.equal(['good', 'good', 'trust-anchor']);
    }
    const [leader, seal] = r.signatures;
    expect(leader.modificationLevel).to.equal('FORM_FILLING');
    expect(leader.structure.coverage).to.equal('ENTIRE_REVISION');
    expect(seal.modificationLevel).to.equal('NONE');
    expect(seal.structure.coverage).to.equal('ENTIRE_FILE');
    expect(r.lastRevisionCovered).to.equal(true);
    expect(r.unsignedRevisions).to.equal(0);
    expect(Object.isFrozen(r) && Object.isFrozen(r.signatures[0].chain)).to.equal(true);
  });

  it('without the trust anchor: INDETERMINATE NO_CERTIFICATE_CHAIN_FOUND, still intact', async () => {
    const r = await validate(twoSignatures, AT, []);
    for (const s of r.signatures) {
      expect(s).to.deep.include({
        indication: 'INDETERMINATE',
        subIndication: 'NO_CERTIFICATE_CHAIN_FOUND',
        intact: true,
        trusted: false,
      });
    }
  });

  it('one byte changed inside a signed range: TOTAL_FAILED HASH_FAILURE', async () => {
    const copy = Buffer.from(twoSignatures);
    const r0 = await validate(copy);
    const [, a] = r0.signatures[1].structure.byteRange!;
    const pos = copy.indexOf('QUYET DINH');
    // The draft's text lives in a compressed stream; flip a byte of the original header comment
    // region instead if the marker is not found.
    const at = pos > 0 && pos < a ? pos : 20;
    copy[at] ^= 0x01;
    const r = await validate(copy);
    for (const s of r.signatures) {
      expect(s.indication, s.fieldName).to.equal('TOTAL_FAILED');
      expect(s.subIndication).to.equal('HASH_FAILURE');
      expect(s.intact).to.equal(false);
    }
  });

  it('a later revision replacing the page content: the earlier signature TOTAL_FAILED with level OTHER', async () => {
    const r = await validate(replacePageContent(twoSignatures));
    for (const s of r.signatures) {
      expect(s.indication).to.equal('TOTAL_FAILED');
      expect(s.subIndication).to.equal('FORMAT_FAILURE');
      expect(s.intact).to.equal(true);
      expect(s.modificationLevel).to.equal('OTHER');
      expect(s.modifications.changes.some((c) => c.kind === 'OTHER' && /content/.test(c.detail))).to.equal(
        true,
      );
    }
    expect(r.unsignedRevisions).to.equal(1);
    expect(r.lastRevisionCovered).to.equal(false);
  });

  it('a rewritten /ByteRange (gap moved off /Contents): TOTAL_FAILED FORMAT_FAILURE', async () => {
    const text = twoSignatures.toString('latin1');
    const m = /\/ByteRange\s*\[\s*0\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g;
    const matches = [...text.matchAll(m)];
    const last = matches[matches.length - 1];
    const [a, b, n] = [Number(last[1]), Number(last[2]), Number(last[3])];
    const forged = `[0 ${a + 2} ${b} ${n}]`.padEnd(last[0].length - '/ByteRange'.length, ' ');
    const copy = Buffer.from(twoSignatures);
    copy.write('/ByteRange' + forged, last.index!, 'latin1');
    const r = await validate(copy);
    expect(r.signatures[1]).to.deep.include({ indication: 'TOTAL_FAILED', subIndication: 'FORMAT_FAILURE' });
  });

  it('the /Contents hex in upper case still is the gap; a non-hex digit in it is FORMAT_FAILURE', async () => {
    const at = twoSignatures.lastIndexOf('/Contents <') + '/Contents <'.length;
    const end = twoSignatures.indexOf('>', at);
    const upper = Buffer.from(twoSignatures);
    upper.write(twoSignatures.toString('latin1', at, end).toUpperCase(), at, 'latin1');
    const r = await validate(upper);
    expect(r.signatures.map((x) => x.indication)).to.deep.equal(['TOTAL_PASSED', 'TOTAL_PASSED']);
    expect(r.signatures[1].structure.gapIsContents).to.equal(true);
    const broken = Buffer.from(twoSignatures);
    broken[end - 2] = 0x67; // 'g' in the zero padding
    const b = await validate(broken);
    expect(b.signatures[1].structure.gapIsContents).to.equal(false);
    expect(b.signatures[1].subIndication).to.equal('FORMAT_FAILURE');
  });

  it('a /Contents entry renamed away: FORMAT_FAILURE', async () => {
    const copy = Buffer.from(twoSignatures);
    const text = copy.toString('latin1');
    const i = text.lastIndexOf('/Contents <');
    copy.write('/Xontents', i, 'latin1');
    const r = await validate(copy);
    const seal = r.signatures.find((s) => s.fieldName === 'co_quan')!;
    expect(seal).to.deep.include({
      indication: 'TOTAL_FAILED',
      subIndication: 'FORMAT_FAILURE',
      intact: false,
    });
  });

  for (const p of [1, 2] as const) {
    it(`an overlay annotation after a certification signature with P=${p}: failed (ANNOTATIONS)`, async () => {
      const certified = await signPdf(await draftPdf(), {
        identity: pki.organisation,
        fieldName: 'chung_thuc',
        crls,
        docMdp: p,
      });
      const before = await validate(certified);
      expect(before.signatures[0]).to.deep.include({ indication: 'TOTAL_PASSED', docMdpPermissions: p });
      const r = await validate(addOverlayAnnotation(certified));
      expect(r.signatures[0]).to.deep.include({
        indication: 'TOTAL_FAILED',
        modificationLevel: 'ANNOTATIONS',
        valid: false,
      });
    });
  }

  it('after a certification with P=2: an invisible approval signature is allowed, a visible new signature field is an overlay', async () => {
    const certified = await signPdf(await draftPdf(), {
      identity: pki.organisation,
      fieldName: 'chung_thuc',
      crls,
      docMdp: 2,
    });
    const invisible = await signPdf(certified, { identity: pki.leader, fieldName: 'lanh_dao', crls });
    const ok = await validate(invisible);
    expect(ok.signatures.map((s) => s.indication)).to.deep.equal(['TOTAL_PASSED', 'TOTAL_PASSED']);
    expect(ok.signatures[0].modificationLevel).to.equal('FORM_FILLING');
    const visible = await signPdf(certified, {
      identity: pki.leader,
      fieldName: 'lanh_dao',
      crls,
      rect: [40, 700, 560, 800],
    });
    const r = await validate(visible);
    expect(r.signatures[0]).to.deep.include({ indication: 'TOTAL_FAILED', valid: false });
    expect(r.signatures[0].reasons[0]).to.match(/visible signature field/);
    expect(r.signatures[1].indication).to.equal('TOTAL_PASSED');
  });

  it('an overlay annotation after an approval signature is ANNOTATIONS and stays TOTAL_PASSED', async () => {
    const signed = await signPdf(await draftPdf(), { identity: pki.leader, fieldName: 'lanh_dao', crls });
    const r = await validate(addOverlayAnnotation(signed));
    expect(r.signatures[0]).to.deep.include({ indication: 'TOTAL_PASSED', modificationLevel: 'ANNOTATIONS' });
  });

  it('a form fill after an approval signature is FORM_FILLING and still TOTAL_PASSED', async () => {
    const signed = await signPdf(await draftPdf(), { identity: pki.leader, fieldName: 'lanh_dao', crls });
    const r = await validate(fillNumberField(signed, '45/UBND-VP'));
    expect(r.signatures[0]).to.deep.include({
      indication: 'TOTAL_PASSED',
      modificationLevel: 'FORM_FILLING',
    });
    expect(r.unsignedRevisions).to.equal(1);
  });

  it('a form fill after a certification with P=1 fails', async () => {
    const certified = await signPdf(await draftPdf(), {
      identity: pki.organisation,
      fieldName: 'chung_thuc',
      crls,
      docMdp: 1,
    });
    const r = await validate(fillNumberField(certified, '45/UBND-VP'));
    expect(r.signatures[0]).to.deep.include({
      indication: 'TOTAL_FAILED',
      modificationLevel: 'FORM_FILLING',
    });
  });

  it('a revoked signer (CRL embedded): TOTAL_FAILED REVOKED', async () => {
    const issuer = new DevCrlIssuer(pki.issuingCa.certificate, pki.issuingCa.key);
    issuer.revoke(
      pki.leader.certificate.serialNumber,
      new Date(PKI_TIME.getTime() - 60_000),
      'keyCompromise',
    );
    const revokedCrls = [issuer.issue(new Date(PKI_TIME.getTime() + 60_000)), crls[1]];
    const signed = await signPdf(await draftPdf(), {
      identity: pki.leader,
      fieldName: 'lanh_dao',
      crls: revokedCrls,
    });
    const r = await validate(signed);
    expect(r.signatures[0]).to.deep.include({
      indication: 'TOTAL_FAILED',
      subIndication: 'REVOKED',
      intact: true,
    });
    expect(r.signatures[0].chain[0].revocation).to.equal('revoked');
  });

  it('validated after the signer certificate expired, without proof of existence: OUT_OF_BOUNDS_NO_POE', async () => {
    const later = new Date(pki.leader.certificate.notAfter.getTime() + DAY);
    const r = await validate(twoSignatures, later);
    for (const s of r.signatures) {
      expect(s).to.deep.include({
        indication: 'INDETERMINATE',
        subIndication: 'OUT_OF_BOUNDS_NO_POE',
        intact: true,
      });
    }
  });

  it('without embedded revocation data: INDETERMINATE TRY_LATER (offline)', async () => {
    const signed = await signPdf(await draftPdf(), { identity: pki.leader, fieldName: 'lanh_dao' });
    const r = await validate(signed);
    expect(r.signatures[0]).to.deep.include({ indication: 'INDETERMINATE', subIndication: 'TRY_LATER' });
  });

  it('an unsigned file reports no signature', async () => {
    const r = await validate(await draftPdf());
    expect(r.signatures).to.deep.equal([]);
    expect(r.indication).to.equal(undefined);
  });

  it('by path, a small file (read whole) and one above 4 MiB (read in steps) give the verdict of the same bytes in memory, and leave no descriptor open', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-validate-path-'));
    try {
      // 5 MiB of unreferenced stream data before the first signature: above the whole-read size.
      const big = appendRevision(await draftPdf(), (update) => {
        const data = Buffer.alloc(5 * 1024 * 1024, 0x41);
        update.add(new PdfStream(new PdfDict({ Length: PdfNumber.of(data.length) }), data));
      });
      const bigSigned = await signPdf(big, { identity: pki.leader, fieldName: 'lanh_dao', crls });
      // Descriptors open on the test's files (the hashing thread has its own, for its message port).
      const fds = () =>
        fs.readdirSync('/proc/self/fd').filter((fd) => {
          try {
            return fs.readlinkSync(`/proc/self/fd/${fd}`).startsWith(dir);
          } catch {
            return false;
          }
        }).length;
      // `bytes` validated from a file named `name`: no descriptor left open, the report as in memory.
      const validatedByPath = async (name: string, bytes: Buffer) => {
        const file = path.join(dir, name);
        fs.writeFileSync(file, bytes);
        const open = fds();
        const byPath = await validatePdf(file, { trustAnchors: [pki.root.certificate], at: AT });
        expect(fds(), `${name}: descriptors`).to.equal(open);
        expect(byPath, name).to.deep.equal(await validate(bytes));
        return byPath;
      };
      for (const [name, bytes] of [
        ['small.pdf', twoSignatures],
        ['big.pdf', bigSigned],
      ] as const) {
        const byPath = await validatedByPath(name, bytes);
        expect(
          byPath.signatures.every((x) => x.indication === 'TOTAL_PASSED'),
          name,
        ).to.equal(true);
      }
      // Once the hashing thread runs (the first large file started it), a large file's ranges are
      // hashed there: the same report as in memory, and a changed signed byte is a HASH_FAILURE.
      for (let i = 0; i < 200 && !hashingThreadRunning(); i++) await new Promise((r) => setTimeout(r, 20));
      expect(hashingThreadRunning(), 'hashing thread').to.equal(true);
      const tampered = Buffer.from(bigSigned);
      tampered[2 * 1024 * 1024] ^= 0x01;
      for (const [name, bytes] of [
        ['big-again.pdf', bigSigned],
        ['big-tampered.pdf', tampered],
      ] as const) {
        const byPath = await validatedByPath(name, bytes);
        expect(byPath.signatures[0], name).to.deep.include(
          bytes === tampered
            ? { indication: 'TOTAL_FAILED', subIndication: 'HASH_FAILURE' }
            : { indication: 'TOTAL_PASSED' },
        );
      }
      for (const bad of [path.join(dir, 'missing.pdf'), dir]) {
        const open = fds();
        let code: string | undefined;
        try {
          await validatePdf(bad, { trustAnchors: [pki.root.certificate], at: AT });
        } catch (e) {
          code = (e as { code?: string }).code;
        }
        expect(code, bad).to.equal('VALIDATION_UNREADABLE');
        expect(fds(), `${bad}: descriptors`).to.equal(open);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses to evaluate bytes that are not a PDF with VALIDATION_UNREADABLE', async () => {
    let code: string | undefined;
    try {
      await validate(Buffer.from('not a pdf at all'));
    } catch (e) {
      code = (e as { code?: string }).code;
    }
    expect(code).to.equal('VALIDATION_UNREADABLE');
  });
});
