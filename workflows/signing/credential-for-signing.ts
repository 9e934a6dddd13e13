import type { Actor } from '../context';
import type { Queryable } from '../directory/unit-repository';
import { credentialRepository } from './credential-repository';
import type { StoredCredential } from './signing-credential';
import { SigningError } from './signing-error';

/**
 * The credential a signer names, if they may use it: `personal` — their own personal credential;
 * `seal` — a seal credential of `unitId`, which must be the actor's unit. Anything else (another
 * person's or unit's credential, an unknown id) answers SIGNING_CREDENTIAL_NOT_FOUND, so that nobody
 * learns which credentials others hold; a deactivated one SIGNING_CREDENTIAL_INACTIVE.
 */
export async function credentialForSigning(
  q: Queryable,
  actor: Actor,
  credentialId: string,
  use: { readonly personal: true } | { readonly sealOf: string },
): Promise<StoredCredential> {
  const c = await credentialRepository.findById(q, credentialId);
  const mine =
    c !== undefined &&
    ('personal' in use
      ? c.ownerKind === 'user' && c.userId === actor.userId
      : c.ownerKind === 'unit' && c.unitId === use.sealOf && actor.unitId === use.sealOf);
  if (!c || !mine) throw SigningError.credentialNotFound(credentialId);
  if (!c.active) throw SigningError.inactive(c.id);
  return c;
}
