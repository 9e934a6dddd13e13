import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { validatePdf } from '../../../signing/validate/validate-pdf';
import type { DocumentValidation } from '../../../signing/validate/validation-result';

const CORPUS = path.join(__dirname, '../../fixtures/corpus');
const AT = new Date('2026-03-03T00:00:00Z');

const files = ['node-signpdf', 'pyhanko'].flatMap((dir) =>
  readdirSync(path.join(CORPUS, dir))
    .filter((f) => f.endsWith('.pdf'))
    .map((f) => `${dir}/${f}`),
);

/** Foreign signed files whose signatures are intact (pyHanko and node-signpdf test data). */
const INTACT_SIGNED: Record<string, number> = {
  'node-signpdf/signed-once.pdf': 1,
  'node-signpdf/signed-twice.pdf': 2,
  'node-signpdf/incrementally_signed.pdf': 1,
  'pyhanko/minimal-signed-twice-both-created.pdf': 2,
  'pyhanko/minimal-two-fields-signed-twice.pdf': 2,
  'pyhanko/pades-lta-dss-indirect-arrs-test.pdf': 2,
  'pyhanko/sig-no-signed-attrs.pdf': 1,
  'pyhanko/sig-with-ski-sid.pdf': 1,
  'pyhanko/form-update-override-appearance-stream.pdf': 2,
  'pyhanko/separate-annots-kids-indir.pdf': 2,
  // Issue 9 item 8: the second signature of each is Ed25519, the Ed448 one uses SHAKE256 (RFC 8419).
  'pyhanko/extensions-direct.pdf': 2,
  'pyhanko/extensions-indirect.pdf': 2,
  'pyhanko/extensions-update-direct.pdf': 2,
  'pyhanko/extensions-update-indirect.pdf': 2,
  'pyhanko/ed448-shake256-nolen.pdf': 1,
  'pyhanko/minimal-signed-twice-no-sig-type.pdf': 2,
};

/** Issue 9 item 3: a detached signature with encapsulated content is a format failure (as pyHanko, DSS). */
const FORMAT_FAILURES: Record<string, RegExp> = {
  'pyhanko/pdf-sig-with-econtent.pdf': /eContent/,
};

/**
 * Foreign files whose later revision changes what the signed revision shows: the signature is
 * intact, but the modification is not allowed (TOTAL_FAILED, FORMAT_FAILURE).
 */
const MANIPULATED: Record<string, { field: string; why: RegExp }> = {
  // Issue 9 item 1: the /Extensions dictionary is also the catalog's /DontOverrideMe.
  'pyhanko/extensions-indirect-not-all-paths.pdf': { field: 'Sig1', why: /also reaches it otherwise/ },
};

describe('signing/validate corpus', function () {
  this.timeout(120_000);
  const results = new Map<string, DocumentValidation | string>();

  before(async () => {
    for (const f of files) {
      try {
        results.set(f, await validatePdf(readFileSync(path.join(CORPUS, f)), { trustAnchors: [], at: AT }));
      } catch (e) {
        results.set(f, (e as { code?: string }).code ?? `crash: ${(e as Error).message}`);
      }
    }
  });

  it('every corpus file validates or is refused as VALIDATION_UNREADABLE, never a crash', () => {
    expect(files.length).to.be.greaterThan(50);
    for (const [f, r] of results) if (typeof r === 'string') expect(r, f).to.equal('VALIDATION_UNREADABLE');
  });

  it('untrusted foreign signatures are never TOTAL_PASSED, and intact ones are INDETERMINATE', () => {
    for (const [f, r] of results) {
      if (typeof r === 'string') continue;
      for (const s of r.signatures) {
        expect(s.indication, `${f} ${s.fieldName}`).to.not.equal('TOTAL_PASSED');
        if (s.intact && MANIPULATED[f]?.field !== s.fieldName)
          expect(s.indication, `${f} ${s.fieldName}`).to.equal('INDETERMINATE');
      }
    }
  });

  it('the known signed files: every signature intact, INDETERMINATE without their roots', () => {
    for (const [f, count] of Object.entries(INTACT_SIGNED)) {
      const r = results.get(f) as DocumentValidation;
      expect(r.signatures, f).to.have.length(count);
      for (const s of r.signatures) {
        expect(s.intact, `${f} ${s.fieldName}`).to.equal(true);
        expect(s.modifications.allowed, `${f} ${s.fieldName} ${JSON.stringify(s.modifications)}`).to.equal(
          true,
        );
        expect(s.subIndication, f).to.equal('NO_CERTIFICATE_CHAIN_FOUND');
      }
    }
  });

  it('issue 9: a change the signed revision also reaches by another path fails the signature', () => {
    for (const [f, { field, why }] of Object.entries(MANIPULATED)) {
      const r = results.get(f) as DocumentValidation;
      const s = r.signatures.find((x) => x.fieldName === field)!;
      expect(s.intact, f).to.equal(true);
      expect(s.modifications.allowed, f).to.equal(false);
      expect(s.indication, f).to.equal('TOTAL_FAILED');
      expect(s.subIndication, f).to.equal('FORMAT_FAILURE');
      expect(s.modifications.changes.map((c) => c.detail).join('; '), f).to.match(why);
    }
  });

  it('issue 9: eContent in a detached signature is TOTAL_FAILED / FORMAT_FAILURE', () => {
    for (const [f, why] of Object.entries(FORMAT_FAILURES)) {
      const [s] = (results.get(f) as DocumentValidation).signatures;
      expect(s.indication, f).to.equal('TOTAL_FAILED');
      expect(s.subIndication, f).to.equal('FORMAT_FAILURE');
      expect(s.reasons[0], f).to.match(why);
    }
  });

  it('the document timestamp of a PAdES-LTA file is recognised as one', () => {
    const r = results.get('pyhanko/pades-lta-dss-indirect-arrs-test.pdf') as DocumentValidation;
    const ts = r.signatures.find((s) => s.kind === 'document-timestamp');
    expect(ts?.timestamps[0]?.intact).to.equal(true);
    expect(r.signatures[0].modificationLevel).to.equal('LTA_UPDATES');
  });

  it('unsigned files and an unfilled placeholder report no signature', () => {
    for (const f of [
      'node-signpdf/w3dummy.pdf',
      'pyhanko/empty-a4.pdf',
      'node-signpdf/with-placeholder.pdf',
    ]) {
      const r = results.get(f) as DocumentValidation;
      expect(r.signatures, f).to.deep.equal([]);
      expect(r.indication, f).to.equal(undefined);
    }
  });
});
