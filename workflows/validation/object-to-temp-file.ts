import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { ObjectStore } from '../../storage/objects/object-store';

/**
 * Copies a stored object into a private temporary file (verified: the store's stream fails on a hash
 * mismatch), runs `fn` on it and removes it, whatever happens. Large PDFs never sit in memory.
 */
export async function withObjectFile<T>(
  objects: ObjectStore,
  sha256: string,
  fn: (file: string, size: number) => Promise<T>,
): Promise<T> {
  const file = path.join(os.tmpdir(), `vanban-validate-${process.pid}-${randomBytes(8).toString('hex')}.pdf`);
  try {
    await pipeline(await objects.get(sha256), fs.createWriteStream(file, { flags: 'wx', mode: 0o600 }));
    const { size } = await fs.promises.stat(file);
    return await fn(file, size);
  } finally {
    await fs.promises.rm(file, { force: true });
  }
}
