import { LocalObjectStore } from './local-object-store';
import type { ObjectStore, ObjectStoreClock } from './object-store';
import { S3ObjectStore } from './s3-object-store';

/** The object-store part of the server configuration (server/config.ts builds it from the environment). */
export type ObjectStoreConfig =
  | { readonly kind: 'local'; readonly root: string }
  | {
      readonly kind: 's3';
      readonly endPoint: string;
      readonly port?: number;
      readonly useSSL: boolean;
      readonly accessKey: string;
      readonly secretKey: string;
      readonly bucket: string;
      readonly region: string;
      readonly objectLock: boolean;
    };

/**
 * Opens the configured store: the local filesystem store (embedded default) or the S3 store
 * (MinIO). Throws OBJECT_STORE_UNAVAILABLE when it cannot be reached or prepared.
 */
export async function createObjectStore(
  config: ObjectStoreConfig,
  options: { clock?: ObjectStoreClock; spoolDir?: string } = {},
): Promise<ObjectStore> {
  switch (config.kind) {
    case 'local':
      return LocalObjectStore.open({ root: config.root, clock: options.clock });
    case 's3':
      return S3ObjectStore.open({ ...config, clock: options.clock, spoolDir: options.spoolDir });
  }
}
