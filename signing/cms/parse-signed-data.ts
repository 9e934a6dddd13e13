import { PkiError } from '../pki/pki-error';
import {
  DigestAlgorithm,
  VerificationAlgorithm,
  VerificationDigest,
  digestAlgorithmFromOid,
  parseVerificationAlgorithm,
  verificationDigestFromIdentifier,
} from './algorithms';
import { Tlv, children, decodeInteger, decodeOid, decodeTime, readTlv, readWhole, retag } from './der';
import { OID } from './oids';

export interface ParsedAttribute {
  readonly type: string;
  /** DER of each value in the attribute's SET. */
  readonly values: readonly Buffer[];
}

/** RFC 5035 ESSCertIDv2 (or ESSCertID, RFC 2634, hash SHA-1). */
export interface EssCertId {
  readonly hashAlgorithm: DigestAlgorithm | 'sha1' | null;
  readonly certHash: Buffer;
  /** IssuerSerial: the issuer Name DER (directoryName) and the serial, when present. */
  readonly issuerDer?: Buffer;
  readonly serialNumber?: bigint;
}

export interface ParsedSignerInfo {
  readonly version: number;
  /** SignerIdentifier: issuerAndSerialNumber, or subjectKeyIdentifier ([0]). */
  readonly sid:
    | { readonly kind: 'issuerAndSerialNumber'; readonly issuerDer: Buffer; readonly serialNumber: bigint }
    | { readonly kind: 'subjectKeyIdentifier'; readonly keyIdentifier: Buffer };
  readonly digestAlgorithmOid: string;
  /**
   * null for digests we refuse (MD5, unknown); 'sha1' is reported so the validator can name it,
   * 'shake256' (512-bit output) is Ed448's (RFC 8419 §3.1).
   */
  readonly digestAlgorithm: VerificationDigest | null;
  /** Signed attributes re-tagged as SET (0x31): the bytes the signature covers (RFC 5652 §5.4). */
  readonly signedAttributesDer: Buffer | null;
  readonly signedAttributes: readonly ParsedAttribute[];
  readonly contentType?: string;
  readonly messageDigest?: Buffer;
  readonly signingTime?: Date;
  readonly signingCertificateV2?: readonly EssCertId[];
  readonly signingCertificate?: readonly EssCertId[];
  readonly signatureAlgorithmOid: string;
  /** null when the algorithm is one we cannot verify. */
  readonly signatureAlgorithm: VerificationAlgorithm | null;
  readonly signature: Buffer;
  readonly unsignedAttributes: readonly ParsedAttribute[];
  /** id-aa-signatureTimeStampToken (RFC 3161 Appendix A): each token's ContentInfo DER. */
  readonly signatureTimestampTokens: readonly Buffer[];
  /** The whole SignerInfo encoding. */
  readonly raw: Buffer;
}

export interface ParsedSignedData {
  readonly version: number;
  readonly digestAlgorithmOids: readonly string[];
  readonly encapsulatedContentType: string;
  /** eContent when present (timestamp tokens, embedded-content CMS); absent for detached PAdES. */
  readonly encapsulatedContent?: Buffer;
  /**
   * Whether encapContentInfo holds an eContent ([0]), even an empty one: then the message digest is
   * that of the eContent (RFC 5652 §5.4), which a detached PDF signature must not have.
   */
  readonly encapsulatedContentPresent: boolean;
  readonly certificates: readonly Buffer[];
  /** CertificateList DERs from revocationInfoChoices and the Adobe revocation archival attribute. */
  readonly crls: readonly Buffer[];
  /** OCSPResponse DERs (RFC 5940 other revocation info; Adobe archival holds BasicOCSPResponse-wrapped ones). */
  readonly ocspResponses: readonly Buffer[];
  readonly signerInfos: readonly ParsedSignerInfo[];
}

const attr = (attrs: readonly ParsedAttribute[], type: string) =>
  attrs.find((a) => a.type === type)?.values[0];

function parseAttributes(set: Tlv): ParsedAttribute[] {
  return children(set).map((a) => {
    const [type, values] = children(a);
    return { type: decodeOid(type), values: children(values).map((v) => v.raw) };
  });
}

function parseEssCertIds(value: Buffer, v2: boolean): EssCertId[] {
  const [certs] = children(readWhole(value));
  return children(certs).map((id) => {
    const parts = children(id);
    let i = 0;
    let hashAlgorithm: EssCertId['hashAlgorithm'] = v2 ? 'sha256' : 'sha1';
    if (v2 && parts[0]?.tag === 0x30)
      hashAlgorithm = digestAlgorithmFromOid(decodeOid(children(parts[i++])[0]));
    const certHash = parts[i++];
    if (!certHash || certHash.tag !== 0x04) throw new Error('ESSCertID without certHash');
    const issuerSerial = parts[i];
    if (!issuerSerial) return { hashAlgorithm, certHash: certHash.content };
    const [generalNames, serial] = children(issuerSerial);
    const dirName = children(generalNames).find((g) => g.tag === 0xa4);
    return {
      hashAlgorithm,
      certHash: certHash.content,
      ...(dirName ? { issuerDer: children(dirName)[0].raw } : {}),
      serialNumber: decodeInteger(serial),
    };
  });
}

function parseSignerInfo(si: Tlv): ParsedSignerInfo {
  const parts = children(si);
  let i = 0;
  const version = Number(decodeInteger(parts[i++]));
  const sidTlv = parts[i++];
  const sid: ParsedSignerInfo['sid'] =
    sidTlv.tag === 0x80
      ? { kind: 'subjectKeyIdentifier', keyIdentifier: sidTlv.content }
      : (() => {
          const [issuer, serial] = children(sidTlv);
          return {
            kind: 'issuerAndSerialNumber',
            issuerDer: issuer.raw,
            serialNumber: decodeInteger(serial),
          };
        })();
  const digestTlv = parts[i++];
  const digestAlgorithmOid = decodeOid(children(digestTlv)[0]);
  const digestAlgorithm = verificationDigestFromIdentifier(digestTlv);
  let signedAttributesDer: Buffer | null = null;
  let signedAttributes: ParsedAttribute[] = [];
  if (parts[i]?.tag === 0xa0) {
    signedAttributesDer = retag(parts[i].raw, 0x31);
    signedAttributes = parseAttributes(parts[i++]);
  }
  const sigAlg = parts[i++];
  const signatureAlgorithmOid = decodeOid(children(sigAlg)[0]);
  const signatureAlgorithm = parseVerificationAlgorithm(sigAlg, digestAlgorithm);
  const signature = parts[i++];
  if (!signature || signature.tag !== 0x04) throw new Error('SignerInfo without signature');
  const unsignedAttributes = parts[i]?.tag === 0xa1 ? parseAttributes(parts[i]) : [];

  const ct = attr(signedAttributes, OID.contentType);
  const md = attr(signedAttributes, OID.messageDigest);
  const st = attr(signedAttributes, OID.signingTime);
  const sc2 = attr(signedAttributes, OID.signingCertificateV2);
  const sc1 = attr(signedAttributes, OID.signingCertificate);
  return {
    version,
    sid,
    digestAlgorithmOid,
    digestAlgorithm,
    signedAttributesDer,
    signedAttributes,
    ...(ct ? { contentType: decodeOid(readWhole(ct)) } : {}),
    ...(md ? { messageDigest: readWhole(md).content } : {}),
    ...(st ? { signingTime: decodeTime(readWhole(st)) } : {}),
    ...(sc2 ? { signingCertificateV2: parseEssCertIds(sc2, true) } : {}),
    ...(sc1 ? { signingCertificate: parseEssCertIds(sc1, false) } : {}),
    signatureAlgorithmOid,
    signatureAlgorithm,
    signature: signature.content,
    unsignedAttributes,
    signatureTimestampTokens: unsignedAttributes
      .filter((a) => a.type === OID.signatureTimeStampToken)
      .flatMap((a) => a.values),
    raw: si.raw,
  };
}

/** Locates the parts of ContentInfo{SignedData} (RFC 5652 §3, §5.1) without interpreting them. */
export function splitSignedData(der: Buffer): { signedData: Tlv; fields: Tlv[] } {
  const contentInfo = readTlv(der, 0);
  const [type, wrapped] = children(contentInfo);
  if (!type || decodeOid(type) !== OID.signedData || !wrapped || wrapped.tag !== 0xa0) {
    throw new Error('not a ContentInfo with id-signedData');
  }
  const signedData = children(wrapped)[0];
  if (!signedData || signedData.tag !== 0x30) throw new Error('SignedData is not a SEQUENCE');
  return { signedData, fields: children(signedData) };
}

/**
 * Parses a CMS SignedData (RFC 5652 §5) as found in a PDF's /Contents: trailing zero padding after
 * the ContentInfo is ignored (ISO 32000-2 §12.8.1 pads the hex string). Hostile or broken input
 * yields PkiError CMS_MALFORMED, never another exception.
 */
export function parseSignedData(der: Buffer): ParsedSignedData {
  try {
    const { fields } = splitSignedData(der);
    let i = 0;
    const version = Number(decodeInteger(fields[i++]));
    const digestAlgorithmOids = children(fields[i++]).map((a) => decodeOid(children(a)[0]));
    const encap = children(fields[i++]);
    const encapsulatedContentType = decodeOid(encap[0]);
    const eContent = encap[1] ? children(encap[1])[0] : undefined;
    const certificates: Buffer[] = [];
    const crls: Buffer[] = [];
    const ocspResponses: Buffer[] = [];
    if (fields[i]?.tag === 0xa0) {
      // CertificateChoices: only plain certificates (SEQUENCE) are kept; attribute certs are skipped.
      for (const c of children(fields[i++])) if (c.tag === 0x30) certificates.push(c.raw);
    }
    if (fields[i]?.tag === 0xa1) {
      for (const r of children(fields[i++])) {
        if (r.tag === 0x30) crls.push(r.raw);
        else if (r.tag === 0xa1) {
          const [format, info] = children(r);
          if (decodeOid(format) === OID.riOcspResponse && info) ocspResponses.push(info.raw);
        }
      }
    }
    const signerInfosSet = fields[i++];
    if (!signerInfosSet || signerInfosSet.tag !== 0x31) throw new Error('missing signerInfos');
    const signerInfos = children(signerInfosSet).map(parseSignerInfo);
    // ISO 32000-1 §12.8.3.3.2 adbe-revocationInfoArchival: RevocationInfoArchival ::= SEQUENCE {
    // crl [0] EXPLICIT SEQUENCE OF CRLs, ocsp [1] EXPLICIT SEQUENCE OF OCSPResponse, ... }
    for (const si of signerInfos) {
      const archival = attr(si.signedAttributes, OID.adbeRevocationInfoArchival);
      if (!archival) continue;
      for (const part of children(readWhole(archival))) {
        const list = children(part)[0];
        if (!list) continue;
        if (part.tag === 0xa0) crls.push(...children(list).map((c) => c.raw));
        if (part.tag === 0xa1) ocspResponses.push(...children(list).map((c) => c.raw));
      }
    }
    return {
      version,
      digestAlgorithmOids,
      encapsulatedContentType,
      ...(eContent ? { encapsulatedContent: eContent.content } : {}),
      encapsulatedContentPresent: encap[1] !== undefined,
      certificates,
      crls,
      ocspResponses,
      signerInfos,
    };
  } catch (cause) {
    if (cause instanceof PkiError && cause.code === 'CMS_MALFORMED') throw cause;
    throw new PkiError(
      'CMS_MALFORMED',
      {
        vi: 'Chữ ký CMS không hợp lệ (không đọc được cấu trúc SignedData)',
        en: `Malformed CMS SignedData: ${cause instanceof Error ? cause.message : String(cause)}`,
      },
      { cause },
    );
  }
}
