import { hasRole, isSameUnitOrAncestor } from '../accounts/authorize';
import type { Actor } from '../context';
import type { Queryable } from '../directory/unit-repository';
import type { OutgoingDocument } from './outgoing-document';

/** What an actor may do next with a document (for the web pages' buttons; the domain re-checks). */
export type OutgoingAction =
  | 'edit'
  | 'delete'
  | 'edit_attachments'
  | 'set_recipients'
  | 'submit'
  | 'return'
  | 'review'
  | 'sign'
  | 'number_and_seal'
  | 'send'
  | 'recall'
  | 'update'
  | 'replace';

/**
 * Who sees an outgoing document: drafts and returned drafts only their drafter; anything else the
 * accounts of the issuing unit and of the units above it (DESIGN.md §1). Everything else answers
 * DOCUMENT_NOT_FOUND, exactly like a document that does not exist.
 */
export async function canSeeOutgoing(
  q: Queryable,
  actor: Actor,
  doc: Pick<OutgoingDocument, 'unitId' | 'status' | 'drafterUserId'>,
): Promise<boolean> {
  if (doc.status === 'draft' || doc.status === 'returned') return doc.drafterUserId === actor.userId;
  return isSameUnitOrAncestor(q, actor, doc.unitId);
}

/**
 * A draft or returned draft is its drafter's alone: to anyone else it does not exist, so every step on
 * it (submit, attachments...) answers DOCUMENT_NOT_FOUND, never a state error that confirms it.
 */
export function draftHiddenFrom(
  actor: Actor,
  doc: Pick<OutgoingDocument, 'status' | 'drafterUserId'>,
): boolean {
  return (doc.status === 'draft' || doc.status === 'returned') && doc.drafterUserId !== actor.userId;
}

/** The next steps open to the actor, by status, role and unit (Decree 30 sequence, docs/workflows.md). */
export function allowedActions(actor: Actor, doc: OutgoingDocument): OutgoingAction[] {
  if (doc.medium === 'paper' || actor.unitId !== doc.unitId) return [];
  const out: OutgoingAction[] = [];
  const drafter = doc.drafterUserId === actor.userId && hasRole(actor, 'specialist', 'leader');
  switch (doc.status) {
    case 'draft':
    case 'returned':
      if (drafter) out.push('edit', 'delete', 'edit_attachments', 'submit');
      break;
    case 'in_review':
      if (hasRole(actor, 'leader')) out.push('return', 'sign');
      break;
    case 'signed':
      // No recipients, no number: the clerk sets them first (assertHasRecipients).
      if (hasRole(actor, 'clerk')) {
        if (doc.recipients.length) out.push('number_and_seal');
        out.push('set_recipients');
      }
      break;
    case 'sealed':
      if (hasRole(actor, 'clerk') && doc.classification === 'none') out.push('send');
      break;
    case 'issued':
      if (hasRole(actor, 'clerk') && doc.classification === 'none') out.push('send');
      if (hasRole(actor, 'clerk', 'leader')) out.push('recall');
      // edXML business type 2 (the clerk corrects the issued document) and 3 (a drafter drafts the
      // document that replaces it, which goes through signing again).
      if (hasRole(actor, 'clerk')) out.push('update');
      if (hasRole(actor, 'specialist', 'leader')) out.push('replace');
      break;
    default:
      break;
  }
  return out;
}
