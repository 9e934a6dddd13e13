import { expect } from 'chai';
import * as crypto from 'node:crypto';
import { bitString, children, integerFromUnsigned, readWhole, sequence, tlv } from '../../../signing/cms/der';
import { Certificate } from '../../../signing/pki/certificate';
import { issueCertificate } from '../../../signing/pki/issue-certificate';
import { publicKeyFromSpki } from '../../../signing/pki/public-key-from-spki';
import { PKI_TIME } from './dev-pki-fixture';

const spkiOf = (k: crypto.KeyObject): Buffer => k.export({ format: 'der', type: 'spki' });

/** OpenSSL's own SPKI import, or the error it gives. */
function openssl(spki: Buffer): crypto.KeyObject | Error {
  try {
    return crypto.createPublicKey({ key: spki, format: 'der', type: 'spki' });
  } catch (e) {
    return e as Error;
  }
}

function ours(spki: Buffer): crypto.KeyObject | Error {
  try {
    return publicKeyFromSpki(spki);
  } catch (e) {
    return e as Error;
  }
}

/** Both import the same key, or both refuse it. */
function expectSameAsOpenssl(spki: Buffer, label: string): void {
  const expected = openssl(spki);
  const got = ours(spki);
  if (expected instanceof Error) expect(got, label).to.be.instanceOf(Error);
  else {
    expect(got, label).to.be.instanceOf(crypto.KeyObject);
    expect((got as crypto.KeyObject).equals(expected), label).to.equal(true);
    expect(spkiOf(got as crypto.KeyObject).equals(spkiOf(expected)), `${label} export`).to.equal(true);
  }
}

/** The SPKI with the point's y coordinate changed: no longer on the curve. */
function offCurve(spki: Buffer): Buffer {
  const out = Buffer.from(spki);
  out.fill(0x11, out.length - 20);
  return out;
}

describe('signing/pki publicKeyFromSpki', () => {
  const rsa = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ecs = (['P-256', 'P-384', 'P-521'] as const).map((c) => [
    c,
    crypto.generateKeyPairSync('ec', { namedCurve: c }),
  ]) as [string, crypto.KeyPairKeyObjectResult][];

  it('imports RSA (any exponent) and EC P-256/P-384/P-521 keys equal to OpenSSL’s SPKI import', () => {
    const specs: [string, crypto.KeyObject][] = [
      ['rsa-2048', rsa.publicKey],
      ['rsa e=3', crypto.generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 3 }).publicKey],
      ['rsa-1024', crypto.generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey],
      ...ecs.map(([c, kp]) => [c, kp.publicKey] as [string, crypto.KeyObject]),
    ];
    for (const [label, key] of specs) expectSameAsOpenssl(spkiOf(key), label);
  });

  it('verifies what the private key signed, with the key imported from its components', () => {
    const data = Buffer.from('Quyết định số 12/QĐ-UBND');
    const imported = publicKeyFromSpki(spkiOf(rsa.publicKey));
    expect(crypto.verify('sha256', data, imported, crypto.sign('sha256', data, rsa.privateKey))).to.equal(
      true,
    );
    for (const [c, kp] of ecs) {
      const sig = crypto.sign('sha384', data, kp.privateKey);
      expect(crypto.verify('sha384', data, publicKeyFromSpki(spkiOf(kp.publicKey)), sig), c).to.equal(true);
    }
  });

  it('leaves RSA-PSS keys, other curves and compressed points to OpenSSL’s decoder (same key)', () => {
    const pss = crypto.generateKeyPairSync('rsa-pss', {
      modulusLength: 2048,
      hashAlgorithm: 'sha256',
      mgf1HashAlgorithm: 'sha256',
    }).publicKey;
    expect(publicKeyFromSpki(spkiOf(pss)).asymmetricKeyType).to.equal('rsa-pss');
    expectSameAsOpenssl(spkiOf(pss), 'rsa-pss');
    const k1 = crypto.generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).publicKey;
    expectSameAsOpenssl(spkiOf(k1), 'secp256k1');
    const p256 = ecs[0][1].publicKey;
    const compressed = crypto.ECDH.convertKey(
      spkiOf(p256).subarray(-65),
      'prime256v1',
      undefined,
      undefined,
      'compressed',
    ) as Buffer;
    const [algId] = children(readWhole(spkiOf(p256)));
    expectSameAsOpenssl(sequence(algId.raw, bitString(compressed)), 'compressed P-256 point');
  });

  /** A P-384 algorithm identifier around a P-256-sized point. */
  const p384Short = (): Buffer => {
    const [alg] = children(readWhole(spkiOf(ecs[1][1].publicKey)));
    return sequence(alg.raw, bitString(spkiOf(ecs[0][1].publicKey).subarray(-65)));
  };

  it('agrees with OpenSSL on odd and broken encodings', () => {
    const [algId, bits] = children(readWhole(spkiOf(rsa.publicKey)));
    const [n, e] = children(readWhole(bits.content.subarray(1)));
    const rsaSpki = (...parts: Buffer[]) => sequence(algId.raw, bitString(sequence(...parts)));
    const variants: [string, Buffer][] = [
      ['non-minimal modulus', rsaSpki(tlv(0x02, Buffer.concat([Buffer.from([0, 0]), n.content])), e.raw)],
      ['negative modulus', rsaSpki(tlv(0x02, n.content.subarray(1)), e.raw)],
      ['zero exponent', rsaSpki(n.raw, integerFromUnsigned(Buffer.from([0])))],
      ['trailing INTEGER', rsaSpki(n.raw, e.raw, e.raw)],
      ['unused bits', sequence(algId.raw, bitString(sequence(n.raw, e.raw), 1))],
      ['no NULL parameters', sequence(sequence(children(algId)[0].raw), bits.raw)],
      ['trailing bytes', Buffer.concat([spkiOf(rsa.publicKey), Buffer.from([0])])],
      ['truncated', spkiOf(rsa.publicKey).subarray(0, 100)],
      ['P-256 point off the curve', offCurve(spkiOf(ecs[0][1].publicKey))],
      ['P-384 point of P-256 length', p384Short()],
    ];
    for (const [label, der] of variants) expectSameAsOpenssl(der, label);
    // The broken ones are refused, not imported as something else.
    for (const label of ['trailing INTEGER', 'truncated', 'P-256 point off the curve'])
      expect(ours(variants.find((v) => v[0] === label)![1]), label).to.be.instanceOf(Error);
  });

  it('Certificate.publicKey is imported once per certificate', () => {
    const cert = issueCertificate({
      subject: [['CN', 'Khoá công khai']],
      publicKey: rsa.publicKey,
      signingKey: rsa.privateKey,
      serialNumber: 3n,
      notBefore: PKI_TIME,
      notAfter: new Date(PKI_TIME.getTime() + 86_400_000),
      keyUsage: ['digitalSignature'],
    });
    const again = Certificate.fromDer(cert.der);
    expect(again.publicKey).to.equal(again.publicKey);
    expect(again.publicKey.equals(rsa.publicKey)).to.equal(true);
  });
});
