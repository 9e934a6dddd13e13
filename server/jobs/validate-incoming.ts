import type { Certificate } from '../../signing/pki/certificate';
import { validatePdf } from '../../signing/validate/validate-pdf';
import type { DocumentValidation } from '../../signing/validate/validation-result';
import type { ObjectStore } from '../../storage/objects/object-store';
import { appendAuditEvent } from '../../workflows/audit/append-audit-event';
import type { JobHandler } from '../../workflows/exchange/job';
import { incomingVerdict, type IncomingVerdict } from './incoming-verdict';
import './job-audit-events';

export interface ValidateIncomingDeps {
  readonly objects: ObjectStore;
  /** The anchors trusted now (configured roots; the development PKI's root in development). */
  readonly trustAnchors: () => Promise<readonly Certificate[]>;
  /** Largest PDF validated in memory (default 256 MiB). */
  readonly maxBytes?: number;
  /**
   * Validation in isolation (the server's worker pool: time and memory limits); default validatePdf
   * in this thread. Throws VALIDATION_* coded errors for files it cannot evaluate.
   */
  readonly validate?: (
    pdf: Buffer,
    options: { trustAnchors: readonly Certificate[]; at: Date },
  ) => Promise<DocumentValidation>;
}

/**
 * Job handler for `incoming.validate` (DESIGN.md §3: on arrival the signatures are validated
 * automatically): validates the delivered PDF once (offline: embedded revocation data only), keeps the
 * full report in the object store and writes the verdict into every incoming record of the payload that
 * still has none, with an INCOMING_VALIDATED audit event on each recipient unit. A PDF that cannot be
 * evaluated gives TOTAL_FAILED with the error code; a missing object throws (the job retries).
 */
export function validateIncoming(deps: ValidateIncomingDeps): JobHandler {
  return async (m, job, now) => {
    const sha256 = String(job.payload.pdfSha256);
    const ids = Array.isArray(job.payload.incomingIds) ? job.payload.incomingIds.map(String) : [];
    const targets: { id: string; recipient_unit_id: string }[] = await m.query(
      `SELECT id, recipient_unit_id FROM incoming_documents
       WHERE id = ANY($1::uuid[]) AND pdf_sha256 = $2 AND validation IS NULL ORDER BY id FOR UPDATE`,
      [ids, sha256],
    );
    if (targets.length === 0) return;

    const pdf = await deps.objects.getBuffer(sha256, { maxBytes: deps.maxBytes ?? 256 * 1024 * 1024 });
    let verdict: IncomingVerdict;
    try {
      const report = await (deps.validate ?? validatePdf)(pdf, {
        trustAnchors: await deps.trustAnchors(),
        at: now,
      });
      const stored = await deps.objects.put(Buffer.from(JSON.stringify(report)), {
        contentType: 'application/json',
        metadata: { kind: 'validation-report', pdf: sha256 },
      });
      verdict = incomingVerdict(report, now, stored.sha256);
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      if (typeof code !== 'string' || !code.startsWith('VALIDATION_') || code === 'VALIDATION_BUSY') throw e;
      verdict = {
        // Unreadable: not a document one may register. Stopped at a time or memory limit: unknown.
        indication: code === 'VALIDATION_UNREADABLE' ? 'TOTAL_FAILED' : 'INDETERMINATE',
        validatedAt: now.toISOString(),
        signatures: [],
        unsignedRevisions: 0,
        reportSha256: null,
        error: code,
      };
    }

    await m.query(`UPDATE incoming_documents SET validation = $2::jsonb WHERE id = ANY($1::uuid[])`, [
      targets.map((t) => t.id),
      JSON.stringify(verdict),
    ]);
    for (const t of targets) {
      await appendAuditEvent(
        m,
        { actor: null, clock: { now: () => now } },
        {
          type: 'INCOMING_VALIDATED',
          unitId: t.recipient_unit_id,
          payload: {
            incomingId: t.id,
            sha256,
            indication: verdict.indication,
            ...(verdict.reportSha256 ? { reportSha256: verdict.reportSha256 } : {}),
          },
        },
      );
    }
  };
}
