import type { ObjectStore } from '../../storage/objects/object-store';
import type { SigningServices } from '../../workflows/signing/signing-services';
import { DRAFT_FIELDS_MAX_BYTES } from './create-signing-services';

/**
 * Signing services for an app built without them (tests of other parts, tools): the object store and
 * the default levels, but no timestamp authority, no revocation source and no development CA — signing
 * steps that need those answer 503 SIGNING_SERVICE_UNAVAILABLE instead of pretending.
 */
export function minimalSigningServices(
  objects: ObjectStore,
  mode: 'development' | 'production',
): SigningServices {
  return {
    objects,
    mode,
    levels: { leader: 'B-T', seal: 'B-LTA', attachment: 'B-LT' },
    sealLevels: ['B-LT', 'B-LTA'],
    pkcs11Tokens: {},
    sessionTtlSeconds: 900,
    draftFieldsMaxBytes: DRAFT_FIELDS_MAX_BYTES,
  };
}
