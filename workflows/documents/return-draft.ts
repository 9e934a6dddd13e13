import type { DomainContext } from '../context';
import { changeOutgoing } from './change-outgoing';
import { DocumentError } from './document-error';
import type { OutgoingDocument } from './outgoing-document';

/** The leader returns a draft under review to its drafter with comments (a comment is required). */
export async function returnDraft(
  ctx: DomainContext,
  input: { readonly documentId: string; readonly comment: string },
): Promise<OutgoingDocument> {
  const comment = typeof input.comment === 'string' ? input.comment.trim() : '';
  if (!comment) throw DocumentError.invalid('comment', 'Cần ghi ý kiến khi trả lại', 'A comment is required');
  return changeOutgoing(
    ctx,
    input.documentId,
    { action: 'return', roles: ['leader'], from: ['in_review'], to: 'returned' },
    async () => ({ set: { review_comment: comment }, audit: { comment } }),
  );
}
