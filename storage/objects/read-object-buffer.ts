import type { Readable } from 'node:stream';
import { ObjectStoreError } from './object-store-error';

/** Collects a verified object stream into one Buffer, refusing more than `maxBytes`. */
export async function readObjectBuffer(stream: Readable, sha256: string, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      size += (chunk as Buffer).length;
      if (size > maxBytes) throw ObjectStoreError.tooLarge(sha256, maxBytes);
      chunks.push(chunk as Buffer);
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks, size);
}
