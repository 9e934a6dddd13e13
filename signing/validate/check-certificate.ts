/**
 * The certificate checker (`vanban cert verify`, `POST /api/validation/certificates`): one
 * certificate's RFC 5280 §6 path validation against given trust anchors at a given time, with
 * the revocation evidence an auditor holds (CRLs, OCSP responses), reported as a verdict, the path,
 * every check of every certificate and the revocation status, in Vietnamese and English.
 *
 * It runs validatePath, the path validation of signature validation, with purpose 'any', the
 * RFC 5280 policy inputs, and CRL freshness required (§6.3.3 (a)); nothing is fetched online.
 * Fail closed: TOTAL_PASSED only with a path, no failed check and every certificate below the
 * anchor known not revoked.
 */
import type { Certificate } from '../pki/certificate';
import { Certificate as CertificateClass } from '../pki/certificate';
import { validatePath, summarize, type PathFindingCheck } from './certificate-path';
import { CertificateRevocationList } from './certificate-revocation-list';
import { OcspResponse } from './ocsp-response';
import type { PolicyInputs } from './path-constraints';
import { ValidationError } from './validation-error';
import type { CertificateSummary, Indication, SubIndication } from './validation-result';

export interface CertificateCheckInput {
  readonly certificate: Certificate;
  /** Intermediate certificates (any order; others are ignored). */
  readonly chain: readonly Certificate[];
  readonly trustAnchors: readonly Certificate[];
  readonly crls: readonly CertificateRevocationList[];
  readonly ocsps: readonly OcspResponse[];
  readonly at: Date;
  readonly policy?: PolicyInputs;
}

export type CertificateRole = 'end-entity' | 'intermediate' | 'trust-anchor';

export interface CertificateCheckLine {
  readonly check: PathFindingCheck;
  /** Index in `path` (leaf 0); -1 when no path was found. */
  readonly certificate: number;
  readonly passed: boolean;
  readonly vi: string;
  readonly en: string;
}

export interface CertificateCheckReport {
  readonly indication: Indication;
  readonly subIndication?: SubIndication;
  readonly validationTime: string;
  readonly summary: { readonly vi: string; readonly en: string };
  /** Leaf first, trust anchor last; only the leaf when no path was found. */
  readonly path: readonly (CertificateSummary & { readonly role: CertificateRole })[];
  readonly checks: readonly CertificateCheckLine[];
  /** Policies valid for the leaf (RFC 5280 §6.1.5; 2.5.29.32.0 = anyPolicy) and their user notices. */
  readonly policies: readonly string[];
  readonly userNotices: readonly string[];
}

/** What each check verifies, said when it passed. */
const PASSED: Readonly<Record<PathFindingCheck, { vi: string; en: string }>> = {
  chain: { vi: 'có đường dẫn tới chứng thư gốc tin cậy', en: 'a path to a trust anchor' },
  signature: { vi: 'chữ ký của bên cấp hợp lệ', en: "the issuer's signature verifies" },
  validity: { vi: 'trong thời hạn hiệu lực', en: 'within its validity period' },
  purpose: { vi: 'mục đích sử dụng khóa phù hợp', en: 'key usage fits the purpose' },
  criticalExtensions: {
    vi: 'mọi phần mở rộng thiết yếu đều được xử lý',
    en: 'every critical extension is understood',
  },
  basicConstraints: { vi: 'là CA (basicConstraints)', en: 'a CA (basicConstraints)' },
  pathLength: { vi: 'trong giới hạn độ dài đường dẫn', en: 'within the path length constraints' },
  keyUsage: { vi: 'keyUsage cho phép ký chứng thư', en: 'keyUsage allows certificate signing' },
  nameConstraints: { vi: 'tên thỏa ràng buộc tên', en: 'names within the name constraints' },
  policies: { vi: 'chính sách chứng thư được chấp nhận', en: 'certificate policies acceptable' },
  revocation: { vi: 'chưa bị thu hồi', en: 'not revoked' },
};

const CHECKS_OF: Readonly<Record<CertificateRole, readonly PathFindingCheck[]>> = {
  'end-entity': ['signature', 'validity', 'criticalExtensions', 'nameConstraints', 'policies', 'revocation'],
  intermediate: [
    'signature',
    'validity',
    'criticalExtensions',
    'basicConstraints',
    'pathLength',
    'keyUsage',
    'nameConstraints',
    'policies',
    'revocation',
  ],
  'trust-anchor': ['validity'],
};

const VERDICTS: Readonly<Record<Indication, { vi: string; en: string }>> = {
  TOTAL_PASSED: { vi: 'Chứng thư số hợp lệ', en: 'The certificate is valid' },
  TOTAL_FAILED: { vi: 'Chứng thư số không hợp lệ', en: 'The certificate is not valid' },
  INDETERMINATE: {
    vi: 'Chưa xác định được tính hợp lệ của chứng thư số',
    en: 'The validity of the certificate cannot be determined',
  },
};

export async function checkCertificate(input: CertificateCheckInput): Promise<CertificateCheckReport> {
  const r = await validatePath({
    leaf: input.certificate,
    candidates: input.chain,
    trustAnchors: input.trustAnchors,
    at: input.at,
    crls: input.crls.map((crl) => ({ crl, origin: 'offline' as const })),
    ocsps: input.ocsps.map((response) => ({ response, origin: 'offline' as const })),
    purpose: 'any',
    // Always an inputs object: the checker reports the valid policies even with the defaults.
    policy: input.policy ?? {},
    requireFreshRevocation: true,
  });
  const n = r.path.length;
  const roleOf = (i: number): CertificateRole =>
    i === n - 1 && n > 0 ? 'trust-anchor' : i === 0 ? 'end-entity' : 'intermediate';
  const path =
    n === 0
      ? [{ ...summarize(input.certificate), revocation: 'unknown' as const, role: 'end-entity' as const }]
      : r.summaries.map((s, i) => ({ ...s, role: roleOf(i) }));
  const checks: CertificateCheckLine[] = [];
  if (n === 0) {
    for (const f of r.findings)
      checks.push({ check: f.check, certificate: -1, passed: false, vi: f.vi, en: f.en });
  } else {
    checks.push({ check: 'chain', certificate: -1, passed: true, ...PASSED.chain });
    for (let i = 0; i < n; i++) {
      const role = roleOf(i);
      // A self-signed leaf that is itself the anchor has no check but being trusted.
      if (n === 1) break;
      for (const check of CHECKS_OF[role]) {
        const failed = r.findings.filter((f) => f.check === check && f.index === i);
        if (failed.length === 0) checks.push({ check, certificate: i, passed: true, ...PASSED[check] });
        else
          for (const f of failed) checks.push({ check, certificate: i, passed: false, vi: f.vi, en: f.en });
      }
    }
    // Findings not tied to a listed check of their certificate (e.g. a policy failure at wrap-up).
    for (const f of r.findings)
      if (!checks.some((c) => !c.passed && c.check === f.check && c.certificate === f.index && c.en === f.en))
        checks.push({ check: f.check, certificate: f.index, passed: false, vi: f.vi, en: f.en });
  }
  const allKnown = n > 0 && path.every((p) => p.revocation === 'good' || p.revocation === 'trust-anchor');
  const indication: Indication =
    r.failure?.indication ?? (allKnown && checks.every((c) => c.passed) ? 'TOTAL_PASSED' : 'INDETERMINATE');
  const subIndication = r.failure?.sub ?? (indication === 'TOTAL_PASSED' ? undefined : 'TRY_LATER');
  return {
    indication,
    ...(subIndication ? { subIndication } : {}),
    validationTime: input.at.toISOString(),
    summary: VERDICTS[indication],
    path,
    checks,
    policies: r.policies ?? [],
    userNotices: r.userNotices ?? [],
  };
}

/** Certificates of a PEM bundle or one DER certificate; CERT_MALFORMED otherwise. */
export function readCertificates(bytes: Buffer, what: string): Certificate[] {
  const all = CertificateClass.parseAll(bytes);
  if (all.length === 0)
    throw new ValidationError(
      'CERTIFICATE_INPUT_INVALID',
      { vi: `Không tìm thấy chứng thư số trong ${what}`, en: `No certificate in ${what}` },
      { details: { input: what } },
    );
  return all;
}

const CRL_PEM = /-----BEGIN X509 CRL-----([\s\S]*?)-----END X509 CRL-----/g;

/** CRLs of a PEM bundle or one DER CRL (RFC 5280 §5); REVOCATION_EVIDENCE_INVALID otherwise. */
export function readCrls(bytes: Buffer, what: string): CertificateRevocationList[] {
  const text = bytes.subarray(0, 64).toString('latin1');
  const ders = text.includes('-----BEGIN')
    ? [...bytes.toString('latin1').matchAll(CRL_PEM)].map((m) =>
        Buffer.from(m[1].replace(/\s+/g, ''), 'base64'),
      )
    : [bytes];
  const crls = ders.map((d) => CertificateRevocationList.parse(d));
  if (crls.length === 0 || crls.some((c) => c === null)) throw evidenceInvalid(what, 'CRL');
  return crls as CertificateRevocationList[];
}

/** One DER OCSP response (RFC 6960 OCSPResponse or BasicOCSPResponse); REVOCATION_EVIDENCE_INVALID otherwise. */
export function readOcspResponse(bytes: Buffer, what: string): OcspResponse {
  const o = OcspResponse.parse(bytes);
  if (o === null) throw evidenceInvalid(what, 'OCSP response');
  return o;
}

function evidenceInvalid(what: string, kind: string): ValidationError {
  return new ValidationError(
    'REVOCATION_EVIDENCE_INVALID',
    {
      vi: `${what} không phải ${kind === 'CRL' ? 'danh sách thu hồi (CRL)' : 'phản hồi OCSP'} đọc được`,
      en: `${what} is not a readable ${kind}`,
    },
    { details: { input: what, kind } },
  );
}
