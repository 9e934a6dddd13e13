/**
 * A parsed OCSP response (RFC 6960 §4.2.1): the BasicOCSPResponse's single responses, the
 * certificates it carries and a check of who signed it (§4.2.2.2: the CA itself, or a responder
 * certificate the CA issued with id-kp-OCSPSigning). Accepts an OCSPResponse or a bare
 * BasicOCSPResponse (as some archival formats hold them). Parsing never throws: `parse` returns null.
 */
import * as crypto from 'node:crypto';
import { digestAlgorithmFromOid, verifyWithKey } from '../cms/algorithms';
import { children, decodeInteger, decodeOid, decodeTime, readTlv, readWhole, type Tlv } from '../cms/der';
import { OID } from '../cms/oids';
import { Certificate } from '../pki/certificate';
import { isCertificateSignedBy } from './certificate-signature-check';
import { signatureAlgorithmOf } from './signature-algorithm-of';

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
    /** ResponderID (§4.2.1): the responder's Name DER, or the SHA-1 of its public key. */
    private readonly responderId: { readonly name?: Buffer; readonly keyHash?: Buffer },
    private readonly tbsDer: Buffer,
    private readonly signatureAlgorithm: Tlv,
    private readonly signatureValue: Buffer,
  ) {}

  /** `certificateOf` parses the embedded certificates (a validation's cache shares them). */
  static parse(
    der: Buffer,
    certificateOf: (der: Buffer) => Certificate | null = parseCertificate,
  ): OcspResponse | null {
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
      // ResponderID: byName [1] EXPLICIT Name, byKey [2] EXPLICIT KeyHash (an OCTET STRING).
      const rid = f[i++];
      const ridValue = rid !== undefined ? children(rid)[0] : undefined;
      const responderId =
        rid?.tag === 0xa1 && ridValue !== undefined
          ? { name: ridValue.raw }
          : rid?.tag === 0xa2 && ridValue?.tag === 0x04
            ? { keyHash: ridValue.content }
            : {};
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
        ? children(children(certsField)[0])
            .map((c) => certificateOf(c.raw))
            .filter((c): c is Certificate => c !== null)
        : [];
      return new OcspResponse(
        producedAt,
        responses,
        certificates,
        responderId,
        tbs.raw,
        algId,
        sigBits.content.subarray(1),
      );
    } catch {
      return null;
    }
  }

  /**
   * RFC 6960 §4.2.2.2: signed by `issuer`, or by a responder certificate `issuer` issued for OCSP.
   * Memoised per issuer instance and moment (the checks are signature verifications).
   */
  isAuthorisedBy(issuer: Certificate, at: Date): boolean {
    let byTime = this.authorised.get(issuer);
    if (byTime === undefined) this.authorised.set(issuer, (byTime = new Map()));
    let ok = byTime.get(at.getTime());
    if (ok === undefined) byTime.set(at.getTime(), (ok = this.checkAuthorisedBy(issuer, at)));
    return ok;
  }

  private readonly authorised = new WeakMap<Certificate, Map<number, boolean>>();

  private checkAuthorisedBy(issuer: Certificate, at: Date): boolean {
    const alg = signatureAlgorithmOf(this.signatureAlgorithm);
    if (alg === null) return false;
    const signedBy = (c: Certificate) => verifyWithKey(alg, this.tbsDer, this.signatureValue, c.publicKey);
    // The ResponderID says who signed: that candidate is tried first, so a response verifies with
    // one signature check. Any candidate still counts (the ID only orders the attempts).
    const named = (c: Certificate) => this.names(c);
    const responders = this.certificates.filter(
      (r) =>
        r.issuerDer.equals(issuer.subjectDer) &&
        isCertificateSignedBy(r, issuer) &&
        r.isValidAt(at) &&
        (r.extendedKeyUsage ?? []).includes(OID.kpOcspSigning),
    );
    const candidates = [issuer, ...responders].sort((a, b) => Number(named(b)) - Number(named(a)));
    return candidates.some((c) => signedBy(c));
  }

  /** Whether the ResponderID names `c` (§4.2.1: byName, or byKey = SHA-1 of the subjectPublicKey bits). */
  private names(c: Certificate): boolean {
    const { name, keyHash } = this.responderId;
    if (name !== undefined) return name.equals(c.subjectDer);
    if (keyHash === undefined) return false;
    const [, key] = children(readTlv(c.subjectPublicKeyInfoDer));
    return crypto.createHash('sha1').update(key.content.subarray(1)).digest().equals(keyHash);
  }

  /** The single response about `certificate` issued by `issuer` (CertID match, RFC 6960 §4.1.1). */
  find(certificate: Certificate, issuer: Certificate): SingleOcspResponse | undefined {
    const id = certIdOf(issuer);
    return this.responses.find((r) => {
      if (r.hashAlgorithm === null || r.serialNumber !== certificate.serialNumber) return false;
      const hashes = id.hashes(r.hashAlgorithm);
      return hashes.name.equals(r.issuerNameHash) && hashes.key.equals(r.issuerKeyHash);
    });
  }
}

interface CertIdHashes {
  hashes(hash: string): { name: Buffer; key: Buffer };
}

const certIds = new WeakMap<Certificate, CertIdHashes>();

/**
 * RFC 6960 §4.1.1 CertID issuerNameHash and issuerKeyHash (of the subjectPublicKey bits) of an
 * issuer, memoised per instance and hash: every response of a document is matched against the same
 * few issuers. The key bits are located at once (a malformed key throws here, as before).
 */
function certIdOf(issuer: Certificate): CertIdHashes {
  let id = certIds.get(issuer);
  if (id === undefined) {
    const [, key] = children(readTlv(issuer.subjectPublicKeyInfoDer));
    const keyBits = key.content.subarray(1);
    // The closure holds the two byte strings, not the certificate: a WeakMap value that refers to
    // its key keeps it alive through every minor GC.
    const subjectDer = issuer.subjectDer;
    const byHash = new Map<string, { name: Buffer; key: Buffer }>();
    id = {
      hashes(hash) {
        let h = byHash.get(hash);
        if (h === undefined) {
          const digest = (b: Buffer) => crypto.createHash(hash).update(b).digest();
          byHash.set(hash, (h = { name: digest(subjectDer), key: digest(keyBits) }));
        }
        return h;
      },
    };
    certIds.set(issuer, id);
  }
  return id;
}

function parseCertificate(der: Buffer): Certificate | null {
  try {
    return Certificate.fromDer(der);
  } catch {
    return null;
  }
}
