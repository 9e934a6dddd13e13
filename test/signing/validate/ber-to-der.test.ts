import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { octetString, sequence } from '../../../signing/cms/der';
import { berToDer } from '../../../signing/validate/ber-to-der';

describe('signing/validate berToDer (NSS writes BER)', () => {
  it('rewrites indefinite lengths as definite ones, nested, and drops the /Contents zero padding', () => {
    const inner = octetString(Buffer.from('signed attributes stay as they are'));
    // SEQUENCE (indefinite) { [0] (indefinite) { OCTET STRING } }
    const ber = Buffer.concat([Buffer.from([0x30, 0x80, 0xa0, 0x80]), inner, Buffer.from([0, 0, 0, 0])]);
    const padded = Buffer.concat([ber, Buffer.alloc(100)]);
    expect(berToDer(padded).toString('hex')).to.equal(
      sequence(Buffer.concat([Buffer.from([0xa0, inner.length]), inner])).toString('hex'),
    );
  });

  it('keeps DER exactly as it was, even a non-minimal length inside (the bytes a signature covers)', () => {
    const nonMinimal = Buffer.concat([Buffer.from([0x04, 0x81, 0x03]), Buffer.from('abc')]);
    const der = sequence(nonMinimal, octetString(randomBytes(300)));
    expect(berToDer(Buffer.concat([der, Buffer.alloc(16)])).equals(der)).to.equal(true);
  });

  it('rebuilds a parent whose rebuilt child happens to keep the same size', () => {
    // An indefinite child of 300 content bytes: 1 + 1 + 300 + 2 bytes, definite: 1 + 3 + 300 bytes.
    const content = octetString(randomBytes(296));
    const child = Buffer.concat([Buffer.from([0x31, 0x80]), content, Buffer.from([0, 0])]);
    const der = berToDer(sequence(child));
    // The rebuilt child's header (the random content may hold any pair of bytes, so look only there).
    expect(der.subarray(4, 8).toString('hex')).to.equal('3182012c');
    expect(der.equals(sequence(sequence(content).fill(0x31, 0, 1)))).to.equal(true);
  });

  it('refuses truncated or inconsistent input with an error, not a crash', () => {
    for (const bad of [
      Buffer.from([0x30, 0x80, 0x04, 0x01]),
      Buffer.from([0x04, 0x80, 0x00, 0x00]),
      Buffer.from([0x30, 0x05, 0x04, 0x09, 0x00]),
      Buffer.from([0x30]),
    ])
      expect(() => berToDer(bad)).to.throw(/malformed BER/);
  });
});
