import { createHash } from 'node:crypto';
import { isCodedError } from '../../signing/errors';
import { StampImage } from '../../signing/sign/appearance/stamp-image';
import { appendAuditEvent } from '../audit/append-audit-event';
import { authorize } from '../accounts/authorize';
import type { DomainContext } from '../context';
import { credentialRepository, publicCredential } from './credential-repository';
import './signing-audit-events';
import type { SigningCredential } from './signing-credential';
import { checkStampImage } from './check-stamp-image';
import { SigningError } from './signing-error';

export const MAX_STAMP_IMAGE_BYTES = 1024 * 1024;

/**
 * Sets (or with `image: null` removes) the image a credential's stamp shows: the leader's signature
 * image or the unit's red seal (Decree 30 Appendix I). An admin of the unit, or the credential's owner
 * for a personal credential. The image must be a PNG or JPEG the stamp engine can embed; a PNG must be
 * transparent and each side 150–2000 px (check-stamp-image.ts).
 */
export async function setCredentialImage(
  ctx: DomainContext,
  input: { readonly credentialId: string; readonly image: Buffer | null },
): Promise<SigningCredential> {
  let type: 'image/png' | 'image/jpeg' | null = null;
  if (input.image) {
    if (input.image.length > MAX_STAMP_IMAGE_BYTES) throw SigningError.imageInvalid();
    if (input.image.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
      type = 'image/png';
    else if (input.image[0] === 0xff && input.image[1] === 0xd8) type = 'image/jpeg';
    else throw SigningError.imageInvalid();
    if (type === 'image/png') checkStampImage(type, input.image); // before inflating any pixel
    let decoded: StampImage;
    try {
      decoded = StampImage.from(input.image);
    } catch (e) {
      if (isCodedError(e)) throw e; // IMAGE_UNSUPPORTED with the precise reason
      throw SigningError.imageInvalid();
    }
    if (type === 'image/jpeg') checkStampImage(type, input.image, decoded);
  }
  return ctx.db.transaction(async (m) => {
    const c = await credentialRepository.findById(m, input.credentialId, { forUpdate: true });
    if (!c) throw SigningError.credentialNotFound(input.credentialId);
    if (c.userId !== ctx.actor.userId) {
      await authorize(m, ctx.actor, 'accounts.manage', {
        unitId: c.unitId,
        notFound: () => SigningError.credentialNotFound(input.credentialId),
      });
    }
    const updated = await credentialRepository.setStampImage(
      m,
      c.id,
      input.image ? { bytes: input.image, type: type! } : null,
    );
    await appendAuditEvent(m, ctx, {
      type: 'SIGNING_CREDENTIAL_IMAGE_SET',
      unitId: c.unitId,
      payload: {
        credentialId: c.id,
        sha256: input.image ? createHash('sha256').update(input.image).digest('hex') : null,
      },
    });
    return publicCredential(updated);
  });
}
