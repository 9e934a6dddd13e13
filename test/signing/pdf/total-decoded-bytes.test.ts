import { expect } from 'chai';
import zlib from 'node:zlib';
import { PdfReader, PdfRef, PdfStream, type PdfError } from '../../../signing/pdf';
import { assemble } from '../../server/signing/hostile-pdfs';

/** PdfLimits.maxTotalDecodedBytes (issue 10 item 5): streams each under the per-stream limit add up. */
describe('PDF reader: total decoded bytes per file', () => {
  const stream = (mib: number) => {
    const data = zlib.deflateSync(Buffer.alloc(mib * 1024 * 1024, 0x20));
    return Buffer.concat([
      Buffer.from(`<< /Filter /FlateDecode /Length ${data.length} >>\nstream\n`),
      data,
      Buffer.from('\nendstream'),
    ]);
  };
  const file = assemble([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [] /Count 0 >>',
    stream(1),
    stream(1),
  ]);
  const decode = (r: PdfReader, n: number) => r.decodeStream(r.getObject(PdfRef.of(n)) as PdfStream);

  it('decodes streams while their sum stays within the total, then refuses naming maxTotalDecodedBytes', () => {
    const r = PdfReader.open(file, {
      limits: { maxDecodedStreamBytes: 2 * 1024 * 1024, maxTotalDecodedBytes: 1.5 * 1024 * 1024 },
    });
    expect(decode(r, 3).length).to.equal(1024 * 1024);
    let error: PdfError | undefined;
    try {
      decode(r, 4);
    } catch (e) {
      error = e as PdfError;
    }
    expect(error?.code).to.equal('PDF_LIMIT_EXCEEDED');
    expect(error?.details).to.deep.include({ limit: 'maxTotalDecodedBytes', value: 1.5 * 1024 * 1024 });
  });

  it('has no total by default, and the per-stream limit keeps its own name', () => {
    const r = PdfReader.open(file);
    expect(decode(r, 3).length + decode(r, 4).length).to.equal(2 * 1024 * 1024);
    const small = PdfReader.open(file, { limits: { maxDecodedStreamBytes: 512 * 1024 } });
    expect(() => decode(small, 3))
      .to.throw()
      .with.property('details')
      .that.deep.include({ limit: 'maxDecodedStreamBytes' });
  });
});
