/**
 * A parsed OCSP response (RFC 6960 §4.2.1): the BasicOCSPResponse's single responses, the
 * certificates it carries and a check of who signed it (§4.2.2.2: the CA itself, or a responder
 * certificate the CA issued with id-kp-OCSPSigning). Accepts an OCSPResponse or a bare
 * BasicOCSPResponse (as some archival formats hold them). Parsing never throws: `parse` returns null.
 */
import * as crypto from 'node:crypto';
import { digestAlgorithmFromOid, parseSignatureAlgorithm, verifyWithKey } from '../cms/algorithms';
import { children, decodeInteger, decodeOid, decodeTime, readTlv, readWhole, type Tlv } from '../cms/der';
import { OID } from '../cms/oids';
import { Certificate } from '../pki/certificate';

export interface SingleOcspResponse {
  readonly hashAlgorithm: string | null;
  readonly issuerNameHash: Buffer;
  readonly issuerKeyHash: Buffer;
  readonly serialNumber: bigint;
  readonly status: 'good' | 'revoked' | 'unknown';
  readonly revokedAt?: Date;
  readonly thisUpdate: Date;
  readonly nextUpdate?: Date;
}

export class OcspResponse {
  private constructor(
    readonly producedAt: Date,
    readonly responses: readonly SingleOcspResponse[],
    readonly certificates: readonly Certificate[],
    private readonly tbsDer: Buffer,
    private readonly signatureAlgorithm: Tlv,
    private readonly signatureValue: Buffer,
  ) {}

  static parse(der: Buffer): OcspResponse | null {
    try {
      let basic = readTlv(der, 0);
      const first = children(basic)[0];
      if (first?.tag === 0x0a) {
        // OCSPResponse: status 0 (successful) and responseBytes of type id-pkix-ocsp-basic.
        if (first.content[0] !== 0) return null;
        const [, bytes] = children(basic);
        const [type, octets] = children(children(bytes)[0]);
        if (decodeOid(type) !== OID.ocspBasic) return null;
        basic = readWhole(octets.content);
      }
      const [tbs, algId, sigBits, certsField] = children(basic);
      if (!tbs || !algId || sigBits?.tag !== 0x03) return null;
      const f = children(tbs);
      let i = f[0]?.tag === 0xa0 ? 1 : 0;
      i++; // responderID (the signer is found among the certificates instead)
      const producedAt = decodeTime(f[i++]);
      const responses: SingleOcspResponse[] = children(f[i]).map((single) => {
        const parts = children(single);
        const [alg, nameHash, keyHash, serial] = children(parts[0]);
        const st = parts[1];
        let status: SingleOcspResponse['status'] = 'unknown';
        let revokedAt: Date | undefined;
        if (st.tag === 0x80) status = 'good';
        else if (st.tag === 0xa1) {
          status = 'revoked';
          revokedAt = decodeTime(children(st)[0]);
        }
        const next = parts.slice(3).find((p) => p.tag === 0xa0);
        return {
          hashAlgorithm: digestAlgorithmFromOid(decodeOid(children(alg)[0])),
          issuerNameHash: nameHash.content,
          issuerKeyHash: keyHash.content,
          serialNumber: decodeInteger(serial),
          status,
          revokedAt,
          thisUpdate: decodeTime(parts[2]),
          nextUpdate: next ? decodeTime(children(next)[0]) : undefined,
        };
      });
      const certificates = certsField
        ? children(children(certsField)[0]).flatMap((c) => {
            try {
              return [Certificate.fromDer(c.raw)];
            } catch {
              return [];
            }
          })
        : [];
      return new OcspResponse(
        producedAt,
        responses,
        certificates,
        tbs.raw,
        algId,
        sigBits.content.subarray(1),
      );
    } catch {
      return null;
    }
  }

  /** RFC 6960 §4.2.2.2: signed by `issuer`, or by a responder certificate `issuer` issued for OCSP. */
  isAuthorisedBy(issuer: Certificate, at: Date): boolean {
    const alg = (() => {
      try {
        return parseSignatureAlgorithm(this.signatureAlgorithm, null);
      } catch {
        return null;
      }
    })();
    if (alg === null) return false;
    const signedBy = (c: Certificate) => verifyWithKey(alg, this.tbsDer, this.signatureValue, c.publicKey);
    if (signedBy(issuer)) return true;
    return this.certificates.some(
      (r) =>
        r.isIssuedBy(issuer) &&
        r.isValidAt(at) &&
        (r.extendedKeyUsage ?? []).includes(OID.kpOcspSigning) &&
        signedBy(r),
    );
  }

  /** The single response about `certificate` issued by `issuer` (CertID match, RFC 6960 §4.1.1). */
  find(certificate: Certificate, issuer: Certificate): SingleOcspResponse | undefined {
    const [, key] = children(readTlv(issuer.subjectPublicKeyInfoDer));
    const keyBits = key.content.subarray(1);
    return this.responses.find((r) => {
      if (r.hashAlgorithm === null || r.serialNumber !== certificate.serialNumber) return false;
      const h = (b: Buffer) => crypto.createHash(r.hashAlgorithm!).update(b).digest();
      return h(issuer.subjectDer).equals(r.issuerNameHash) && h(keyBits).equals(r.issuerKeyHash);
    });
  }
}
