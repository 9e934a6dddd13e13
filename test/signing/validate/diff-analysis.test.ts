import { expect } from 'chai';
import fc from 'fast-check';
import { PdfDict, PdfName, PdfNumber, PdfReader, PdfRef, PdfStream, PdfString } from '../../../signing/pdf';
import type { DevPki } from '../../../signing/pki/create-dev-pki';
import { DevCrlIssuer } from '../../../signing/pki/dev-crl-issuer';
import { analyseRevisions } from '../../../signing/validate/diff-analysis';
import { PKI_TIME, testPki } from '../pki/dev-pki-fixture';
import {
  addDss,
  addOverlayAnnotation,
  appendRevision,
  draftPdf,
  fillNumberField,
  replacePageContent,
  signPdf,
} from './signed-pdf-fixture';

/** The changes with every walk reused where allowed, and with every revision walked afresh. */
function bothWays(pdf: Buffer): { reused: unknown; fresh: unknown } | undefined {
  let reader: PdfReader;
  try {
    reader = PdfReader.open(pdf);
  } catch {
    return undefined;
  }
  const names = new Map<string, string>();
  try {
    for (const f of reader.acroForm().fields) if (f.ref) names.set(f.ref.key, f.fullName);
  } catch {
    // analysed without field names, both ways alike
  }
  const reused = analyseRevisions(reader, names);
  // A fresh reader: nothing cached from the first analysis.
  const again = PdfReader.open(pdf);
  return { reused, fresh: analyseRevisions(again, names, { reuseWalks: false }) };
}

const contentRefOf = (reader: PdfReader): PdfRef => {
  const contents = reader.pages()[0].dict.get('Contents');
  return (Array.isArray(contents) ? contents[0] : contents) as PdfRef;
};

const text = (s: string) => Buffer.from(s, 'latin1');

/** Later revisions an attacker or a clerk may append, each a small incremental update. */
const OPERATIONS: Record<string, (pdf: Buffer, certs: Buffer[], crls: Buffer[]) => Buffer> = {
  replaceContent: (pdf) => replacePageContent(pdf),
  overlay: (pdf) => addOverlayAnnotation(pdf),
  fill: (pdf) => fillNumberField(pdf, `${pdf.length % 97}/UBND`),
  dss: (pdf, certs, crls) => addDss(pdf, certs, crls),
  info: (pdf) =>
    appendRevision(pdf, (update) => {
      update.setTrailer('Info', update.add(new PdfDict({ Producer: PdfString.fromText('VanBan') })));
    }),
  infoIsContent: (pdf) =>
    appendRevision(pdf, (update, reader) => update.setTrailer('Info', contentRefOf(reader))),
  contentAsMetadata: (pdf) =>
    appendRevision(pdf, (update, reader) => {
      const data = text('BT /F1 14 Tf 60 760 Td (da sua) Tj ET');
      update.set(
        contentRefOf(reader),
        new PdfStream(new PdfDict({ Type: PdfName.of('Metadata'), Length: PdfNumber.of(data.length) }), data),
      );
    }),
  newContentArray: (pdf) =>
    appendRevision(pdf, (update, reader) => {
      const page = reader.pages()[0];
      const data = text('BT /F1 9 Tf 60 40 Td (them) Tj ET');
      const extra = update.add(new PdfStream(new PdfDict({ Length: PdfNumber.of(data.length) }), data));
      const list = update.add([contentRefOf(reader), extra]);
      update.set(page.ref!, (update.get(page.ref!) as PdfDict).clone().set('Contents', list));
    }),
  fieldAppearance: (pdf) =>
    appendRevision(pdf, (update, reader) => {
      const f = reader.acroForm().fields.find((x) => x.fullName === 'so_ky_hieu')!;
      const data = text('/Tx BMC BT /Helv 10 Tf 2 5 Td (12/UBND) Tj ET EMC');
      const ap = update.add(
        new PdfStream(
          new PdfDict({
            Type: PdfName.of('XObject'),
            Subtype: PdfName.of('Form'),
            BBox: [0, 0, 200, 20].map((x) => PdfNumber.of(x)),
            Length: PdfNumber.of(data.length),
          }),
          data,
        ),
      );
      update.set(f.ref!, f.dict.clone().set('AP', new PdfDict({ N: ap })));
    }),
};

describe('signing/validate modification analysis: walks reused between revisions', function () {
  this.timeout(120_000);
  let pki: DevPki;
  let base: Buffer;
  let certs: Buffer[];
  let crls: Buffer[];

  before(async () => {
    pki = await testPki('rsa-2048');
    const crlAt = new Date(PKI_TIME.getTime() + 60_000);
    crls = [
      new DevCrlIssuer(pki.issuingCa.certificate, pki.issuingCa.key).issue(crlAt),
      new DevCrlIssuer(pki.root.certificate, pki.root.key).issue(crlAt),
    ];
    certs = [pki.leader.certificate.der, pki.issuingCa.certificate.der];
    const leader = await signPdf(await draftPdf(), { identity: pki.leader, fieldName: 'lanh_dao', crls });
    const sealed = await signPdf(fillNumberField(addDss(leader, certs, crls), '7/UBND'), {
      identity: pki.organisation,
      fieldName: 'co_quan',
      crls,
      rect: [300, 60, 500, 160],
    });
    base = addDss(sealed, [pki.organisation.certificate.der], crls);
  });

  it('gives the changes of walking every revision afresh, for any sequence of later revisions', () => {
    const names = Object.keys(OPERATIONS);
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...names), { minLength: 1, maxLength: 5 }), (ops) => {
        let pdf = base;
        for (const op of ops) pdf = OPERATIONS[op](pdf, certs, crls);
        const both = bothWays(pdf)!;
        expect(both.reused, ops.join(' → ')).to.deep.equal(both.fresh);
      }),
      { numRuns: 120, seed: 20261201 },
    );
  });

  it('after a revision that changes only /Info, a changed page content stream is still OTHER', () => {
    const pdf = OPERATIONS.replaceContent(OPERATIONS.info(base, certs, crls), certs, crls);
    const both = bothWays(pdf)!;
    const last = (both.reused as { kind: string; detail: string }[][]).at(-1)!;
    expect(last.map((c) => c.kind)).to.include('OTHER');
    expect(last.map((c) => c.detail)).to.include('page content stream changed');
    expect(both.reused).to.deep.equal(both.fresh);
  });

  it('gives the same changes on byte-mutated files (flips in any revision)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.integer({ min: 1, max: 255 }),
        (where, mask) => {
          const pdf = Buffer.from(base);
          pdf[Math.floor(where * pdf.length)] ^= mask;
          const both = bothWays(pdf);
          if (both) expect(both.reused).to.deep.equal(both.fresh);
        },
      ),
      { numRuns: 300, seed: 20261202 },
    );
  });
});
