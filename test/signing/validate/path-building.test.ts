import { expect } from 'chai';
import { generateKeyPair } from '../../../signing/pki/generate-key-pair';
import { issueCertificate } from '../../../signing/pki/issue-certificate';
import type { Certificate } from '../../../signing/pki/certificate';
import * as certificatePath from '../../../signing/validate/certificate-path';

/**
 * Path building over hostile candidates: certificates that share one name and one key issue each
 * other in every order; the search is bounded (MAX_PATH_STEPS) instead of trying every ordering.
 */
describe('signing/validate path building bounds', () => {
  const notBefore = new Date('2026-01-01T00:00:00Z');
  const notAfter = new Date('2027-01-01T00:00:00Z');
  const name = [
    ['C', 'VN'],
    ['CN', 'Cùng một tên'],
  ] as const;

  it('twelve self-issued certificates of one name and key, no anchor: no path, after a bounded search', () => {
    const keys = generateKeyPair('ec-p256');
    const clones: Certificate[] = [];
    for (let i = 0; i < 12; i++)
      clones.push(
        issueCertificate({
          subject: name,
          publicKey: keys.publicKey,
          signingKey: keys.privateKey,
          serialNumber: BigInt(i + 1),
          notBefore,
          notAfter,
          keyUsage: ['keyCertSign', 'cRLSign'],
          ca: {},
        }),
      );
    const leafKeys = generateKeyPair('ec-p256');
    const leaf = issueCertificate({
      subject: [
        ['C', 'VN'],
        ['CN', 'Lá'],
      ],
      publicKey: leafKeys.publicKey,
      issuer: clones[0],
      signingKey: keys.privateKey,
      serialNumber: 100n,
      notBefore,
      notAfter,
      keyUsage: ['digitalSignature'],
    });
    const otherRoot = generateKeyPair('ec-p256');
    const anchor = issueCertificate({
      subject: [['CN', 'Gốc khác']],
      publicKey: otherRoot.publicKey,
      signingKey: otherRoot.privateKey,
      serialNumber: 1n,
      notBefore,
      notAfter,
      keyUsage: ['keyCertSign'],
      ca: {},
    });
    // Unbounded, 12·11·…·4 ≈ 2·10⁸ orderings would be walked before giving up.
    expect(certificatePath.buildPath(leaf, clones, [anchor])).to.deep.equal([]);
    expect(certificatePath.MAX_PATH_STEPS).to.be.at.most(10_000);
  });
});
