import { hasRole } from '../accounts/authorize';
import type { DomainContext } from '../context';
import { credentialRepository, publicCredential } from './credential-repository';
import { issueDevCredential } from './issue-dev-credential';
import type { SigningCredential } from './signing-credential';
import type { SigningServices } from './signing-services';

/** A credential the actor may sign with, and in development mode the demo PIN of dev credentials. */
export type UsableCredential = SigningCredential & { readonly devPin?: string };

/**
 * The credentials the actor may sign with now: their own personal ones, and for clerks and leaders the
 * seal credentials of their unit. Active only. In development mode a leader without a personal
 * credential and a clerk whose unit has no seal get a development credential issued on this first use.
 */
export async function listUsableCredentials(
  ctx: DomainContext,
  services: SigningServices,
): Promise<UsableCredential[]> {
  const { actor } = ctx;
  const load = async () => {
    const own = await credentialRepository.list(ctx.db, {
      userId: actor.userId,
      activeOnly: true,
      limit: 100,
    });
    const unit = hasRole(actor, 'clerk', 'leader')
      ? await credentialRepository.list(ctx.db, {
          unitIds: [actor.unitId],
          ownerKind: 'unit',
          activeOnly: true,
          limit: 100,
        })
      : [];
    return { own, unit };
  };
  let { own, unit } = await load();
  if (services.dev) {
    let issued = false;
    if (hasRole(actor, 'leader') && own.length === 0) {
      await issueDevCredential(ctx, services, { userId: actor.userId });
      issued = true;
    }
    if (hasRole(actor, 'clerk') && unit.length === 0) {
      await issueDevCredential(ctx, services, { unitId: actor.unitId });
      issued = true;
    }
    if (issued) ({ own, unit } = await load());
  }
  const pin = services.dev?.pin;
  return [...own, ...unit].map((c) => ({
    ...publicCredential(c),
    ...(c.dev && pin !== undefined ? { devPin: pin } : {}),
  }));
}
