/**
 * The /ByteRange gap check (validate-pdf.ts checkStructure) trusts the parser when it decoded
 * /Contents from exactly the gap's bytes of the file: the lexer notes where a long hex string came
 * from only when it read it from the file itself, as hex digits only.
 */
import { expect } from 'chai';
import { Lexer } from '../../../signing/pdf/lexer';
import { PdfReader } from '../../../signing/pdf';
import { PKI_TIME, testPki } from '../pki/dev-pki-fixture';
import { draftPdf, signPdf } from './signed-pdf-fixture';
import { validatePdf } from '../../../signing/validate/validate-pdf';

describe('signing/validate the /Contents gap noted by the lexer', function () {
  this.timeout(60_000);
  const hex = 'a0'.repeat(600);
  /** The offset noted for the string read from `text` (a file window at `base`, or not). */
  const noted = (text: string, inFile: boolean, base = 1000) => {
    const offsets = new Map<Buffer, number>();
    const lx = new Lexer(Buffer.from(text, 'latin1'), 0, base, true, inFile ? offsets : undefined);
    const bytes = lx.readHexString(1 << 20);
    expect(offsets.size).to.be.at.most(1);
    return offsets.get(bytes);
  };

  it('notes the file offset of a long hex string read from the file, hex digits only', () => {
    expect(noted(`<${hex}>`, true)).to.equal(1000);
    expect(noted(`<${hex.toUpperCase()}>`, true, 7)).to.equal(7);
  });

  it('notes nothing for an object stream, white space in the string, or a short string', () => {
    expect(noted(`<${hex}>`, false)).to.equal(undefined);
    expect(noted(`<${hex.slice(0, 600)} ${hex.slice(600)}>`, true)).to.equal(undefined);
    expect(noted('<a0b1>', true)).to.equal(undefined);
  });

  it("a signature's /Contents as our signer writes it is noted at the start of its gap", async () => {
    const pki = await testPki('rsa-2048');
    const signed = await signPdf(await draftPdf(), { identity: pki.leader, fieldName: 'lanh_dao' });
    const reader = PdfReader.open(signed);
    const sig = reader.acroForm().signatureFields.find((f) => f.signature)!.signature!;
    const [, a, b] = sig.byteRange!;
    expect(reader.hexStringFileOffset(sig.contents!)).to.equal(a);
    expect(PdfReader.open(signed).hexStringFileOffset(sig.contents!)).to.equal(undefined);
    expect(b - a).to.equal(2 * sig.contents!.length + 2);
    const s = (
      await validatePdf(signed, {
        trustAnchors: [pki.root.certificate],
        at: new Date(PKI_TIME.getTime() + 3600_000),
      })
    ).signatures[0];
    expect(s.structure.gapIsContents).to.equal(true);
  });
});
