import { expect } from 'chai';
import * as zlib from 'node:zlib';
import { CodedError } from '../../../signing/errors';
import { PdfReader, PdfRef, PdfStream } from '../../../signing/pdf';
import { MINIMAL_BODIES, syntheticPdf } from './synthetic-pdf';

function expectCoded(fn: () => unknown, code?: string): void {
  try {
    fn();
  } catch (e) {
    expect(e, String(e)).to.be.instanceOf(CodedError);
    if (code !== undefined) expect((e as CodedError).code).to.equal(code);
    return;
  }
  expect.fail('expected a CodedError');
}

describe('signing/pdf reader on hostile input', () => {
  it('reads the synthetic baseline (so the variants below test what they claim)', () => {
    const r = PdfReader.open(syntheticPdf(MINIMAL_BODIES));
    expect(r.pages()).to.have.length(1);
    expect(r.repaired).to.equal(false);
    expect(r.pages()[0].mediaBox).to.deep.equal([0, 0, 595.276, 841.89]);
  });

  it('reads objects with comments, odd white-space and a missing endobj', () => {
    const pdf = syntheticPdf([
      '<< /Type /Catalog % a comment\r\n /Pages\f2 0 R >>',
      '<</Type/Pages/Kids[3 0 R]/Count 1>>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>',
    ]).toString('latin1');
    const noEndobj = Buffer.from(pdf.replace('>>\nendobj\n2 0 obj', '>>\n2 0 obj'), 'latin1');
    expect(noEndobj.length).to.be.lessThan(pdf.length);
    const r = PdfReader.open(noEndobj);
    expect(r.pages()).to.have.length(1);
  });

  it('stops at a /Prev that points at its own section and records the loop', () => {
    const base = syntheticPdf(MINIMAL_BODIES);
    const xref = base.lastIndexOf('xref\n0 ');
    const looped = syntheticPdf(MINIMAL_BODIES, '', { prev: xref });
    const r = PdfReader.open(looped);
    expect(r.revisions).to.have.length(1);
    expect(r.repairs.join()).to.contain('loop');
  });

  it('stops at a two-section /Prev cycle', () => {
    const base = syntheticPdf(MINIMAL_BODIES);
    const firstXref = base.lastIndexOf('xref\n0 ');
    // Append a second section whose /Prev is the first, and patch the first to point at the second.
    const second = base.length;
    const tail = `xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 4 /Root 1 0 R /Prev ${firstXref} >>\nstartxref\n${second}\n%%EOF\n`;
    let text = Buffer.concat([base, Buffer.from(tail, 'latin1')]).toString('latin1');
    text = text.replace('/Root 1 0 R >>', `/Root 1 0 R /Prev ${String(second).padStart(5, '0')}>>`);
    const r = PdfReader.open(Buffer.from(text, 'latin1'));
    expect(r.revisions.length).to.be.at.most(2);
    expect(r.repairs.join()).to.contain('loop');
    expect(r.pages()).to.have.length(1);
  });

  it('refuses nesting deeper than the limit without overflowing the stack', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const r = PdfReader.open(syntheticPdf([...MINIMAL_BODIES, deep]));
    expectCoded(() => r.getObject(PdfRef.of(4)), 'PDF_LIMIT_EXCEEDED');
  });

  it('refuses oversized arrays through a configurable limit', () => {
    const big = '[' + '1 '.repeat(5000) + ']';
    const r = PdfReader.open(syntheticPdf([...MINIMAL_BODIES, big]), { limits: { maxArrayLength: 1000 } });
    expectCoded(() => r.getObject(PdfRef.of(4)), 'PDF_LIMIT_EXCEEDED');
  });

  it('finds endstream when /Length is huge or wrong and warns', () => {
    const body = '<< /Length 999999999 >>\nstream\nhello world\nendstream';
    const r = PdfReader.open(syntheticPdf([...MINIMAL_BODIES, body]));
    const s = r.getObject(PdfRef.of(4)) as PdfStream;
    expect(s.encodedBytes().toString('latin1')).to.equal('hello world');
    expect(r.warnings.join()).to.contain('/Length 999999999 corrected to 11');
  });

  it('stops a Flate bomb at the decoded-size limit', () => {
    const bomb = zlib.deflateSync(Buffer.alloc(64 * 1024 * 1024));
    const body = Buffer.concat([
      Buffer.from(`<< /Length ${bomb.length} /Filter /FlateDecode >>\nstream\n`, 'latin1'),
      bomb,
      Buffer.from('\nendstream', 'latin1'),
    ]);
    const r = PdfReader.open(syntheticPdf([...MINIMAL_BODIES, body]), {
      limits: { maxDecodedStreamBytes: 1024 * 1024 },
    });
    const s = r.getObject(PdfRef.of(4)) as PdfStream;
    expectCoded(() => r.decodeStream(s), 'PDF_LIMIT_EXCEEDED');
  });

  it('decodes Flate with a PNG predictor and the ASCII filters', () => {
    const raw = Buffer.from([2, 1, 2, 3, 2, 1, 1, 1]); // rows of 3 bytes with PNG "Up" filter
    const enc = zlib.deflateSync(raw).toString('hex') + '>';
    const body = `<< /Length ${enc.length} /Filter [/ASCIIHexDecode /FlateDecode] /DecodeParms [null << /Predictor 12 /Columns 3 >>] >>\nstream\n${enc}\nendstream`;
    const a85 = '<< /Length 7 /Filter /ASCII85Decode >>\nstream\n87cUR~>\nendstream';
    const rl = Buffer.concat([
      Buffer.from('<< /Length 5 /Filter /RunLengthDecode >>\nstream\n', 'latin1'),
      Buffer.from([1, 0x41, 0x42, 0xfe, 0x43]),
      Buffer.from('\nendstream', 'latin1'),
    ]);
    const r = PdfReader.open(syntheticPdf([...MINIMAL_BODIES, body, a85, rl]));
    expect([...r.decodeStream(r.getObject(PdfRef.of(4)) as PdfStream)]).to.deep.equal([1, 2, 3, 2, 3, 4]);
    expect(r.decodeStream(r.getObject(PdfRef.of(5)) as PdfStream).toString('latin1')).to.equal('Hell');
    expect(r.decodeStream(r.getObject(PdfRef.of(6)) as PdfStream).toString('latin1')).to.equal('ABCCC');
  });

  it('fails clearly on empty, garbage and truncated files', () => {
    expectCoded(() => PdfReader.open(Buffer.alloc(0)));
    expectCoded(() => PdfReader.open(Buffer.from('hello, this is not a PDF at all')));
    const pdf = syntheticPdf(MINIMAL_BODIES);
    for (const cut of [10, 40, 100, pdf.length - 30]) {
      try {
        const r = PdfReader.open(pdf.subarray(0, cut));
        r.pages();
      } catch (e) {
        expect(e, `cut at ${cut}: ${String(e)}`).to.be.instanceOf(CodedError);
      }
    }
  });

  it('survives random byte corruption: a result or a CodedError, never another exception', () => {
    const pdf = syntheticPdf([...MINIMAL_BODIES, '<< /Length 3 >>\nstream\nabc\nendstream', '(a string) ']);
    let seed = 12345;
    const rnd = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 500; i++) {
      const b = Buffer.from(pdf);
      for (let k = 0; k < 4; k++) b[Math.floor(rnd() * b.length)] = Math.floor(rnd() * 256);
      try {
        const r = PdfReader.open(b);
        r.pages();
        r.acroForm();
        for (let n = 1; n <= 5; n++) r.getObject(PdfRef.of(n));
      } catch (e) {
        if (!(e instanceof CodedError)) throw new Error(`iteration ${i}: ${String(e)}`, { cause: e });
      }
    }
  });
});
