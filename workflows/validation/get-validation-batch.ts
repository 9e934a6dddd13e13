import { isSameUnitOrAncestor } from '../accounts/authorize';
import type { DomainContext } from '../context';
import type { Queryable } from '../directory/unit-repository';
import { batchRepository, type BatchRow } from './batch-repository';
import { assertValidationRole } from './validation-access';
import type { ValidationBatch } from './validation-batch';
import { ValidationServiceError } from './validation-service-error';

/** The batch if the actor (auditor, admin) belongs to its unit or a unit above; else not found. */
export async function findVisibleBatch(
  q: Queryable,
  ctx: DomainContext,
  id: string,
  lock = false,
): Promise<BatchRow> {
  assertValidationRole(ctx.actor, 'batches');
  const batch = await batchRepository.find(q, id, lock);
  if (!batch || !(await isSameUnitOrAncestor(q, ctx.actor, batch.unit_id)))
    throw ValidationServiceError.batchNotFound(id);
  return batch;
}

/** A batch's progress (done / total, failures) and every file's verdict. */
export async function getValidationBatch(ctx: DomainContext, id: string): Promise<ValidationBatch> {
  const batch = await findVisibleBatch(ctx.db, ctx, id);
  return batchRepository.view(ctx.db, batch, ctx.clock.now());
}

/** The newest batches of the actor's unit and the units below (50). */
export async function listValidationBatches(
  ctx: DomainContext,
): Promise<{ id: string; name: string; createdAt: Date; total: number; done: number }[]> {
  assertValidationRole(ctx.actor, 'batches');
  const rows: { id: string; unit_id: string; name: string; created_at: Date; total: number; done: number }[] =
    await ctx.db.query(
      `WITH RECURSIVE reach AS (
         SELECT id FROM units WHERE id = $1
         UNION SELECT u.id FROM units u JOIN reach r ON u.parent_id = r.id)
       SELECT b.id, b.unit_id, b.name, b.created_at,
              (SELECT count(*)::int FROM validation_batch_files f WHERE f.batch_id = b.id) AS total,
              (SELECT count(*)::int FROM validation_batch_files f WHERE f.batch_id = b.id AND f.report_id IS NOT NULL) AS done
       FROM validation_batches b WHERE b.unit_id IN (SELECT id FROM reach)
       ORDER BY b.created_at DESC, b.id LIMIT 50`,
      [ctx.actor.unitId],
    );
  return rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at, total: r.total, done: r.done }));
}
