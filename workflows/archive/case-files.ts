import type { EntityManager } from 'typeorm';
import type { DomainContext } from '../context';
import { authorize, can } from '../accounts/authorize';
import { appendAuditEvent } from '../audit/append-audit-event';
import { unitRepository } from '../directory/unit-repository';
import { vietnamDate } from '../directory/vietnam-date';
import './archive-audit-events';
import { ArchiveError } from './archive-error';
import { textField, UUID } from './archive-input';
import { FILE_TAG_MAX } from './appendix-vi';
import { indexCaseFile } from './index-archive';
import {
  caseFileRepository,
  FILEABLE_DOCUMENTS,
  type CaseFile,
  type CaseFileStatus,
  type FiledDocument,
  type SourceKind,
} from './case-file-repository';

/** What the person may do with a file now (the pages show the matching buttons). */
export type CaseFileAction = 'edit' | 'add_document' | 'remove_document' | 'close' | 'reopen' | 'submit';

export interface CaseFileDetail extends CaseFile {
  readonly documents: FiledDocument[];
  readonly allowedActions: CaseFileAction[];
}

export interface CaseFileInput {
  readonly unitId?: string;
  readonly year?: number;
  readonly fileCode?: string;
  readonly title?: string;
  readonly retentionId?: string;
  readonly personInChargeId?: string;
  readonly rights?: 'open' | 'restricted';
  readonly language?: string;
  readonly description?: string | null;
  readonly keywords?: string | null;
  readonly fonds?: string | null;
  readonly catalogue?: string | null;
  readonly reliability?: 'born_digital' | 'digitised' | 'mixed';
  readonly physicalCondition?: string | null;
}

const notFound = (id: string) => () => ArchiveError.fileNotFound(id);

async function loadFile(m: EntityManager, ctx: DomainContext, fileId: string, forUpdate = false) {
  const file = await caseFileRepository.findById(m, fileId, { forUpdate });
  if (!file) throw ArchiveError.fileNotFound(fileId);
  await authorize(m, ctx.actor, 'archive.read', { unitId: file.unitId, notFound: notFound(fileId) });
  return file;
}

async function actionsOf(m: EntityManager, ctx: DomainContext, f: CaseFile): Promise<CaseFileAction[]> {
  if (!(await can(m, ctx.actor, 'archive.file', { unitId: f.unitId }))) return [];
  const mine = f.personInCharge.id === ctx.actor.userId || ctx.actor.roles.includes('archivist');
  if (f.status === 'open') {
    const a: CaseFileAction[] = ['add_document'];
    if (mine) a.push('edit', 'remove_document', 'close');
    return a;
  }
  if (f.status === 'closed' && mine) return ['edit', 'reopen', 'submit'];
  return [];
}

async function detail(m: EntityManager, ctx: DomainContext, f: CaseFile): Promise<CaseFileDetail> {
  return {
    ...f,
    documents: await caseFileRepository.documents(m, f.id),
    allowedActions: await actionsOf(m, ctx, f),
  };
}

async function assertRetention(m: EntityManager, retentionId: string): Promise<void> {
  const rows: unknown[] = UUID.test(retentionId)
    ? await m.query(`SELECT 1 FROM retention_periods WHERE id = $1 AND active`, [retentionId])
    : [];
  if (rows.length === 0) throw ArchiveError.retentionNotFound(retentionId);
}

async function assertPerson(m: EntityManager, unitId: string, userId: string): Promise<void> {
  const rows: unknown[] = UUID.test(userId)
    ? await m.query(`SELECT 1 FROM users WHERE id = $1 AND unit_id = $2 AND active`, [userId, unitId])
    : [];
  if (rows.length === 0) {
    throw ArchiveError.invalid(
      'CASE_FILE_INVALID',
      'personInChargeId',
      'Người lập hồ sơ phải là tài khoản đang hoạt động của đơn vị',
      'The person in charge must be an active account of the unit',
    );
  }
}

/** Text fields of a file, checked against the Appendix VI / Circular 02 lengths. */
function fileText(input: CaseFileInput, partial: boolean) {
  const t = (field: keyof CaseFileInput, max: number, required = false) =>
    partial && input[field] === undefined
      ? undefined
      : textField('CASE_FILE_INVALID', field, input[field] as string | null | undefined, max, required);
  return {
    file_code: t('fileCode', FILE_TAG_MAX.FileCode, true),
    title: t('title', FILE_TAG_MAX.Title, true),
    language: t('language', FILE_TAG_MAX.Language),
    description: t('description', FILE_TAG_MAX.Description),
    keywords: t('keywords', FILE_TAG_MAX.Keywords),
    fonds: t('fonds', FILE_TAG_MAX.Fonds),
    catalogue: t('catalogue', FILE_TAG_MAX.Catalogue),
    physical_condition: t('physicalCondition', FILE_TAG_MAX.PhysicalCondition),
  };
}

function duplicate(e: unknown, fileCode: string, year: number): unknown {
  const pg = e as {
    driverError?: { code?: string; constraint?: string };
    code?: string;
    constraint?: string;
  };
  const code = pg.driverError?.code ?? pg.code;
  const constraint = pg.driverError?.constraint ?? pg.constraint;
  if (code !== '23505' || constraint !== 'case_files_code_key') return e;
  return new ArchiveError(
    'CASE_FILE_DUPLICATE',
    {
      vi: `Danh mục hồ sơ năm ${year} đã có hồ sơ số ${fileCode}`,
      en: `The ${year} file list already has a file numbered ${fileCode}`,
    },
    { fileCode, year },
    e,
  );
}

/** The file list (danh mục hồ sơ) of a unit (default: the actor's) for a year, or all years. */
export async function listCaseFiles(
  ctx: DomainContext,
  f: { unitId?: string; year?: number; status?: CaseFileStatus; mine?: boolean },
): Promise<CaseFile[]> {
  const unitId = f.unitId ?? ctx.actor.unitId;
  return ctx.db.transaction(async (m) => {
    if (!(await unitRepository.findById(m, unitId))) throw ArchiveError.fileNotFound(unitId);
    await authorize(m, ctx.actor, 'archive.read', { unitId, notFound: notFound(unitId) });
    return caseFileRepository.list(m, {
      unitIds: [unitId],
      year: f.year,
      status: f.status,
      personId: f.mine ? ctx.actor.userId : undefined,
    });
  });
}

export async function getCaseFile(ctx: DomainContext, fileId: string): Promise<CaseFileDetail> {
  return ctx.db.transaction(async (m) => detail(m, ctx, await loadFile(m, ctx, fileId)));
}

/** Opens a file in a unit's file list (the actor's unit or one below it). */
export async function createCaseFile(ctx: DomainContext, input: CaseFileInput): Promise<CaseFileDetail> {
  const unitId = input.unitId ?? ctx.actor.unitId;
  const now = ctx.clock.now();
  const year = input.year ?? Number(vietnamDate(now).slice(0, 4));
  if (!Number.isInteger(year) || year < 2000 || year > 2999) {
    throw ArchiveError.invalid('CASE_FILE_INVALID', 'year', 'Năm không hợp lệ', 'Invalid year');
  }
  const text = fileText(input, false);
  return ctx.db.transaction(async (m) => {
    if (!(await unitRepository.findById(m, unitId))) throw ArchiveError.fileNotFound(unitId);
    await authorize(m, ctx.actor, 'archive.file', { unitId, notFound: notFound(unitId) });
    if (!input.retentionId) {
      throw ArchiveError.invalid(
        'CASE_FILE_INVALID',
        'retentionId',
        'Chưa chọn thời hạn bảo quản',
        'Choose a retention period',
      );
    }
    await assertRetention(m, input.retentionId);
    const person = input.personInChargeId ?? ctx.actor.userId;
    await assertPerson(m, unitId, person);
    let id: string;
    try {
      const rows: { id: string }[] = await m.query(
        `INSERT INTO case_files (unit_id, year, file_code, title, retention_id, person_in_charge_id, rights,
           language, description, keywords, fonds, catalogue, reliability, physical_condition, created_by,
           created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, coalesce($8, 'Tiếng Việt'), $9, $10, $11, $12, $13, $14, $15, $16, $16)
         RETURNING id`,
        [
          unitId,
          year,
          text.file_code,
          text.title,
          input.retentionId,
          person,
          input.rights ?? 'open',
          text.language,
          text.description,
          text.keywords,
          text.fonds,
          text.catalogue,
          input.reliability ?? 'born_digital',
          text.physical_condition,
          ctx.actor.userId,
          now,
        ],
      );
      id = rows[0]!.id;
    } catch (e) {
      throw duplicate(e, text.file_code!, year);
    }
    await appendAuditEvent(m, ctx, {
      type: 'CASE_FILE_CREATED',
      unitId,
      payload: { fileId: id, fileCode: text.file_code!, year, title: text.title! },
    });
    await indexCaseFile(m, id);
    return detail(m, ctx, (await caseFileRepository.findById(m, id))!);
  });
}

/** Changes a file's metadata while it is open or closed (not once submitted or archived). */
export async function updateCaseFile(
  ctx: DomainContext,
  fileId: string,
  input: Omit<CaseFileInput, 'unitId' | 'year'>,
): Promise<CaseFileDetail> {
  const text = fileText(input, true);
  return ctx.db.transaction(async (m) => {
    const file = await loadFile(m, ctx, fileId, true);
    if (!(await actionsOf(m, ctx, file)).includes('edit')) {
      if (!(await can(m, ctx.actor, 'archive.file', { unitId: file.unitId }))) {
        await authorize(m, ctx.actor, 'archive.file', { unitId: file.unitId });
      }
      throw ArchiveError.fileState(
        fileId,
        file.status,
        'Chỉ người lập hồ sơ (hoặc lưu trữ viên) sửa được hồ sơ chưa nộp lưu',
        'Only the person in charge (or an archivist) edits a file that was not transferred',
      );
    }
    if (input.retentionId !== undefined) await assertRetention(m, input.retentionId);
    if (input.personInChargeId !== undefined) await assertPerson(m, file.unitId, input.personInChargeId);
    const changes: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(text)) if (v !== undefined) changes[k] = v;
    if (input.retentionId !== undefined) changes.retention_id = input.retentionId;
    if (input.personInChargeId !== undefined) changes.person_in_charge_id = input.personInChargeId;
    if (input.rights !== undefined) changes.rights = input.rights;
    if (input.reliability !== undefined) changes.reliability = input.reliability;
    if (changes.language === null) changes.language = 'Tiếng Việt';
    const cols = Object.keys(changes);
    if (cols.length > 0) {
      try {
        await m.query(
          `UPDATE case_files SET ${cols.map((c, i) => `${c} = $${i + 2}`).join(', ')}, updated_at = $${cols.length + 2}
           WHERE id = $1`,
          [fileId, ...cols.map((c) => changes[c]), ctx.clock.now()],
        );
      } catch (e) {
        throw duplicate(e, String(changes.file_code ?? file.fileCode), file.year);
      }
      await appendAuditEvent(m, ctx, {
        type: 'CASE_FILE_UPDATED',
        unitId: file.unitId,
        payload: { fileId, changes },
      });
      await indexCaseFile(m, fileId);
    }
    return detail(m, ctx, (await caseFileRepository.findById(m, fileId))!);
  });
}

/**
 * Puts a document the unit issued or registered into an open file (lập hồ sơ): next ordinal. A document
 * is in one file only.
 */
export async function fileDocument(
  ctx: DomainContext,
  input: {
    fileId: string;
    sourceKind: SourceKind;
    sourceId: string;
    pageAmount?: number | null;
    description?: string | null;
  },
): Promise<CaseFileDetail> {
  const description = textField('CASE_FILE_INVALID', 'description', input.description, 500, false);
  if (
    input.pageAmount != null &&
    (!Number.isInteger(input.pageAmount) || input.pageAmount < 1 || input.pageAmount > 9999)
  ) {
    throw ArchiveError.invalid(
      'CASE_FILE_INVALID',
      'pageAmount',
      'Số trang từ 1 đến 9999',
      'Pages: 1 to 9999',
    );
  }
  return ctx.db.transaction(async (m) => {
    const file = await loadFile(m, ctx, input.fileId, true);
    await authorize(m, ctx.actor, 'archive.file', { unitId: file.unitId, notFound: notFound(file.id) });
    if (file.status !== 'open') {
      throw ArchiveError.fileState(file.id, file.status, 'Hồ sơ đã đóng', 'The file is closed');
    }
    const docs: { unit_id: string; fileable: boolean }[] = UUID.test(input.sourceId)
      ? await m.query(
          `SELECT unit_id, fileable FROM ${FILEABLE_DOCUMENTS} s WHERE source_kind = $1 AND source_id = $2`,
          [input.sourceKind, input.sourceId],
        )
      : [];
    const doc = docs[0];
    if (!doc || doc.unit_id !== file.unitId)
      throw ArchiveError.documentNotFound(input.sourceKind, input.sourceId);
    if (!doc.fileable) {
      throw new ArchiveError(
        'FILING_DOCUMENT_NOT_FILEABLE',
        {
          vi: 'Chỉ lập hồ sơ văn bản đi đã ban hành, văn bản đến đã vào sổ và bản số hóa đã nhận dạng xong',
          en: 'Only issued outgoing, registered incoming documents and digitised records whose OCR is done go into files',
        },
        { sourceKind: input.sourceKind, sourceId: input.sourceId },
      );
    }
    const filed: { file_id: string }[] = await m.query(
      `SELECT file_id FROM case_file_documents WHERE source_kind = $1 AND source_id = $2`,
      [input.sourceKind, input.sourceId],
    );
    if (filed[0]) {
      throw new ArchiveError(
        'FILING_DOCUMENT_ALREADY_FILED',
        { vi: 'Văn bản đã có trong một hồ sơ', en: 'The document is already in a file' },
        { fileId: filed[0].file_id },
      );
    }
    const next: { n: number }[] = await m.query(
      `SELECT coalesce(max(doc_ordinal), 0)::int + 1 AS n FROM case_file_documents WHERE file_id = $1`,
      [file.id],
    );
    const ordinal = next[0]!.n;
    if (ordinal > 999) {
      throw ArchiveError.invalid(
        'CASE_FILE_INVALID',
        'docOrdinal',
        'Hồ sơ đã đủ 999 văn bản',
        'The file holds 999 documents',
      );
    }
    await m.query(
      `INSERT INTO case_file_documents (file_id, source_kind, source_id, doc_ordinal, page_amount, description, added_by, added_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        file.id,
        input.sourceKind,
        input.sourceId,
        ordinal,
        input.pageAmount ?? null,
        description,
        ctx.actor.userId,
        ctx.clock.now(),
      ],
    );
    await m.query(`UPDATE case_files SET updated_at = $2 WHERE id = $1`, [file.id, ctx.clock.now()]);
    await appendAuditEvent(m, ctx, {
      type: 'CASE_FILE_DOCUMENT_ADDED',
      unitId: file.unitId,
      payload: {
        fileId: file.id,
        sourceKind: input.sourceKind,
        sourceId: input.sourceId,
        docOrdinal: ordinal,
      },
    });
    return detail(m, ctx, (await caseFileRepository.findById(m, file.id))!);
  });
}

/** Takes a document out of an open file; the later ordinals move up by one. */
export async function removeFiledDocument(
  ctx: DomainContext,
  input: { fileId: string; sourceKind: SourceKind; sourceId: string },
): Promise<CaseFileDetail> {
  return ctx.db.transaction(async (m) => {
    const file = await loadFile(m, ctx, input.fileId, true);
    if (!(await actionsOf(m, ctx, file)).includes('remove_document')) {
      await authorize(m, ctx.actor, 'archive.file', { unitId: file.unitId });
      throw ArchiveError.fileState(
        file.id,
        file.status,
        'Chỉ người lập hồ sơ rút được văn bản khỏi hồ sơ đang mở',
        'Only the person in charge takes documents out of an open file',
      );
    }
    const gone: { doc_ordinal: number }[] = UUID.test(input.sourceId)
      ? await m.query(
          `WITH gone AS (DELETE FROM case_file_documents WHERE file_id = $1 AND source_kind = $2 AND source_id = $3
             RETURNING doc_ordinal) SELECT doc_ordinal FROM gone`,
          [file.id, input.sourceKind, input.sourceId],
        )
      : [];
    if (!gone[0]) throw ArchiveError.documentNotFound(input.sourceKind, input.sourceId);
    await m.query(
      `UPDATE case_file_documents SET doc_ordinal = doc_ordinal - 1 WHERE file_id = $1 AND doc_ordinal > $2`,
      [file.id, gone[0].doc_ordinal],
    );
    await appendAuditEvent(m, ctx, {
      type: 'CASE_FILE_DOCUMENT_REMOVED',
      unitId: file.unitId,
      payload: { fileId: file.id, sourceKind: input.sourceKind, sourceId: input.sourceId },
    });
    return detail(m, ctx, (await caseFileRepository.findById(m, file.id))!);
  });
}

/**
 * Closes a file when its work ends: start date = its earliest document's date, end date = the given
 * day (default today in Vietnam), from which retention and the transfer deadline count.
 */
export async function closeCaseFile(
  ctx: DomainContext,
  input: { fileId: string; endDate?: string },
): Promise<CaseFileDetail> {
  return ctx.db.transaction(async (m) => {
    const file = await loadFile(m, ctx, input.fileId, true);
    if (!(await actionsOf(m, ctx, file)).includes('close')) {
      await authorize(m, ctx.actor, 'archive.file', { unitId: file.unitId });
      throw ArchiveError.fileState(
        file.id,
        file.status,
        'Chỉ người lập hồ sơ đóng được hồ sơ đang mở',
        'Only the person in charge closes an open file',
      );
    }
    const docs = await caseFileRepository.documents(m, file.id);
    if (docs.length === 0) {
      throw new ArchiveError(
        'CASE_FILE_EMPTY',
        { vi: 'Hồ sơ chưa có văn bản nào', en: 'The file holds no document' },
        { fileId: file.id },
      );
    }
    const dates = docs
      .map((d) => d.date)
      .filter((d): d is string => d !== null)
      .sort();
    const today = vietnamDate(ctx.clock.now());
    let endDate: string;
    try {
      endDate = vietnamDate(input.endDate ?? today);
    } catch {
      throw ArchiveError.invalid(
        'CASE_FILE_INVALID',
        'endDate',
        'Ngày kết thúc không hợp lệ',
        'Invalid end date',
      );
    }
    const startDate = dates[0] ?? endDate;
    if (endDate > today || endDate < (dates.at(-1) ?? startDate)) {
      throw ArchiveError.invalid(
        'CASE_FILE_INVALID',
        'endDate',
        'Ngày kết thúc phải từ ngày văn bản cuối cùng đến hôm nay',
        'The end date lies between the last document’s date and today',
      );
    }
    await m.query(
      `UPDATE case_files SET status = 'closed', start_date = $2, end_date = $3, closed_at = $4, updated_at = $4 WHERE id = $1`,
      [file.id, startDate, endDate, ctx.clock.now()],
    );
    await appendAuditEvent(m, ctx, {
      type: 'CASE_FILE_CLOSED',
      unitId: file.unitId,
      payload: { fileId: file.id, startDate, endDate, documents: docs.length },
    });
    await indexCaseFile(m, file.id);
    return detail(m, ctx, (await caseFileRepository.findById(m, file.id))!);
  });
}

/** Reopens a closed file (not yet submitted): more documents came. */
export async function reopenCaseFile(ctx: DomainContext, fileId: string): Promise<CaseFileDetail> {
  return ctx.db.transaction(async (m) => {
    const file = await loadFile(m, ctx, fileId, true);
    if (!(await actionsOf(m, ctx, file)).includes('reopen')) {
      await authorize(m, ctx.actor, 'archive.file', { unitId: file.unitId });
      throw ArchiveError.fileState(
        file.id,
        file.status,
        'Chỉ mở lại được hồ sơ đã đóng, chưa nộp lưu',
        'Only a closed file that was not transferred can be reopened',
      );
    }
    await m.query(
      `UPDATE case_files SET status = 'open', end_date = NULL, closed_at = NULL, updated_at = $2 WHERE id = $1`,
      [fileId, ctx.clock.now()],
    );
    await appendAuditEvent(m, ctx, {
      type: 'CASE_FILE_UPDATED',
      unitId: file.unitId,
      payload: { fileId, changes: { status: 'open' } },
    });
    await indexCaseFile(m, fileId);
    return detail(m, ctx, (await caseFileRepository.findById(m, fileId))!);
  });
}

/**
 * For the "Lập hồ sơ" action on a document page: the file the document is in (if any) and the open
 * files of its unit the actor may put it into.
 */
export async function documentFiling(
  ctx: DomainContext,
  input: { sourceKind: SourceKind; sourceId: string },
): Promise<{ fileable: boolean; file: CaseFile | null; openFiles: CaseFile[] }> {
  return ctx.db.transaction(async (m) => {
    const docs: { unit_id: string; fileable: boolean }[] = UUID.test(input.sourceId)
      ? await m.query(
          `SELECT unit_id, fileable FROM ${FILEABLE_DOCUMENTS} s WHERE source_kind = $1 AND source_id = $2`,
          [input.sourceKind, input.sourceId],
        )
      : [];
    const doc = docs[0];
    if (!doc) throw ArchiveError.documentNotFound(input.sourceKind, input.sourceId);
    await authorize(m, ctx.actor, 'archive.read', {
      unitId: doc.unit_id,
      notFound: () => ArchiveError.documentNotFound(input.sourceKind, input.sourceId),
    });
    const filed: { file_id: string }[] = await m.query(
      `SELECT file_id FROM case_file_documents WHERE source_kind = $1 AND source_id = $2`,
      [input.sourceKind, input.sourceId],
    );
    const file = filed[0] ? ((await caseFileRepository.findById(m, filed[0].file_id)) ?? null) : null;
    const mayFile = await can(m, ctx.actor, 'archive.file', { unitId: doc.unit_id });
    const openFiles =
      file || !doc.fileable || !mayFile
        ? []
        : await caseFileRepository.list(m, { unitIds: [doc.unit_id], status: 'open' });
    return { fileable: doc.fileable && mayFile, file, openFiles };
  });
}
