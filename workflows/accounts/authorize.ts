import type { CodedError } from '../../signing/errors';
import type { Actor, Role } from '../context';
import { ROLES } from '../context';
import { unitRepository, type Queryable } from '../directory/unit-repository';
import { AccessError } from './access-error';

/**
 * Where an action may reach: `province` — any unit of the server; `subtree` — the actor's own unit and
 * the units below it (a root province-level unit, the UBND tỉnh, therefore reaches everything).
 */
export type Scope = 'province' | 'subtree';

export interface Rule {
  readonly roles: readonly Role[];
  readonly scope: Scope;
}

/**
 * The access policy, one line per action. Routes and domain functions name the action; nothing else
 * decides who may do what. Later modules add their actions here.
 */
export const POLICY = {
  /** Read the unit directory (names, codes, structure): every account of the province. */
  'directory.read': { roles: ROLES, scope: 'province' },
  /** Create, rename, merge, dissolve units. */
  'directory.manage': { roles: ['admin'], scope: 'subtree' },
  /** See accounts of a unit. */
  'accounts.read': { roles: ['admin', 'auditor'], scope: 'subtree' },
  /** Create accounts, reset passwords, change roles, deactivate. */
  'accounts.manage': { roles: ['admin'], scope: 'subtree' },
  /** Read the audit trail of a unit. */
  'audit.read': { roles: ['auditor', 'admin'], scope: 'subtree' },
  /** Verify the whole audit chain. */
  'audit.verify': { roles: ['auditor', 'admin'], scope: 'province' },
  /** See the fixity coverage of the archival objects (checks, failures, runs). */
  'archive.fixity.read': { roles: ['archivist', 'admin', 'auditor'], scope: 'province' },
  /** Archive (issue 11): read a unit's file list, files, transfers and archival records. */
  'archive.read': { roles: ['specialist', 'leader', 'clerk', 'archivist', 'auditor'], scope: 'subtree' },
  /** Open case files, put documents into them, close them, send closed files to the archive. */
  'archive.file': { roles: ['specialist', 'leader', 'clerk', 'archivist'], scope: 'subtree' },
  /** Accept or return a transfer; legal holds; propose disposal (the unit's archivist). */
  'archive.manage': { roles: ['archivist'], scope: 'subtree' },
  /** Edit the province-wide retention table. */
  'archive.retention.manage': { roles: ['admin'], scope: 'province' },
  /** Approve or reject a disposal list: the unit's leader, the province archive (archivist of the top unit). */
  'archive.disposal.approve': { roles: ['leader', 'archivist'], scope: 'subtree' },
  /** Upload scans of paper records and run their OCR (docs/digitisation.md). */
  'digitisation.manage': { roles: ['clerk', 'archivist'], scope: 'subtree' },
  /** See a unit's digitised records, their progress, text and files. */
  'digitisation.read': { roles: ['clerk', 'archivist', 'leader', 'auditor'], scope: 'subtree' },
} as const satisfies Record<string, Rule>;

export type Action = keyof typeof POLICY;

/** Throws FORBIDDEN unless the actor holds one of the roles. */
export function assertRole(actor: Actor, ...roles: Role[]): void {
  if (!roles.some((r) => actor.roles.includes(r))) throw AccessError.forbidden(roles.join('|'));
}

export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  return roles.some((r) => actor.roles.includes(r));
}

/**
 * True when the actor's unit is `unitId` or one of its ancestors, or when the actor's unit is a root
 * province-level unit (the UBND tỉnh), which oversees every unit of the server.
 */
export async function isSameUnitOrAncestor(q: Queryable, actor: Actor, unitId: string): Promise<boolean> {
  if (actor.unitId === unitId) return true;
  const ancestors = await unitRepository.ancestorIds(q, unitId);
  if (ancestors.length === 0) return false;
  if (ancestors.includes(actor.unitId)) return true;
  const own = await unitRepository.findById(q, actor.unitId);
  return own !== undefined && own.parentId === null && own.level === 'province';
}

/**
 * Throws a not-found error (never FORBIDDEN: the existence of another unit's data is not disclosed)
 * unless the actor's unit is `unitId` or one of its ancestors. `notFound` builds the resource's own
 * not-found error (e.g. DOCUMENT_NOT_FOUND); default NOT_FOUND.
 */
export async function assertSameUnitOrAncestor(
  q: Queryable,
  actor: Actor,
  unitId: string,
  notFound: () => CodedError = AccessError.notFound,
): Promise<void> {
  if (!(await isSameUnitOrAncestor(q, actor, unitId))) throw notFound();
}

/**
 * Checks one action of POLICY. With a target unit, a unit outside the rule's scope answers not found
 * (first, whatever the roles); a visible target without the role answers FORBIDDEN.
 */
export async function authorize(
  q: Queryable,
  actor: Actor,
  action: Action,
  target?: { readonly unitId: string; readonly notFound?: () => CodedError },
): Promise<void> {
  const rule: Rule = POLICY[action];
  if (target && rule.scope === 'subtree') {
    await assertSameUnitOrAncestor(q, actor, target.unitId, target.notFound);
  }
  if (!rule.roles.some((r) => actor.roles.includes(r))) throw AccessError.forbidden(action);
}

/** Non-throwing form of `authorize`, for filtering lists and showing or hiding UI actions. */
export async function can(
  q: Queryable,
  actor: Actor,
  action: Action,
  target?: { readonly unitId: string },
): Promise<boolean> {
  const rule: Rule = POLICY[action];
  if (!rule.roles.some((r) => actor.roles.includes(r))) return false;
  return !target || rule.scope === 'province' || isSameUnitOrAncestor(q, actor, target.unitId);
}
