import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { EntityManager } from 'typeorm';
import type { ObjectStore } from '../../storage/objects/object-store';
import { authorize } from '../accounts/authorize';
import { appendAuditEvent } from '../audit/append-audit-event';
import type { DomainContext } from '../context';
import {
  lockArchivalBytes,
  recordArchivalObject,
  type ArchivalObjectKind,
  type LockedBytes,
} from './archival-objects';
import { indexArchivalRecord, indexCaseFile } from './index-archive';
import { PACKAGE_FORMAT, type PackageDescription } from './package-export';
import { PackageError, readTar } from './package-tar';

declare module '../audit/audit-event' {
  interface AuditEventPayloads {
    ARCHIVE_PACKAGE_IMPORTED: { packageId: string; transferId: string; records: number; objects: number };
    ARCHIVE_PACKAGE_EXPORTED: { packageId: string; records: number; objects: number; bytes: number };
  }
}

/** Metadata entries (manifest, METS, vanban.json) are read into memory, each this large at most. */
const MAX_METADATA_BYTES = 256 * 1024 * 1024;

export interface ImportResult {
  readonly packageId: string;
  readonly transferId: string;
  readonly fileIds: string[];
  readonly recordIds: string[];
  readonly objects: number;
}

async function collect(
  body: AsyncIterable<Buffer>,
  size: number,
  max: number,
  name: string,
): Promise<Buffer> {
  if (size > max) throw PackageError.invalid(`tệp ${name} quá lớn`, `${name} is too large`, { file: name });
  const parts: Buffer[] = [];
  for await (const b of body) parts.push(b);
  return Buffer.concat(parts, size);
}

/** An object of the package, streamed into the store, verified and locked: its row is written later. */
interface StagedObject {
  readonly recordId: string;
  readonly o: PackageDescription['records'][number]['objects'][number];
  readonly held: boolean;
  readonly locked: LockedBytes;
}

/**
 * Imports an archival package (package-export.ts) into this VanBan as an accepted transfer of
 * `unitId` (default: the importer's unit, who must be its archivist): the case files (archived), the
 * archival records with their Appendix VI metadata and every object, each checked against the
 * manifest's SHA-256 before it is recorded (locked until its retain-until, permanent ones held). A
 * changed, missing or unlisted entry refuses the whole package (PACKAGE_HASH_MISMATCH / PACKAGE_INVALID,
 * naming the file) and nothing is recorded.
 *
 * Two phases, as acceptance (transfers.ts): first, outside any transaction, the tar is read as a stream
 * and each object is streamed into the store (never whole in memory), its hash compared with the
 * manifest and the description, then verified in the store and locked (lockArchivalBytes; content
 * addressed, so a retry puts and locks the same bytes again harmlessly — bytes of a refused entry are
 * stored unlocked and unreferenced, for the storage sweep). Then one short transaction writes the rows:
 * transfer, files, records, objects, holds, index and the audit event. A failure before it records
 * nothing; the duplicate and retention checks run before the bytes are streamed and again inside it.
 */
export async function importPackage(
  ctx: DomainContext,
  store: ObjectStore,
  input: AsyncIterable<Buffer | string>,
  opts: { unitId?: string } = {},
): Promise<ImportResult> {
  const unitId = opts.unitId ?? ctx.actor.unitId;
  await authorize(ctx.db.manager, ctx.actor, 'archive.manage', { unitId });
  let root: string | undefined;
  let manifest: Map<string, string> | undefined;
  const seen = new Set<string>();
  let description: PackageDescription | undefined;
  const objectAt = new Map<
    string,
    { recordIndex: number; o: PackageDescription['records'][number]['objects'][number]; held: boolean }
  >();
  const staged: (Omit<StagedObject, 'recordId'> & { recordIndex: number })[] = [];
  let metsSha: string | undefined;

  await readTar(input, async (e, body) => {
    if (root === undefined) {
      const slash = e.name.indexOf('/');
      root = e.name.slice(0, slash);
      if (slash <= 0 || e.name.slice(slash + 1) !== 'manifest-sha256.txt')
        throw PackageError.invalid(
          'thiếu danh mục mã băm ở đầu gói',
          'the package does not start with its manifest',
        );
      const text = (await collect(body, e.size, MAX_METADATA_BYTES, e.name)).toString('utf8');
      manifest = new Map();
      for (const line of text.split('\n').filter(Boolean)) {
        const mm = /^([0-9a-f]{64}) {2}(.+)$/.exec(line);
        if (!mm)
          throw PackageError.invalid('dòng danh mục sai', `malformed manifest line: ${line.slice(0, 100)}`);
        manifest.set(mm[2]!, mm[1]!);
      }
      return;
    }
    if (!e.name.startsWith(`${root}/`))
      throw PackageError.invalid(`tệp ${e.name} nằm ngoài gói`, `${e.name} is outside the package`, {
        file: e.name,
      });
    const path = e.name.slice(root.length + 1);
    const expected = manifest!.get(path);
    if (expected === undefined || seen.has(path))
      throw PackageError.invalid(`tệp ${path} không có trong danh mục`, `${path} is not in the manifest`, {
        file: path,
      });
    seen.add(path);
    if (path.startsWith('representations/')) {
      const at = objectAt.get(path);
      if (!at || at.o.sha256 !== expected || at.o.size !== e.size) throw PackageError.mismatch(path);
      // Streamed into the store, hashed on the way (idempotent by hash); only matching bytes are locked.
      const put = await store.put(Readable.from(body), { contentType: at.o.mediaType });
      if (put.sha256 !== expected || put.size !== e.size) throw PackageError.mismatch(path);
      const locked = await lockArchivalBytes(
        store,
        put.sha256,
        at.o.retainUntil ? new Date(at.o.retainUntil) : null,
      );
      // A record held in the source archive stays held here: the bytes now, the row in the transaction
      // (as setRecordHold does). If the import then fails, the hold stays on bytes nothing references —
      // safe, and the next hold or sweep decides.
      if (at.held) await store.setLegalHold(put.sha256, true);
      staged.push({ recordIndex: at.recordIndex, o: at.o, held: at.held, locked });
      return;
    }
    const bytes = await collect(body, e.size, MAX_METADATA_BYTES, path);
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== expected) throw PackageError.mismatch(path);
    if (path === 'METS.xml') {
      metsSha = actual;
      await store.put(bytes, { contentType: 'application/xml' });
    } else if (path === 'metadata/vanban.json') {
      description = parseDescription(bytes);
      // Refused before any object is streamed: the same checks run again in the transaction.
      await checkImportable(ctx.db.manager, unitId, description);
      for (const [i, r] of description.records.entries())
        for (const o of r.objects)
          objectAt.set(o.path, { recordIndex: i, o, held: r.legalHold || o.legalHold });
    }
  });
  if (!manifest || !description || !metsSha)
    throw PackageError.invalid(
      'gói thiếu METS.xml hoặc metadata/vanban.json',
      'METS.xml or metadata/vanban.json is missing',
    );
  const missing = [...manifest.keys()].find((p) => !seen.has(p));
  if (missing) throw PackageError.invalid(`thiếu tệp ${missing}`, `${missing} is missing`, { file: missing });
  const unlisted = [...objectAt.keys()].find((p) => !seen.has(p));
  if (unlisted)
    throw PackageError.invalid(`thiếu tệp ${unlisted}`, `${unlisted} is missing`, { file: unlisted });
  const d = description;
  const mets = metsSha;
  const metsSize = (await store.stat(mets))?.size ?? null;

  return ctx.db.transaction(async (m) => {
    await authorize(m, ctx.actor, 'archive.manage', { unitId });
    const created = await createRows(m, ctx, unitId, d);
    const recordIdOf = (i: number) => created.recordIds.get(d.records[i]!.id)!;
    for (const s of staged) {
      const row = await recordArchivalObject(m, {
        recordId: recordIdOf(s.recordIndex),
        kind: s.o.kind as ArchivalObjectKind,
        mediaType: s.o.mediaType,
        retainUntil: s.o.retainUntil ? new Date(s.o.retainUntil) : null,
        sha256: s.locked.sha256,
        size: s.locked.size,
        versionId: s.locked.versionId,
      });
      if (s.held) await m.query(`UPDATE archival_objects SET legal_hold = true WHERE id = $1`, [row.id]);
    }
    await m.query(`UPDATE archive_transfers SET handover_sha256 = $2, handover_size = $3 WHERE id = $1`, [
      created.transferId,
      mets,
      metsSize,
    ]);
    for (const id of created.fileIds) await indexCaseFile(m, id);
    await appendAuditEvent(m, ctx, {
      type: 'ARCHIVE_PACKAGE_IMPORTED',
      unitId,
      payload: {
        packageId: d.id,
        transferId: created.transferId,
        records: created.recordIds.size,
        objects: staged.length,
      },
    });
    return {
      packageId: d.id,
      transferId: created.transferId,
      fileIds: created.fileIds,
      recordIds: [...created.recordIds.values()],
      objects: staged.length,
    };
  });
}

function parseDescription(bytes: Buffer): PackageDescription {
  let d: PackageDescription;
  try {
    d = JSON.parse(bytes.toString('utf8')) as PackageDescription;
  } catch {
    throw PackageError.invalid('metadata/vanban.json không đọc được', 'metadata/vanban.json is not JSON');
  }
  if (d?.format !== PACKAGE_FORMAT || !Array.isArray(d.records) || !Array.isArray(d.files))
    throw PackageError.invalid(
      'định dạng gói không được hỗ trợ',
      `unsupported package format ${String(d?.format)}`,
    );
  return d;
}

async function createRows(
  m: EntityManager,
  ctx: DomainContext,
  unitId: string,
  d: PackageDescription,
): Promise<{ transferId: string; fileIds: string[]; recordIds: Map<string, string> }> {
  const now = ctx.clock.now();
  const me = ctx.actor.userId;
  const [transfer] = (await m.query(
    `INSERT INTO archive_transfers (unit_id, status, note, submitted_by, submitted_at, decided_by, decided_at, handover_sha256)
     VALUES ($1, 'accepted', $2, $3, $4, $3, $4, $5) RETURNING id`,
    [unitId, `Nhập từ gói lưu trữ ${d.id} (${d.source.unitName})`.slice(0, 1000), me, now, '0'.repeat(64)],
  )) as { id: string }[];
  const fileIds: string[] = [];
  for (const [i, f] of d.files.entries()) {
    const ret: { id: string }[] = await m.query(
      `SELECT id FROM retention_periods WHERE code = $1 AND years IS NOT DISTINCT FROM $2`,
      [f.retention.code, f.retention.years],
    );
    if (!ret[0]) throw retentionUnknown(f);
    const dup: unknown[] = await m.query(
      `SELECT 1 FROM case_files WHERE unit_id = $1 AND year = $2 AND file_code = $3`,
      [unitId, f.year, f.fileCode],
    );
    if (dup.length) throw alreadyImported(f.fileCode);
    const [row] = (await m.query(
      `INSERT INTO case_files (unit_id, year, file_code, title, retention_id, person_in_charge_id, rights, language,
         description, keywords, fonds, catalogue, reliability, physical_condition, status, start_date, end_date,
         closed_at, created_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 'archived', $15, $16, $17, $6, $17, $17)
       RETURNING id`,
      [
        unitId,
        f.year,
        f.fileCode,
        f.title,
        ret[0].id,
        me,
        f.rights,
        f.language,
        f.description,
        f.keywords,
        f.fonds,
        f.catalogue,
        f.reliability,
        f.physicalCondition,
        f.startDate,
        f.endDate,
        now,
      ],
    )) as { id: string }[];
    fileIds.push(row!.id);
    await m.query(`INSERT INTO archive_transfer_files (transfer_id, file_id, ordinal) VALUES ($1, $2, $3)`, [
      transfer!.id,
      row!.id,
      i + 1,
    ]);
  }
  const recordIds = new Map<string, string>();
  for (const r of d.records) {
    const dup: unknown[] = await m.query(
      `SELECT 1 FROM archival_records WHERE source_kind = $1 AND source_id = $2`,
      [r.sourceKind, r.sourceId],
    );
    if (dup.length) throw alreadyImported(r.metadata.file.FileCode ?? r.id);
    const fileId = fileIds[r.fileIndex];
    if (fileId === undefined)
      throw PackageError.invalid('tài liệu không thuộc hồ sơ nào', `record ${r.id} has no file`);
    const [row] = (await m.query(
      `INSERT INTO archival_records (file_id, transfer_id, source_kind, source_id, unit_id, doc_ordinal, retain_until,
         metadata, accepted_by, accepted_at, legal_hold)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
      [
        fileId,
        transfer!.id,
        r.sourceKind,
        r.sourceId,
        unitId,
        r.docOrdinal,
        r.retainUntil,
        JSON.stringify(r.metadata),
        me,
        new Date(r.acceptedAt),
        r.legalHold,
      ],
    )) as { id: string }[];
    recordIds.set(r.id, row!.id);
    await indexArchivalRecord(m, { id: row!.id, unitId, metadata: r.metadata });
  }
  return { transferId: transfer!.id, fileIds, recordIds };
}

/**
 * The package's refusals that need no bytes (read-only, before any object is streamed into the store):
 * a retention period this archive does not have, a file or record it already holds.
 */
async function checkImportable(m: EntityManager, unitId: string, d: PackageDescription): Promise<void> {
  for (const f of d.files) {
    const ret: unknown[] = await m.query(
      `SELECT 1 FROM retention_periods WHERE code = $1 AND years IS NOT DISTINCT FROM $2`,
      [f.retention.code, f.retention.years],
    );
    if (!ret.length) throw retentionUnknown(f);
    const dup: unknown[] = await m.query(
      `SELECT 1 FROM case_files WHERE unit_id = $1 AND year = $2 AND file_code = $3`,
      [unitId, f.year, f.fileCode],
    );
    if (dup.length) throw alreadyImported(f.fileCode);
  }
  for (const r of d.records) {
    const dup: unknown[] = await m.query(
      `SELECT 1 FROM archival_records WHERE source_kind = $1 AND source_id = $2`,
      [r.sourceKind, r.sourceId],
    );
    if (dup.length) throw alreadyImported(r.metadata.file.FileCode ?? r.id);
  }
}

function retentionUnknown(f: PackageDescription['files'][number]): PackageError {
  return new PackageError(
    'PACKAGE_RETENTION_UNKNOWN',
    {
      vi: `Bảng thời hạn bảo quản không có mục ${f.retention.code} (${f.retention.years ?? 'vĩnh viễn'} năm) của hồ sơ ${f.fileCode}`,
      en: `The retention table has no entry ${f.retention.code} (${f.retention.years ?? 'permanent'}) for file ${f.fileCode}`,
    },
    { retentionCode: f.retention.code },
  );
}

function alreadyImported(what: string): PackageError {
  return new PackageError(
    'PACKAGE_ALREADY_IMPORTED',
    { vi: `Hồ sơ ${what} đã có trong kho lưu trữ này`, en: `File ${what} is already in this archive` },
    { file: what },
  );
}
