import { createHash, randomBytes } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pipeline, Readable } from 'node:stream';
import { assertSha256, assertSha256Prefix, objectKey } from './object-key';
import {
  DEFAULT_GET_BUFFER_MAX_BYTES,
  type ListObjectsOptions,
  type ObjectPage,
  type ObjectRetention,
  type ObjectStat,
  type ObjectStore,
  type ObjectStoreClock,
  type ObjectVersion,
  type PutObjectOptions,
  type StoredObject,
} from './object-store';
import { ObjectStoreError } from './object-store-error';
import { normalizePutOptions } from './put-options';
import { readObjectBuffer } from './read-object-buffer';
import { retentionRules } from './retention-rules';
import { verifyingStream } from './verifying-stream';

export interface LocalObjectStoreOptions {
  /** Directory of the store, e.g. `./data/objects`; created on open when missing. */
  readonly root: string;
  readonly clock?: ObjectStoreClock;
  /** Temp files of live processes older than this are removed on open anyway. Default one day. */
  readonly staleTempMs?: number;
}

/** The JSON sidecar `<sha256>.json` next to each object. */
interface Sidecar {
  contentType: string;
  metadata: Record<string, string>;
  retention?: { mode: ObjectRetention['mode']; retainUntil: string };
  legalHold: boolean;
  /** Id of the stored version (absent in sidecars written before versions were kept). */
  versionId?: string;
}

/** The delete marker file `<sha256>.marker` a plain delete of the key leaves (deleteKey). */
interface DeleteMarker {
  versionId: string;
  at: string;
}

const LEGACY_VERSION_ID = 'local-1';

const MARKER = '.vanban-object-store';
const TEMP_DIR = '.tmp';
const errnoCode = (e: unknown): string | undefined =>
  typeof e === 'object' && e !== null && typeof (e as NodeJS.ErrnoException).code === 'string'
    ? (e as NodeJS.ErrnoException).code
    : undefined;

/**
 * The filesystem object store (embedded default). Layout: `root/ab/cd/<sha256>` holds the bytes
 * (read-only mode), `root/ab/cd/<sha256>.json` the content type, metadata, retention and legal hold.
 * Writes stream into `root/.tmp/<pid>-<random>.part` while hashing, are fsynced, renamed into place
 * and the directory fsynced: after a crash there is either no object or a complete one, and the
 * stray temp file is removed by the next open. The sidecar is written before the data is renamed, so
 * an object is never visible without its sidecar. Retention and legal hold are enforced by this class
 * (as S3 Object Lock does server-side); someone with shell access to the directory can still bypass
 * them, which is why production uses MinIO with object lock.
 */
export class LocalObjectStore implements ObjectStore {
  readonly backend = 'local';
  private readonly clock: ObjectStoreClock;
  private readonly tempDir: string;
  private readonly keyLocks = new Map<string, Promise<unknown>>();

  private constructor(
    readonly root: string,
    clock: ObjectStoreClock | undefined,
  ) {
    this.clock = clock ?? { now: () => new Date() };
    this.tempDir = path.join(root, TEMP_DIR);
  }

  /** Creates the root if missing, marks it, and removes temp files left by crashed writers. */
  static async open(options: LocalObjectStoreOptions): Promise<LocalObjectStore> {
    const root = path.resolve(options.root);
    const store = new LocalObjectStore(root, options.clock);
    try {
      // Private to the server's account (issue 10 item 14): directories 0700, objects 0400.
      await fs.mkdir(store.tempDir, { recursive: true, mode: 0o700 });
      await fs.writeFile(path.join(root, MARKER), 'VanBan content-addressed object store (SHA-256)\n', {
        flag: 'a',
      });
      await store.removeStrayTempFiles(options.staleTempMs ?? 24 * 3600 * 1000);
    } catch (e) {
      throw ObjectStoreError.unavailable('local', e);
    }
    return store;
  }

  async put(content: Readable | Buffer | Uint8Array, options?: PutObjectOptions): Promise<StoredObject> {
    const { contentType, metadata } = normalizePutOptions(options);
    const temp = this.tempPath();
    let handle: fs.FileHandle;
    try {
      handle = await fs.open(temp, 'wx', 0o600);
    } catch (e) {
      throw await this.failure(e);
    }
    const hash = createHash('sha256');
    let size = 0;
    try {
      const chunks: AsyncIterable<unknown> | Iterable<unknown> =
        content instanceof Uint8Array ? [content] : (content as Readable);
      for await (const chunk of chunks) {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Uint8Array);
        hash.update(bytes);
        size += bytes.length;
        await this.fsStep(() => handle.write(bytes));
      }
      await this.fsStep(() => handle.sync());
    } catch (e) {
      // The source (or the disk) failed half-way: no object, and no temp file left behind.
      await handle.close().catch(() => undefined);
      await fs.rm(temp, { force: true }).catch(() => undefined);
      throw e;
    }
    await handle.close();
    const sha256 = hash.digest('hex');

    return this.withKeyLock(sha256, async () => {
      const dataPath = this.dataPath(sha256);
      const existing = await fs.stat(dataPath).catch(() => null);
      try {
        if (existing && existing.size === size) {
          await fs.rm(temp, { force: true });
          const marker = await this.readMarker(sha256);
          // A plainly deleted key becomes current again (S3 would add an identical new version).
          if (marker) await fs.rm(this.markerPath(sha256), { force: true });
          const sidecar = await this.applyLockOptions(sha256, options);
          return {
            sha256,
            size,
            created: marker !== null,
            versionId: sidecar?.versionId ?? LEGACY_VERSION_ID,
          };
        }
        await this.ensureObjectDir(sha256);
        // A same-named file of another size is a damaged copy: the verified new bytes repair it, and its
        // sidecar (retention!) stays as it was.
        let sidecar = existing ? await this.readSidecar(sha256) : null;
        if (!sidecar) {
          if (options?.retention) {
            retentionRules.assertChangeAllowed(sha256, undefined, options.retention, this.clock.now(), false);
          }
          sidecar = {
            contentType,
            metadata,
            legalHold: options?.legalHold ?? false,
            versionId: randomBytes(12).toString('hex'),
            retention: options?.retention
              ? { mode: options.retention.mode, retainUntil: options.retention.retainUntil.toISOString() }
              : undefined,
          };
          await this.writeSidecar(sha256, sidecar);
        }
        await fs.chmod(temp, 0o400);
        await fs.rename(temp, dataPath);
        await fs.rm(this.markerPath(sha256), { force: true });
        await this.syncDir(path.dirname(dataPath));
        if (existing) await this.applyLockOptions(sha256, options);
        return { sha256, size, created: true, versionId: sidecar.versionId ?? LEGACY_VERSION_ID };
      } catch (e) {
        await fs.rm(temp, { force: true }).catch(() => undefined);
        throw await this.failure(e);
      }
    });
  }

  async get(sha256: string): Promise<Readable> {
    assertSha256(sha256);
    if (await this.readMarker(sha256)) throw ObjectStoreError.notFound(sha256);
    return this.openVerified(sha256);
  }

  private async openVerified(sha256: string): Promise<Readable> {
    let handle: fs.FileHandle;
    try {
      handle = await fs.open(this.dataPath(sha256), 'r');
    } catch (e) {
      throw await this.failure(e, sha256);
    }
    const verifier = verifyingStream(sha256);
    pipeline(handle.createReadStream(), verifier, () => undefined);
    return verifier;
  }

  async getBuffer(sha256: string, options?: { maxBytes?: number }): Promise<Buffer> {
    const maxBytes = options?.maxBytes ?? DEFAULT_GET_BUFFER_MAX_BYTES;
    const info = await this.stat(sha256);
    if (!info) throw ObjectStoreError.notFound(sha256);
    if (info.size > maxBytes) throw ObjectStoreError.tooLarge(sha256, maxBytes);
    return readObjectBuffer(await this.get(sha256), sha256, maxBytes);
  }

  async stat(sha256: string): Promise<ObjectStat | null> {
    assertSha256(sha256);
    const stat = await this.rawStat(sha256);
    if (stat && (await this.readMarker(sha256))) return null;
    return stat;
  }

  /** The stored version's state whether or not a delete marker hides the key. */
  private async rawStat(sha256: string): Promise<ObjectStat | null> {
    let size: number;
    try {
      size = (await fs.stat(this.dataPath(sha256))).size;
    } catch (e) {
      const failure = await this.failure(e, sha256);
      if (failure.code === 'OBJECT_NOT_FOUND') return null;
      throw failure;
    }
    const sidecar = (await this.readSidecar(sha256)) ?? {
      contentType: 'application/octet-stream',
      metadata: {},
      legalHold: false,
    };
    const retention = sidecar.retention
      ? { mode: sidecar.retention.mode, retainUntil: new Date(sidecar.retention.retainUntil) }
      : undefined;
    return {
      sha256,
      size,
      contentType: sidecar.contentType,
      metadata: sidecar.metadata,
      retention,
      retainUntil: retention?.retainUntil,
      legalHold: sidecar.legalHold,
    };
  }

  async list(options: ListObjectsOptions): Promise<ObjectPage> {
    const prefix = options.prefix ?? '';
    const after = options.after ?? '';
    assertSha256Prefix(prefix);
    assertSha256Prefix(after);
    const limit = options.limit;
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
      throw ObjectStoreError.metadataInvalid('list limit must be an integer in [1, 1000]');
    }
    const found: { sha256: string; size: number }[] = [];
    try {
      for (const d1 of await this.hexDirs(this.root)) {
        if (!d1.startsWith(prefix.slice(0, 2)) || d1 < after.slice(0, 2)) continue;
        for (const d2 of await this.hexDirs(path.join(this.root, d1))) {
          if (!d2.startsWith(prefix.slice(2, 4)) || d1 + d2 < after.slice(0, 4)) continue;
          const dir = path.join(this.root, d1, d2);
          const all = await fs.readdir(dir);
          const hidden = new Set(all.filter((n) => n.endsWith('.marker')).map((n) => n.slice(0, 64)));
          const names = all.filter(
            (n) => /^[0-9a-f]{64}$/.test(n) && n.startsWith(prefix) && n > after && !hidden.has(n),
          );
          names.sort();
          for (const name of names) {
            const s = await fs.stat(path.join(dir, name)).catch(() => null);
            if (!s) continue; // deleted meanwhile
            found.push({ sha256: name, size: s.size });
            if (found.length > limit) {
              found.pop();
              return { objects: found, nextAfter: found[found.length - 1].sha256 };
            }
          }
        }
      }
    } catch (e) {
      throw await this.failure(e);
    }
    return { objects: found };
  }

  async delete(sha256: string, options?: { bypassGovernance?: boolean }): Promise<void> {
    assertSha256(sha256);
    await this.withKeyLock(sha256, async () => {
      const current = await this.rawStat(sha256);
      if (!current) {
        await fs.rm(this.markerPath(sha256), { force: true });
        return;
      }
      retentionRules.assertDeletable(sha256, current, this.clock.now(), options?.bypassGovernance ?? false);
      try {
        // Data first: a crash in between leaves a sidecar without data, which is no object.
        await fs.rm(this.dataPath(sha256), { force: true });
        await fs.rm(this.sidecarPath(sha256), { force: true });
        await fs.rm(this.markerPath(sha256), { force: true });
        await this.syncDir(path.dirname(this.dataPath(sha256)));
      } catch (e) {
        throw await this.failure(e, sha256);
      }
    });
  }

  async setRetention(
    sha256: string,
    retention: ObjectRetention,
    options?: { bypassGovernance?: boolean },
  ): Promise<void> {
    assertSha256(sha256);
    await this.withKeyLock(sha256, async () => {
      const current = await this.rawStat(sha256);
      if (!current) throw ObjectStoreError.notFound(sha256);
      retentionRules.assertChangeAllowed(
        sha256,
        current.retention,
        retention,
        this.clock.now(),
        options?.bypassGovernance ?? false,
      );
      await this.writeSidecar(sha256, {
        ...((await this.readSidecar(sha256)) ?? { contentType: current.contentType, metadata: {} }),
        legalHold: current.legalHold,
        retention: { mode: retention.mode, retainUntil: retention.retainUntil.toISOString() },
      });
    });
  }

  async deleteKey(sha256: string): Promise<void> {
    assertSha256(sha256);
    await this.withKeyLock(sha256, async () => {
      if (!(await this.rawStat(sha256)) || (await this.readMarker(sha256))) return;
      const marker: DeleteMarker = {
        versionId: randomBytes(12).toString('hex'),
        at: this.clock.now().toISOString(),
      };
      const temp = this.tempPath();
      try {
        await fs.writeFile(temp, JSON.stringify(marker), { flag: 'wx', mode: 0o600 });
        await fs.rename(temp, this.markerPath(sha256));
        await this.syncDir(path.dirname(this.markerPath(sha256)));
      } catch (e) {
        await fs.rm(temp, { force: true }).catch(() => undefined);
        throw await this.failure(e, sha256);
      }
    });
  }

  async listVersions(sha256: string): Promise<ObjectVersion[]> {
    assertSha256(sha256);
    const stat = await this.rawStat(sha256);
    if (!stat) return [];
    const sidecar = await this.readSidecar(sha256);
    const marker = await this.readMarker(sha256);
    const versions: ObjectVersion[] = [
      {
        versionId: sidecar?.versionId ?? LEGACY_VERSION_ID,
        isDeleteMarker: false,
        isLatest: !marker,
        size: stat.size,
      },
    ];
    if (marker) versions.push({ versionId: marker.versionId, isDeleteMarker: true, isLatest: true, size: 0 });
    return versions;
  }

  async getVersion(sha256: string, versionId: string): Promise<Readable> {
    assertSha256(sha256);
    const sidecar = await this.readSidecar(sha256);
    if (!sidecar || (sidecar.versionId ?? LEGACY_VERSION_ID) !== versionId) {
      throw ObjectStoreError.notFound(sha256);
    }
    return this.openVerified(sha256);
  }

  async deleteVersion(
    sha256: string,
    versionId: string,
    options?: { bypassGovernance?: boolean },
  ): Promise<void> {
    assertSha256(sha256);
    const marker = await this.readMarker(sha256);
    if (marker && marker.versionId === versionId) {
      await this.withKeyLock(sha256, async () => {
        await fs.rm(this.markerPath(sha256), { force: true }).catch(async (e: unknown) => {
          throw await this.failure(e, sha256);
        });
      });
      return;
    }
    const sidecar = await this.readSidecar(sha256);
    if (!sidecar || (sidecar.versionId ?? LEGACY_VERSION_ID) !== versionId) return;
    await this.delete(sha256, options);
  }

  async repair(bytes: Buffer): Promise<StoredObject> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const temp = this.tempPath();
    return this.withKeyLock(sha256, async () => {
      try {
        await fs.writeFile(temp, bytes, { flag: 'wx', mode: 0o600 });
        const handle = await fs.open(temp, 'r');
        await handle.sync().finally(() => handle.close());
        await this.ensureObjectDir(sha256);
        if (!(await this.readSidecar(sha256))) {
          await this.writeSidecar(sha256, {
            contentType: 'application/octet-stream',
            metadata: {},
            legalHold: false,
          });
        }
        await fs.chmod(temp, 0o400);
        await fs.rename(temp, this.dataPath(sha256));
        await this.syncDir(path.dirname(this.dataPath(sha256)));
        return { sha256, size: bytes.length, created: true };
      } catch (e) {
        await fs.rm(temp, { force: true }).catch(() => undefined);
        throw await this.failure(e, sha256);
      }
    });
  }

  async setLegalHold(sha256: string, on: boolean): Promise<void> {
    assertSha256(sha256);
    await this.withKeyLock(sha256, async () => {
      const current = await this.rawStat(sha256);
      if (!current) throw ObjectStoreError.notFound(sha256);
      await this.writeSidecar(sha256, {
        ...((await this.readSidecar(sha256)) ?? { contentType: current.contentType, metadata: {} }),
        legalHold: on,
        retention: current.retention
          ? { mode: current.retention.mode, retainUntil: current.retention.retainUntil.toISOString() }
          : undefined,
      });
    });
  }

  async health(): Promise<{ ok: boolean; detail: string }> {
    try {
      await fs.access(path.join(this.root, MARKER), fsConstants.R_OK);
      await fs.access(this.tempDir, fsConstants.W_OK);
      return { ok: true, detail: `local store at ${this.root}` };
    } catch (e) {
      return { ok: false, detail: `local store at ${this.root}: ${errnoCode(e) ?? String(e)}` };
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.keyLocks.values()]);
  }

  private dataPath(sha256: string): string {
    return path.join(this.root, objectKey(sha256));
  }

  private sidecarPath(sha256: string): string {
    return `${this.dataPath(sha256)}.json`;
  }

  private markerPath(sha256: string): string {
    return `${this.dataPath(sha256)}.marker`;
  }

  private async readMarker(sha256: string): Promise<DeleteMarker | null> {
    try {
      return JSON.parse(await fs.readFile(this.markerPath(sha256), 'utf8')) as DeleteMarker;
    } catch (e) {
      if (errnoCode(e) === 'ENOENT') return null;
      throw await this.failure(e, sha256);
    }
  }

  /** Applies put's retention (only ever extending) and legal hold to an existing version. */
  private async applyLockOptions(
    sha256: string,
    options: PutObjectOptions | undefined,
  ): Promise<Sidecar | null> {
    const sidecar = await this.readSidecar(sha256);
    if (!sidecar) return null;
    let changed = false;
    const wanted = options?.retention;
    if (wanted) {
      const current = sidecar.retention
        ? { mode: sidecar.retention.mode, retainUntil: new Date(sidecar.retention.retainUntil) }
        : undefined;
      const now = this.clock.now();
      const live = current && current.retainUntil.getTime() > now.getTime();
      const extends_ = !live || current.retainUntil.getTime() < wanted.retainUntil.getTime();
      if (extends_ && !(live && current.mode === 'COMPLIANCE' && wanted.mode === 'GOVERNANCE')) {
        retentionRules.assertChangeAllowed(sha256, current, wanted, now, false);
        sidecar.retention = { mode: wanted.mode, retainUntil: wanted.retainUntil.toISOString() };
        changed = true;
      }
    }
    if (options?.legalHold && !sidecar.legalHold) {
      sidecar.legalHold = true;
      changed = true;
    }
    if (changed) await this.writeSidecar(sha256, sidecar);
    return sidecar;
  }

  private tempPath(): string {
    return path.join(this.tempDir, `${process.pid}-${randomBytes(8).toString('hex')}.part`);
  }

  private async readSidecar(sha256: string): Promise<Sidecar | null> {
    let text: string;
    try {
      text = await fs.readFile(this.sidecarPath(sha256), 'utf8');
    } catch (e) {
      if (errnoCode(e) === 'ENOENT') return null;
      throw await this.failure(e, sha256);
    }
    return JSON.parse(text) as Sidecar;
  }

  /** Atomic replace: temp file, fsync, rename, fsync the directory. */
  private async writeSidecar(sha256: string, sidecar: Sidecar): Promise<void> {
    const temp = this.tempPath();
    try {
      const handle = await fs.open(temp, 'wx', 0o600);
      try {
        await handle.writeFile(JSON.stringify(sidecar));
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fs.rename(temp, this.sidecarPath(sha256));
      await this.syncDir(path.dirname(this.sidecarPath(sha256)));
    } catch (e) {
      await fs.rm(temp, { force: true }).catch(() => undefined);
      throw await this.failure(e, sha256);
    }
  }

  /** Creates `ab/` and `ab/cd/` below an existing root (never the root itself), fsyncing each parent. */
  private async ensureObjectDir(sha256: string): Promise<void> {
    const level1 = path.join(this.root, sha256.slice(0, 2));
    const level2 = path.join(level1, sha256.slice(2, 4));
    for (const dir of [level1, level2]) {
      try {
        await fs.mkdir(dir, { mode: 0o700 });
        await this.syncDir(path.dirname(dir));
      } catch (e) {
        if (errnoCode(e) !== 'EEXIST') throw e;
      }
    }
  }

  private async syncDir(dir: string): Promise<void> {
    const handle = await fs.open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  private async hexDirs(dir: string): Promise<string[]> {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    return entries
      .filter((e) => e.isDirectory() && /^[0-9a-f]{2}$/.test(e.name))
      .map((e) => e.name)
      .sort();
  }

  /** Runs a filesystem step, turning its failure into OBJECT_STORE_UNAVAILABLE. */
  private async fsStep<T>(step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (e) {
      throw ObjectStoreError.unavailable('local', e);
    }
  }

  /**
   * Classifies a filesystem error: a missing object is OBJECT_NOT_FOUND only while the store itself is
   * there; a missing root, permissions, I/O or a full disk make the store unavailable.
   */
  private async failure(e: unknown, sha256?: string): Promise<ObjectStoreError> {
    if (e instanceof ObjectStoreError) return e;
    const code = errnoCode(e);
    if (code === 'ENOENT' && sha256) {
      const alive = await fs
        .access(path.join(this.root, MARKER))
        .then(() => true)
        .catch(() => false);
      if (alive) return ObjectStoreError.notFound(sha256);
    }
    return ObjectStoreError.unavailable('local', e);
  }

  /** Serialises read-modify-write of one object's sidecar within this process. */
  private async withKeyLock<T>(sha256: string, task: () => Promise<T>): Promise<T> {
    const previous = this.keyLocks.get(sha256) ?? Promise.resolve();
    const run = previous.then(task, task);
    const settled = run.catch(() => undefined);
    this.keyLocks.set(sha256, settled);
    try {
      return await run;
    } finally {
      if (this.keyLocks.get(sha256) === settled) this.keyLocks.delete(sha256);
    }
  }

  /** Removes `.part` files whose writing process is gone (or that are older than `staleMs`). */
  private async removeStrayTempFiles(staleMs: number): Promise<void> {
    const now = Date.now();
    for (const name of await fs.readdir(this.tempDir)) {
      const file = path.join(this.tempDir, name);
      const pid = Number(/^(\d+)-/.exec(name)?.[1]);
      if (pid === process.pid) continue; // another store instance of this process may be writing
      const stat = await fs.stat(file).catch(() => null);
      if (!stat) continue;
      if (pid && processAlive(pid) && now - stat.mtimeMs < staleMs) continue;
      await fs.rm(file, { force: true, recursive: true });
    }
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errnoCode(e) === 'EPERM';
  }
}
