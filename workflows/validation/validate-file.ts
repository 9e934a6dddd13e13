import {
  buildValidationReport,
  type ValidationReport,
} from '../../signing/validate/report/validation-report';
import type { Queryable } from '../directory/unit-repository';
import { readCrls, readOcspResponse } from '../../signing/validate/check-certificate';
import { loadRevocationRules, loadServerTrust } from './server-trust';
import type { ValidationDeps } from './validation-deps';

export interface FileToValidate {
  /** A file on disk (read by the worker) or the bytes. */
  readonly path?: string;
  readonly bytes?: Buffer;
  readonly name: string | null;
  readonly sha256: string;
  readonly size: number;
}

export interface ValidateFileOptions {
  /** The moment certificates are evaluated at. */
  readonly at: Date;
  /** Fetch CRL/OCSP for what the file does not embed, from the hosts an admin allowed. */
  readonly online: boolean;
  /** When the report is produced. */
  readonly now: Date;
  readonly evidence?: RevocationEvidence;
}

/** Revocation evidence the auditor holds: CRLs (DER or PEM) and OCSP responses (DER). */
export interface RevocationEvidence {
  readonly crls?: readonly Buffer[];
  readonly ocsps?: readonly Buffer[];
}

/**
 * Reads the auditor's evidence: every CRL (DER, or PEM holding one or more) as DER, every OCSP response
 * checked to be one. Throws REVOCATION_EVIDENCE_INVALID (400), naming the item (`crls[0]`), otherwise.
 */
export function readRevocationEvidence(evidence: RevocationEvidence): {
  crls: Buffer[];
  ocsps: Buffer[];
} {
  return {
    crls: (evidence.crls ?? []).flatMap((b, i) => readCrls(b, `crls[${i}]`).map((c) => c.der)),
    ocsps: (evidence.ocsps ?? []).map((b, i) => readOcspResponse(b, `ocsps[${i}]`) && b),
  };
}

/**
 * Validates one untrusted file in the worker pool with the server's trust list and revocation
 * rules, and builds its report. Never throws for the file's sake (unreadable, hostile, too slow or
 * too big files give UNREADABLE or ABORTED reports); throws VALIDATION_BUSY when the pool is full.
 */
export async function validateFile(
  q: Queryable,
  deps: ValidationDeps,
  file: FileToValidate,
  o: ValidateFileOptions,
): Promise<ValidationReport> {
  // Unreadable evidence is the caller's mistake (400 REVOCATION_EVIDENCE_INVALID), found before any work.
  const evidence = o.evidence && readRevocationEvidence(o.evidence);
  const trust = await loadServerTrust(q, deps.trust);
  const rules = o.online ? await loadRevocationRules(q, deps.trust) : undefined;
  const outcome = await deps.pool.run({
    ...(evidence && (evidence.crls.length || evidence.ocsps.length) ? { evidence } : {}),
    ...(file.path !== undefined ? { path: file.path } : { bytes: file.bytes }),
    at: o.at.toISOString(),
    trustAnchorsDer: trust.anchors.map((c) => c.der),
    online: rules,
    devMode: deps.trust.mode === 'development',
  });
  return buildValidationReport({
    file: { name: file.name, sha256: file.sha256, size: file.size },
    generatedAt: o.now,
    settings: {
      validationTime: o.at.toISOString(),
      revocation: rules ? 'online' : 'offline',
      trustAnchors: trust.entries.map((e) => ({ subject: e.subject, sha256: e.sha256, source: e.source })),
    },
    outcome,
  });
}
