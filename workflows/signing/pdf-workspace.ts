import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { ObjectStore } from '../../storage/objects/object-store';

/**
 * A private temporary directory for one signing operation: PDFs are streamed from the object store
 * into files, signed file to file (the signing engine reads through a descriptor), and streamed back,
 * so memory stays bounded whatever the size. `dispose()` removes everything.
 */
export class PdfWorkspace {
  private constructor(readonly dir: string) {}

  static async create(base: string = os.tmpdir()): Promise<PdfWorkspace> {
    return new PdfWorkspace(await mkdtemp(path.join(base, 'vanban-sign-')));
  }

  path(name: string): string {
    return path.join(this.dir, name);
  }

  /** Copies an object to `name` (the store's stream verifies the bytes against their SHA-256). */
  async fetch(objects: ObjectStore, sha256: string, name: string): Promise<string> {
    const target = this.path(name);
    await pipeline(await objects.get(sha256), createWriteStream(target, { flags: 'wx', mode: 0o600 }));
    return target;
  }

  /** Puts a file into the object store (content-addressed: putting it twice changes nothing). */
  async store(objects: ObjectStore, file: string): Promise<{ sha256: string; size: number }> {
    const stored = await objects.put(createReadStream(file), { contentType: 'application/pdf' });
    return { sha256: stored.sha256, size: stored.size };
  }

  async size(file: string): Promise<number> {
    return (await stat(file)).size;
  }

  async dispose(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}
