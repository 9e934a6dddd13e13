import { expect } from 'chai';
import { PdfDict, PdfName, PdfNumber, PdfRef, PdfStream } from '../../../signing/pdf';
import type { DevPki } from '../../../signing/pki/create-dev-pki';
import { DevCrlIssuer } from '../../../signing/pki/dev-crl-issuer';
import { validatePdf } from '../../../signing/validate/validate-pdf';
import { PKI_TIME, testPki } from '../pki/dev-pki-fixture';
import { appendRevision, draftPdf, signPdf } from './signed-pdf-fixture';

const AT = new Date(PKI_TIME.getTime() + 24 * 3600 * 1000);

describe('signing/validate changes disguised as housekeeping', function () {
  this.timeout(60_000);
  let pki: DevPki;
  let signed: Buffer;

  before(async () => {
    pki = await testPki('rsa-2048');
    const crlAt = new Date(PKI_TIME.getTime() + 60_000);
    const crls = [
      new DevCrlIssuer(pki.issuingCa.certificate, pki.issuingCa.key).issue(crlAt),
      new DevCrlIssuer(pki.root.certificate, pki.root.key).issue(crlAt),
    ];
    signed = await signPdf(await draftPdf(), { identity: pki.leader, fieldName: 'lanh_dao', crls });
  });

  it('a page content stream replaced by one labelled /Type /Metadata is still a content change (OTHER)', async () => {
    const attacked = appendRevision(signed, (update, reader) => {
      const page = reader.pages()[0];
      const contents = page.dict.get('Contents');
      const ref = (Array.isArray(contents) ? contents[0] : contents) as PdfRef;
      const text = Buffer.from('BT /F1 14 Tf 60 760 Td (QUYET DINH da bi sua) Tj ET', 'latin1');
      update.set(
        ref,
        new PdfStream(
          new PdfDict({
            Type: PdfName.of('Metadata'),
            Subtype: PdfName.of('XML'),
            Length: PdfNumber.of(text.length),
          }),
          text,
        ),
      );
    });
    const r = await validatePdf(attacked, { trustAnchors: [pki.root.certificate], at: AT });
    const [s] = r.signatures;
    expect(s.intact).to.equal(true);
    expect(s.modificationLevel).to.equal('OTHER');
    expect(s.indication).to.equal('TOTAL_FAILED');
  });

  it('a page content stream made the trailer’s /Info and then changed is still a content change (OTHER)', async () => {
    let contentRef: PdfRef | undefined;
    const repointed = appendRevision(signed, (update, reader) => {
      const contents = reader.pages()[0].dict.get('Contents');
      contentRef = (Array.isArray(contents) ? contents[0] : contents) as PdfRef;
      update.setTrailer('Info', contentRef);
    });
    const attacked = appendRevision(repointed, (update) => {
      const text = Buffer.from('BT /F1 14 Tf 60 760 Td (QUYET DINH da bi sua) Tj ET', 'latin1');
      update.set(contentRef!, new PdfStream(new PdfDict({ Length: PdfNumber.of(text.length) }), text));
      update.setTrailer('Info', contentRef!);
    });
    const r = await validatePdf(attacked, { trustAnchors: [pki.root.certificate], at: AT });
    expect(r.signatures[0].modificationLevel).to.equal('OTHER');
    expect(r.signatures[0].indication).to.equal('TOTAL_FAILED');
  });

  it('the catalog’s own XMP /Metadata may still be updated (LTA_UPDATES)', async () => {
    const xmp = (text: string) => {
      const data = Buffer.from(
        `<?xpacket begin=""?><x:xmpmeta xmlns:x="adobe:ns:meta/">${text}</x:xmpmeta>`,
        'utf8',
      );
      return new PdfStream(
        new PdfDict({
          Type: PdfName.of('Metadata'),
          Subtype: PdfName.of('XML'),
          Length: PdfNumber.of(data.length),
        }),
        data,
      );
    };
    let metaRef: PdfRef | undefined;
    // Before signing: the draft gets a catalog /Metadata stream.
    const withMeta = appendRevision(await draftPdf(), (update, reader) => {
      metaRef = update.add(xmp('v1'));
      update.set(reader.rootRef!, (reader.catalog.clone() as PdfDict).set('Metadata', metaRef));
    });
    const s1 = await signPdf(withMeta, { identity: pki.leader, fieldName: 'lanh_dao', crls: [] });
    const updated = appendRevision(s1, (update) => update.set(metaRef!, xmp('v2')));
    const r = await validatePdf(updated, { trustAnchors: [pki.root.certificate], at: AT });
    expect(r.signatures[0].modificationLevel).to.equal('LTA_UPDATES');
    expect(r.signatures[0].modifications.allowed).to.equal(true);
  });
});
