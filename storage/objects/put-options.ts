import type { PutObjectOptions } from './object-store';
import { ObjectStoreError } from './object-store-error';

const MAX_METADATA_JSON_BYTES = 1536;
const CONTENT_TYPE = /^[\w!#$&^.+-]+\/[\w!#$&^.+-]+(\s*;\s*[\w!#$&^.+-]+=("[^"\r\n]*"|[\w!#$&^.+-]+))*$/;

/**
 * Validates and normalises put options once for both backends. Metadata is limited to what fits in
 * one S3 user-metadata header after base64 (S3 allows 2 KB of user metadata in total).
 */
export function normalizePutOptions(options: PutObjectOptions | undefined): {
  contentType: string;
  metadata: Record<string, string>;
} {
  const contentType = options?.contentType ?? 'application/octet-stream';
  if (!CONTENT_TYPE.test(contentType) || contentType.length > 200) {
    throw ObjectStoreError.metadataInvalid(`contentType "${contentType.slice(0, 80)}"`);
  }
  const metadata: Record<string, string> = {};
  for (const [key, value] of Object.entries(options?.metadata ?? {})) {
    if (typeof value !== 'string')
      throw ObjectStoreError.metadataInvalid(`value of "${key}" is not a string`);
    metadata[key] = value;
  }
  if (Buffer.byteLength(JSON.stringify(metadata)) > MAX_METADATA_JSON_BYTES) {
    throw ObjectStoreError.metadataInvalid(`more than ${MAX_METADATA_JSON_BYTES} bytes as JSON`);
  }
  return { contentType, metadata };
}
