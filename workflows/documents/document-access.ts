import type { Role, Actor } from '../context';
import { AccessError } from '../accounts/access-error';
import { assertRole, isSameUnitOrAncestor } from '../accounts/authorize';
import type { Queryable } from '../directory/unit-repository';
import { DocumentError } from './document-error';

/**
 * Who may act on a unit's documents. Reading: the unit itself and the units above it. Acting (drafting,
 * signing, numbering, receiving): only accounts of the unit itself, with one of `roles`. A unit the actor
 * cannot see answers the resource's not-found error, never FORBIDDEN, so another unit's documents are not
 * disclosed. (To move into POLICY in workflows/accounts/authorize.ts as `documents.*` actions.)
 */
export async function assertDocumentAccess(
  q: Queryable,
  actor: Actor,
  unitId: string,
  mode: { act: readonly Role[] } | 'read',
  notFound: () => DocumentError,
): Promise<void> {
  if (!(await isSameUnitOrAncestor(q, actor, unitId))) throw notFound();
  if (mode === 'read') return;
  if (actor.unitId !== unitId) throw AccessError.forbidden('documents.act');
  assertRole(actor, ...mode.act);
}
