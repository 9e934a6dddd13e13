import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { EntityManager } from 'typeorm';
import { objectKey } from '../../storage/objects/object-key';
import type { ObjectStore } from '../../storage/objects/object-store';
import { ObjectStoreError } from '../../storage/objects/object-store-error';
import { appendAuditEvent } from '../audit/append-audit-event';
import { systemClock, type Clock } from '../context';
import { notify } from '../notifications/notify';

/**
 * Archival objects (issue 11 item 4): every PDF revision, attachment, validation report, edXML package,
 * metadata XML and OCR derivative of an archival record is a content-addressed object version (key =
 * SHA-256 of the bytes) under Object Lock COMPLIANCE until the record's retain-until date; a permanent
 * record gets the longest lock the configuration allows plus a legal hold. A row in `archival_objects`
 * ties each object to its record. Reads verify the hash and refuse corrupt bytes; with a replica store
 * configured, a bad object is repaired from it and the repair recorded (docs/archive.md, "Immutable
 * storage").
 */

export const ARCHIVAL_OBJECT_KINDS = [
  'pdf-revision',
  'attachment',
  'validation-report',
  'edxml-package',
  'metadata-xml',
  'ocr-derivative',
] as const;
export type ArchivalObjectKind = (typeof ARCHIVAL_OBJECT_KINDS)[number];

export interface ArchivalObjectInput {
  recordId: string;
  kind: ArchivalObjectKind;
  bytes: Buffer;
  mediaType: string;
  /** null = permanent: the longest lock plus a legal hold. */
  retainUntil: Date | null;
}

export interface StoredArchivalObject {
  id: string;
  key: string;
  sha256: string;
  versionId?: string;
}

/** Process-wide archive storage settings; the server sets them once at start (server/app.ts). */
export interface ArchiveStorageSettings {
  /** Years a permanent record's objects are locked for (then a legal hold keeps them). Default 100. */
  permanentLockYears: number;
  /** A second object store holding the same objects, used to repair a corrupt or missing one. */
  replica?: ObjectStore;
  clock: Clock;
}

const settings: ArchiveStorageSettings = { permanentLockYears: 100, clock: systemClock };

export function configureArchiveStorage(next: Partial<ArchiveStorageSettings>): void {
  Object.assign(settings, next);
}

export function archiveStorageSettings(): Readonly<ArchiveStorageSettings> {
  return settings;
}

/** The lock date of a permanent record: now plus the configured longest lock. */
export function permanentLockUntil(now: Date, years = settings.permanentLockYears): Date {
  const until = new Date(now.getTime());
  until.setUTCFullYear(until.getUTCFullYear() + years);
  return until;
}

declare module '../audit/audit-event' {
  interface AuditEventPayloads {
    ARCHIVE_OBJECT_STORED: {
      objectId: string;
      recordId: string;
      kind: string;
      sha256: string;
      size: number;
      retainUntil: string | null;
      legalHold: boolean;
    };
    ARCHIVE_OBJECT_CORRUPT: {
      objectId: string;
      recordId: string;
      sha256: string;
      problem: 'mismatch' | 'missing';
      via: 'read' | 'fixity';
      repaired: boolean;
    };
    ARCHIVE_OBJECT_REPAIRED: { objectId: string; recordId: string; sha256: string; from: string };
  }
}

/**
 * Stores one archival object in the caller's transaction: puts the bytes (idempotent by hash), locks
 * them COMPLIANCE until `retainUntil` (or the permanent lock plus a legal hold), and inserts the row.
 * A lock is never shortened: when the same bytes already carry a later lock (another record), it
 * stays. Storing the same bytes for the same record and kind again returns the existing row.
 */
export async function storeArchivalObject(
  m: EntityManager,
  store: ObjectStore,
  o: ArchivalObjectInput,
): Promise<StoredArchivalObject> {
  assertKind(o.kind);
  const now = settings.clock.now();
  const permanent = o.retainUntil === null;
  // The store only ever extends a lock the same bytes already carry (another record's).
  const stored = await store.put(o.bytes, {
    contentType: o.mediaType,
    metadata: { recordId: o.recordId, kind: o.kind },
    retention: { mode: 'COMPLIANCE', retainUntil: permanent ? permanentLockUntil(now) : o.retainUntil! },
    legalHold: permanent,
  });
  return recordArchivalObject(m, {
    recordId: o.recordId,
    kind: o.kind,
    mediaType: o.mediaType,
    retainUntil: o.retainUntil,
    sha256: stored.sha256,
    size: stored.size,
    versionId: stored.versionId,
  });
}

function assertKind(kind: string): void {
  if (!(ARCHIVAL_OBJECT_KINDS as readonly string[]).includes(kind)) {
    throw ObjectStoreError.metadataInvalid(`archival object kind "${String(kind)}"`);
  }
}

/** An object already in the store, verified and locked by lockArchivalBytes. */
export interface LockedBytes {
  readonly sha256: string;
  readonly size: number;
  readonly versionId?: string;
}

/**
 * Locks bytes that are already in the store (content addressed: the operational document's PDF is the
 * archival object) without holding them in memory: reads them once as a stream, verified against their
 * hash (a corrupt object is not archived: OBJECT_CORRUPT; a missing one: OBJECT_NOT_FOUND), then sets
 * COMPLIANCE retention until `retainUntil` in place — only ever extending a lock the bytes already carry
 * — and, for a permanent record (null), the longest lock plus a legal hold. Idempotent: run again, it
 * changes nothing. Meant to run before the transaction that records the rows (acceptTransfer): a crash in
 * between leaves locked bytes that no archival row names yet, which a retry uses as they are; the storage
 * sweep cannot delete them before their lock ends (deleteUnreferencedObjects counts them `retained`), and
 * the operational rows that put them there usually still reference them anyway.
 */
export async function lockArchivalBytes(
  store: ObjectStore,
  sha256: string,
  retainUntil: Date | null,
): Promise<LockedBytes> {
  const stat = await store.stat(sha256);
  if (!stat) throw ObjectStoreError.notFound(sha256);
  await pipeline(
    await store.get(sha256),
    new Writable({
      write(_chunk, _enc, cb) {
        cb();
      },
    }),
  );
  const permanent = retainUntil === null;
  const until = permanent ? permanentLockUntil(settings.clock.now()) : retainUntil;
  const current = stat.retention;
  if (!(current?.mode === 'COMPLIANCE' && current.retainUntil.getTime() >= until.getTime())) {
    await store.setRetention(sha256, { mode: 'COMPLIANCE', retainUntil: until });
  }
  if (permanent && !stat.legalHold) await store.setLegalHold(sha256, true);
  const versions = await store.listVersions(sha256);
  const latest = versions.filter((v) => !v.isDeleteMarker && v.isLatest).pop();
  return { sha256, size: stat.size, versionId: latest?.versionId };
}

/**
 * Inserts the row of an archival object whose bytes are stored and locked (storeArchivalObject,
 * lockArchivalBytes), with its audit event, in the caller's transaction. The same bytes for the same record
 * and kind again return the existing row.
 */
export async function recordArchivalObject(
  m: EntityManager,
  o: {
    recordId: string;
    kind: ArchivalObjectKind;
    mediaType: string;
    /** null = permanent (the row keeps NULL and legal_hold). */
    retainUntil: Date | null;
    sha256: string;
    size: number;
    versionId?: string;
  },
): Promise<StoredArchivalObject> {
  assertKind(o.kind);
  const now = settings.clock.now();
  const permanent = o.retainUntil === null;
  const sha256 = o.sha256;
  const existing: { id: string }[] = await m.query(
    `SELECT id FROM archival_objects WHERE record_id = $1 AND kind = $2 AND sha256 = $3`,
    [o.recordId, o.kind, sha256],
  );
  const key = objectKey(sha256);
  if (existing.length) return { id: existing[0]!.id, key, sha256, versionId: o.versionId };
  const [row] = (await m.query(
    `INSERT INTO archival_objects
       (record_id, kind, key, version_id, sha256, size, media_type, retain_until, legal_hold, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [
      o.recordId,
      o.kind,
      key,
      o.versionId ?? null,
      sha256,
      o.size,
      o.mediaType,
      o.retainUntil,
      permanent,
      now,
    ],
  )) as { id: string }[];
  if (m.queryRunner?.isTransactionActive) {
    await appendAuditEvent(
      m,
      { actor: null, clock: settings.clock },
      {
        type: 'ARCHIVE_OBJECT_STORED',
        payload: {
          objectId: row!.id,
          recordId: o.recordId,
          kind: o.kind,
          sha256,
          size: o.size,
          retainUntil: o.retainUntil ? o.retainUntil.toISOString() : null,
          legalHold: permanent,
        },
        unitId: null,
      },
    );
  }
  return { id: row!.id, key, sha256, versionId: o.versionId };
}

interface ObjectRow {
  id: string;
  record_id: string;
  sha256: string;
  size: string;
}

/**
 * Reads one archival object, verified against its hash. Corrupt or missing bytes are never returned:
 * with a replica configured, verified bytes from the replica repair the primary (recorded as an event
 * and in the audit trail) and are returned; otherwise ARCHIVE_OBJECT_CORRUPT is thrown after the alert
 * (a fixity event, an audit event and a notification to archivists and admins) has been committed in
 * its own transaction, so that the caller's rollback cannot lose it.
 */
export async function readArchivalObject(m: EntityManager, store: ObjectStore, id: string): Promise<Buffer> {
  const rows: ObjectRow[] = await m.query(
    `SELECT id, record_id, sha256, size FROM archival_objects WHERE id = $1`,
    [id],
  );
  const row = rows[0];
  if (!row) throw ObjectStoreError.archiveObjectNotFound(id);
  const maxBytes = Math.max(Number(row.size), 1);
  let problem: 'mismatch' | 'missing';
  try {
    return await store.getBuffer(row.sha256, { maxBytes });
  } catch (e) {
    if (!(e instanceof ObjectStoreError)) throw e;
    if (e.code === 'OBJECT_CORRUPT') problem = 'mismatch';
    else if (e.code === 'OBJECT_NOT_FOUND') problem = 'missing';
    else throw e;
  }
  const repaired = await repairFromReplica(store, row.sha256, maxBytes);
  await recordDamage(m, row, problem, 'read', repaired);
  if (repaired) return repaired;
  throw ObjectStoreError.archiveObjectCorrupt(row.id, row.sha256, problem);
}

/**
 * Fetches verified bytes from the replica and writes them back to the primary; null when there is no
 * replica or it does not hold good bytes either.
 */
export async function repairFromReplica(
  store: ObjectStore,
  sha256: string,
  maxBytes: number,
): Promise<Buffer | null> {
  const replica = settings.replica;
  if (!replica) return null;
  let bytes: Buffer;
  try {
    bytes = await replica.getBuffer(sha256, { maxBytes });
  } catch {
    return null;
  }
  await store.repair(bytes);
  return bytes;
}

/**
 * Records a damaged object (and its repair) in its own transaction: a fixity event, the audit trail, the
 * row's last check, and an alert to the archivists and admins.
 */
export async function recordDamage(
  m: EntityManager,
  row: { id: string; record_id: string; sha256: string },
  problem: 'mismatch' | 'missing',
  via: 'read' | 'fixity',
  repaired: Buffer | null,
  runId: string | null = null,
): Promise<void> {
  const now = settings.clock.now();
  await m.connection.transaction(async (t) => {
    await t.query(
      `INSERT INTO fixity_events (run_id, object_id, sha256, event, detail, occurred_at)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6)`,
      [
        runId,
        row.id,
        row.sha256,
        via === 'read' ? 'read-refused' : problem,
        JSON.stringify({ problem, via, repaired: repaired !== null }),
        now,
      ],
    );
    await appendAuditEvent(
      t,
      { actor: null, clock: settings.clock },
      {
        type: 'ARCHIVE_OBJECT_CORRUPT',
        payload: {
          objectId: row.id,
          recordId: row.record_id,
          sha256: row.sha256,
          problem,
          via,
          repaired: repaired !== null,
        },
        unitId: null,
      },
    );
    if (repaired) {
      await t.query(
        `INSERT INTO fixity_events (run_id, object_id, sha256, event, detail, occurred_at)
         VALUES ($1, $2, $3, 'repaired', $4::jsonb, $5)`,
        [runId, row.id, row.sha256, JSON.stringify({ from: settings.replica?.backend ?? 'replica' }), now],
      );
      await appendAuditEvent(
        t,
        { actor: null, clock: settings.clock },
        {
          type: 'ARCHIVE_OBJECT_REPAIRED',
          payload: {
            objectId: row.id,
            recordId: row.record_id,
            sha256: row.sha256,
            from: settings.replica?.backend ?? 'replica',
          },
          unitId: null,
        },
      );
    }
    await t.query(`UPDATE archival_objects SET last_checked_at = $2, last_check_result = $3 WHERE id = $1`, [
      row.id,
      now,
      repaired ? 'repaired' : problem,
    ]);
    await notify(t, {
      kind: 'archive.fixity_failure',
      recipients: { roles: ['archivist', 'admin'] },
      subject: repaired
        ? {
            vi: `Đối tượng lưu trữ ${row.sha256.slice(0, 12)}… bị hỏng (${problem === 'missing' ? 'mất' : 'sai mã băm'}) và đã được khôi phục từ bản sao`,
            en: `Archival object ${row.sha256.slice(0, 12)}… was damaged (${problem}) and has been repaired from the replica`,
          }
        : {
            vi: `Đối tượng lưu trữ ${row.sha256.slice(0, 12)}… bị hỏng (${problem === 'missing' ? 'mất' : 'sai mã băm'}), không thể phục vụ`,
            en: `Archival object ${row.sha256.slice(0, 12)}… is damaged (${problem}) and cannot be served`,
          },
      link: '#/archive/fixity',
      urgent: !repaired,
      dedupeKey: `archive.fixity:${row.id}:${problem}:${repaired ? 'repaired' : 'open'}:${now.toISOString().slice(0, 10)}`,
      at: now,
    });
  });
}
