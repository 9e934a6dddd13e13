import type { ObjectRetention } from './object-store';
import { ObjectStoreError } from './object-store-error';

/**
 * The retention semantics of S3 Object Lock (the same rules MinIO enforces server-side), applied by
 * the local store itself and checked up front by the S3 store so that both refuse with the same code.
 */
export const retentionRules = {
  /** Throws OBJECT_RETAINED when an object in this state may not be deleted at `now`. */
  assertDeletable(
    sha256: string,
    state: { retention?: ObjectRetention; legalHold: boolean },
    now: Date,
    bypassGovernance: boolean,
  ): void {
    if (state.legalHold) throw ObjectStoreError.retained(sha256, 'legal-hold');
    const r = state.retention;
    if (!r || r.retainUntil.getTime() <= now.getTime()) return;
    if (r.mode === 'GOVERNANCE' && bypassGovernance) return;
    throw ObjectStoreError.retained(sha256, 'retention', r.retainUntil);
  },

  /** Throws OBJECT_RETAINED when `next` may not replace `current` at `now`. */
  assertChangeAllowed(
    sha256: string,
    current: ObjectRetention | undefined,
    next: ObjectRetention,
    now: Date,
    bypassGovernance: boolean,
  ): void {
    if (!(next.retainUntil instanceof Date) || Number.isNaN(next.retainUntil.getTime())) {
      throw ObjectStoreError.metadataInvalid('retainUntil is not a valid date');
    }
    if (next.mode !== 'COMPLIANCE' && next.mode !== 'GOVERNANCE') {
      throw ObjectStoreError.metadataInvalid(`retention mode "${String(next.mode)}"`);
    }
    if (!current || current.retainUntil.getTime() <= now.getTime()) return;
    const shortens = next.retainUntil.getTime() < current.retainUntil.getTime();
    if (current.mode === 'COMPLIANCE') {
      if (next.mode !== 'COMPLIANCE')
        throw ObjectStoreError.retained(sha256, 'compliance-downgrade', current.retainUntil);
      if (shortens) throw ObjectStoreError.retained(sha256, 'compliance-shorten', current.retainUntil);
      return;
    }
    if (shortens && !bypassGovernance) {
      throw ObjectStoreError.retained(sha256, 'governance-shorten', current.retainUntil);
    }
  },
};
