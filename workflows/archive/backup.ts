import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import readline from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import type { DataSource, QueryRunner } from 'typeorm';
import { CodedError } from '../../signing/errors';
import type { ObjectStore } from '../../storage/objects/object-store';
import { ObjectStoreError } from '../../storage/objects/object-store-error';

/**
 * Online backup and restore of a VanBan data directory (issue 11 item 9; docs/deployment.md, "Backup
 * and restore").
 *
 * Consistency: the database is read in ONE read-only REPEATABLE READ transaction — a single MVCC
 * snapshot, taken while the server keeps running — table by table as NDJSON (row_to_json text, never
 * parsed in Node, so bigints and timestamps travel exactly). Only then are the objects copied: objects
 * are content-addressed and immutable, so every object the snapshot references is either still in the
 * store with exactly the bytes its hash names (each copy is re-hashed), or was deleted after the
 * snapshot, which the backup detects and refuses (BACKUP_OBJECT_MISSING) instead of finishing
 * incomplete. Objects added after the snapshot may be copied too; nothing in the snapshot points at
 * them. The audit key and the audit anchors (DATA_DIR/audit) are copied with the snapshot, so the
 * restored chain verifies.
 *
 * The embedded PostgreSQL package ships no pg_dump or pg_basebackup, and Debian's (15) refuse a 17
 * server; hence this logical snapshot. With an external PostgreSQL use pg_dump / WAL archiving instead.
 */

export const BACKUP_FORMAT = 'vanban-backup/1';

export type BackupErrorCode =
  | 'BACKUP_TARGET_NOT_EMPTY'
  | 'BACKUP_OBJECT_MISSING'
  | 'BACKUP_INVALID'
  | 'BACKUP_SCHEMA_MISMATCH'
  | 'RESTORE_OBJECT_MISMATCH';

export class BackupError extends CodedError {
  declare readonly code: BackupErrorCode;
  constructor(code: BackupErrorCode, message: { vi: string; en: string }, details?: Record<string, unknown>) {
    super(code, message, { details });
  }
}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  createdAt: string;
  /** The snapshot's transaction id and WAL position (for the operator's records). */
  snapshot: { txid: string; lsn: string; serverVersion: string };
  migrations: string[];
  tables: Record<string, { rows: number; file: string; sha256: string; columns: string[] }>;
  sequences: Record<string, string | null>;
  objects: { backend: string; copied: number; bytes: number; referenced: number };
  audit: { files: string[] };
}

interface Progress {
  (line: string): void;
}

/** Text columns whose name says they hold an object hash (…sha256…), and text[] ones likewise. */
async function hashColumns(q: QueryRunner): Promise<{ table: string; column: string; array: boolean }[]> {
  return q.query(
    `SELECT c.table_name AS table, c.column_name AS column, c.data_type = 'ARRAY' AS array
     FROM information_schema.columns c JOIN information_schema.tables t
       ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
     WHERE c.table_schema = 'public' AND c.column_name LIKE '%sha256%'
       AND (c.data_type = 'text' OR (c.data_type = 'ARRAY' AND c.udt_name = '_text'))
     ORDER BY 1, 2`,
  );
}

const quote = (ident: string) => `"${ident.replace(/"/g, '""')}"`;

/** Every object hash the database references (within the caller's snapshot). */
async function referencedHashes(q: QueryRunner): Promise<Set<string>> {
  const found = new Set<string>();
  for (const c of await hashColumns(q)) {
    const expr = c.array ? `unnest(${quote(c.column)})` : quote(c.column);
    const rows: { h: string }[] = await q.query(
      `SELECT DISTINCT h FROM (SELECT ${expr} AS h FROM ${quote(c.table)}) s WHERE h ~ '^[0-9a-f]{64}$'`,
    );
    for (const r of rows) found.add(r.h);
  }
  return found;
}

/**
 * Takes a backup into `dir` (created; must not exist or be empty) while the server runs: the database
 * snapshot, then the local object store (`objectsRoot`, null with an S3 store: bucket replication
 * covers the objects) and DATA_DIR/audit.
 */
export async function backupDataDirectory(o: {
  db: DataSource;
  dir: string;
  objects: ObjectStore;
  objectsRoot: string | null;
  dataDir: string;
  now: Date;
  progress?: Progress;
}): Promise<BackupManifest> {
  const log = o.progress ?? (() => undefined);
  await assertEmptyDir(o.dir, 'BACKUP_TARGET_NOT_EMPTY');
  await fs.mkdir(path.join(o.dir, 'db'), { recursive: true, mode: 0o700 });
  await fs.chmod(o.dir, 0o700);

  // The audit key and anchors first: every anchor then names a head the snapshot below contains.
  const auditDir = path.join(o.dataDir, 'audit');
  const auditFiles: string[] = [];
  if (await exists(auditDir)) {
    await fs.cp(auditDir, path.join(o.dir, 'audit'), { recursive: true, preserveTimestamps: true });
    auditFiles.push(...(await fs.readdir(path.join(o.dir, 'audit'), { recursive: true })).map(String).sort());
  }

  const q = o.db.createQueryRunner();
  await q.connect();
  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    createdAt: o.now.toISOString(),
    snapshot: { txid: '', lsn: '', serverVersion: '' },
    migrations: [],
    tables: {},
    sequences: {},
    objects: { backend: o.objects.backend, copied: 0, bytes: 0, referenced: 0 },
    audit: { files: auditFiles },
  };
  let referenced: Set<string>;
  try {
    await q.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const [snap] = await q.query(
      `SELECT txid_current_if_assigned()::text AS txid, pg_current_wal_lsn()::text AS lsn,
              current_setting('server_version') AS version, pg_export_snapshot() AS snapshot`,
    );
    manifest.snapshot = { txid: snap.snapshot, lsn: snap.lsn, serverVersion: snap.version };
    manifest.migrations = (
      (await q.query(`SELECT name FROM schema_migrations ORDER BY id`)) as { name: string }[]
    ).map((r) => r.name);
    const tables: { name: string }[] = await q.query(
      `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations'
       ORDER BY tablename`,
    );
    for (const { name } of tables) {
      const columns = (
        (await q.query(
          `SELECT a.attname AS name FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
           JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relname = $1 AND a.attnum > 0 AND NOT a.attisdropped
             AND a.attgenerated = '' ORDER BY a.attnum`,
          [name],
        )) as { name: string }[]
      ).map((c) => c.name);
      const file = `db/${name}.ndjson.gz`;
      const rows = await dumpTable(q, name, columns, path.join(o.dir, file));
      manifest.tables[name] = { rows, file, sha256: await sha256File(path.join(o.dir, file)), columns };
      log(`  ${name}: ${rows}`);
    }
    const sequences: { name: string; value: string | null }[] = await q.query(
      `SELECT sequencename AS name, last_value::text AS value FROM pg_sequences WHERE schemaname = 'public'`,
    );
    for (const s of sequences) manifest.sequences[s.name] = s.value;
    referenced = await referencedHashes(q);
    await q.query('COMMIT');
  } catch (e) {
    await q.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    await q.release();
  }
  manifest.objects.referenced = referenced.size;

  // Objects after the snapshot: immutable and content-addressed, so what the snapshot names is there
  // (re-hashed on copy) or was deleted since, which refuses the backup.
  if (o.objectsRoot) {
    const target = path.join(o.dir, 'objects');
    const copied = await copyObjectTree(o.objectsRoot, target);
    manifest.objects.copied = copied.count;
    manifest.objects.bytes = copied.bytes;
    const missing = [...referenced].filter((h) => !copied.hashes.has(h));
    if (missing.length) {
      throw new BackupError(
        'BACKUP_OBJECT_MISSING',
        {
          vi: `${missing.length} đối tượng mà cơ sở dữ liệu tham chiếu không có trong kho (bị xóa trong lúc sao lưu?)`,
          en: `${missing.length} objects the database references are not in the store (deleted during the backup?)`,
        },
        { missing: missing.slice(0, 20) },
      );
    }
  } else {
    // An S3 store: its objects are backed up by bucket replication; check that the snapshot's are there.
    const missing: string[] = [];
    for (const h of referenced) if (!(await o.objects.stat(h))) missing.push(h);
    if (missing.length) {
      throw new BackupError(
        'BACKUP_OBJECT_MISSING',
        {
          vi: `${missing.length} đối tượng mà cơ sở dữ liệu tham chiếu không có trong kho S3`,
          en: `${missing.length} objects the database references are not in the S3 store`,
        },
        { missing: missing.slice(0, 20) },
      );
    }
  }
  await fs.writeFile(path.join(o.dir, 'manifest.json'), JSON.stringify(manifest, null, 2), { mode: 0o600 });
  return manifest;
}

async function dumpTable(q: QueryRunner, table: string, columns: string[], file: string): Promise<number> {
  const gzip = createGzip({ level: 6 });
  const out = createWriteStream(file, { mode: 0o600 });
  const done = pipeline(gzip, out);
  const cols = columns.map(quote).join(', ');
  await q.query(
    `DECLARE vanban_backup NO SCROLL CURSOR FOR SELECT row_to_json(x)::text AS j FROM (SELECT ${cols} FROM ${quote(table)}) x`,
  );
  let rows = 0;
  try {
    for (;;) {
      const batch: { j: string }[] = await q.query(`FETCH 2000 FROM vanban_backup`);
      if (batch.length === 0) break;
      rows += batch.length;
      if (!gzip.write(batch.map((r) => r.j).join('\n') + '\n')) {
        await new Promise((r) => gzip.once('drain', r));
      }
    }
  } finally {
    await q.query(`CLOSE vanban_backup`);
    gzip.end();
    await done;
  }
  return rows;
}

/** Copies a local store's tree (objects, sidecars, delete markers; not .tmp), re-hashing every object. */
async function copyObjectTree(
  root: string,
  target: string,
): Promise<{ count: number; bytes: number; hashes: Set<string> }> {
  const hashes = new Set<string>();
  let bytes = 0;
  await fs.mkdir(target, { recursive: true, mode: 0o700 });
  for (const name of await fs.readdir(root)) {
    if (name === '.tmp') continue;
    const from = path.join(root, name);
    const stat = await fs.stat(from);
    if (!stat.isDirectory()) {
      await fs.copyFile(from, path.join(target, name));
      continue;
    }
    if (!/^[0-9a-f]{2}$/.test(name)) continue;
    for (const sub of await fs.readdir(from)) {
      const dir = path.join(from, sub);
      const to = path.join(target, name, sub);
      await fs.mkdir(to, { recursive: true, mode: 0o700 });
      for (const file of await fs.readdir(dir)) {
        const src = path.join(dir, file);
        const dst = path.join(to, file);
        if (/^[0-9a-f]{64}$/.test(file)) {
          const hash = createHash('sha256');
          let size = 0;
          try {
            await pipeline(
              createReadStream(src),
              async function* (source: AsyncIterable<Buffer>) {
                for await (const chunk of source) {
                  hash.update(chunk);
                  size += chunk.length;
                  yield chunk;
                }
              },
              createWriteStream(dst, { mode: 0o400 }),
            );
          } catch (e) {
            if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue; // deleted meanwhile
            throw e;
          }
          if (hash.digest('hex') !== file) {
            throw ObjectStoreError.corrupt(file, { sha256: 'changed', size });
          }
          hashes.add(file);
          bytes += size;
        } else {
          await fs.copyFile(src, dst).catch((e: NodeJS.ErrnoException) => {
            if (e.code !== 'ENOENT') throw e;
          });
        }
      }
    }
  }
  return { count: hashes.size, bytes, hashes };
}

export interface RestoreReport {
  tables: number;
  rows: number;
  objectsChecked: number;
  objectsBytes: number;
}

/**
 * Restores a backup into a freshly migrated, empty database (`db`, as its owner/superuser) and a new
 * local object store (`objects`, `objectsRoot` empty), then checks every object the database references
 * against its hash. The migrations of the running code must be exactly the backup's (same version).
 */
export async function restoreDataDirectory(o: {
  dir: string;
  db: DataSource;
  objects: ObjectStore;
  objectsRoot: string | null;
  dataDir: string;
  progress?: Progress;
}): Promise<RestoreReport> {
  const log = o.progress ?? (() => undefined);
  const manifest = await readManifest(o.dir);
  const migrations = (
    (await o.db.query(`SELECT name FROM schema_migrations ORDER BY id`)) as { name: string }[]
  ).map((r) => r.name);
  if (JSON.stringify(migrations) !== JSON.stringify(manifest.migrations)) {
    throw new BackupError(
      'BACKUP_SCHEMA_MISMATCH',
      {
        vi: 'Bản sao lưu được tạo bởi phiên bản VanBan có lược đồ khác; hãy khôi phục bằng đúng phiên bản đó',
        en: 'The backup was made by a VanBan version with another schema; restore it with that version',
      },
      { backup: manifest.migrations.length, code: migrations.length },
    );
  }
  for (const [name, t] of Object.entries(manifest.tables)) {
    if ((await sha256File(path.join(o.dir, t.file))) !== t.sha256) {
      throw new BackupError(
        'BACKUP_INVALID',
        { vi: `Tệp sao lưu của bảng ${name} bị hỏng`, en: `The backup file of table ${name} is damaged` },
        { table: name },
      );
    }
  }
  let rows = 0;
  await o.db.transaction(async (m) => {
    // As the owner: no triggers (the audit trail's refusals), no foreign key order to follow.
    await m.query(`SET LOCAL session_replication_role = replica`);
    for (const name of Object.keys(manifest.tables)) await m.query(`DELETE FROM ${quote(name)}`);
    for (const [name, t] of Object.entries(manifest.tables)) {
      const cols = t.columns.map(quote).join(', ');
      const insert = async (lines: string[]) => {
        await m.query(
          `INSERT INTO ${quote(name)} (${cols}) SELECT ${cols} FROM json_populate_recordset(NULL::${quote(name)}, $1::json)`,
          [`[${lines.join(',')}]`],
        );
      };
      let batch: string[] = [];
      const input = readline.createInterface({
        input: createReadStream(path.join(o.dir, t.file)).pipe(createGunzip()),
        crlfDelay: Infinity,
      });
      for await (const line of input) {
        if (!line) continue;
        batch.push(line);
        if (batch.length >= 1000) {
          await insert(batch);
          rows += batch.length;
          batch = [];
        }
      }
      if (batch.length) {
        await insert(batch);
        rows += batch.length;
      }
      log(`  ${name}: ${t.rows}`);
    }
    for (const [name, value] of Object.entries(manifest.sequences)) {
      if (value !== null)
        await m.query(`SELECT setval($1, $2::bigint, true)`, [`public.${quote(name)}`, value]);
    }
  });
  if (o.objectsRoot && (await exists(path.join(o.dir, 'objects')))) {
    await assertEmptyDir(o.objectsRoot, 'BACKUP_TARGET_NOT_EMPTY', ['.tmp', '.vanban-object-store']);
    await fs.cp(path.join(o.dir, 'objects'), o.objectsRoot, { recursive: true, preserveTimestamps: true });
  }
  if (await exists(path.join(o.dir, 'audit'))) {
    await fs.cp(path.join(o.dir, 'audit'), path.join(o.dataDir, 'audit'), { recursive: true });
  }
  // Every object the restored database references must be there with its exact bytes.
  const q = o.db.createQueryRunner();
  await q.connect();
  let referenced: Set<string>;
  try {
    referenced = await referencedHashes(q);
  } finally {
    await q.release();
  }
  let bytes = 0;
  const bad: string[] = [];
  for (const h of [...referenced].sort()) {
    try {
      const stream = await o.objects.get(h);
      for await (const chunk of stream) bytes += (chunk as Buffer).length;
    } catch (e) {
      if (e instanceof ObjectStoreError && (e.code === 'OBJECT_NOT_FOUND' || e.code === 'OBJECT_CORRUPT')) {
        bad.push(h);
        continue;
      }
      throw e;
    }
  }
  if (bad.length) {
    throw new BackupError(
      'RESTORE_OBJECT_MISMATCH',
      {
        vi: `${bad.length} đối tượng được tham chiếu bị thiếu hoặc sai mã băm sau khi khôi phục`,
        en: `${bad.length} referenced objects are missing or do not match their hash after the restore`,
      },
      { objects: bad.slice(0, 20) },
    );
  }
  return {
    tables: Object.keys(manifest.tables).length,
    rows,
    objectsChecked: referenced.size,
    objectsBytes: bytes,
  };
}

export async function readManifest(dir: string): Promise<BackupManifest> {
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(await fs.readFile(path.join(dir, 'manifest.json'), 'utf8')) as BackupManifest;
  } catch {
    throw new BackupError('BACKUP_INVALID', {
      vi: `Không đọc được manifest.json của bản sao lưu tại ${dir}`,
      en: `Cannot read the backup's manifest.json in ${dir}`,
    });
  }
  if (manifest.format !== BACKUP_FORMAT) {
    throw new BackupError('BACKUP_INVALID', {
      vi: `Định dạng sao lưu không hỗ trợ: ${String(manifest.format)}`,
      en: `Unsupported backup format: ${String(manifest.format)}`,
    });
  }
  return manifest;
}

async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function exists(p: string): Promise<boolean> {
  return fs
    .access(p)
    .then(() => true)
    .catch(() => false);
}

async function assertEmptyDir(
  dir: string,
  code: 'BACKUP_TARGET_NOT_EMPTY',
  ignore: string[] = [],
): Promise<void> {
  const entries = await fs.readdir(dir).catch(() => [] as string[]);
  if (entries.filter((e) => !ignore.includes(e)).length > 0) {
    throw new BackupError(
      code,
      { vi: `Thư mục ${dir} không trống`, en: `The directory ${dir} is not empty` },
      { dir },
    );
  }
}
