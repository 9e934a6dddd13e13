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
 * else answers INCOMING_NOT_FOUND, exactly like an id that does not exist.
 */
export async function assertIncomingReadable(
  q: Queryable,
  actor: Actor,
  incomingId: string,
): Promise<IncomingDocument> {
  const doc = await incomingRepository.findById(q, incomingId);
  if (!doc || !(await isSameUnitOrAncestor(q, actor, doc.recipientUnitId))) {
    throw DocumentError.incomingNotFound(incomingId);
  }
  assertRole(actor, ...INCOMING_READERS);
  if (!readsWholeInbox(actor) && !doc.assigneeUserIds.includes(actor.userId)) {
    throw DocumentError.incomingNotFound(incomingId);
  }
  return doc;
}
