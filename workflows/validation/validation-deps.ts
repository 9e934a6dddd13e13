import type { ObjectStore } from '../../storage/objects/object-store';
import type { TrustSettings } from './server-trust';
import type { ValidationPool } from './validation-pool';

/** What the validation service needs besides the domain context. */
export interface ValidationDeps {
  readonly objects: ObjectStore;
  /** Validation processes under limits (sharedValidationPool() in the server). */
  readonly pool: ValidationPool;
  readonly trust: TrustSettings;
}
