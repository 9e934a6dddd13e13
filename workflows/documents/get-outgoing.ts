import type { DomainContext } from '../context';
import { DocumentError } from './document-error';
import { replyToOf, type ReplyTo } from './document-replies';
import { allowedActions, canSeeOutgoing, type OutgoingAction } from './outgoing-access';
import type { OutgoingDocument } from './outgoing-document';
import { outgoingRepository, type DocumentVersion } from './outgoing-repository';

export interface OutgoingView {
  readonly document: OutgoingDocument;
  /** Every PDF revision, oldest first (attachment_signed versions name their attachment in `note`). */
  readonly versions: readonly DocumentVersion[];
  /** What the actor may do next (the domain functions check again). */
  readonly allowedActions: readonly OutgoingAction[];
  /** The incoming document this one answers (a reply, edXML ResponseFor); null otherwise. */
  readonly replyTo: ReplyTo | null;
}

/** One outgoing document with its versions and the actor's next actions; unseen → DOCUMENT_NOT_FOUND. */
export async function getOutgoing(
  ctx: DomainContext,
  input: { readonly documentId: string },
): Promise<OutgoingView> {
  const doc = await outgoingRepository.findById(ctx.db, input.documentId);
  if (!doc || !(await canSeeOutgoing(ctx.db, ctx.actor, doc))) throw DocumentError.notFound(input.documentId);
  return {
    document: doc,
    versions: await outgoingRepository.versions(ctx.db, doc.id),
    allowedActions: allowedActions(ctx.actor, doc),
    replyTo: await replyToOf(ctx.db, doc.id),
  };
}
