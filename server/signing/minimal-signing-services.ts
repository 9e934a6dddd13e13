import { drawSealPng, drawSignaturePng } from '../../signing/sign/appearance/draw-png';
import type { ObjectStore } from '../../storage/objects/object-store';
import type { DevSigningAuthority } from '../../workflows/signing/dev-signing-authority';
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

/**
 * The development CA's signing services without a server (tests and bench scripts): the minimal services
 * with generated signature and seal images and `dev`'s credentials; its timestamps and revocation data
 * only when passed in `extra` (the demo history's run signs without them).
 */
export function developmentSigningServices(
  objects: ObjectStore,
  dev: DevSigningAuthority,
  extra: Pick<SigningServices, 'timestampClient' | 'revocationData' | 'refreshRevocations'> = {},
): SigningServices {
  return {
    ...minimalSigningServices(objects, 'development'),
    ...extra,
    defaultImages: { signature: drawSignaturePng(), seal: drawSealPng() },
    dev,
  };
}
