import type { Actor, Role } from '../context';

/** Roles that read a unit's incoming documents (văn bản đến). */
export const INCOMING_READERS: readonly Role[] = ['clerk', 'leader', 'specialist', 'archivist', 'auditor'];

/**
 * Whether the actor reads every incoming document of a unit it can see (clerks, leaders, archivists,
 * auditors) or only those assigned to it (an account that is only a specialist).
 */
export function readsWholeInbox(actor: Actor): boolean {
  return actor.roles.some((r) => r === 'clerk' || r === 'leader' || r === 'archivist' || r === 'auditor');
}
