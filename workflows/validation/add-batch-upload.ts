import fs from 'node:fs';
import type { DomainContext } from '../context';
import { guardObjectReference } from '../maintenance/guard-object-reference';
import { batchRepository } from './batch-repository';
import { addBatchFile } from './create-validation-batch';
import { findVisibleBatch } from './get-validation-batch';
import type { UploadedFile } from './validate-upload';
import type { ValidationBatch } from './validation-batch';
import type { ValidationDeps } from './validation-deps';

/**
 * Adds an uploaded PDF to a batch: the file goes to the object store first (content-addressed: a
 * retry stores nothing twice), then its row and its job commit together.
 */
export async function addBatchUpload(
  ctx: DomainContext,
  deps: ValidationDeps,
  batchId: string,
  file: UploadedFile,
): Promise<ValidationBatch> {
  await findVisibleBatch(ctx.db, ctx, batchId);
  const stored = await deps.objects.put(fs.createReadStream(file.path), {
    contentType: 'application/pdf',
    metadata: { kind: 'validation-upload' },
  });
  await ctx.db.transaction(async (m) => {
    // The same bytes may have been swept between the put and now: put them again under the lock.
    await guardObjectReference(
      m,
      deps.objects,
      { sha256: stored.sha256, contentType: 'application/pdf' },
      () => fs.createReadStream(file.path),
    );
    await findVisibleBatch(m, ctx, batchId, true); // serialises the file numbers of one batch
    await addBatchFile(m, ctx, batchId, {
      source: 'upload',
      fileName: file.fileName ?? null,
      sha256: stored.sha256,
      size: stored.size,
    });
  });
  return batchRepository.view(ctx.db, (await batchRepository.find(ctx.db, batchId))!, ctx.clock.now());
}
