import {
  checkCertificate,
  readCertificates,
  readCrls,
  readOcspResponse,
  type CertificateCheckReport,
} from '../../signing/validate/check-certificate';
import type { PolicyInputs } from '../../signing/validate/path-constraints';
import type { DomainContext } from '../context';
import { loadServerTrust } from './server-trust';
import { assertValidationRole } from './validation-access';
import type { ValidationDeps } from './validation-deps';

/** Inputs as bytes (the route decodes PEM text or base64 DER). */
export interface CertificateCheckRequest {
  readonly certificate: Buffer;
  readonly chain?: readonly Buffer[];
  /** Anchors for this check only, besides the server's trust list. */
  readonly trustAnchors?: readonly Buffer[];
  readonly crls?: readonly Buffer[];
  readonly ocsps?: readonly Buffer[];
  /** Validation time; now when absent. */
  readonly at?: Date;
  readonly policy?: PolicyInputs;
}

/**
 * An auditor checks one certificate (RFC 5280 path validation) against the server's trust anchors
 * and any given for this check, with the revocation evidence they hold; nothing is fetched.
 * Unreadable inputs are CERTIFICATE_INPUT_INVALID / REVOCATION_EVIDENCE_INVALID (400).
 */
export async function checkCertificateRequest(
  ctx: DomainContext,
  deps: ValidationDeps,
  request: CertificateCheckRequest,
): Promise<CertificateCheckReport> {
  assertValidationRole(ctx.actor, 'upload');
  // A bundle given as the certificate (leaf first) brings its intermediates along.
  const [certificate, ...bundled] = readCertificates(request.certificate, 'certificate');
  const chain = [...bundled, ...(request.chain ?? []).flatMap((b, i) => readCertificates(b, `chain[${i}]`))];
  const extra = (request.trustAnchors ?? []).flatMap((b, i) => readCertificates(b, `trustAnchors[${i}]`));
  const crls = (request.crls ?? []).flatMap((b, i) => readCrls(b, `crls[${i}]`));
  const ocsps = (request.ocsps ?? []).map((b, i) => readOcspResponse(b, `ocsps[${i}]`));
  const trust = await loadServerTrust(ctx.db, deps.trust);
  return checkCertificate({
    certificate,
    chain,
    trustAnchors: [...trust.anchors, ...extra],
    crls,
    ocsps,
    at: request.at ?? ctx.clock.now(),
    policy: request.policy,
  });
}
