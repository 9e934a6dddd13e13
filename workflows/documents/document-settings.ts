import type { DomainContext } from '../context';
import { appendAuditEvent } from '../audit/append-audit-event';
import { assertRole, isSameUnitOrAncestor } from '../accounts/authorize';
import { DirectoryError } from '../directory/directory-error';
import type { Queryable } from '../directory/unit-repository';
import './document-audit-events';

export interface DocumentSettings {
  /** An incoming document in progress (05) completes (06) when the reply written to it is issued. */
  readonly completeIncomingOnReply: boolean;
}

export const DEFAULT_DOCUMENT_SETTINGS: DocumentSettings = { completeIncomingOnReply: true };

/**
 * The settings in force for a unit: its own row, else the nearest unit above it with one (a province
 * setting serves every unit below), else the defaults.
 */
export async function documentSettings(
  q: Queryable,
  unitId: string,
): Promise<DocumentSettings & { readonly fromUnitId: string | null }> {
  const [r]: { unit_id: string; complete_incoming_on_reply: boolean }[] = await q.query(
    `WITH RECURSIVE up AS (
       SELECT id, parent_id, 0 AS depth FROM units WHERE id = $1
       UNION ALL SELECT u.id, u.parent_id, up.depth + 1 FROM units u JOIN up ON u.id = up.parent_id WHERE up.depth < 20)
     SELECT s.unit_id, s.complete_incoming_on_reply FROM up JOIN document_settings s ON s.unit_id = up.id
      ORDER BY up.depth LIMIT 1`,
    [unitId],
  );
  return r
    ? { completeIncomingOnReply: r.complete_incoming_on_reply, fromUnitId: r.unit_id }
    : { ...DEFAULT_DOCUMENT_SETTINGS, fromUnitId: null };
}

/** An admin of the unit or of a unit above it sets the unit's document settings (audit DOCUMENT_SETTINGS_CHANGED). */
export async function setDocumentSettings(
  ctx: DomainContext,
  input: { readonly unitId?: string } & DocumentSettings,
): Promise<DocumentSettings & { readonly fromUnitId: string | null }> {
  assertRole(ctx.actor, 'admin');
  const unitId = input.unitId ?? ctx.actor.unitId;
  if (!(await isSameUnitOrAncestor(ctx.db, ctx.actor, unitId))) throw DirectoryError.notFound(unitId);
  const now = ctx.clock.now();
  return ctx.db.transaction(async (m) => {
    await m.query(
      `INSERT INTO document_settings (unit_id, complete_incoming_on_reply, updated_at, updated_by)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (unit_id) DO UPDATE SET complete_incoming_on_reply = EXCLUDED.complete_incoming_on_reply,
         updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by`,
      [unitId, input.completeIncomingOnReply, now, ctx.actor.userId],
    );
    await appendAuditEvent(m, ctx, {
      type: 'DOCUMENT_SETTINGS_CHANGED',
      unitId,
      payload: { unitId, completeIncomingOnReply: input.completeIncomingOnReply },
    });
    return documentSettings(m, unitId);
  });
}
