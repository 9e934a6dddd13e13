import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { pipeline, Readable } from 'node:stream';
import * as Minio from 'minio';
import { assertSha256Prefix, objectKey } from './object-key';
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

export interface S3ObjectStoreOptions {
  readonly endPoint: string;
  readonly port?: number;
  readonly useSSL: boolean;
  readonly accessKey: string;
  readonly secretKey: string;
  readonly bucket: string;
  readonly region: string;
  /** Create the bucket with S3 Object Lock (and so versioning) when it is missing; enables retention. */
  readonly objectLock: boolean;
  readonly clock?: ObjectStoreClock;
  /** Where uploads are spooled while they are hashed; default the OS temp directory. */
  readonly spoolDir?: string;
}

/** User metadata travels as one header of base64 JSON: S3 headers are ASCII, our values are Vietnamese. */
const META_HEADER = 'X-Amz-Meta-Vanban';
const KEY_PATTERN = /^[0-9a-f]{2}\/[0-9a-f]{2}\/([0-9a-f]{64})$/;
const NOT_FOUND_CODES = new Set(['NoSuchKey', 'NotFound', 'NoSuchVersion']);
const NO_LOCK_CONFIG_CODES = new Set([
  'NoSuchObjectLockConfiguration',
  'ObjectLockConfigurationNotFoundError',
]);

const codeOf = (e: unknown): string | undefined =>
  typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string'
    ? (e as { code: string }).code
    : undefined;

/**
 * The S3 object store on the `minio` client (MinIO in production, any S3 protocol server in tests).
 * Keys are `ab/cd/<sha256>` as in the local store. Uploads are first spooled to a local temp file
 * while hashed, because the key is the hash and must be known before anything is sent: content
 * never appears under a wrong key, no server-side copy is needed, and no temporary key is ever
 * created in a versioned, object-locked bucket (where deleting it would leave a locked or
 * non-current version behind). The spooled bytes are re-verified while they are uploaded.
 *
 * Retention and legal hold use S3 Object Lock (MinIO enforces them server-side); this class also
 * checks them up front with the same rules as the local store so that refusals carry the same
 * OBJECT_RETAINED code, and deletes every version of a key so that a disposal really removes it.
 */
export class S3ObjectStore implements ObjectStore {
  readonly backend = 's3';
  private readonly clock: ObjectStoreClock;
  private readonly spoolDir: string;
  private readonly agent: http.Agent;

  private constructor(
    private readonly client: Minio.Client,
    private readonly bucket: string,
    private readonly objectLock: boolean,
    agent: http.Agent,
    clock: ObjectStoreClock | undefined,
    spoolDir: string | undefined,
  ) {
    this.agent = agent;
    this.clock = clock ?? { now: () => new Date() };
    this.spoolDir = spoolDir ?? os.tmpdir();
  }

  /** Connects and creates the bucket when it is missing (with object lock when configured). */
  static async open(options: S3ObjectStoreOptions): Promise<S3ObjectStore> {
    const agent = options.useSSL ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true });
    const client = new Minio.Client({
      endPoint: options.endPoint,
      port: options.port,
      useSSL: options.useSSL,
      accessKey: options.accessKey,
      secretKey: options.secretKey,
      region: options.region,
      pathStyle: true,
      partSize: 16 * 1024 * 1024,
      transportAgent: agent,
    });
    const store = new S3ObjectStore(
      client,
      options.bucket,
      options.objectLock,
      agent,
      options.clock,
      options.spoolDir,
    );
    try {
      if (!(await client.bucketExists(options.bucket))) {
        await client.makeBucket(options.bucket, options.region, { ObjectLocking: options.objectLock });
      }
    } catch (e) {
      agent.destroy();
      throw store.failure(e);
    }
    return store;
  }

  async put(content: Readable | Buffer | Uint8Array, options?: PutObjectOptions): Promise<StoredObject> {
    const { contentType, metadata } = normalizePutOptions(options);
    if ((options?.retention || options?.legalHold) && !this.objectLock) {
      throw ObjectStoreError.retentionUnsupported('s3');
    }
    const headers = {
      'Content-Type': contentType,
      [META_HEADER]: Buffer.from(JSON.stringify(metadata)).toString('base64'),
    };
    const lock = this.lockHeaders(options);
    if (content instanceof Uint8Array) {
      const bytes = Buffer.from(content.buffer, content.byteOffset, content.byteLength);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      return this.applyLockOptions(
        await this.upload(sha256, bytes.length, () => bytes, headers, lock),
        options,
      );
    }
    const spool = path.join(this.spoolDir, `vanban-s3-${process.pid}-${randomBytes(8).toString('hex')}.part`);
    try {
      // Spool failures (missing directory, full disk) are the store's; source failures stay the caller's.
      const handle = await fs.open(spool, 'wx', 0o600).catch((e: unknown) => {
        throw ObjectStoreError.unavailable('s3', e);
      });
      const hash = createHash('sha256');
      let size = 0;
      try {
        for await (const chunk of content) {
          const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Uint8Array);
          hash.update(bytes);
          size += bytes.length;
          await handle.write(bytes).catch((e: unknown) => {
            throw ObjectStoreError.unavailable('s3', e);
          });
        }
      } finally {
        await handle.close();
      }
      const sha256 = hash.digest('hex');
      return await this.applyLockOptions(
        await this.upload(sha256, size, () => createReadStream(spool), headers, lock),
        options,
      );
    } finally {
      await fs.rm(spool, { force: true });
    }
  }

  async get(sha256: string): Promise<Readable> {
    const key = objectKey(sha256);
    let body: Readable;
    try {
      body = await this.client.getObject(this.bucket, key);
    } catch (e) {
      throw this.failure(e, sha256);
    }
    const verifier = verifyingStream(sha256);
    pipeline(body, verifier, () => undefined);
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
    const key = objectKey(sha256);
    let head: Minio.BucketItemStat;
    try {
      head = await this.client.statObject(this.bucket, key);
    } catch (e) {
      const failure = this.failure(e, sha256);
      if (failure.code === 'OBJECT_NOT_FOUND') return null;
      throw failure;
    }
    const meta = head.metaData as Record<string, string | undefined>;
    const { retention, legalHold } = this.objectLock
      ? await this.lockState(sha256)
      : { retention: undefined, legalHold: false };
    return {
      sha256,
      size: head.size,
      contentType: meta['content-type'] ?? 'application/octet-stream',
      metadata: decodeMetadata(meta.vanban),
      retention,
      retainUntil: retention?.retainUntil,
      legalHold,
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
    let page: Awaited<ReturnType<Minio.Client['listObjectsV2Query']>>;
    try {
      page = await this.client.listObjectsV2Query(
        this.bucket,
        keyPrefix(prefix),
        '',
        '',
        limit,
        after ? keyPrefix(after).replace(/\/$/, '') : '',
      );
    } catch (e) {
      throw this.failure(e);
    }
    const objects: { sha256: string; size: number }[] = [];
    for (const item of page.objects) {
      const match = item.name ? KEY_PATTERN.exec(item.name) : null;
      if (match) objects.push({ sha256: match[1], size: item.size });
    }
    return page.isTruncated && objects.length > 0
      ? { objects, nextAfter: objects[objects.length - 1].sha256 }
      : { objects };
  }

  async delete(sha256: string, options?: { bypassGovernance?: boolean }): Promise<void> {
    const key = objectKey(sha256);
    const bypass = options?.bypassGovernance ?? false;
    if (!this.objectLock) {
      try {
        await this.client.removeObject(this.bucket, key);
      } catch (e) {
        const failure = this.failure(e, sha256);
        if (failure.code !== 'OBJECT_NOT_FOUND') throw failure;
      }
      return;
    }
    const current = await this.stat(sha256);
    if (current) retentionRules.assertDeletable(sha256, current, this.clock.now(), bypass);
    // Object lock implies versioning: removing the key alone would only add a delete marker and keep
    // the bytes, so a disposal removes every version (MinIO still refuses any that is locked).
    try {
      for (const versionId of await this.versionIds(key)) {
        await this.client.removeObject(this.bucket, key, { versionId, governanceBypass: bypass });
      }
    } catch (e) {
      throw this.failure(e, sha256, 'delete');
    }
  }

  async setRetention(
    sha256: string,
    retention: ObjectRetention,
    options?: { bypassGovernance?: boolean },
  ): Promise<void> {
    const key = objectKey(sha256);
    if (!this.objectLock) throw ObjectStoreError.retentionUnsupported('s3');
    const current = await this.stat(sha256);
    if (!current) throw ObjectStoreError.notFound(sha256);
    const bypass = options?.bypassGovernance ?? false;
    retentionRules.assertChangeAllowed(sha256, current.retention, retention, this.clock.now(), bypass);
    try {
      await this.client.putObjectRetention(this.bucket, key, {
        mode: retention.mode,
        retainUntilDate: retention.retainUntil.toISOString(),
        governanceBypass: bypass,
      } as Minio.Retention);
    } catch (e) {
      throw this.failure(e, sha256, 'retention');
    }
  }

  async deleteKey(sha256: string): Promise<void> {
    const key = objectKey(sha256);
    try {
      // No version id: on a versioned bucket S3 only adds a delete marker; the versions stay.
      await this.client.removeObject(this.bucket, key);
    } catch (e) {
      const failure = this.failure(e, sha256);
      if (failure.code !== 'OBJECT_NOT_FOUND') throw failure;
    }
  }

  async listVersions(sha256: string): Promise<ObjectVersion[]> {
    const key = objectKey(sha256);
    const versions: (ObjectVersion & { at: number })[] = [];
    try {
      const stream = this.client.listObjects(this.bucket, key, false, { IncludeVersion: true });
      for await (const item of stream as AsyncIterable<{
        name?: string;
        versionId?: string | null;
        isDeleteMarker?: boolean;
        isLatest?: boolean;
        size?: number;
        lastModified?: Date;
      }>) {
        if (item.name !== key) continue;
        versions.push({
          versionId: item.versionId ?? 'null',
          isDeleteMarker: item.isDeleteMarker === true,
          isLatest: item.isLatest === true,
          size: item.size ?? 0,
          at: item.lastModified ? item.lastModified.getTime() : 0,
        });
      }
    } catch (e) {
      throw this.failure(e, sha256);
    }
    versions.sort((a, b) => a.at - b.at || Number(a.isLatest) - Number(b.isLatest));
    return versions.map(({ at: _at, ...v }) => v);
  }

  async getVersion(sha256: string, versionId: string): Promise<Readable> {
    const key = objectKey(sha256);
    let body: Readable;
    try {
      body = await this.client.getObject(this.bucket, key, { versionId });
    } catch (e) {
      const failure = this.failure(e, sha256);
      // A delete marker's id answers 405 MethodNotAllowed: it has no content.
      if (codeOf(e) === 'MethodNotAllowed' || codeOf(e) === 'InvalidArgument')
        throw ObjectStoreError.notFound(sha256);
      throw failure;
    }
    const verifier = verifyingStream(sha256);
    pipeline(body, verifier, () => undefined);
    return verifier;
  }

  async deleteVersion(
    sha256: string,
    versionId: string,
    options?: { bypassGovernance?: boolean },
  ): Promise<void> {
    const key = objectKey(sha256);
    const bypass = options?.bypassGovernance ?? false;
    const version = (await this.listVersions(sha256)).find((v) => v.versionId === versionId);
    if (!version) return;
    if (!version.isDeleteMarker && this.objectLock) {
      retentionRules.assertDeletable(
        sha256,
        await this.lockState(sha256, versionId),
        this.clock.now(),
        bypass,
      );
    }
    try {
      await this.client.removeObject(this.bucket, key, { versionId, governanceBypass: bypass });
    } catch (e) {
      throw this.failure(e, sha256, 'delete');
    }
  }

  async repair(bytes: Buffer): Promise<StoredObject> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const key = objectKey(sha256);
    const before = await this.stat(sha256).catch(() => null);
    // The strongest lock any version of the key holds (the damaged current version may hold none: it
    // may have been put behind our back): the repaired version gets it.
    let retention: ObjectRetention | undefined;
    let legalHold = false;
    if (this.objectLock) {
      for (const v of await this.listVersions(sha256)) {
        if (v.isDeleteMarker) continue;
        const state = await this.lockState(sha256, v.versionId);
        legalHold ||= state.legalHold;
        retention = strongerRetention(retention, state.retention);
      }
    }
    const headers = {
      'Content-Type': before?.contentType ?? 'application/octet-stream',
      [META_HEADER]: Buffer.from(JSON.stringify(before?.metadata ?? {})).toString('base64'),
    };
    let versionId: string | undefined;
    try {
      versionId =
        (await this.client.putObject(this.bucket, key, bytes, bytes.length, headers)).versionId ?? undefined;
      if (retention && retention.retainUntil.getTime() > this.clock.now().getTime()) {
        await this.client.putObjectRetention(this.bucket, key, {
          mode: retention.mode,
          retainUntilDate: retention.retainUntil.toISOString(),
        } as Minio.Retention);
      }
      if (legalHold) {
        await this.client.setObjectLegalHold(this.bucket, key, { status: Minio.LEGAL_HOLD_STATUS.ENABLED });
      }
    } catch (e) {
      throw this.failure(e, sha256);
    }
    return { sha256, size: bytes.length, created: true, versionId };
  }

  async setLegalHold(sha256: string, on: boolean): Promise<void> {
    const key = objectKey(sha256);
    if (!this.objectLock) throw ObjectStoreError.retentionUnsupported('s3');
    if (!(await this.stat(sha256))) throw ObjectStoreError.notFound(sha256);
    try {
      await this.client.setObjectLegalHold(this.bucket, key, {
        status: on ? Minio.LEGAL_HOLD_STATUS.ENABLED : Minio.LEGAL_HOLD_STATUS.DISABLED,
      });
    } catch (e) {
      throw this.failure(e, sha256);
    }
  }

  async health(): Promise<{ ok: boolean; detail: string }> {
    try {
      const exists = await this.client.bucketExists(this.bucket);
      return exists
        ? { ok: true, detail: `s3 bucket ${this.bucket}` }
        : { ok: false, detail: `s3 bucket ${this.bucket} is missing` };
    } catch (e) {
      return { ok: false, detail: `s3 bucket ${this.bucket}: ${codeOf(e) ?? String(e)}` };
    }
  }

  async close(): Promise<void> {
    this.agent.destroy();
  }

  /**
   * The Object Lock headers of a PUT (S3 PutObject / CreateMultipartUpload): the version is created
   * locked, with no moment when it exists unlocked. Only a retention still in the future goes in the
   * headers (the server refuses a past date); applyLockOptions handles the rest as before.
   */
  private lockHeaders(options: PutObjectOptions | undefined): Record<string, string> {
    if (!this.objectLock) return {};
    const h: Record<string, string> = {};
    const wanted = options?.retention;
    if (wanted && wanted.retainUntil.getTime() > this.clock.now().getTime()) {
      h['x-amz-object-lock-mode'] = wanted.mode;
      h['x-amz-object-lock-retain-until-date'] = wanted.retainUntil.toISOString();
    }
    if (options?.legalHold) h['x-amz-object-lock-legal-hold'] = 'ON';
    return h;
  }

  /**
   * Uploads `size` bytes with a known hash, unless the same content is already there. `lock` (the Object
   * Lock headers) goes with the upload itself; `lockedAtUpload` says whether it did.
   */
  private async upload(
    sha256: string,
    size: number,
    open: () => Readable | Buffer,
    headers: Record<string, string>,
    lock: Record<string, string> = {},
  ): Promise<StoredObject & { lockedAtUpload?: boolean }> {
    const key = objectKey(sha256);
    const existing = await this.stat(sha256);
    // Same key and size: the content is already stored. Another size means a damaged copy, which the
    // verified new upload replaces (a new version when the bucket is versioned).
    if (existing && existing.size === size) return { sha256, size, created: false };
    let info: { versionId?: string | null };
    // Re-verify a spooled stream while it is sent: if the spool changed under us, the stream errors
    // before its last part, the upload is never completed and nothing appears under the key.
    const source = open();
    const body = Buffer.isBuffer(source)
      ? source
      : pipeline(source, verifyingStream(sha256), () => undefined);
    const locked = Object.keys(lock).length > 0;
    try {
      info = locked
        ? await this.putObjectWithHeaders(key, body, size, { ...headers, ...lock })
        : await this.client.putObject(this.bucket, key, body, size, headers);
    } catch (e) {
      if (!Buffer.isBuffer(body)) body.destroy();
      throw this.failure(e, sha256);
    }
    // lockedAtUpload only when true: applyLockOptions takes it off (put's result has no such field).
    return {
      sha256,
      size,
      created: true,
      versionId: info.versionId ?? undefined,
      ...(locked ? { lockedAtUpload: true } : {}),
    };
  }

  /**
   * minio's putObject, but with the headers sent as they are: its putObject prefixes every header it
   * does not know with `X-Amz-Meta-`, which would turn the Object Lock headers into user metadata. The
   * same dispatch as minio 8's putObject (one PUT up to the part size, else a multipart upload whose
   * CreateMultipartUpload carries the headers), through the client's own upload methods. The headers
   * here are Content-Type, our metadata header (already X-Amz-Meta-) and the lock headers. Object Lock
   * requires an integrity header on the PUT: the body's Content-MD5 is sent.
   */
  private async putObjectWithHeaders(
    key: string,
    body: Readable | Buffer,
    size: number,
    headers: Record<string, string>,
  ): Promise<{ versionId?: string | null }> {
    const client = this.client as unknown as MinioUploadInternals;
    const partSize = client.calculatePartSize(size);
    if (Buffer.isBuffer(body) || size <= partSize) {
      const buf = Buffer.isBuffer(body) ? body : await readAll(body);
      return client.uploadBuffer(this.bucket, key, { ...headers, 'Content-MD5': md5Base64(buf) }, buf);
    }
    return client.uploadStream(this.bucket, key, { ...headers }, body, partSize);
  }

  /** Applies put's retention (only ever extending) and legal hold to the stored version. */
  private async applyLockOptions(
    stored: StoredObject,
    options: PutObjectOptions | undefined,
  ): Promise<StoredObject> {
    const wanted = options?.retention;
    if (!wanted && !options?.legalHold) return stored;
    if (!this.objectLock) throw ObjectStoreError.retentionUnsupported('s3');
    // A new version created with its lock in the PUT (lockHeaders) has nothing left to apply, unless the
    // retention was in the past (not sent): then the rules below refuse or skip it as before.
    if ((stored as { lockedAtUpload?: boolean }).lockedAtUpload) {
      const { lockedAtUpload: _, ...plain } = stored as StoredObject & { lockedAtUpload?: boolean };
      const sentRetention = !wanted || wanted.retainUntil.getTime() > this.clock.now().getTime();
      if (sentRetention) return plain;
      stored = plain;
    }
    // A version just uploaded has no lock yet: no need to ask (two requests fewer per object).
    const { retention: current, legalHold } = stored.created
      ? { retention: undefined, legalHold: false }
      : await this.lockState(stored.sha256);
    const now = this.clock.now();
    const key = objectKey(stored.sha256);
    // The rules were checked here, so the lock calls go straight to the server (which checks them again).
    try {
      if (wanted) {
        const live = current && current.retainUntil.getTime() > now.getTime();
        const extends_ = !live || current.retainUntil.getTime() < wanted.retainUntil.getTime();
        if (extends_ && !(live && current.mode === 'COMPLIANCE' && wanted.mode === 'GOVERNANCE')) {
          retentionRules.assertChangeAllowed(stored.sha256, current, wanted, now, false);
          await this.client.putObjectRetention(this.bucket, key, {
            mode: wanted.mode,
            retainUntilDate: wanted.retainUntil.toISOString(),
          } as Minio.Retention);
        }
      }
      if (options?.legalHold && !legalHold) {
        await this.client.setObjectLegalHold(this.bucket, key, { status: Minio.LEGAL_HOLD_STATUS.ENABLED });
      }
    } catch (e) {
      throw this.failure(e, stored.sha256, 'retention');
    }
    return stored;
  }

  private async lockState(
    sha256: string,
    versionId?: string,
  ): Promise<{ retention?: ObjectRetention; legalHold: boolean }> {
    const key = objectKey(sha256);
    const version = versionId ? { versionId } : undefined;
    let retention: ObjectRetention | undefined;
    let legalHold = false;
    try {
      const r = await this.client.getObjectRetention(this.bucket, key, version);
      if (r && r.mode && r.retainUntilDate)
        retention = { mode: r.mode, retainUntil: new Date(r.retainUntilDate) };
    } catch (e) {
      if (!NO_LOCK_CONFIG_CODES.has(codeOf(e) ?? '')) throw this.failure(e, sha256);
    }
    try {
      const h = (await this.client.getObjectLegalHold(this.bucket, key, version)) as unknown;
      const status = typeof h === 'string' ? h : (h as { Status?: string } | undefined)?.Status;
      legalHold = status === 'ON';
    } catch (e) {
      if (!NO_LOCK_CONFIG_CODES.has(codeOf(e) ?? '')) throw this.failure(e, sha256);
    }
    return { retention, legalHold };
  }

  private async versionIds(key: string): Promise<string[]> {
    const ids: string[] = [];
    const stream = this.client.listObjects(this.bucket, key, false, { IncludeVersion: true });
    for await (const item of stream as AsyncIterable<{ name?: string; versionId?: string | null }>) {
      if (item.name === key) ids.push(item.versionId ?? 'null');
    }
    return ids;
  }

  /**
   * Maps a client error to ours: missing key → OBJECT_NOT_FOUND; Object Lock refusals → OBJECT_RETAINED;
   * anything else (connection refused, timeouts, 5xx, bad credentials, missing bucket) means the store
   * cannot serve → OBJECT_STORE_UNAVAILABLE.
   */
  private failure(e: unknown, sha256?: string, operation?: 'delete' | 'retention'): ObjectStoreError {
    if (e instanceof ObjectStoreError) return e;
    const code = codeOf(e);
    if (sha256 && code && NOT_FOUND_CODES.has(code)) return ObjectStoreError.notFound(sha256);
    if (sha256 && operation && code === 'AccessDenied') {
      return ObjectStoreError.retained(sha256, operation === 'delete' ? 'retention' : 'compliance-shorten');
    }
    return ObjectStoreError.unavailable('s3', e);
  }
}

/** The key prefix selecting the objects whose SHA-256 starts with the hex `prefix`. */
function keyPrefix(prefix: string): string {
  if (prefix.length > 4) return `${prefix.slice(0, 2)}/${prefix.slice(2, 4)}/${prefix}`;
  if (prefix.length === 4) return `${prefix.slice(0, 2)}/${prefix.slice(2, 4)}/`;
  if (prefix.length >= 2) return `${prefix.slice(0, 2)}/${prefix.slice(2)}`;
  return prefix;
}

function decodeMetadata(header: string | undefined): Record<string, string> {
  if (!header) return {};
  try {
    const parsed = JSON.parse(Buffer.from(header, 'base64').toString('utf8')) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
}

/** COMPLIANCE over GOVERNANCE, then the later date. */
function strongerRetention(
  a: ObjectRetention | undefined,
  b: ObjectRetention | undefined,
): ObjectRetention | undefined {
  if (!a || !b) return a ?? b;
  if (a.mode !== b.mode) return a.mode === 'COMPLIANCE' ? a : b;
  return a.retainUntil.getTime() >= b.retainUntil.getTime() ? a : b;
}

/** The upload methods of minio 8's client that putObject dispatches to (public in its JavaScript). */
interface MinioUploadInternals {
  calculatePartSize(size: number): number;
  uploadBuffer(
    bucket: string,
    key: string,
    headers: Record<string, string | number>,
    buf: Buffer,
  ): Promise<{ versionId?: string | null }>;
  uploadStream(
    bucket: string,
    key: string,
    headers: Record<string, string | number>,
    body: Readable,
    partSize: number,
  ): Promise<{ versionId?: string | null }>;
}

async function readAll(body: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of body) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
}

const md5Base64 = (buf: Buffer): string => createHash('md5').update(buf).digest('base64');
