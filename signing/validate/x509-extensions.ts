/**
 * The RFC 5280 extensions that path validation (§6.1) and CRL processing (§6.3) read, decoded from
 * a certificate's or CRL's extension values. Each reader throws on malformed DER; the callers turn
 * that into a failed check of the certificate that carries it.
 */
import { children, decodeInteger, decodeOid, readWhole, type Tlv } from '../cms/der';
import { decodeDirectoryString } from '../pki/certificate';
import { readGeneralName, readGeneralNames, type GeneralName } from './x509-names';

/** RFC 5280 §4.2 and §5.2/§5.3 object identifiers not in signing/cms/oids.ts. */
export const X509_OID = {
  subjectDirectoryAttributes: '2.5.29.9',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  issuerAltName: '2.5.29.18',
  basicConstraints: '2.5.29.19',
  cRLNumber: '2.5.29.20',
  cRLReason: '2.5.29.21',
  holdInstructionCode: '2.5.29.23',
  invalidityDate: '2.5.29.24',
  deltaCRLIndicator: '2.5.29.27',
  issuingDistributionPoint: '2.5.29.28',
  certificateIssuer: '2.5.29.29',
  nameConstraints: '2.5.29.30',
  cRLDistributionPoints: '2.5.29.31',
  certificatePolicies: '2.5.29.32',
  anyPolicy: '2.5.29.32.0',
  policyMappings: '2.5.29.33',
  authorityKeyIdentifier: '2.5.29.35',
  policyConstraints: '2.5.29.36',
  extKeyUsage: '2.5.29.37',
  freshestCRL: '2.5.29.46',
  inhibitAnyPolicy: '2.5.29.54',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
  subjectInfoAccess: '1.3.6.1.5.5.7.1.11',
  qcStatements: '1.3.6.1.5.5.7.1.3',
  ocspNoCheck: '1.3.6.1.5.5.7.48.1.5',
  qtUserNotice: '1.3.6.1.5.5.7.2.2',
  emailAddress: '1.2.840.113549.1.9.1',
} as const;

export interface PolicyInformation {
  readonly policy: string;
  /** The PolicyQualifierInfo encodings, kept for the policy tree's nodes. */
  readonly qualifiers: readonly Buffer[];
}

/** RFC 5280 §4.2.1.4 certificatePolicies. */
export function readCertificatePolicies(value: Buffer): PolicyInformation[] {
  return children(readWhole(value)).map((pi) => {
    const [id, quals] = children(pi);
    return { policy: decodeOid(id), qualifiers: quals ? children(quals).map((q) => q.raw) : [] };
  });
}

/** The explicitText of id-qt-unotice qualifiers (RFC 5280 §4.2.1.4 UserNotice). */
export function userNoticeTexts(qualifiers: readonly Buffer[]): string[] {
  const out: string[] = [];
  for (const q of qualifiers) {
    try {
      const [id, notice] = children(readWhole(q));
      if (decodeOid(id) !== X509_OID.qtUserNotice || notice === undefined) continue;
      // UserNotice ::= SEQUENCE { noticeRef NoticeReference OPTIONAL, explicitText DisplayText OPTIONAL }
      const text = children(notice).find((t) => t.tag !== 0x30);
      // DisplayText: VisibleString (0x1a) is ASCII; the others are directory strings
      if (text) out.push(text.tag === 0x1a ? text.content.toString('latin1') : decodeDirectoryString(text));
    } catch {
      // a qualifier that does not decode shows no notice (RFC 5280 §4.2.1.4: qualifiers are advisory)
    }
  }
  return out;
}

/** RFC 5280 §4.2.1.5 policyMappings: issuerDomainPolicy → subjectDomainPolicy pairs. */
export function readPolicyMappings(value: Buffer): { issuer: string; subject: string }[] {
  return children(readWhole(value)).map((m) => {
    const [i, s] = children(m);
    return { issuer: decodeOid(i), subject: decodeOid(s) };
  });
}

const skipCerts = (t: Tlv): number => {
  const n = decodeInteger(t);
  if (n < 0n) throw new Error('negative SkipCerts');
  return n > 1000n ? 1000 : Number(n);
};

/** RFC 5280 §4.2.1.11 policyConstraints. */
export function readPolicyConstraints(value: Buffer): {
  requireExplicitPolicy?: number;
  inhibitPolicyMapping?: number;
} {
  const out: { requireExplicitPolicy?: number; inhibitPolicyMapping?: number } = {};
  for (const t of children(readWhole(value))) {
    const asInt = { tag: 0x02, content: t.content, raw: t.raw, offset: t.offset };
    if (t.tag === 0x80) out.requireExplicitPolicy = skipCerts(asInt);
    else if (t.tag === 0x81) out.inhibitPolicyMapping = skipCerts(asInt);
  }
  return out;
}

/** RFC 5280 §4.2.1.14 inhibitAnyPolicy ::= SkipCerts. */
export function readInhibitAnyPolicy(value: Buffer): number {
  return skipCerts(readWhole(value));
}

export interface GeneralSubtree {
  readonly base: GeneralName;
  /** minimum other than 0 or a maximum: RFC 5280 §4.2.1.10 says they MUST NOT be used. */
  readonly bounded: boolean;
}

/** RFC 5280 §4.2.1.10 nameConstraints. */
export function readNameConstraints(value: Buffer): {
  permitted?: GeneralSubtree[];
  excluded?: GeneralSubtree[];
} {
  const out: { permitted?: GeneralSubtree[]; excluded?: GeneralSubtree[] } = {};
  for (const t of children(readWhole(value))) {
    const subtrees = children(t).map((st) => {
      const [base, ...rest] = children(st);
      const bounded = rest.some((r) => r.tag === 0x81 || (r.tag === 0x80 && r.content.some((b) => b !== 0)));
      return { base: readGeneralName(base), bounded };
    });
    if (t.tag === 0xa0) out.permitted = subtrees;
    else if (t.tag === 0xa1) out.excluded = subtrees;
  }
  return out;
}

/** RFC 5280 §4.2.1.6 subjectAltName. */
export function readSubjectAltNames(value: Buffer): GeneralName[] {
  return readGeneralNames(readWhole(value));
}

/** DistributionPointName: fullName [0] GeneralNames | nameRelativeToCRLIssuer [1] RDN. */
export type DistributionPointName =
  | { readonly kind: 'full'; readonly names: readonly GeneralName[] }
  | { readonly kind: 'relative'; readonly rdnDer: Buffer };

export interface DistributionPoint {
  readonly name?: DistributionPointName;
  /** ReasonFlags as a bit mask (bit 1 keyCompromise … bit 8 aACompromise); undefined = all. */
  readonly reasons?: number;
  readonly crlIssuer?: readonly GeneralName[];
}

/** Every reason of RFC 5280 §5.3.1 that a CRL can be partitioned by (ReasonFlags bits 1–8). */
export const ALL_REASONS = 0x1fe;

/** ReasonFlags BIT STRING content (first octet: unused bits) as a mask with bit n = 1 << n. */
export function readReasonFlags(content: Buffer): number {
  let mask = 0;
  for (let bit = 0; bit < 9; bit++) {
    const byte = content[1 + (bit >> 3)];
    if (byte !== undefined && byte & (0x80 >> (bit & 7))) mask |= 1 << bit;
  }
  return mask & ALL_REASONS;
}

function readDistributionPointName(t: Tlv): DistributionPointName {
  const inner = children(t)[0];
  if (inner.tag === 0xa0) return { kind: 'full', names: readGeneralNames(inner) };
  // [1] IMPLICIT RelativeDistinguishedName: re-tag as a SET to compare as an RDN
  return { kind: 'relative', rdnDer: Buffer.concat([Buffer.from([0x31]), inner.raw.subarray(1)]) };
}

/** RFC 5280 §4.2.1.13 cRLDistributionPoints (and §5.2.6 freshestCRL, same syntax). */
export function readDistributionPoints(value: Buffer): DistributionPoint[] {
  return children(readWhole(value)).map((dp) => {
    let name: DistributionPointName | undefined;
    let reasons: number | undefined;
    let crlIssuer: GeneralName[] | undefined;
    for (const f of children(dp)) {
      if (f.tag === 0xa0) name = readDistributionPointName(f);
      else if (f.tag === 0x81) reasons = readReasonFlags(f.content);
      else if (f.tag === 0xa2) crlIssuer = readGeneralNames(f);
    }
    return { name, reasons, crlIssuer };
  });
}

export interface IssuingDistributionPoint {
  readonly name?: DistributionPointName;
  readonly onlyContainsUserCerts: boolean;
  readonly onlyContainsCACerts: boolean;
  readonly onlySomeReasons?: number;
  readonly indirectCRL: boolean;
  readonly onlyContainsAttributeCerts: boolean;
}

/** RFC 5280 §5.2.5 issuingDistributionPoint. */
export function readIssuingDistributionPoint(value: Buffer): IssuingDistributionPoint {
  const idp = {
    name: undefined as DistributionPointName | undefined,
    onlyContainsUserCerts: false,
    onlyContainsCACerts: false,
    onlySomeReasons: undefined as number | undefined,
    indirectCRL: false,
    onlyContainsAttributeCerts: false,
  };
  for (const f of children(readWhole(value))) {
    const yes = f.content[0] !== 0;
    if (f.tag === 0xa0) idp.name = readDistributionPointName(f);
    else if (f.tag === 0x81) idp.onlyContainsUserCerts = yes;
    else if (f.tag === 0x82) idp.onlyContainsCACerts = yes;
    else if (f.tag === 0x83) idp.onlySomeReasons = readReasonFlags(f.content);
    else if (f.tag === 0x84) idp.indirectCRL = yes;
    else if (f.tag === 0x85) idp.onlyContainsAttributeCerts = yes;
  }
  return idp;
}
