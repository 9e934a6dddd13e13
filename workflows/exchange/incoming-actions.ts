import type { Actor } from '../context';
import type { IncomingDocument } from './incoming-document';

/** What an incoming document's page may offer: the transitions of the lifecycle. */
export type IncomingAction =
  | 'register'
  | 'refuse'
  | 'forward'
  | 'assign'
  | 'complete'
  | 'answerRecall'
  | 'reply'
  | 'reassign'
  | 'extend'
  | 'progress';

/**
 * The transitions the actor may take now on `doc` (the same rules the transition functions enforce:
 * accounts of the receiving unit only, by role and current code), so that pages show only what works.
 */
export function incomingActions(actor: Actor, doc: IncomingDocument): IncomingAction[] {
  if (actor.unitId !== doc.recipientUnitId) return [];
  const has = (r: string) => actor.roles.some((x) => x === r);
  const out: IncomingAction[] = [];
  if (has('clerk')) {
    if (doc.statusCode === '01') out.push('register', 'refuse');
    if (doc.statusCode === '03') out.push('forward');
  }
  if (has('leader') && doc.statusCode === '04') out.push('assign');
  // The lead handler (chủ trì: the first assignee) completes; supporting handlers note progress.
  if (
    doc.statusCode === '05' &&
    (has('leader') || (has('specialist') && doc.assigneeUserIds[0] === actor.userId))
  ) {
    out.push('complete');
  }
  if (has('clerk') && doc.recallCode === '13') out.push('answerRecall');
  if (doc.statusCode === '05' && has('leader')) out.push('reassign', 'extend');
  if (doc.statusCode === '05' && (has('leader') || doc.assigneeUserIds.includes(actor.userId))) {
    out.push('progress');
  }
  // A reply (new outgoing draft answering it): drafters of the unit, once registered and until completed;
  // a specialist only when assigned to it.
  if (
    ['03', '04', '05'].includes(doc.statusCode) &&
    (has('leader') || (has('specialist') && doc.assigneeUserIds.includes(actor.userId)))
  ) {
    out.push('reply');
  }
  return out;
}
