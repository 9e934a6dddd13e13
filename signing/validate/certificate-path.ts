/**
 * Certification path building and validation for one signing (or timestamping) certificate:
 * RFC 5280 §6.1 (name chaining, signatures, validity, basicConstraints, keyUsage, pathLen) against
 * configured trust anchors, with revocation from CRLs (RFC 5280 §6.3) and the time rules of ETSI EN
 * 319 102-1 §5.2.6 (X.509 certificate validation) and §5.6.2.1 (proof of existence moves the
 * validation time into the past).
 */
import { OID } from '../cms/oids';
import type { Certificate } from '../pki/certificate';
import { isCertificateSignedBy } from './certificate-signature-check';
import type { CertificateRevocationList } from './certificate-revocation-list';
import type { OcspResponse } from './ocsp-response';
import type { CertificateSummary, SubIndication } from './validation-result';

export type RevocationOrigin = 'cms' | 'dss' | 'online';

export interface RevocationData {
  readonly crl: CertificateRevocationList;
  readonly origin: RevocationOrigin;
}

export interface OcspData {
  readonly response: OcspResponse;
  readonly origin: RevocationOrigin;
}

export interface PathInput {
  readonly leaf: Certificate;
  /** Certificates that may be intermediates (CMS certificates, DSS /Certs). */
  readonly candidates: readonly Certificate[];
  readonly trustAnchors: readonly Certificate[];
  /** The validation time. */
  readonly at: Date;
  /** A proven time of existence of the signature (a trusted timestamp's genTime), if any. */
  readonly proofOfExistence?: Date;
  readonly crls: readonly RevocationData[];
  readonly ocsps?: readonly OcspData[];
  /** 'signature' needs digitalSignature or nonRepudiation; 'timestamp' needs id-kp-timeStamping. */
  readonly purpose: 'signature' | 'timestamp';
  /** Fetch CRLs for a certificate when nothing embedded covers it (online mode). */
  readonly fetchCrls?: (certificate: Certificate) => Promise<readonly CertificateRevocationList[]>;
  /** Ask the certificate's OCSP responders (RFC 6960) when nothing embedded covers it (online mode). */
  readonly fetchOcsp?: (certificate: Certificate, issuer: Certificate) => Promise<readonly OcspResponse[]>;
}

export interface PathResult {
  /** Leaf first, trust anchor last; empty when no path to an anchor exists. */
  readonly path: readonly Certificate[];
  readonly summaries: readonly CertificateSummary[];
  /** Undefined when the path is valid at the right time and nothing is revoked. */
  readonly failure?: { readonly indication: 'TOTAL_FAILED' | 'INDETERMINATE'; readonly sub: SubIndication };
  readonly reasons: readonly string[];
}

const MAX_PATH = 10;

/** Depth-first search for a path leaf → … → anchor, trying anchors before other issuers. */
export function buildPath(
  leaf: Certificate,
  candidates: readonly Certificate[],
  anchors: readonly Certificate[],
): Certificate[] {
  const isAnchor = (c: Certificate) => anchors.some((a) => a.equals(c));
  const pool = [...anchors, ...candidates];
  const issued = (child: Certificate, parent: Certificate): boolean =>
    child.issuerDer.equals(parent.subjectDer) && isCertificateSignedBy(child, parent);
  const walk = (path: Certificate[]): Certificate[] | undefined => {
    const last = path[path.length - 1];
    if (isAnchor(last)) return path;
    if (path.length >= MAX_PATH) return undefined;
    for (const parent of pool) {
      if (path.some((c) => c.equals(parent))) continue;
      if (issued(last, parent)) {
        const found = walk([...path, parent]);
        if (found) return found;
      }
    }
    return undefined;
  };
  return walk([leaf]) ?? [];
}

export function summarize(c: Certificate): Omit<CertificateSummary, 'revocation'> {
  return {
    subject: c.subject,
    issuer: c.issuer,
    serialNumber: c.serialHex,
    sha256: c.fingerprintHex('sha256'),
    notBefore: c.notBefore.toISOString(),
    notAfter: c.notAfter.toISOString(),
  };
}

/** Builds and validates the path; never throws. */
export async function validatePath(input: PathInput): Promise<PathResult> {
  const path = buildPath(input.leaf, input.candidates, input.trustAnchors);
  if (path.length === 0) {
    return {
      path,
      summaries: [{ ...summarize(input.leaf), revocation: 'unknown' }],
      failure: { indication: 'INDETERMINATE', sub: 'NO_CERTIFICATE_CHAIN_FOUND' },
      reasons: ['no certification path to a configured trust anchor'],
    };
  }
  const reasons: string[] = [];
  let failure: PathResult['failure'];
  const fail = (indication: 'TOTAL_FAILED' | 'INDETERMINATE', sub: SubIndication, why: string) => {
    reasons.push(why);
    // The first TOTAL_FAILED wins over INDETERMINATE; otherwise the first found.
    if (failure === undefined || (failure.indication === 'INDETERMINATE' && indication === 'TOTAL_FAILED'))
      failure = { indication, sub };
  };
  const at = input.at;
  const poe = input.proofOfExistence;

  // RFC 5280 §6.1.3 (a)(2) validity; ETSI EN 319 102-1 §5.2.6.4: a certificate expired at the
  // validation time is acceptable only with a proof that the signature existed while it was valid.
  for (const c of path) {
    if (at.getTime() < c.notBefore.getTime()) {
      fail(
        'INDETERMINATE',
        'NOT_YET_VALID',
        `certificate ${c.subject} is not yet valid at ${at.toISOString()}`,
      );
    } else if (at.getTime() > c.notAfter.getTime() && !(poe !== undefined && c.isValidAt(poe))) {
      fail(
        'INDETERMINATE',
        'OUT_OF_BOUNDS_NO_POE',
        `certificate ${c.subject} expired at ${c.notAfter.toISOString()} and no proof of existence before that`,
      );
    }
  }
  // RFC 5280 §4.2.1.3 / §4.2.1.12: the leaf's key usage fits its purpose.
  const leaf = path[0];
  const ku = leaf.keyUsage;
  if (input.purpose === 'signature') {
    if (ku !== null && !ku.includes('digitalSignature') && !ku.includes('nonRepudiation'))
      fail(
        'INDETERMINATE',
        'CHAIN_CONSTRAINTS_FAILURE',
        'signer keyUsage allows neither digitalSignature nor nonRepudiation',
      );
  } else if (!(leaf.extendedKeyUsage ?? []).includes(OID.kpTimeStamping)) {
    fail(
      'INDETERMINATE',
      'CHAIN_CONSTRAINTS_FAILURE',
      'TSA certificate lacks id-kp-timeStamping (RFC 3161 §2.3)',
    );
  }
  // RFC 5280 §6.1.4 (k), (l), (n): CA certificates above the leaf.
  for (let i = 1; i < path.length; i++) {
    const ca = path[i];
    const isAnchor = i === path.length - 1;
    const bc = ca.basicConstraints;
    if (!isAnchor && (bc === null || !bc.ca))
      fail(
        'INDETERMINATE',
        'CHAIN_CONSTRAINTS_FAILURE',
        `issuer ${ca.subject} is not a CA (basicConstraints)`,
      );
    const caKu = ca.keyUsage;
    if (!isAnchor && caKu !== null && !caKu.includes('keyCertSign'))
      fail('INDETERMINATE', 'CHAIN_CONSTRAINTS_FAILURE', `issuer ${ca.subject} keyUsage lacks keyCertSign`);
    const below = path.slice(1, i).filter((c) => !c.isSelfIssued).length;
    if (bc?.pathLength !== undefined && below > bc.pathLength)
      fail('INDETERMINATE', 'CHAIN_CONSTRAINTS_FAILURE', `path length constraint of ${ca.subject} exceeded`);
  }

  // RFC 5280 §6.3: revocation of every certificate below the anchor, from CRLs its issuer signed.
  const summaries: CertificateSummary[] = [];
  for (let i = 0; i < path.length; i++) {
    const c = path[i];
    if (i === path.length - 1) {
      summaries.push({ ...summarize(c), revocation: 'trust-anchor' });
      continue;
    }
    if (c.extensions.has(OID.ocspNoCheck)) {
      summaries.push({ ...summarize(c), revocation: 'good' });
      continue;
    }
    const issuer = path[i + 1];
    const statuses = revocationStatuses(input, c, issuer);
    if (statuses.length === 0 && input.fetchOcsp) {
      try {
        const ocsps = (await input.fetchOcsp(c, issuer)).map((response) => ({
          response,
          origin: 'online' as const,
        }));
        statuses.push(...revocationStatuses({ ...input, crls: [], ocsps }, c, issuer));
      } catch {
        // an unreachable responder leaves the CRLs to try
      }
    }
    if (statuses.length === 0 && input.fetchCrls) {
      try {
        for (const crl of await input.fetchCrls(c))
          statuses.push(...crlStatus({ crl, origin: 'online' }, c, issuer, at));
      } catch {
        // an unreachable distribution point leaves the status unknown
      }
    }
    if (statuses.length === 0) {
      summaries.push({ ...summarize(c), revocation: 'unknown' });
      fail('INDETERMINATE', 'TRY_LATER', `no revocation information for ${c.subject}`);
      continue;
    }
    const revoked = statuses.find((x) => x.revokedAt !== undefined);
    if (revoked?.revokedAt) {
      const revokedAt = revoked.revokedAt;
      summaries.push({
        ...summarize(c),
        revocation: 'revoked',
        revokedAt: revokedAt.toISOString(),
        revocationSource: revoked.origin,
      });
      // ETSI EN 319 102-1 §5.6.2.1: a proof that the signature existed before the revocation
      // keeps it acceptable; without one the signature may have been made with a revoked key.
      if (!(poe !== undefined && poe.getTime() < revokedAt.getTime()))
        fail('TOTAL_FAILED', 'REVOKED', `certificate ${c.subject} revoked at ${revokedAt.toISOString()}`);
      continue;
    }
    const newest = statuses.reduce((a, b) => (b.thisUpdate > a.thisUpdate ? b : a));
    summaries.push({ ...summarize(c), revocation: 'good', revocationSource: newest.origin });
  }
  return { path, summaries, failure, reasons };
}

interface Status {
  readonly origin: RevocationOrigin;
  readonly thisUpdate: Date;
  readonly revokedAt?: Date;
}

/** RFC 5280 §6.3.3: a CRL signed by the issuer, issued no later than the validation time. */
function crlStatus(r: RevocationData, c: Certificate, issuer: Certificate, at: Date): Status[] {
  if (r.crl.thisUpdate.getTime() > at.getTime() || !r.crl.isIssuedBy(issuer)) return [];
  const e = r.crl.revocationOf(c.serialNumber);
  return [{ origin: r.origin, thisUpdate: r.crl.thisUpdate, revokedAt: e?.revokedAt }];
}

/**
 * Statuses from embedded CRLs and OCSP responses (RFC 6960 §3.2: authorised responder, CertID).
 * Every status that revokes is checked and returned; of the others only the newest that verifies:
 * an older "good" changes neither the verdict nor the source reported, and each check is a
 * signature verification (a B-LT document carries a CRL and an OCSP response per signing).
 */
function revocationStatuses(input: PathInput, c: Certificate, issuer: Certificate): Status[] {
  const at = input.at;
  const candidates: { status: Status; verified: () => boolean }[] = [];
  for (const r of input.crls) {
    if (r.crl.thisUpdate.getTime() > at.getTime() || !r.crl.issuerDer.equals(issuer.subjectDer)) continue;
    const e = r.crl.revocationOf(c.serialNumber);
    candidates.push({
      status: { origin: r.origin, thisUpdate: r.crl.thisUpdate, revokedAt: e?.revokedAt },
      verified: () => r.crl.isIssuedBy(issuer),
    });
  }
  for (const o of input.ocsps ?? []) {
    const single = o.response.find(c, issuer);
    if (single === undefined || single.status === 'unknown' || single.thisUpdate.getTime() > at.getTime())
      continue;
    candidates.push({
      status: { origin: o.origin, thisUpdate: single.thisUpdate, revokedAt: single.revokedAt },
      verified: () => o.response.isAuthorisedBy(issuer, at),
    });
  }
  const out = candidates.filter((x) => x.status.revokedAt !== undefined && x.verified()).map((x) => x.status);
  const newestGood = candidates
    .filter((x) => x.status.revokedAt === undefined)
    .sort((a, b) => b.status.thisUpdate.getTime() - a.status.thisUpdate.getTime())
    .find((x) => x.verified());
  if (newestGood) out.push(newestGood.status);
  return out;
}
