import type { EntityManager } from 'typeorm';
import { appendAuditEvent } from '../audit/append-audit-event';
import type { DomainContext } from '../context';
import { enqueueJobs } from '../exchange/enqueue-job';
import { batchRepository } from './batch-repository';
import { assertValidationRole, findStoredDocument, type StoredDocument } from './validation-access';
import {
  MAX_BATCH_FILES,
  VALIDATION_BATCH_FILE_JOB,
  batchFileJobKey,
  type ValidationBatch,
} from './validation-batch';
import './validation-audit-events';
import type { ValidationDeps } from './validation-deps';
import { ValidationServiceError } from './validation-service-error';
import { readRevocationEvidence, type RevocationEvidence } from './validate-file';

export interface NewBatch {
  readonly name: string;
  /** Stored documents to include at once, by SHA-256 (each must be one the actor may validate). */
  readonly documents?: readonly string[];
  /** Validate every file at this moment (default: when each file is validated). */
  readonly at?: Date;
  /** Also fetch revocation data from the allowed hosts (default true; offline when none is allowed). */
  readonly online?: boolean;
  /**
   * Revocation evidence the auditor holds, used for every file of the batch beside the file's own
   * (checked now: REVOCATION_EVIDENCE_INVALID otherwise).
   */
  readonly evidence?: RevocationEvidence;
}

/** Adds one file to a locked batch: its row, its job (same transaction), its audit event. */
export async function addBatchFile(
  m: EntityManager,
  ctx: DomainContext,
  batchId: string,
  file: { source: 'upload' | 'stored'; fileName: string | null; sha256: string; size: number },
): Promise<string> {
  const [{ n }]: { n: number }[] = await m.query(
    `SELECT count(*)::int AS n FROM validation_batch_files WHERE batch_id = $1`,
    [batchId],
  );
  if (n >= MAX_BATCH_FILES)
    throw new ValidationServiceError(
      'VALIDATION_BATCH_FULL',
      {
        vi: `Một lô kiểm tra có tối đa ${MAX_BATCH_FILES} tệp`,
        en: `A validation batch holds at most ${MAX_BATCH_FILES} files`,
      },
      { batchId, limit: MAX_BATCH_FILES },
    );
  const rows: { id: string }[] = await m.query(
    `INSERT INTO validation_batch_files (batch_id, seq, source, file_name, pdf_sha256, pdf_size, added_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [
      batchId,
      n + 1,
      file.source,
      file.fileName?.slice(0, 255) ?? null,
      file.sha256,
      file.size,
      ctx.clock.now(),
    ],
  );
  const fileId = rows[0]!.id;
  await enqueueJobs(m, [
    {
      kind: VALIDATION_BATCH_FILE_JOB,
      payload: { fileId },
      runAt: ctx.clock.now(),
      dedupeKey: batchFileJobKey(fileId),
      maxAttempts: 5,
    },
  ]);
  await appendAuditEvent(m, ctx, {
    type: 'VALIDATION_BATCH_FILE_ADDED',
    payload: { batchId, fileId, pdfSha256: file.sha256, source: file.source },
  });
  return fileId;
}

/**
 * An auditor opens a batch: a name, optional stored documents validated by the job worker at once,
 * and uploads added one by one afterwards (addBatchUpload). The work runs as PostgreSQL jobs, so it
 * survives restarts and every replica takes part; GET shows the progress.
 */
export async function createValidationBatch(
  ctx: DomainContext,
  deps: ValidationDeps,
  input: NewBatch,
): Promise<ValidationBatch> {
  assertValidationRole(ctx.actor, 'batches');
  const name = input.name.trim();
  const evidence = readRevocationEvidence(input.evidence ?? {});
  const documents = [...new Set(input.documents ?? [])];
  if (documents.length > MAX_BATCH_FILES)
    throw new ValidationServiceError(
      'VALIDATION_BATCH_FULL',
      {
        vi: `Một lô kiểm tra có tối đa ${MAX_BATCH_FILES} tệp`,
        en: `A validation batch holds at most ${MAX_BATCH_FILES} files`,
      },
      { limit: MAX_BATCH_FILES },
    );
  const found: StoredDocument[] = [];
  for (const sha256 of documents) found.push(await findStoredDocument(ctx.db, ctx.actor, sha256));
  const sizes = await Promise.all(found.map((d) => deps.objects.stat(d.sha256)));
  sizes.forEach((s, i) => {
    if (!s) throw ValidationServiceError.documentNotFound(found[i].sha256);
  });
  const online = input.online ?? true;
  const id = await ctx.db.transaction(async (m) => {
    const rows: { id: string }[] = await m.query(
      `INSERT INTO validation_batches (unit_id, created_by, name, online, validation_time, created_at,
         revocation_crls, revocation_ocsps)
       VALUES ($1, $2, $3, $4, $5, $6, $7::bytea[], $8::bytea[]) RETURNING id`,
      [
        ctx.actor.unitId,
        ctx.actor.userId,
        name,
        online,
        input.at ?? null,
        ctx.clock.now(),
        evidence.crls,
        evidence.ocsps,
      ],
    );
    const batchId = rows[0]!.id;
    await appendAuditEvent(m, ctx, {
      type: 'VALIDATION_BATCH_CREATED',
      payload: {
        batchId,
        name,
        files: found.length,
        online,
        ...(evidence.crls.length || evidence.ocsps.length
          ? { evidence: { crls: evidence.crls.length, ocsps: evidence.ocsps.length } }
          : {}),
      },
    });
    for (const [i, d] of found.entries())
      await addBatchFile(m, ctx, batchId, {
        source: 'stored',
        fileName: d.name,
        sha256: d.sha256,
        size: sizes[i]!.size,
      });
    return batchId;
  });
  return batchRepository.view(ctx.db, (await batchRepository.find(ctx.db, id))!, ctx.clock.now());
}
