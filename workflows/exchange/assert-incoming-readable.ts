import type { Actor } from '../context';
import { assertRole, isSameUnitOrAncestor } from '../accounts/authorize';
import type { Queryable } from '../directory/unit-repository';
import { DocumentError } from '../documents/document-error';
import type { IncomingDocument } from './incoming-document';
import { INCOMING_READERS, readsWholeInbox } from './incoming-readers';
import { incomingRepository } from './incoming-repository';

/**
 * Loads an incoming document the actor may read: one of the receiving unit (or of a unit above it) with
 * a reading role; an account that is only a specialist reads the documents assigned to it. Anything
 * else (unless named for information, để biết) answers INCOMING_NOT_FOUND, exactly like an id that does not exist.
 */
export async function assertIncomingReadable(
  q: Queryable,
  actor: Actor,
  incomingId: string,
): Promise<IncomingDocument> {
  const doc = await incomingRepository.findById(q, incomingId);
  if (!doc) throw DocumentError.incomingNotFound(incomingId);
  if (await isSameUnitOrAncestor(q, actor, doc.recipientUnitId)) {
    assertRole(actor, ...INCOMING_READERS);
    if (readsWholeInbox(actor) || doc.assigneeUserIds.includes(actor.userId)) return doc;
  }
  // Để biết: a person of the unit or a unit directly below named for information reads it too (no actions).
  if (await isInformed(q, actor, doc.id)) return doc;
  throw DocumentError.incomingNotFound(incomingId);
}

/** Named for information (để biết) on the document: the actor, or the actor's unit. */
export async function isInformed(q: Queryable, actor: Actor, incomingId: string): Promise<boolean> {
  const rows: unknown[] = await q.query(
    `SELECT 1 FROM incoming_handlers
      WHERE incoming_id = $1 AND role = 'info' AND (user_id = $2 OR unit_id = $3) LIMIT 1`,
    [incomingId, actor.userId, actor.unitId],
  );
  return rows.length > 0;
}
