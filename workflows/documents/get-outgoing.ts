import type { DomainContext } from '../context';
import { DocumentError } from './document-error';
import { replyToOf, type ReplyTo } from './document-replies';
import { currentReviewStep, reviewSteps, type ReviewStep } from './review-chain';
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
  /** The review chain before the leader (trình duyệt), in order; empty when there is none. */
  readonly review: readonly ReviewStep[];
}

/** One outgoing document with its versions and the actor's next actions; unseen → DOCUMENT_NOT_FOUND. */
export async function getOutgoing(
  ctx: DomainContext,
  input: { readonly documentId: string },
): Promise<OutgoingView> {
  const doc = await outgoingRepository.findById(ctx.db, input.documentId);
  if (!doc || !(await canSeeOutgoing(ctx.db, ctx.actor, doc))) throw DocumentError.notFound(input.documentId);
  const review = await reviewSteps(ctx.db, doc.id);
  const current = doc.status === 'in_review' ? currentReviewStep(review) : undefined;
  // While a reviewer has the draft, the leader cannot sign yet; the reviewer whose turn it is decides.
  const actions = allowedActions(ctx.actor, doc).filter((a) => !(current && a === 'sign'));
  if (current && current.reviewer.id === ctx.actor.userId && ctx.actor.unitId === doc.unitId) {
    actions.push('review');
  }
  return {
    document: doc,
    versions: await outgoingRepository.versions(ctx.db, doc.id),
    allowedActions: actions,
    review,
    replyTo: await replyToOf(ctx.db, doc.id),
  };
}
