import { ObjectStoreError } from './object-store-error';

const SHA256_HEX = /^[0-9a-f]{64}$/;
const HEX_PREFIX = /^[0-9a-f]{0,64}$/;

/** Throws OBJECT_KEY_INVALID unless `sha256` is 64 lowercase hex characters. */
export function assertSha256(sha256: string): void {
  if (typeof sha256 !== 'string' || !SHA256_HEX.test(sha256))
    throw ObjectStoreError.keyInvalid(String(sha256));
}

/** Throws OBJECT_KEY_INVALID unless `prefix` is a lowercase hex prefix of a SHA-256. */
export function assertSha256Prefix(prefix: string): void {
  if (typeof prefix !== 'string' || !HEX_PREFIX.test(prefix))
    throw ObjectStoreError.keyInvalid(String(prefix));
}

/**
 * The path of an object below the store's root, in both backends: `ab/cd/<sha256>`. Two fan-out levels
 * keep directories (and MinIO prefixes) small at millions of objects, and because both levels have a
 * fixed width, the lexicographic order of paths is the order of the hashes.
 */
export function objectKey(sha256: string): string {
  assertSha256(sha256);
  return `${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
}
