/**
 * Certification path building and validation for one signing (or timestamping) certificate:
 * RFC 5280 §6.1 against configured trust anchors — name chaining (§7.1 name matching),
 * signatures, validity, and the rest of §6.1 in path-constraints.ts (critical extensions,
 * basicConstraints, pathLen, keyUsage, name constraints, policies) — with revocation from CRLs
 * (RFC 5280 §6.3, crl-revocation-status.ts for distribution points, indirect and delta CRLs) and
 * OCSP (RFC 6960), and the time rules of ETSI EN 319 102-1 §5.2.6 (X.509 certificate validation)
 * and §5.6.2.1 (proof of existence moves the validation time into the past).
 */
import { OID } from '../cms/oids';
import type { Certificate } from '../pki/certificate';
import { isCertificateSignedBy } from './certificate-signature-check';
import type { CertificateRevocationList } from './certificate-revocation-list';
import { crlRevocationStatus, hasPlainDistributionPoints, maySignCrls } from './crl-revocation-status';
import type { OcspResponse } from './ocsp-response';
import { checkPathConstraints, type PathCheckName, type PolicyInputs } from './path-constraints';
import type { CertificateSummary, SubIndication } from './validation-result';
import { namesMatch } from './x509-names';

/** Where revocation data came from: the CMS, the DSS, fetched, or handed in by the auditor (offline). */
export type RevocationOrigin = 'cms' | 'dss' | 'online' | 'offline';

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
  /**
   * 'signature' needs digitalSignature or nonRepudiation; 'timestamp' needs id-kp-timeStamping;
   * 'any' checks no purpose of the leaf (the certificate checker, PKITS).
   */
  readonly purpose: 'signature' | 'timestamp' | 'any';
  /** RFC 5280 §6.1.1 (c)–(f) policy inputs; by default any policy, nothing required. */
  readonly policy?: PolicyInputs;
  /**
   * RFC 5280 §6.3.3 (a): a CRL (or OCSP response, RFC 6960 §4.2.2.1) whose nextUpdate is before
   * the validation time is not used (the certificate checker). Signature validation keeps ETSI EN
   * 319 102-1's own freshness rules.
   */
  readonly requireFreshRevocation?: boolean;
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
  /** Each failed check, by certificate (index in `path`), in English and Vietnamese. */
  readonly findings: readonly PathFinding[];
  /** RFC 5280 §6.1.5: the policies valid for the leaf ('2.5.29.32.0' = any) and their user notices. */
  readonly policies?: readonly string[];
  readonly userNotices?: readonly string[];
}

export type PathFindingCheck = PathCheckName | 'chain' | 'signature' | 'validity' | 'purpose' | 'revocation';

export interface PathFinding {
  readonly check: PathFindingCheck;
  /** Index in the leaf-first path (-1: no path). */
  readonly index: number;
  readonly en: string;
  readonly vi: string;
}

const MAX_PATH = 10;

/**
 * Steps a path search may take. Certificates sharing one name and key issue each other in every
 * order, so without a bound a handful of them (an input, e.g. the certificate checker's `chain`)
 * would make the search factorial; real hierarchies need a few dozen steps.
 */
export const MAX_PATH_STEPS = 2000;

/** Depth-first search for a path leaf → … → anchor, trying anchors before other issuers. */
export function buildPath(
  leaf: Certificate,
  candidates: readonly Certificate[],
  anchors: readonly Certificate[],
): Certificate[] {
  const isAnchor = (c: Certificate) => anchors.some((a) => a.equals(c));
  const pool = [...anchors, ...candidates];
  // Issuers whose name is the same DER are tried first; names equal only after RFC 5280 §7.1
  // preparation (case, spaces, string types) after them, so the usual path never prepares names.
  const issued = (child: Certificate, parent: Certificate, sameDer: boolean): boolean => {
    const same = child.issuerDer.equals(parent.subjectDer);
    if (sameDer ? !same : same || !namesMatch(child.issuerDer, parent.subjectDer)) return false;
    if (isCertificateSignedBy(child, parent)) return true;
    // RFC 5280 §6.1.4 (f): a DSA issuer without parameters takes them from its own issuer (its
    // key could not be read before; checked again once, directly, with the inherited key).
    if (!isDsaKey(parent) || parent.isSelfIssued) return false;
    for (const up of pool)
      if (namesMatch(parent.issuerDer, up.subjectDer) && parent.inheritDsaParameters(up))
        return child.isSignedBy(parent);
    return false;
  };
  let steps = 0;
  const walk = (path: Certificate[]): Certificate[] | undefined => {
    const last = path[path.length - 1];
    if (isAnchor(last)) return path;
    if (path.length >= MAX_PATH || ++steps > MAX_PATH_STEPS) return undefined;
    for (const sameDer of [true, false])
      for (const parent of pool) {
        if (path.some((c) => c.equals(parent))) continue;
        if (issued(last, parent, sameDer)) {
          const found = walk([...path, parent]);
          if (found) return found;
        }
      }
    return undefined;
  };
  return walk([leaf]) ?? [];
}

/** id-dsa (1.2.840.10040.4.1) as encoded, near the start of a DSA SubjectPublicKeyInfo. */
const DSA_OID_DER = Buffer.from('06072a8648ce380401', 'hex');
function isDsaKey(c: Certificate): boolean {
  // The OID sits within the first 24 bytes; compared in place (no view made on this hot path).
  const spki = c.subjectPublicKeyInfoDer;
  const last = Math.min(24, spki.length) - DSA_OID_DER.length;
  for (let i = 0; i <= last; i++)
    if (spki[i] === 0x06 && spki.compare(DSA_OID_DER, 0, DSA_OID_DER.length, i, i + DSA_OID_DER.length) === 0)
      return true;
  return false;
}

/** Per certificate instance: a document's paths name the same CA certificates many times. */
const summaries = new WeakMap<Certificate, Readonly<Omit<CertificateSummary, 'revocation'>>>();

export function summarize(c: Certificate): Readonly<Omit<CertificateSummary, 'revocation'>> {
  let s = summaries.get(c);
  if (s === undefined) {
    s = {
      subject: c.subject,
      issuer: c.issuer,
      serialNumber: c.serialHex,
      sha256: c.fingerprintHex('sha256'),
      notBefore: c.notBefore.toISOString(),
      notAfter: c.notAfter.toISOString(),
    };
    summaries.set(c, s);
  }
  return s;
}

/** Builds and validates the path; never throws. */
export async function validatePath(input: PathInput): Promise<PathResult> {
  const path = buildPath(input.leaf, input.candidates, input.trustAnchors);
  if (path.length === 0) {
    const why = explainMissingPath(input.leaf, input.candidates, input.trustAnchors);
    return {
      path,
      summaries: [{ ...summarize(input.leaf), revocation: 'unknown' }],
      failure: { indication: 'INDETERMINATE', sub: 'NO_CERTIFICATE_CHAIN_FOUND' },
      reasons: [why.en],
      findings: [{ check: why.signature ? 'signature' : 'chain', index: -1, ...why }],
    };
  }
  const reasons: string[] = [];
  const findings: PathFinding[] = [];
  let failure: PathResult['failure'];
  const fail = (
    indication: 'TOTAL_FAILED' | 'INDETERMINATE',
    sub: SubIndication,
    why: string,
    finding?: { check: PathFindingCheck; index: number; vi: string },
  ) => {
    reasons.push(why);
    if (finding) findings.push({ ...finding, en: why });
    // The first TOTAL_FAILED wins over INDETERMINATE; otherwise the first found.
    if (failure === undefined || (failure.indication === 'INDETERMINATE' && indication === 'TOTAL_FAILED'))
      failure = { indication, sub };
  };
  const at = input.at;
  const poe = input.proofOfExistence;

  // RFC 5280 §6.1.3 (a)(2) validity; ETSI EN 319 102-1 §5.2.6.4: a certificate expired at the
  // validation time is acceptable only with a proof that the signature existed while it was valid.
  for (const [index, c] of path.entries()) {
    if (at.getTime() < c.notBefore.getTime()) {
      fail(
        'INDETERMINATE',
        'NOT_YET_VALID',
        `certificate ${c.subject} is not yet valid at ${at.toISOString()}`,
        {
          check: 'validity',
          index,
          vi: `chứng thư ${c.subject} chưa có hiệu lực tại ${at.toISOString()}`,
        },
      );
    } else if (at.getTime() > c.notAfter.getTime() && !(poe !== undefined && c.isValidAt(poe))) {
      fail(
        'INDETERMINATE',
        'OUT_OF_BOUNDS_NO_POE',
        `certificate ${c.subject} expired at ${c.notAfter.toISOString()} and no proof of existence before that`,
        {
          check: 'validity',
          index,
          vi: `chứng thư ${c.subject} hết hạn lúc ${c.notAfter.toISOString()}, không có bằng chứng tồn tại trước đó`,
        },
      );
    }
  }
  // RFC 5280 §4.2.1.3 / §4.2.1.12: the leaf's key usage fits its purpose.
  const leaf = path[0];
  if (input.purpose === 'signature') {
    const ku = leaf.keyUsage;
    if (ku !== null && !ku.includes('digitalSignature') && !ku.includes('nonRepudiation'))
      fail(
        'INDETERMINATE',
        'CHAIN_CONSTRAINTS_FAILURE',
        'signer keyUsage allows neither digitalSignature nor nonRepudiation',
        {
          check: 'purpose',
          index: 0,
          vi: 'keyUsage của người ký không cho phép digitalSignature hay nonRepudiation',
        },
      );
  } else if (input.purpose === 'timestamp' && !(leaf.extendedKeyUsage ?? []).includes(OID.kpTimeStamping)) {
    fail(
      'INDETERMINATE',
      'CHAIN_CONSTRAINTS_FAILURE',
      'TSA certificate lacks id-kp-timeStamping (RFC 3161 §2.3)',
      {
        check: 'purpose',
        index: 0,
        vi: 'chứng thư TSA thiếu id-kp-timeStamping (RFC 3161 §2.3)',
      },
    );
  }
  // RFC 5280 §6.1.3–§6.1.5 apart from signatures and times: once per path (memoised).
  const constraints = checkPathConstraints(path, input.policy);
  for (const p of constraints.problems)
    fail('INDETERMINATE', 'CHAIN_CONSTRAINTS_FAILURE', p.en, { check: p.check, index: p.index, vi: p.vi });

  // RFC 5280 §6.3: revocation of every certificate below the anchor.
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
    const anchor = path[path.length - 1];
    const undetermined: string[] = [];
    const statuses = revocationStatuses(input, c, issuer, anchor, 0, undetermined);
    if (statuses.length === 0 && input.fetchOcsp) {
      try {
        const ocsps = (await input.fetchOcsp(c, issuer)).map((response) => ({
          response,
          origin: 'online' as const,
        }));
        statuses.push(...revocationStatuses({ ...input, crls: [], ocsps }, c, issuer, anchor, 0, []));
      } catch {
        // an unreachable responder leaves the CRLs to try
      }
    }
    if (statuses.length === 0 && input.fetchCrls) {
      try {
        const crls = (await input.fetchCrls(c)).map((crl) => ({ crl, origin: 'online' as const }));
        statuses.push(...revocationStatuses({ ...input, crls, ocsps: [] }, c, issuer, anchor, 0, []));
      } catch {
        // an unreachable distribution point leaves the status unknown
      }
    }
    if (statuses.length === 0) {
      summaries.push({ ...summarize(c), revocation: 'unknown' });
      const detail = undetermined.length ? ` (${undetermined.join('; ')})` : '';
      fail('INDETERMINATE', 'TRY_LATER', `no revocation information for ${c.subject}${detail}`, {
        check: 'revocation',
        index: i,
        vi: `không có thông tin thu hồi cho ${c.subject}${detail}`,
      });
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
        fail('TOTAL_FAILED', 'REVOKED', `certificate ${c.subject} revoked at ${revokedAt.toISOString()}`, {
          check: 'revocation',
          index: i,
          vi: `chứng thư ${c.subject} bị thu hồi lúc ${revokedAt.toISOString()}`,
        });
      continue;
    }
    const newest = statuses.reduce((a, b) => (b.thisUpdate > a.thisUpdate ? b : a));
    summaries.push({ ...summarize(c), revocation: 'good', revocationSource: newest.origin });
  }
  return {
    path,
    summaries,
    failure,
    reasons,
    findings,
    policies: constraints.policies,
    userNotices: constraints.userNotices,
  };
}

/** Why no path was found: an issuer by name whose key does not verify the signature, or none at all. */
function explainMissingPath(
  leaf: Certificate,
  candidates: readonly Certificate[],
  anchors: readonly Certificate[],
): { en: string; vi: string; signature: boolean } {
  const pool = [...anchors, ...candidates];
  let c = leaf;
  const seen = new Set<Certificate>([leaf]);
  for (let depth = 0; depth < MAX_PATH; depth++) {
    const byName = pool.filter((p) => !seen.has(p) && namesMatch(c.issuerDer, p.subjectDer));
    const signed = byName.find((p) => isCertificateSignedBy(c, p));
    if (signed === undefined) {
      if (byName.length > 0)
        return {
          en: `the signature of ${c.subject} does not verify with the key of its issuer ${byName[0].subject}`,
          vi: `chữ ký trên chứng thư ${c.subject} không khớp khóa của bên cấp ${byName[0].subject}`,
          signature: true,
        };
      break;
    }
    if (anchors.some((a) => a.equals(signed))) break;
    seen.add(signed);
    c = signed;
  }
  return {
    en: 'no certification path to a configured trust anchor',
    vi: 'không có đường dẫn chứng thực tới một chứng thư gốc tin cậy',
    signature: false,
  };
}

interface Status {
  readonly origin: RevocationOrigin;
  readonly thisUpdate: Date;
  readonly revokedAt?: Date;
}

const MAX_CRL_SIGNER_DEPTH = 3;
/** Candidate CRL signers whose own path is validated, per validation input (bounds hostile sets). */
const MAX_CRL_SIGNER_PATHS = 64;
const signerPaths = new WeakMap<PathInput, number>();

/**
 * RFC 5280 §6.3.3 (f): the certificate whose key signed `crl` on behalf of `issuer` — the issuer
 * itself, or another certificate with the CRL issuer's name and cRLSign whose own path leads to
 * the same trust anchor and is valid and unrevoked by the evidence at hand (no fetching).
 */
function crlSignerFor(
  input: PathInput,
  crl: CertificateRevocationList,
  issuer: Certificate,
  anchor: Certificate,
  depth: number,
  pending: ReadonlySet<Certificate> = new Set(),
): Certificate | undefined {
  if (crl.isIssuedBy(issuer) && maySignCrls(issuer)) return issuer;
  if (depth >= MAX_CRL_SIGNER_DEPTH) return undefined;
  for (const cand of [...input.trustAnchors, ...input.candidates]) {
    if (cand === issuer || !crl.isIssuedBy(cand) || !maySignCrls(cand)) continue;
    // A CRL signer whose own status this CRL decides (its distribution point is its own CRL) is
    // being validated further up: its path and constraints hold there.
    if (cand.equals(anchor) || pending.has(cand)) return cand;
    const tried = (signerPaths.get(input) ?? 0) + 1;
    signerPaths.set(input, tried);
    if (tried > MAX_CRL_SIGNER_PATHS) return undefined;
    const path = buildPath(cand, input.candidates, [anchor]);
    if (path.length === 0 || !path.every((c) => c.isValidAt(input.at))) continue;
    if (checkPathConstraints(path, input.policy).problems.length > 0) continue;
    let ok = true;
    for (let i = 0; ok && i < path.length - 1; i++) {
      if (path[i].extensions.has(OID.ocspNoCheck)) continue;
      const st = revocationStatuses(
        input,
        path[i],
        path[i + 1],
        anchor,
        depth + 1,
        [],
        new Set([...pending, cand]),
      );
      ok = st.length > 0 && st.every((x) => x.revokedAt === undefined);
    }
    if (ok) return cand;
  }
  return undefined;
}

/**
 * Statuses from the CRLs and OCSP responses at hand (RFC 6960 §3.2: authorised responder, CertID).
 * Every status that revokes is checked and returned; of the others only the newest that verifies:
 * an older "good" changes neither the verdict nor the source reported, and each check is a
 * signature verification (a B-LT document carries a CRL and an OCSP response per signing).
 * Complete direct CRLs (the usual case) are checked here lazily; a CRL with a distribution point
 * scope, a delta or an indirect CRL, or a certificate whose distribution points name a CRL issuer
 * or reasons, goes through RFC 5280 §6.3.3 in crl-revocation-status.ts.
 */
function revocationStatuses(
  input: PathInput,
  c: Certificate,
  issuer: Certificate,
  anchor: Certificate,
  depth: number,
  undetermined: string[],
  pending: ReadonlySet<Certificate> = new Set(),
): Status[] {
  const at = input.at;
  const candidates: { status: Status; verified: () => boolean }[] = [];
  const plain = hasPlainDistributionPoints(c) && input.crls.every((r) => r.crl.simple || r.crl.unusable);
  if (plain) {
    for (const r of input.crls) {
      const crl = r.crl;
      if (
        crl.unusable ||
        crl.thisUpdate.getTime() > at.getTime() ||
        !namesMatch(crl.issuerDer, issuer.subjectDer)
      )
        continue;
      if (
        input.requireFreshRevocation &&
        crl.nextUpdate !== undefined &&
        crl.nextUpdate.getTime() < at.getTime()
      ) {
        undetermined.push(
          `the CRL's nextUpdate ${crl.nextUpdate.toISOString()} is before the validation time`,
        );
        continue;
      }
      const e = crl.revocationOf(c.serialNumber);
      candidates.push({
        status: { origin: r.origin, thisUpdate: crl.thisUpdate, revokedAt: e?.revokedAt },
        verified: () => crlSignerFor(input, crl, issuer, anchor, depth, pending) !== undefined,
      });
    }
  } else if (input.crls.length > 0) {
    const v = crlRevocationStatus(c, {
      crls: input.crls,
      at,
      requireFresh: input.requireFreshRevocation === true,
      crlSigner: (crl) => crlSignerFor(input, crl, issuer, anchor, depth, pending),
    });
    if (v.kind === 'undetermined') undetermined.push(v.why);
    else
      candidates.push({
        status: {
          origin: v.origin,
          thisUpdate: v.thisUpdate,
          revokedAt: v.kind === 'revoked' ? v.revokedAt : undefined,
        },
        verified: () => true,
      });
  }
  for (const o of input.ocsps ?? []) {
    const single = o.response.find(c, issuer);
    if (single === undefined || single.status === 'unknown' || single.thisUpdate.getTime() > at.getTime())
      continue;
    if (input.requireFreshRevocation && single.nextUpdate !== undefined && single.nextUpdate < at) {
      undetermined.push(
        `the OCSP response's nextUpdate ${single.nextUpdate.toISOString()} is before the validation time`,
      );
      continue;
    }
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
  if (candidates.length > 0 && out.length === 0)
    undetermined.push('no CRL or OCSP response at hand verifies (signature, issuer, cRLSign)');
  return out;
}
