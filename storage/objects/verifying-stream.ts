import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { ObjectStoreError } from './object-store-error';

/**
 * A pass-through that hashes what flows through it and, at the end, errors with OBJECT_CORRUPT instead
 * of finishing when the SHA-256 is not `expectedSha256`. The last chunk is held back until the hash is
 * known, so a consumer that stops at the first error never sees the end of a corrupt object as a
 * successful read.
 */
export function verifyingStream(expectedSha256: string): Transform {
  const hash = createHash('sha256');
  let size = 0;
  let held: Buffer | undefined;
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      hash.update(chunk);
      size += chunk.length;
      const previous = held;
      held = chunk;
      callback(null, previous);
    },
    flush(callback: TransformCallback) {
      const actual = hash.digest('hex');
      if (actual !== expectedSha256) {
        callback(ObjectStoreError.corrupt(expectedSha256, { sha256: actual, size }));
        return;
      }
      callback(null, held);
    },
  });
}
