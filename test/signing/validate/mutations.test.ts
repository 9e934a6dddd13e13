import { expect } from 'chai';
import fc from 'fast-check';
import { DevCrlIssuer } from '../../../signing/pki/dev-crl-issuer';
import type { DevPki } from '../../../signing/pki/create-dev-pki';
import { validatePdf } from '../../../signing/validate/validate-pdf';
import { PKI_TIME, testPki } from '../pki/dev-pki-fixture';
import { draftPdf, fillNumberField, signPdf } from './signed-pdf-fixture';

const AT = new Date(PKI_TIME.getTime() + 24 * 3600 * 1000);

/** The bytes a /ByteRange covers. */
function covered(file: Buffer, br: readonly number[]): Buffer {
  return Buffer.concat([file.subarray(br[0], br[0] + br[1]), file.subarray(br[2], br[2] + br[3])]);
}

type Mutation =
  | { kind: 'flip'; at: number; mask: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array };

function mutate(file: Buffer, m: Mutation): Buffer {
  const at = Math.floor(m.at * file.length);
  if (m.kind === 'flip') {
    const copy = Buffer.from(file);
    copy[at] ^= m.mask;
    return copy;
  }
  if (m.kind === 'truncate') return file.subarray(0, at);
  return Buffer.concat([file.subarray(0, at), Buffer.from(m.bytes), file.subarray(at)]);
}

describe('signing/validate hostile mutations (property)', function () {
  this.timeout(120_000);
  let pki: DevPki;
  let original: Buffer;
  let signedContents: Buffer[];

  before(async () => {
    pki = await testPki('rsa-2048');
    const crlAt = new Date(PKI_TIME.getTime() + 60_000);
    const crls = [
      new DevCrlIssuer(pki.issuingCa.certificate, pki.issuingCa.key).issue(crlAt),
      new DevCrlIssuer(pki.root.certificate, pki.root.key).issue(crlAt),
    ];
    const first = await signPdf(await draftPdf(), { identity: pki.leader, fieldName: 'lanh_dao', crls });
    original = await signPdf(fillNumberField(first, '7/UBND'), {
      identity: pki.organisation,
      fieldName: 'co_quan',
      crls,
    });
    const r = await validatePdf(original, { trustAnchors: [pki.root.certificate], at: AT });
    expect(r.signatures.map((s) => s.indication)).to.deep.equal(['TOTAL_PASSED', 'TOTAL_PASSED']);
    signedContents = r.signatures.map((s) => covered(original, s.structure.byteRange!));
  });

  it('flips, truncations and insertions: no crash, and TOTAL_PASSED only for bytes identical to what was signed', async () => {
    const unit = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
    const mutation: fc.Arbitrary<Mutation> = fc.oneof(
      fc.record({ kind: fc.constant('flip' as const), at: unit, mask: fc.integer({ min: 1, max: 255 }) }),
      fc.record({ kind: fc.constant('truncate' as const), at: unit }),
      fc.record({
        kind: fc.constant('insert' as const),
        at: unit,
        bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }),
      }),
    );
    let passedMutants = 0;
    await fc.assert(
      fc.asyncProperty(mutation, async (m) => {
        const file = mutate(original, m);
        let r;
        try {
          r = await validatePdf(file, { trustAnchors: [pki.root.certificate], at: AT });
        } catch (e) {
          expect((e as { code?: string }).code).to.equal('VALIDATION_UNREADABLE');
          return;
        }
        for (const s of r.signatures) {
          if (s.indication !== 'TOTAL_PASSED') continue;
          passedMutants++;
          const bytes = covered(file, s.structure.byteRange!);
          expect(
            signedContents.some((c) => c.equals(bytes)),
            JSON.stringify(m),
          ).to.equal(true);
        }
      }),
      { numRuns: 400, seed: 20260302 },
    );
    // Mutations of the unsigned /Contents padding keep signatures valid: the property was exercised.
    expect(passedMutants).to.be.greaterThan(0);
  });
});
