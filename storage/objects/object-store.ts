import type { Readable } from 'node:stream';

/**
 * Content-addressed object storage (DESIGN.md §7): every PDF revision, attachment, validation report
 * and edXML package is stored under the lowercase hex SHA-256 of its bytes. The database keeps only
 * metadata and the hash. Implementations: LocalObjectStore (filesystem, the embedded default) and
 * S3ObjectStore (MinIO with object lock in production); both pass test/storage/objects' conformance
 * suite. All failures are ObjectStoreError (a CodedError) with codes OBJECT_NOT_FOUND, OBJECT_CORRUPT,
 * OBJECT_RETAINED, OBJECT_STORE_UNAVAILABLE, OBJECT_TOO_LARGE, OBJECT_KEY_INVALID,
 * OBJECT_METADATA_INVALID, OBJECT_RETENTION_UNSUPPORTED.
 */
export interface ObjectStore {
  /** 'local' or 's3', for logs and /healthz. */
  readonly backend: string;

  /**
   * Stores content, hashing it while it streams. Idempotent: putting bytes that are already stored
   * changes nothing (the first put's contentType and metadata stay) and returns the same result.
   * If the source stream errors, nothing is stored and the error is rethrown.
   */
  put(content: Readable | Buffer | Uint8Array, options?: PutObjectOptions): Promise<StoredObject>;

  /**
   * Streams an object. The stream re-hashes what it delivers and, if the bytes do not match the key,
   * emits an OBJECT_CORRUPT error instead of ending: consumers must treat the content as valid only
   * once the stream has ended without error (stream.pipeline does this).
   * Throws OBJECT_NOT_FOUND when there is no such object.
   */
  get(sha256: string): Promise<Readable>;

  /** Reads a whole object into memory, verified; OBJECT_TOO_LARGE above `maxBytes` (default 64 MiB). */
  getBuffer(sha256: string, options?: { maxBytes?: number }): Promise<Buffer>;

  /** What is known about an object, or null when there is none. */
  stat(sha256: string): Promise<ObjectStat | null>;

  /** Objects in ascending key order, `limit` at a time; pass the returned `nextAfter` to continue. */
  list(options: ListObjectsOptions): Promise<ObjectPage>;

  /**
   * Deletes an object (approved disposal only). Refused with OBJECT_RETAINED while it is under legal
   * hold or retention; GOVERNANCE retention can be bypassed, COMPLIANCE never. Deleting an absent
   * object is a no-op.
   */
  delete(sha256: string, options?: { bypassGovernance?: boolean }): Promise<void>;

  /**
   * Sets retention. While a COMPLIANCE retention is in force it can only be extended (and never
   * turned into GOVERNANCE); a GOVERNANCE one can be shortened only with `bypassGovernance`.
   * Once a retention has expired any new one may be set.
   */
  setRetention(
    sha256: string,
    retention: ObjectRetention,
    options?: { bypassGovernance?: boolean },
  ): Promise<void>;

  /**
   * Writes verified bytes back under their hash even when a damaged copy of the same size is there
   * (a put would take that copy for the content). Retention and legal hold stay as they were; on a
   * versioned S3 bucket the good bytes become a new version with the same lock and the damaged version
   * stays (locked). Used to repair an archival object from a replica. Returns the stored object.
   */
  repair(bytes: Buffer): Promise<StoredObject>;

  /**
   * A plain delete of the key, as S3 DELETE without a version id: on a versioned store (S3 with Object
   * Lock, and the local store) it only adds a delete marker, so the key reads as absent while every
   * version, locked or not, stays and remains readable by version id. Never refused by a lock.
   * Putting the same content again makes the key current again.
   */
  deleteKey(sha256: string): Promise<void>;

  /** The versions and delete markers of a key, oldest first; empty when there are none. */
  listVersions(sha256: string): Promise<ObjectVersion[]>;

  /** Streams one version, verified like get(); OBJECT_NOT_FOUND for an unknown id or a delete marker. */
  getVersion(sha256: string, versionId: string): Promise<Readable>;

  /**
   * Deletes one version (or removes one delete marker). A version under legal hold or an unexpired
   * retention is refused with OBJECT_RETAINED (GOVERNANCE only with `bypassGovernance`).
   */
  deleteVersion(sha256: string, versionId: string, options?: { bypassGovernance?: boolean }): Promise<void>;

  /** Places or lifts a legal hold; while on, the object cannot be deleted whatever its retention. */
  setLegalHold(sha256: string, on: boolean): Promise<void>;

  /** For /healthz: never throws. */
  health(): Promise<{ ok: boolean; detail: string }>;

  /** Releases connections, timers; the store is unusable afterwards. */
  close(): Promise<void>;
}

export interface PutObjectOptions {
  /** MIME type; default application/octet-stream. */
  contentType?: string;
  /** Small string map (UTF-8 allowed, at most 1,536 bytes as JSON), kept with the object. */
  metadata?: Record<string, string>;
  /**
   * Lock the stored version: a retention (never shortening one it already has: a later date stays) and
   * a legal hold. Refused with OBJECT_RETENTION_UNSUPPORTED by a store without object lock.
   */
  retention?: ObjectRetention;
  legalHold?: boolean;
}

export interface StoredObject {
  readonly sha256: string;
  readonly size: number;
  /** False when the content was already stored (idempotent put). */
  readonly created: boolean;
  /** The version id on a versioned store (S3 with Object Lock, the local store), when known. */
  readonly versionId?: string;
}

export interface ObjectVersion {
  readonly versionId: string;
  readonly isDeleteMarker: boolean;
  /** The key's current version (a delete marker when the key was plainly deleted). */
  readonly isLatest: boolean;
  /** 0 for a delete marker. */
  readonly size: number;
}

export type RetentionMode = 'COMPLIANCE' | 'GOVERNANCE';

export interface ObjectRetention {
  readonly mode: RetentionMode;
  readonly retainUntil: Date;
}

export interface ObjectStat {
  readonly sha256: string;
  readonly size: number;
  readonly contentType: string;
  readonly metadata: Readonly<Record<string, string>>;
  /** Present when a retention was ever set (it may have expired: compare with the clock). */
  readonly retention?: ObjectRetention;
  /** Shortcut for retention?.retainUntil. */
  readonly retainUntil?: Date;
  readonly legalHold: boolean;
}

export interface ListObjectsOptions {
  /** Hex prefix of the SHA-256 (lowercase). */
  readonly prefix?: string;
  /** Exclusive start key: the `nextAfter` of the previous page. */
  readonly after?: string;
  /** Page size, 1..1000. */
  readonly limit: number;
}

export interface ObjectPage {
  readonly objects: ReadonlyArray<{ readonly sha256: string; readonly size: number }>;
  /** Set when more objects may follow. */
  readonly nextAfter?: string;
}

/** Injected clock (structurally the same as workflows' Clock; storage does not import workflows). */
export interface ObjectStoreClock {
  now(): Date;
}

export const DEFAULT_GET_BUFFER_MAX_BYTES = 64 * 1024 * 1024;
