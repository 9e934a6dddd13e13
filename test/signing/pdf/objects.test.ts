import { expect } from 'chai';
import fc from 'fast-check';
import { CodedError } from '../../../signing/errors';
import {
  ByteSink,
  PdfDict,
  PdfName,
  PdfNumber,
  PdfRef,
  PdfString,
  type PdfValue,
} from '../../../signing/pdf';
import { Lexer } from '../../../signing/pdf/lexer';
import { ObjectParser } from '../../../signing/pdf/parser';

const parse = (text: string | Buffer): PdfValue =>
  new ObjectParser(new Lexer(typeof text === 'string' ? Buffer.from(text, 'latin1') : text)).parseValue();
const serialize = (v: PdfValue): string => new ByteSink().value(v).toBuffer().toString('latin1');

describe('signing/pdf objects, parser and serializer', () => {
  it('keeps the original text of numbers so that copies re-serialise exactly', () => {
    for (const t of ['-.5', '4.', '+17', '0.000000001', '3.14159265358979', '007']) {
      expect(serialize(parse(t))).to.equal(t);
    }
    expect(serialize(new PdfNumber(0.1 + 0.2))).to.equal('0.3');
    expect(serialize(PdfNumber.of(42))).to.equal('42');
  });

  it('parses references, names with #xx escapes and nested containers', () => {
    const v = parse(
      '<< /A 12 0 R /B [1 2 R 3] /Name#20With#23Hash /x /Nested << /K [ (a) <41 42> ] >> >>',
    ) as PdfDict;
    expect(v.get('A')).to.deep.equal(PdfRef.of(12, 0));
    expect(v.get('B')).to.deep.equal([PdfRef.of(1, 2), PdfNumber.of(3)]);
    expect(v.has('Name With#Hash')).to.equal(true);
    expect(serialize(PdfName.of('Name With#Hash'))).to.equal('/Name#20With#23Hash');
    const k = ((v.get('Nested') as PdfDict).get('K') as PdfString[]).map((s) => s.text());
    expect(k).to.deep.equal(['a', 'AB']);
  });

  it('decodes literal string escapes (§7.3.4.2)', () => {
    const s = parse('(a\\(b\\)c\\\\d\\n\\101\\\r\ne(f)g\r\nh)') as PdfString;
    expect(s.bytes.toString('latin1')).to.equal('a(b)c\\d\nAe(f)g\nh');
  });

  it('encodes Vietnamese text strings as UTF-16BE and reads them back', () => {
    const s = PdfString.fromText('Quyết định số 123/QĐ-UBND');
    expect([...s.bytes.subarray(0, 2)]).to.deep.equal([0xfe, 0xff]);
    expect((parse(serialize(s)) as PdfString).text()).to.equal('Quyết định số 123/QĐ-UBND');
  });

  it('round-trips arbitrary values through serialize and parse', () => {
    const leaf = fc.oneof(
      fc.constant(null),
      fc.boolean(),
      fc.integer({ min: -1e9, max: 1e9 }).map((n) => PdfNumber.of(n)),
      fc.uint8Array({ maxLength: 40 }).map((b) => new PdfString(Buffer.from(b), false)),
      fc.uint8Array({ maxLength: 40 }).map((b) => new PdfString(Buffer.from(b), true)),
      fc
        .string({ minLength: 1, maxLength: 12 })
        .map((s) => PdfName.of(Buffer.from(s, 'utf8').toString('latin1'))),
      fc.tuple(fc.nat(1e6), fc.nat(65535)).map(([n, g]) => PdfRef.of(n, g)),
    );
    const value = fc.letrec<{ v: PdfValue }>((tie) => ({
      v: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        leaf,
        fc.array(tie('v'), { maxLength: 5 }),
        fc
          .array(fc.tuple(fc.string({ minLength: 1, maxLength: 8 }), tie('v')), { maxLength: 5 })
          .map(
            (es) =>
              new PdfDict(
                es
                  .filter(([, x]) => x !== null)
                  .map(([k, x]) => [Buffer.from(k, 'utf8').toString('latin1'), x]),
              ),
          ),
      ),
    })).v;
    fc.assert(
      fc.property(value, (v) => {
        const text = serialize(v);
        expect(serialize(parse(Buffer.from(text, 'latin1')))).to.equal(text);
      }),
      { numRuns: 300 },
    );
  });

  it('raises a CodedError, never another exception, on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        try {
          parse(Buffer.from(bytes));
        } catch (e) {
          expect(e).to.be.instanceOf(CodedError);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
