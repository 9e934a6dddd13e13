import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { ObjectStore } from '../../storage/objects/object-store';
import type { DomainContext } from '../context';
import { authorize, can } from '../accounts/authorize';
import { appendAuditEvent } from '../audit/append-audit-event';
import { vietnamDate } from '../directory/vietnam-date';
import { guardObjectReference } from '../maintenance/guard-object-reference';
import { notify } from '../notifications/notify';
import { appendixViXml, type DocumentMetadata, type FileMetadata } from './appendix-vi';
import './archive-audit-events';
import { ArchiveError } from './archive-error';
import { addYears, textField, UUID } from './archive-input';
import {
  archiveStorageSettings,
  lockArchivalBytes,
  permanentLockUntil,
  recordArchivalObject,
  type ArchivalObjectKind,
  type LockedBytes,
} from './archival-objects';
import { caseFileRepository, type CaseFile, type SourceKind } from './case-file-repository';
import { handoverRecordPdf } from './handover-record-pdf';
import { indexArchivalRecord, indexCaseFile } from './index-archive';
import { documentRecordSource, fileMetadata } from './record-metadata';

export type TransferStatus = 'submitted' | 'accepted' | 'returned';

/** A transfer to the agency archive (nộp lưu) with its transfer list. */
export interface Transfer {
  readonly id: string;
  readonly unitId: string;
  readonly unitName: string;
  readonly status: TransferStatus;
  readonly note: string | null;
  readonly submittedBy: { readonly id: string; readonly fullName: string };
  readonly submittedAt: Date;
  readonly decidedBy: { readonly id: string; readonly fullName: string } | null;
  readonly decidedAt: Date | null;
  readonly returnReason: string | null;
  readonly handoverSha256: string | null;
  readonly fileCount: number;
}

export interface TransferDetail extends Transfer {
  /** The transfer list (mục lục hồ sơ nộp lưu), in order. */
  readonly files: (CaseFile & { readonly ordinal: number })[];
  readonly recordCount: number;
  readonly allowedActions: ('accept' | 'return')[];
}

interface Row {
  id: string;
  unit_id: string;
  unit_name: string;
  status: TransferStatus;
  note: string | null;
  submitted_by: string;
  submitter_name: string;
  submitted_at: Date;
  decided_by: string | null;
  decider_name: string | null;
  decided_at: Date | null;
  return_reason: string | null;
  handover_sha256: string | null;
  file_count: number;
}

const SELECT = `SELECT t.id, t.unit_id, u.name AS unit_name, t.status, t.note, t.submitted_by,
    s.full_name AS submitter_name, t.submitted_at, t.decided_by, d.full_name AS decider_name, t.decided_at,
    t.return_reason, t.handover_sha256,
    (SELECT count(*)::int FROM archive_transfer_files tf WHERE tf.transfer_id = t.id) AS file_count
  FROM archive_transfers t JOIN units u ON u.id = t.unit_id JOIN users s ON s.id = t.submitted_by
  LEFT JOIN users d ON d.id = t.decided_by`;

const toTransfer = (r: Row): Transfer => ({
  id: r.id,
  unitId: r.unit_id,
  unitName: r.unit_name,
  status: r.status,
  note: r.note,
  submittedBy: { id: r.submitted_by, fullName: r.submitter_name },
  submittedAt: r.submitted_at,
  decidedBy: r.decided_by ? { id: r.decided_by, fullName: r.decider_name! } : null,
  decidedAt: r.decided_at,
  returnReason: r.return_reason,
  handoverSha256: r.handover_sha256,
  fileCount: r.file_count,
});

async function load(m: EntityManager, ctx: DomainContext, id: string, forUpdate = false): Promise<Transfer> {
  if (forUpdate && UUID.test(id))
    await m.query(`SELECT id FROM archive_transfers WHERE id = $1 FOR UPDATE`, [id]);
  const rows: Row[] = UUID.test(id) ? await m.query(`${SELECT} WHERE t.id = $1`, [id]) : [];
  if (!rows[0]) throw ArchiveError.transferNotFound(id);
  await authorize(m, ctx.actor, 'archive.read', {
    unitId: rows[0].unit_id,
    notFound: () => ArchiveError.transferNotFound(id),
  });
  return toTransfer(rows[0]);
}

async function fileIdsOf(m: EntityManager, transferId: string): Promise<string[]> {
  const rows: { file_id: string }[] = await m.query(
    `SELECT file_id FROM archive_transfer_files WHERE transfer_id = $1 ORDER BY ordinal`,
    [transferId],
  );
  return rows.map((r) => r.file_id);
}

async function detail(m: EntityManager, ctx: DomainContext, t: Transfer): Promise<TransferDetail> {
  const ids = await fileIdsOf(m, t.id);
  const files = [];
  for (const [i, id] of ids.entries())
    files.push({ ...(await caseFileRepository.findById(m, id))!, ordinal: i + 1 });
  const records: { n: number }[] = await m.query(
    `SELECT count(*)::int AS n FROM archival_records WHERE transfer_id = $1`,
    [t.id],
  );
  const mayDecide =
    t.status === 'submitted' && (await can(m, ctx.actor, 'archive.manage', { unitId: t.unitId }));
  return {
    ...t,
    files,
    recordCount: records[0]!.n,
    allowedActions: mayDecide ? ['accept', 'return'] : [],
  };
}

/** The unit's transfers, newest first (archivists see what waits for them: `status=submitted`). */
export async function listTransfers(
  ctx: DomainContext,
  f: { unitId?: string; status?: TransferStatus },
): Promise<Transfer[]> {
  const unitId = f.unitId ?? ctx.actor.unitId;
  return ctx.db.transaction(async (m) => {
    await authorize(m, ctx.actor, 'archive.read', {
      unitId,
      notFound: () => ArchiveError.transferNotFound(unitId),
    });
    const rows: Row[] = await m.query(
      `${SELECT} WHERE t.unit_id = $1 AND ($2::text IS NULL OR t.status = $2) ORDER BY t.submitted_at DESC, t.id LIMIT 500`,
      [unitId, f.status ?? null],
    );
    return rows.map(toTransfer);
  });
}

export async function getTransfer(ctx: DomainContext, transferId: string): Promise<TransferDetail> {
  return ctx.db.transaction(async (m) => detail(m, ctx, await load(m, ctx, transferId)));
}

/**
 * Sends closed files of one unit to its archive (nộp lưu): the transfer list in the given order. The
 * person in charge of each file, or the unit's archivist, submits.
 */
export async function submitTransfer(
  ctx: DomainContext,
  input: { fileIds: readonly string[]; note?: string | null },
): Promise<TransferDetail> {
  const note = textField('TRANSFER_INVALID', 'note', input.note, 1000, false);
  const ids = [...new Set(input.fileIds)];
  if (ids.length === 0 || ids.length > 500 || ids.length !== input.fileIds.length) {
    throw ArchiveError.invalid(
      'TRANSFER_INVALID',
      'fileIds',
      'Chọn từ 1 đến 500 hồ sơ khác nhau',
      'Choose 1 to 500 different files',
    );
  }
  return ctx.db.transaction(async (m) => {
    const files: CaseFile[] = [];
    for (const id of [...ids].sort()) {
      const f = await caseFileRepository.findById(m, id, { forUpdate: true });
      if (!f) throw ArchiveError.fileNotFound(id);
      await authorize(m, ctx.actor, 'archive.read', {
        unitId: f.unitId,
        notFound: () => ArchiveError.fileNotFound(id),
      });
      files.push(f);
    }
    const unitId = files[0]!.unitId;
    await authorize(m, ctx.actor, 'archive.file', { unitId });
    for (const f of files) {
      if (f.unitId !== unitId) {
        throw ArchiveError.invalid(
          'TRANSFER_INVALID',
          'fileIds',
          'Một đợt nộp lưu chỉ gồm hồ sơ của một đơn vị',
          'A transfer holds the files of one unit',
        );
      }
      if (f.status !== 'closed') {
        throw ArchiveError.fileState(
          f.id,
          f.status,
          `Hồ sơ ${f.fileCode} chưa đóng hoặc đã nộp lưu`,
          `File ${f.fileCode} is not closed or was already transferred`,
        );
      }
      if (f.personInCharge.id !== ctx.actor.userId && !ctx.actor.roles.includes('archivist')) {
        throw ArchiveError.fileState(
          f.id,
          f.status,
          `Chỉ người lập hồ sơ ${f.fileCode} nộp lưu được hồ sơ này`,
          `Only the person in charge of file ${f.fileCode} transfers it`,
        );
      }
    }
    const now = ctx.clock.now();
    const rows: { id: string }[] = await m.query(
      `INSERT INTO archive_transfers (unit_id, status, note, submitted_by, submitted_at) VALUES ($1, 'submitted', $2, $3, $4) RETURNING id`,
      [unitId, note, ctx.actor.userId, now],
    );
    const id = rows[0]!.id;
    await m.query(
      `INSERT INTO archive_transfer_files (transfer_id, file_id, ordinal) SELECT $1, f, o FROM unnest($2::uuid[]) WITH ORDINALITY AS x(f, o)`,
      [id, ids],
    );
    await m.query(`UPDATE case_files SET status = 'submitted', updated_at = $2 WHERE id = ANY($1::uuid[])`, [
      ids,
      now,
    ]);
    for (const f of ids) await indexCaseFile(m, f);
    await appendAuditEvent(m, ctx, {
      type: 'ARCHIVE_TRANSFER_SUBMITTED',
      unitId,
      payload: { transferId: id, fileIds: ids },
    });
    await notify(m, {
      kind: 'archive.transfer_submitted',
      recipients: { unitId, roles: ['archivist'] },
      subject: {
        vi: `${files.length} hồ sơ được nộp lưu, chờ tiếp nhận`,
        en: `${files.length} file(s) transferred to the archive, awaiting acceptance`,
      },
      link: `#/archive/transfers/${id}`,
      dedupeKey: `archive.transfer_submitted:${id}`,
      at: now,
    });
    return detail(m, ctx, await load(m, ctx, id));
  });
}

/** The archivist returns a transfer (wrong or incomplete files): the files are closed again. */
export async function returnTransfer(
  ctx: DomainContext,
  input: { transferId: string; reason: string },
): Promise<TransferDetail> {
  const reason = textField('TRANSFER_INVALID', 'reason', input.reason, 1000, true)!;
  return ctx.db.transaction(async (m) => {
    const t = await load(m, ctx, input.transferId, true);
    await authorize(m, ctx.actor, 'archive.manage', { unitId: t.unitId });
    if (t.status !== 'submitted') throw ArchiveError.transferState(t.id, t.status);
    const now = ctx.clock.now();
    await m.query(
      `UPDATE archive_transfers SET status = 'returned', decided_by = $2, decided_at = $3, return_reason = $4 WHERE id = $1`,
      [t.id, ctx.actor.userId, now, reason],
    );
    await m.query(`UPDATE case_files SET status = 'closed', updated_at = $2 WHERE id = ANY($1::uuid[])`, [
      await fileIdsOf(m, t.id),
      now,
    ]);
    for (const f of await fileIdsOf(m, t.id)) await indexCaseFile(m, f);
    await appendAuditEvent(m, ctx, {
      type: 'ARCHIVE_TRANSFER_RETURNED',
      unitId: t.unitId,
      payload: { transferId: t.id, reason },
    });
    await notify(m, {
      kind: 'archive.transfer_returned',
      recipients: { userIds: [t.submittedBy.id] },
      subject: { vi: `Hồ sơ nộp lưu bị trả lại: ${reason}`, en: `Transfer returned: ${reason}` },
      link: `#/archive/transfers/${t.id}`,
      dedupeKey: `archive.transfer_returned:${t.id}`,
      at: now,
    });
    return detail(m, ctx, await load(m, ctx, t.id));
  });
}

/** One archival record an acceptance will write, with the objects it keeps. */
interface PlannedRecord {
  readonly fileId: string;
  readonly unitId: string;
  readonly sourceKind: SourceKind;
  readonly sourceId: string;
  readonly docOrdinal: number;
  /** The file's end date plus its retention; null: permanent. */
  readonly retainUntil: string | null;
  readonly lockUntil: Date | null;
  readonly metadata: { file: FileMetadata; document: DocumentMetadata };
  /** Bytes already in the store (content addressed), by kind and media type. */
  readonly objects: { kind: ArchivalObjectKind; sha256: string; mediaType: string }[];
  /** The Appendix VI metadata XML, generated (small). */
  readonly metadataXml: Buffer;
}

interface AcceptancePlan {
  readonly transfer: Transfer;
  readonly records: PlannedRecord[];
  readonly listed: Parameters<typeof handoverRecordPdf>[0]['files'][number][];
}

/** What an acceptance of the transfer would write now (reads only). */
async function planAcceptance(
  m: EntityManager,
  ctx: DomainContext,
  transferId: string,
  forUpdate: boolean,
): Promise<AcceptancePlan> {
  const t = await load(m, ctx, transferId, forUpdate);
  await authorize(m, ctx.actor, 'archive.manage', { unitId: t.unitId });
  if (t.status !== 'submitted') throw ArchiveError.transferState(t.id, t.status);
  const records: PlannedRecord[] = [];
  const listed: AcceptancePlan['listed'] = [];
  for (const [i, fileId] of (await fileIdsOf(m, t.id)).entries()) {
    const file = (await caseFileRepository.findById(m, fileId, { forUpdate }))!;
    const years = file.retention.years;
    const retainUntil = years === null ? null : addYears(file.endDate!, years);
    const fileMeta = fileMetadata(file);
    const docs: {
      source_kind: SourceKind;
      source_id: string;
      doc_ordinal: number;
      page_amount: number | null;
      description: string | null;
    }[] = await m.query(
      `SELECT source_kind, source_id, doc_ordinal, page_amount, description FROM case_file_documents WHERE file_id = $1 ORDER BY doc_ordinal`,
      [fileId],
    );
    for (const d of docs) {
      const source = await documentRecordSource(m, file, {
        sourceKind: d.source_kind,
        sourceId: d.source_id,
        docOrdinal: d.doc_ordinal,
        pageAmount: d.page_amount,
        description: d.description,
      });
      const o = source.objects;
      records.push({
        fileId,
        unitId: file.unitId,
        sourceKind: d.source_kind,
        sourceId: d.source_id,
        docOrdinal: d.doc_ordinal,
        retainUntil,
        lockUntil: retainUntil === null ? null : new Date(`${retainUntil}T17:00:00Z`),
        metadata: { file: fileMeta, document: source.metadata },
        objects: [
          ...o.pdfRevisions.map((sha256) => ({
            kind: 'pdf-revision' as const,
            sha256,
            mediaType: 'application/pdf',
          })),
          ...o.attachments.map((a) => ({
            kind: 'attachment' as const,
            sha256: a.sha256,
            mediaType: a.mediaType ?? 'application/octet-stream',
          })),
          ...(o.ocrDerivatives ?? []).map((sha256) => ({
            kind: 'ocr-derivative' as const,
            sha256,
            mediaType: 'application/pdf',
          })),
          ...(o.validationReport
            ? [
                {
                  kind: 'validation-report' as const,
                  sha256: o.validationReport,
                  mediaType: 'application/json',
                },
              ]
            : []),
          ...(o.edxmlPackage
            ? [{ kind: 'edxml-package' as const, sha256: o.edxmlPackage, mediaType: 'application/xml' }]
            : []),
        ],
        metadataXml: Buffer.from(appendixViXml(fileMeta, source.metadata), 'utf8'),
      });
    }
    listed.push({
      ordinal: i + 1,
      fileCode: file.fileCode,
      title: file.title,
      startDate: file.startDate,
      endDate: file.endDate,
      retentionYears: years,
      documents: file.documentCount,
      pages: file.pageTotal,
    });
  }
  return { transfer: t, records, listed };
}

/** A plan's content, to see whether it changed between the locking and the recording. */
const planFingerprint = (p: AcceptancePlan): string =>
  JSON.stringify(
    p.records.map((r) => [
      r.fileId,
      r.sourceKind,
      r.sourceId,
      r.docOrdinal,
      r.retainUntil,
      r.objects,
      r.metadataXml.toString('base64'),
    ]),
  );

/** Test hook: a crash between locking the objects and recording the rows. */
export interface AcceptTransferFaults {
  readonly afterObjectsLocked?: () => Promise<void> | void;
}

/**
 * The archivist accepts a transfer: each filed document becomes an archival record whose retain-until
 * is the file's end date plus its retention (null: permanent), keeping its objects — every PDF revision,
 * the attachments (a digitised record's scans), the OCR PDF/A derivatives, the stored validation report,
 * the edXML package, and the Appendix VI metadata XML — under Object Lock. In three steps, so that no
 * object sits in memory inside a transaction:
 * 1. plan (reads): the records and the objects they need, and the metadata XML;
 * 2. outside any transaction: every object is read once as a stream (hash verified) and locked in place
 *    (lockArchivalBytes; content addressed, so the document's bytes are the archival object), the
 *    metadata XML and the handover record PDF are put — all idempotent;
 * 3. one short transaction records the rows: the plan is read again under the transfer's and files' row
 *    locks and must be unchanged (else TRANSFER_STATE_INVALID: try again), then the records, objects,
 *    search entries, statuses, audit and notification.
 * If the store fails in step 2 nothing is recorded (the archivist tries again) and no record points at a
 * missing object. A crash between 2 and 3 leaves locked objects that no archival row names yet: the
 * storage sweep cannot delete them before their lock ends and a retry uses them as they are.
 */
export async function acceptTransfer(
  ctx: DomainContext,
  store: ObjectStore,
  transferId: string,
  faults: AcceptTransferFaults = {},
): Promise<TransferDetail> {
  const plan = await ctx.db.transaction('REPEATABLE READ', (m) => planAcceptance(m, ctx, transferId, false));
  const locked = new Map<string, LockedBytes>();
  for (const r of plan.records) {
    for (const o of r.objects) {
      locked.set(
        `${o.sha256}:${r.lockUntil?.toISOString() ?? 'permanent'}`,
        await lockArchivalBytes(store, o.sha256, r.lockUntil),
      );
    }
    const xml = await store.put(r.metadataXml, {
      contentType: 'application/xml',
      retention: {
        mode: 'COMPLIANCE',
        retainUntil: r.lockUntil ?? permanentLockUntil(archiveStorageSettings().clock.now()),
      },
      legalHold: r.lockUntil === null,
    });
    locked.set(`${xml.sha256}:${r.lockUntil?.toISOString() ?? 'permanent'}`, xml);
  }
  const now = ctx.clock.now();
  const me: { full_name: string }[] = await ctx.db.query(`SELECT full_name FROM users WHERE id = $1`, [
    ctx.actor.userId,
  ]);
  const pdf = await handoverRecordPdf({
    transferId: plan.transfer.id,
    unitName: plan.transfer.unitName,
    submittedBy: plan.transfer.submittedBy.fullName,
    acceptedBy: me[0]?.full_name ?? ctx.actor.username,
    acceptedOn: vietnamDate(now),
    files: plan.listed,
  });
  const handover = await store.put(pdf, { contentType: 'application/pdf' });
  await faults.afterObjectsLocked?.();

  return ctx.db.transaction(async (m) => {
    const again = await planAcceptance(m, ctx, transferId, true);
    if (planFingerprint(again) !== planFingerprint(plan)) {
      throw ArchiveError.transferState(plan.transfer.id, 'changed');
    }
    // The handover PDF is not locked: hold the sweep off it until this commits (put it again if taken).
    await guardObjectReference(
      m,
      store,
      { sha256: handover.sha256, contentType: 'application/pdf' },
      () => pdf,
    );
    const t = again.transfer;
    let records = 0;
    let objects = 0;
    for (const r of again.records) {
      const rows: { id: string }[] = await m.query(
        `INSERT INTO archival_records (file_id, transfer_id, source_kind, source_id, unit_id, doc_ordinal, retain_until,
           metadata, accepted_by, accepted_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
        [
          r.fileId,
          t.id,
          r.sourceKind,
          r.sourceId,
          r.unitId,
          r.docOrdinal,
          r.retainUntil,
          JSON.stringify(r.metadata),
          ctx.actor.userId,
          now,
        ],
      );
      const recordId = rows[0]!.id;
      records++;
      await indexArchivalRecord(m, { id: recordId, unitId: r.unitId, metadata: r.metadata });
      const lockKey = r.lockUntil?.toISOString() ?? 'permanent';
      const xmlSha = createHash('sha256').update(r.metadataXml).digest('hex');
      for (const o of [
        ...r.objects,
        { kind: 'metadata-xml' as const, sha256: xmlSha, mediaType: 'application/xml' },
      ]) {
        const bytes = locked.get(`${o.sha256}:${lockKey}`)!;
        await recordArchivalObject(m, {
          recordId,
          kind: o.kind,
          mediaType: o.mediaType,
          retainUntil: r.lockUntil,
          sha256: o.sha256,
          size: bytes.size,
          versionId: bytes.versionId,
        });
        objects++;
      }
    }
    const fileIds = [...new Set(again.records.map((r) => r.fileId)), ...(await fileIdsOf(m, t.id))];
    for (const fileId of new Set(fileIds)) {
      await m.query(`UPDATE case_files SET status = 'archived', updated_at = $2 WHERE id = $1`, [
        fileId,
        now,
      ]);
      await indexCaseFile(m, fileId);
    }
    await m.query(
      `UPDATE archive_transfers SET status = 'accepted', decided_by = $2, decided_at = $3, handover_sha256 = $4, handover_size = $5 WHERE id = $1`,
      [t.id, ctx.actor.userId, now, handover.sha256, handover.size],
    );
    await appendAuditEvent(m, ctx, {
      type: 'ARCHIVE_TRANSFER_ACCEPTED',
      unitId: t.unitId,
      payload: { transferId: t.id, records, objects, handoverSha256: handover.sha256 },
    });
    await notify(m, {
      kind: 'archive.transfer_accepted',
      recipients: { userIds: [t.submittedBy.id] },
      subject: { vi: 'Hồ sơ nộp lưu đã được tiếp nhận', en: 'Your transfer was accepted by the archive' },
      link: `#/archive/transfers/${t.id}`,
      dedupeKey: `archive.transfer_accepted:${t.id}`,
      at: now,
    });
    return detail(m, ctx, await load(m, ctx, t.id));
  });
}

/** The handover record PDF of an accepted transfer. */
export async function transferHandover(
  ctx: DomainContext,
  store: ObjectStore,
  transferId: string,
): Promise<{ bytes: Buffer; fileName: string }> {
  const t = await ctx.db.transaction((m) => load(m, ctx, transferId));
  if (!t.handoverSha256) throw ArchiveError.transferState(t.id, t.status);
  return { bytes: await store.getBuffer(t.handoverSha256), fileName: `bien-ban-giao-nhan-${t.id}.pdf` };
}
