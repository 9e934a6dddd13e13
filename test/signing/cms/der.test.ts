import { expect } from 'chai';
import fc from 'fast-check';
import {
  children,
  decodeInteger,
  decodeOid,
  decodeTime,
  generalizedTime,
  integer,
  oid,
  readWhole,
  sequence,
  setOf,
  time,
  utf8String,
} from '../../../signing/cms/der';

describe('signing/cms der', () => {
  it('round-trips OBJECT IDENTIFIERs, including large arcs', () => {
    expect(oid('1.2.840.113549.1.9.16.2.47').toString('hex')).to.equal('060b2a864886f70d010910022f');
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 0, max: 39 }),
        fc.array(fc.bigInt({ min: 0n, max: 2n ** 70n })),
        (a, b, rest) => {
          const dotted = [a, b, ...rest].join('.');
          expect(decodeOid(readWhole(oid(dotted)))).to.equal(dotted);
        },
      ),
    );
  });

  it('reads any OBJECT IDENTIFIER content as base-128 arcs, exact beyond 2^53 (X.690 §8.19)', () => {
    // The definition, arc by arc in BigInt: what the number-based reader must agree with.
    const reference = (content: Uint8Array): string => {
      const arcs: bigint[] = [];
      let n = 0n;
      for (const b of content) {
        n = (n << 7n) | BigInt(b & 0x7f);
        if (!(b & 0x80)) {
          arcs.push(n);
          n = 0n;
        }
      }
      const first = arcs.shift() ?? 0n;
      const head = first < 40n ? [0n, first] : first < 80n ? [1n, first - 40n] : [2n, first - 80n];
      return [...head, ...arcs].join('.');
    };
    const asOid = (content: Uint8Array) =>
      readWhole(Buffer.concat([Buffer.from([0x06, content.length]), content]));
    for (const hex of [
      '7f',
      '50',
      '4f',
      '28',
      '27',
      '00',
      '88378052',
      'ffffffffff7f01',
      '818080808080808000',
      'ff',
      '2a80',
    ])
      expect(decodeOid(asOid(Buffer.from(hex, 'hex'))), hex).to.equal(reference(Buffer.from(hex, 'hex')));
    expect(decodeOid(asOid(Buffer.from('ffffffffffffffffff7f', 'hex')))).to.equal('2.1180591620717411303343');
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 24 }), (content) => {
        expect(decodeOid(asOid(content))).to.equal(reference(content));
      }),
      { numRuns: 5000 },
    );
  });

  it('round-trips non-negative INTEGERs with minimal two-complement encoding', () => {
    expect(integer(128).toString('hex')).to.equal('02020080');
    expect(integer(0).toString('hex')).to.equal('020100');
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 160n }), (n) => {
        const t = readWhole(integer(n));
        expect(decodeInteger(t)).to.equal(n);
        if (t.content.length > 1) expect(t.content[0] === 0 && t.content[1] < 0x80).to.equal(false);
      }),
    );
  });

  it('reads any INTEGER content as two’s complement (X.690 §8.3), short and long', () => {
    const reference = (content: Uint8Array): bigint => {
      let n = 0n;
      for (const b of content) n = (n << 8n) | BigInt(b);
      return content[0] & 0x80 ? n - (1n << BigInt(content.length * 8)) : n;
    };
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 40 }), (content) => {
        const t = readWhole(Buffer.concat([Buffer.from([0x02, content.length]), content]));
        expect(decodeInteger(t)).to.equal(reference(content));
      }),
      { numRuns: 5000 },
    );
  });

  it('writes UTCTime until 2049 and GeneralizedTime from 2050 (RFC 5280 §4.1.2.5), both read back', () => {
    const d1 = new Date('2049-12-31T23:59:59Z');
    const d2 = new Date('2050-01-01T00:00:00Z');
    expect(time(d1)[0]).to.equal(0x17);
    expect(time(d2)[0]).to.equal(0x18);
    expect(decodeTime(readWhole(time(d1))).getTime()).to.equal(d1.getTime());
    expect(decodeTime(readWhole(time(d2))).getTime()).to.equal(d2.getTime());
    const ms = new Date('2026-03-02T01:00:01.230Z');
    expect(readWhole(generalizedTime(ms, true)).content.toString()).to.equal('20260302010001.23Z');
    expect(decodeTime(readWhole(generalizedTime(ms, true))).getTime()).to.equal(ms.getTime());
  });

  it('sorts SET OF by encoding (X.690 §11.6) and encodes long lengths', () => {
    const s = setOf(utf8String('b'), utf8String('a'));
    expect(children(readWhole(s)).map((c) => c.content.toString())).to.deep.equal(['a', 'b']);
    const big = sequence(Buffer.alloc(70000, 1));
    expect(big.subarray(0, 5).toString('hex')).to.equal('3083011170');
    expect(readWhole(big).content.length).to.equal(70000);
  });

  it('rejects indefinite lengths, overruns and trailing bytes with ASN1_MALFORMED', () => {
    for (const hex of ['3080', '3005020101', '300302010100', '1f0100', '30']) {
      expect(() => readWhole(Buffer.from(hex, 'hex')), hex)
        .to.throw()
        .with.property('code', 'ASN1_MALFORMED');
    }
  });
});
