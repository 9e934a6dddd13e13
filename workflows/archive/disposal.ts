import type { EntityManager } from 'typeorm';
import type { ObjectStore } from '../../storage/objects/object-store';
import { isCodedError } from '../../signing/errors';
import type { DomainContext } from '../context';
import { AccessError } from '../accounts/access-error';
import { authorize, can } from '../accounts/authorize';
import { appendAuditEvent } from '../audit/append-audit-event';
import { unitRepository } from '../directory/unit-repository';
import { vietnamDate } from '../directory/vietnam-date';
import { enqueueJobs } from '../exchange/enqueue-job';
import type { JobHandler } from '../exchange/job';
import { referencedObjects } from '../maintenance/referenced-objects';
import { notify } from '../notifications/notify';
import './archive-audit-events';
import { ArchiveError } from './archive-error';
import { textField, UUID } from './archive-input';
import { unindexArchivalRecord } from './index-archive';

/** Job kind: delete the objects of disposed records once their retain-until has passed. */
export const DISPOSE_OBJECTS_JOB = 'archive.dispose_objects';

export type DisposalStatus = 'proposed' | 'rejected' | 'executed';
type PersonRef = { readonly id: string; readonly fullName: string };

/** An archival record as the archive lists it. */
export interface ArchivalRecordSummary {
  readonly id: string;
  readonly fileId: string;
  readonly fileCode: string;
  readonly sourceKind: 'outgoing' | 'incoming' | 'digitised';
  readonly sourceId: string;
  readonly docOrdinal: number;
  readonly numberAndNotation: string;
  readonly subject: string;
  readonly retainUntil: string | null;
  readonly legalHold: boolean;
  readonly acceptedAt: Date;
  readonly disposedAt: Date | null;
}

export interface DisposalProposal {
  readonly id: string;
  readonly unitId: string;
  readonly unitName: string;
  readonly status: DisposalStatus;
  readonly reason: string;
  readonly proposedBy: PersonRef;
  readonly proposedAt: Date;
  readonly leaderApproval: { readonly by: PersonRef; readonly at: Date } | null;
  readonly archiveApproval: { readonly by: PersonRef; readonly at: Date } | null;
  readonly rejection: { readonly by: PersonRef; readonly at: Date; readonly reason: string } | null;
  readonly executedAt: Date | null;
  readonly records: ArchivalRecordSummary[];
  readonly allowedActions: ('approve_leader' | 'approve_archive' | 'reject' | 'execute')[];
}

const SELECT_RECORD = `SELECT r.id, r.file_id, f.file_code, r.source_kind, r.source_id, r.doc_ordinal,
    r.metadata -> 'document' ->> 'CodeNumber' AS code_number, r.metadata -> 'document' ->> 'CodeNotation' AS code_notation,
    r.metadata -> 'document' ->> 'Subject' AS subject, r.retain_until::text AS retain_until, r.legal_hold,
    r.accepted_at, r.disposed_at, r.unit_id
  FROM archival_records r JOIN case_files f ON f.id = r.file_id`;

interface RecordRow {
  id: string;
  file_id: string;
  file_code: string;
  source_kind: 'outgoing' | 'incoming' | 'digitised';
  source_id: string;
  doc_ordinal: number;
  code_number: string | null;
  code_notation: string | null;
  subject: string | null;
  retain_until: string | null;
  legal_hold: boolean;
  accepted_at: Date;
  disposed_at: Date | null;
  unit_id: string;
}

const toRecord = (r: RecordRow): ArchivalRecordSummary => ({
  id: r.id,
  fileId: r.file_id,
  fileCode: r.file_code,
  sourceKind: r.source_kind,
  sourceId: r.source_id,
  docOrdinal: r.doc_ordinal,
  numberAndNotation: [r.code_number, r.code_notation].filter(Boolean).join('/'),
  subject: r.subject ?? '',
  retainUntil: r.retain_until,
  legalHold: r.legal_hold,
  acceptedAt: r.accepted_at,
  disposedAt: r.disposed_at,
});

/**
 * The archival records of a unit (archivists, leaders, auditors): all, or those whose retention has
 * ended (`expired`: retain-until before today, not disposed, not held) — the candidates for disposal.
 */
export async function listArchivalRecords(
  ctx: DomainContext,
  f: { unitId?: string; fileId?: string; expired?: boolean },
): Promise<ArchivalRecordSummary[]> {
  const unitId = f.unitId ?? ctx.actor.unitId;
  return ctx.db.transaction(async (m) => {
    await authorize(m, ctx.actor, 'archive.read', {
      unitId,
      notFound: () => ArchiveError.recordNotFound(unitId),
    });
    const rows: RecordRow[] = await m.query(
      `${SELECT_RECORD} WHERE r.unit_id = $1 AND ($2::uuid IS NULL OR r.file_id = $2)
         AND (NOT $3::boolean OR (r.retain_until < $4::date AND r.disposed_at IS NULL AND NOT r.legal_hold))
       ORDER BY f.year, f.file_code, r.doc_ordinal LIMIT 2000`,
      [
        unitId,
        f.fileId && UUID.test(f.fileId) ? f.fileId : null,
        f.expired === true,
        vietnamDate(ctx.clock.now()),
      ],
    );
    return rows.map(toRecord);
  });
}

/** Places or lifts a legal hold on a record (archivist): a held record cannot be disposed of. */
export async function setRecordHold(
  ctx: DomainContext,
  store: Pick<ObjectStore, 'setLegalHold'>,
  input: { recordId: string; legalHold: boolean; reason: string },
): Promise<ArchivalRecordSummary> {
  const reason = textField('DISPOSAL_INVALID', 'reason', input.reason, 1000, true)!;
  return ctx.db.transaction(async (m) => {
    const rows: RecordRow[] = UUID.test(input.recordId)
      ? await m.query(`${SELECT_RECORD} WHERE r.id = $1 FOR UPDATE OF r`, [input.recordId])
      : [];
    const r = rows[0];
    if (!r) throw ArchiveError.recordNotFound(input.recordId);
    await authorize(m, ctx.actor, 'archive.read', {
      unitId: r.unit_id,
      notFound: () => ArchiveError.recordNotFound(r.id),
    });
    await authorize(m, ctx.actor, 'archive.manage', { unitId: r.unit_id });
    if (r.disposed_at) throw ArchiveError.recordNotFound(r.id);
    await m.query(`UPDATE archival_records SET legal_hold = $2 WHERE id = $1`, [r.id, input.legalHold]);
    // The store holds the bytes too, so no API of the store can delete them meanwhile. Lifting leaves the
    // hold of permanent objects, and of bytes another held or permanent record shares.
    const objects: { sha256: string }[] = await m
      .query(
        input.legalHold
          ? `UPDATE archival_objects SET legal_hold = true WHERE record_id = $1 RETURNING sha256`
          : `UPDATE archival_objects o SET legal_hold = false
            WHERE o.record_id = $1 AND o.retain_until IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM archival_objects x JOIN archival_records xr ON xr.id = x.record_id
                               WHERE x.sha256 = o.sha256 AND x.record_id <> o.record_id
                                 AND (x.legal_hold OR xr.legal_hold) AND xr.disposed_at IS NULL)
            RETURNING o.sha256`,
        [r.id],
      )
      .then((res: unknown) =>
        Array.isArray(res) && Array.isArray(res[0]) ? (res[0] as { sha256: string }[]) : [],
      );
    await appendAuditEvent(m, ctx, {
      type: 'ARCHIVAL_RECORD_HOLD_SET',
      unitId: r.unit_id,
      payload: { recordId: r.id, legalHold: input.legalHold, reason },
    });
    for (const sha256 of new Set(objects.map((o) => o.sha256)))
      await store.setLegalHold(sha256, input.legalHold);
    return toRecord({ ...r, legal_hold: input.legalHold });
  });
}

interface ProposalRow {
  id: string;
  unit_id: string;
  unit_name: string;
  status: DisposalStatus;
  reason: string;
  proposed_by: string;
  proposer_name: string;
  proposed_at: Date;
  leader_approved_by: string | null;
  leader_name: string | null;
  leader_approved_at: Date | null;
  archive_approved_by: string | null;
  archive_name: string | null;
  archive_approved_at: Date | null;
  rejected_by: string | null;
  rejecter_name: string | null;
  rejected_at: Date | null;
  rejection_reason: string | null;
  executed_at: Date | null;
}

const SELECT_PROPOSAL = `SELECT p.id, p.unit_id, u.name AS unit_name, p.status, p.reason, p.proposed_by,
    pu.full_name AS proposer_name, p.proposed_at, p.leader_approved_by, lu.full_name AS leader_name,
    p.leader_approved_at, p.archive_approved_by, au.full_name AS archive_name, p.archive_approved_at,
    p.rejected_by, ru.full_name AS rejecter_name, p.rejected_at, p.rejection_reason, p.executed_at
  FROM disposal_proposals p JOIN units u ON u.id = p.unit_id JOIN users pu ON pu.id = p.proposed_by
  LEFT JOIN users lu ON lu.id = p.leader_approved_by LEFT JOIN users au ON au.id = p.archive_approved_by
  LEFT JOIN users ru ON ru.id = p.rejected_by`;

/**
 * The province archive: an archivist whose unit is a top-level province unit (no parent, level
 * province — the UBND tỉnh, whose archive the provincial archive service keeps).
 */
async function isProvinceArchivist(m: EntityManager, ctx: DomainContext): Promise<boolean> {
  if (!ctx.actor.roles.includes('archivist')) return false;
  const own = await unitRepository.findById(m, ctx.actor.unitId);
  return own !== undefined && own.parentId === null && own.level === 'province';
}

async function allowed(
  m: EntityManager,
  ctx: DomainContext,
  p: ProposalRow,
): Promise<DisposalProposal['allowedActions']> {
  if (p.status !== 'proposed') return [];
  const a: ('approve_leader' | 'approve_archive' | 'reject' | 'execute')[] = [];
  const me = ctx.actor.userId;
  const other = me !== p.proposed_by;
  if (
    other &&
    !p.leader_approved_at &&
    ctx.actor.roles.includes('leader') &&
    ctx.actor.unitId === p.unit_id &&
    p.archive_approved_by !== me
  ) {
    a.push('approve_leader');
  }
  if (other && !p.archive_approved_at && p.leader_approved_by !== me && (await isProvinceArchivist(m, ctx))) {
    a.push('approve_archive');
  }
  if (a.length > 0) a.push('reject');
  // The unit's own archivist carries it out (its archive holds the records).
  if (
    p.leader_approved_at &&
    p.archive_approved_at &&
    ctx.actor.roles.includes('archivist') &&
    ctx.actor.unitId === p.unit_id
  ) {
    a.push('execute');
  }
  return a;
}

async function loadProposal(
  m: EntityManager,
  ctx: DomainContext,
  id: string,
  forUpdate = false,
): Promise<ProposalRow> {
  if (forUpdate && UUID.test(id))
    await m.query(`SELECT id FROM disposal_proposals WHERE id = $1 FOR UPDATE`, [id]);
  const rows: ProposalRow[] = UUID.test(id) ? await m.query(`${SELECT_PROPOSAL} WHERE p.id = $1`, [id]) : [];
  const p = rows[0];
  if (!p) throw ArchiveError.disposalNotFound(id);
  const reader = ctx.actor.roles.some((r) => r === 'archivist' || r === 'leader' || r === 'auditor');
  if (!reader || !(await can(m, ctx.actor, 'archive.read', { unitId: p.unit_id })))
    throw ArchiveError.disposalNotFound(id);
  return p;
}

async function proposalDetail(
  m: EntityManager,
  ctx: DomainContext,
  p: ProposalRow,
): Promise<DisposalProposal> {
  const records: RecordRow[] = await m.query(
    `${SELECT_RECORD} JOIN disposal_items i ON i.record_id = r.id WHERE i.proposal_id = $1 ORDER BY f.file_code, r.doc_ordinal`,
    [p.id],
  );
  const person = (id: string | null, name: string | null) => ({ id: id!, fullName: name! });
  return {
    id: p.id,
    unitId: p.unit_id,
    unitName: p.unit_name,
    status: p.status,
    reason: p.reason,
    proposedBy: person(p.proposed_by, p.proposer_name),
    proposedAt: p.proposed_at,
    leaderApproval: p.leader_approved_at
      ? { by: person(p.leader_approved_by, p.leader_name), at: p.leader_approved_at }
      : null,
    archiveApproval: p.archive_approved_at
      ? { by: person(p.archive_approved_by, p.archive_name), at: p.archive_approved_at }
      : null,
    rejection: p.rejected_at
      ? { by: person(p.rejected_by, p.rejecter_name), at: p.rejected_at, reason: p.rejection_reason ?? '' }
      : null,
    executedAt: p.executed_at,
    records: records.map(toRecord),
    allowedActions: await allowed(m, ctx, p),
  };
}

/** Refuses records that cannot be disposed of now: disposed, held, retention not ended, or permanent. */
async function assertDisposable(
  m: EntityManager,
  recordIds: readonly string[],
  today: string,
): Promise<RecordRow[]> {
  const rows: RecordRow[] = await m.query(`${SELECT_RECORD} WHERE r.id = ANY($1::uuid[]) FOR UPDATE OF r`, [
    recordIds,
  ]);
  for (const r of rows) {
    if (r.disposed_at) throw ArchiveError.recordNotFound(r.id);
    if (r.legal_hold) {
      throw new ArchiveError(
        'ARCHIVAL_RECORD_HELD',
        { vi: 'Tài liệu đang bị phong tỏa (legal hold)', en: 'The record is under legal hold' },
        { recordId: r.id },
      );
    }
    if (r.retain_until === null || r.retain_until >= today) {
      throw new ArchiveError(
        'RETENTION_NOT_ENDED',
        {
          vi:
            r.retain_until === null
              ? 'Tài liệu bảo quản vĩnh viễn'
              : `Tài liệu còn thời hạn bảo quản đến ${r.retain_until}`,
          en:
            r.retain_until === null
              ? 'The record is kept permanently'
              : `The record is retained until ${r.retain_until}`,
        },
        { recordId: r.id, retainUntil: r.retain_until },
      );
    }
  }
  return rows;
}

export async function listDisposals(
  ctx: DomainContext,
  f: { unitId?: string; status?: DisposalStatus },
): Promise<DisposalProposal[]> {
  return ctx.db.transaction(async (m) => {
    // The province archive sees every unit's proposals; others their unit's (and those below).
    const everywhere = await isProvinceArchivist(m, ctx);
    const unitId = f.unitId ?? (everywhere ? null : ctx.actor.unitId);
    if (unitId)
      await authorize(m, ctx.actor, 'archive.read', {
        unitId,
        notFound: () => ArchiveError.disposalNotFound(unitId),
      });
    const rows: ProposalRow[] = await m.query(
      `${SELECT_PROPOSAL} WHERE ($1::uuid IS NULL OR p.unit_id = $1) AND ($2::text IS NULL OR p.status = $2)
       ORDER BY p.proposed_at DESC, p.id LIMIT 200`,
      [unitId, f.status ?? null],
    );
    const out: DisposalProposal[] = [];
    for (const r of rows) out.push(await proposalDetail(m, ctx, r));
    return out;
  });
}

export async function getDisposal(ctx: DomainContext, proposalId: string): Promise<DisposalProposal> {
  return ctx.db.transaction(async (m) => proposalDetail(m, ctx, await loadProposal(m, ctx, proposalId)));
}

/** The unit's archivist proposes records whose retention ended for disposal (danh mục tài liệu hết giá trị). */
export async function proposeDisposal(
  ctx: DomainContext,
  input: { unitId?: string; recordIds: readonly string[]; reason: string },
): Promise<DisposalProposal> {
  const reason = textField('DISPOSAL_INVALID', 'reason', input.reason, 2000, true)!;
  const ids = [...new Set(input.recordIds)];
  if (ids.length === 0 || ids.length > 2000 || ids.some((id) => !UUID.test(id))) {
    throw ArchiveError.invalid(
      'DISPOSAL_INVALID',
      'recordIds',
      'Chọn từ 1 đến 2000 tài liệu',
      'Choose 1 to 2000 records',
    );
  }
  const unitId = input.unitId ?? ctx.actor.unitId;
  return ctx.db.transaction(async (m) => {
    await authorize(m, ctx.actor, 'archive.manage', {
      unitId,
      notFound: () => ArchiveError.disposalNotFound(unitId),
    });
    const rows = await assertDisposable(m, ids, vietnamDate(ctx.clock.now()));
    const found = new Set(rows.filter((r) => r.unit_id === unitId).map((r) => r.id));
    const missing = ids.find((id) => !found.has(id));
    if (missing) throw ArchiveError.recordNotFound(missing);
    const pending: { record_id: string }[] = await m.query(
      `SELECT i.record_id FROM disposal_items i JOIN disposal_proposals p ON p.id = i.proposal_id
        WHERE p.status = 'proposed' AND i.record_id = ANY($1::uuid[]) LIMIT 1`,
      [ids],
    );
    if (pending[0]) {
      throw new ArchiveError(
        'DISPOSAL_STATE_INVALID',
        {
          vi: 'Tài liệu đã có trong một đề nghị tiêu hủy khác',
          en: 'The record is already in another disposal proposal',
        },
        { recordId: pending[0].record_id },
      );
    }
    const now = ctx.clock.now();
    const created: { id: string }[] = await m.query(
      `INSERT INTO disposal_proposals (unit_id, reason, proposed_by, proposed_at) VALUES ($1, $2, $3, $4) RETURNING id`,
      [unitId, reason, ctx.actor.userId, now],
    );
    const id = created[0]!.id;
    await m.query(`INSERT INTO disposal_items (proposal_id, record_id) SELECT $1, unnest($2::uuid[])`, [
      id,
      ids,
    ]);
    await appendAuditEvent(m, ctx, {
      type: 'DISPOSAL_PROPOSED',
      unitId,
      payload: { proposalId: id, recordIds: ids },
    });
    await notify(m, {
      kind: 'archive.disposal_proposed',
      recipients: { unitId, roles: ['leader'] },
      subject: {
        vi: `Đề nghị tiêu hủy ${ids.length} tài liệu hết giá trị`,
        en: `Disposal of ${ids.length} record(s) proposed`,
      },
      link: `#/archive/disposals/${id}`,
      dedupeKey: `archive.disposal_proposed:${id}`,
      at: now,
    });
    // The province archive: the archivists of the top-level province unit(s).
    const provinceArchivists: { id: string }[] = await m.query(
      `SELECT u.id FROM users u JOIN units t ON t.id = u.unit_id
        WHERE u.active AND 'archivist' = ANY(u.roles) AND t.parent_id IS NULL AND t.level = 'province'
          AND u.id <> $1`,
      [ctx.actor.userId],
    );
    await notify(m, {
      kind: 'archive.disposal_proposed',
      recipients: { userIds: provinceArchivists.map((u) => u.id) },
      subject: {
        vi: `Đề nghị tiêu hủy ${ids.length} tài liệu hết giá trị, chờ Lưu trữ cấp tỉnh phê duyệt`,
        en: `Disposal of ${ids.length} record(s) proposed, awaiting the province archive`,
      },
      link: `#/archive/disposals/${id}`,
      dedupeKey: `archive.disposal_proposed:${id}`,
      at: now,
    });
    return proposalDetail(m, ctx, await loadProposal(m, ctx, id));
  });
}

/**
 * Approves a proposal as the unit's leader or as the province archive; each approver is someone other
 * than the proposer and than the other approver (DISPOSAL_APPROVER_INVALID otherwise).
 */
export async function approveDisposal(
  ctx: DomainContext,
  input: { proposalId: string; as: 'unit_leader' | 'province_archive' },
): Promise<DisposalProposal> {
  return ctx.db.transaction(async (m) => {
    const p = await loadProposal(m, ctx, input.proposalId, true);
    await authorize(m, ctx.actor, 'archive.disposal.approve', { unitId: p.unit_id });
    if (p.status !== 'proposed') throw ArchiveError.disposalState(p.id, p.status);
    const actions = await allowed(m, ctx, p);
    const wanted = input.as === 'unit_leader' ? 'approve_leader' : 'approve_archive';
    if (!actions.includes(wanted)) {
      throw new ArchiveError(
        'DISPOSAL_APPROVER_INVALID',
        {
          vi:
            input.as === 'unit_leader'
              ? 'Chỉ lãnh đạo của đơn vị, không phải người đề nghị, phê duyệt với tư cách lãnh đạo đơn vị (một lần)'
              : 'Chỉ lưu trữ viên của Lưu trữ cấp tỉnh, không phải người đề nghị, phê duyệt với tư cách lưu trữ tỉnh (một lần)',
          en:
            input.as === 'unit_leader'
              ? 'Only a leader of the unit, not the proposer, approves as the unit leader (once)'
              : 'Only an archivist of the province archive, not the proposer, approves as the province archive (once)',
        },
        { proposalId: p.id, as: input.as },
      );
    }
    const col = input.as === 'unit_leader' ? 'leader' : 'archive';
    await m.query(
      `UPDATE disposal_proposals SET ${col}_approved_by = $2, ${col}_approved_at = $3 WHERE id = $1`,
      [p.id, ctx.actor.userId, ctx.clock.now()],
    );
    await appendAuditEvent(m, ctx, {
      type: 'DISPOSAL_APPROVED',
      unitId: p.unit_id,
      payload: { proposalId: p.id, as: input.as },
    });
    return proposalDetail(m, ctx, await loadProposal(m, ctx, p.id));
  });
}

export async function rejectDisposal(
  ctx: DomainContext,
  input: { proposalId: string; reason: string },
): Promise<DisposalProposal> {
  const reason = textField('DISPOSAL_INVALID', 'reason', input.reason, 1000, true)!;
  return ctx.db.transaction(async (m) => {
    const p = await loadProposal(m, ctx, input.proposalId, true);
    await authorize(m, ctx.actor, 'archive.disposal.approve', { unitId: p.unit_id });
    if (p.status !== 'proposed') throw ArchiveError.disposalState(p.id, p.status);
    if (!(await allowed(m, ctx, p)).includes('reject')) {
      throw new ArchiveError(
        'DISPOSAL_APPROVER_INVALID',
        { vi: 'Chỉ người phê duyệt mới từ chối được đề nghị', en: 'Only an approver rejects a proposal' },
        { proposalId: p.id },
      );
    }
    await m.query(
      `UPDATE disposal_proposals SET status = 'rejected', rejected_by = $2, rejected_at = $3, rejection_reason = $4 WHERE id = $1`,
      [p.id, ctx.actor.userId, ctx.clock.now(), reason],
    );
    await appendAuditEvent(m, ctx, {
      type: 'DISPOSAL_REJECTED',
      unitId: p.unit_id,
      payload: { proposalId: p.id, reason },
    });
    return proposalDetail(m, ctx, await loadProposal(m, ctx, p.id));
  });
}

/**
 * Carries out an approved proposal: checks every record again (legal hold, retention), writes each
 * one's tombstone (its metadata, its objects' hashes, the decision and approvers, the date), marks it
 * disposed, and queues the deletion of its objects, which the store allows only after their
 * retain-until (DISPOSE_OBJECTS_JOB retries until then).
 */
export async function executeDisposal(ctx: DomainContext, proposalId: string): Promise<DisposalProposal> {
  return ctx.db.transaction(async (m) => {
    const p = await loadProposal(m, ctx, proposalId, true);
    await authorize(m, ctx.actor, 'archive.manage', { unitId: p.unit_id });
    if (ctx.actor.unitId !== p.unit_id) throw AccessError.forbidden('archive.manage');
    if (p.status !== 'proposed') throw ArchiveError.disposalState(p.id, p.status);
    if (!p.leader_approved_at || !p.archive_approved_at) {
      throw new ArchiveError(
        'DISPOSAL_APPROVALS_MISSING',
        {
          vi: 'Cần phê duyệt của lãnh đạo đơn vị và của Lưu trữ cấp tỉnh trước khi tiêu hủy',
          en: 'Disposal needs the approval of the unit leader and of the province archive',
        },
        { proposalId: p.id, leader: !!p.leader_approved_at, provinceArchive: !!p.archive_approved_at },
      );
    }
    const items: { record_id: string }[] = await m.query(
      `SELECT record_id FROM disposal_items WHERE proposal_id = $1`,
      [p.id],
    );
    const ids = items.map((i) => i.record_id);
    const now = ctx.clock.now();
    await assertDisposable(m, ids, vietnamDate(now));
    const decision = {
      proposalId: p.id,
      reason: p.reason,
      proposedBy: { id: p.proposed_by, fullName: p.proposer_name, at: p.proposed_at.toISOString() },
      unitLeader: {
        id: p.leader_approved_by,
        fullName: p.leader_name,
        at: p.leader_approved_at.toISOString(),
      },
      provinceArchive: {
        id: p.archive_approved_by,
        fullName: p.archive_name,
        at: p.archive_approved_at.toISOString(),
      },
      executedBy: ctx.actor.userId,
    };
    await m.query(
      `INSERT INTO disposal_tombstones (record_id, proposal_id, unit_id, metadata, objects, decision, disposed_at)
       SELECT r.id, $2, r.unit_id, r.metadata,
              coalesce((SELECT jsonb_agg(jsonb_build_object('kind', o.kind, 'sha256', o.sha256, 'size', o.size,
                        'retainUntil', o.retain_until) ORDER BY o.created_at)
                        FROM archival_objects o WHERE o.record_id = r.id), '[]'::jsonb),
              $3, $4
         FROM archival_records r WHERE r.id = ANY($1::uuid[])`,
      [ids, p.id, JSON.stringify(decision), now],
    );
    await m.query(`UPDATE archival_records SET disposed_at = $2 WHERE id = ANY($1::uuid[])`, [ids, now]);
    for (const id of ids) await unindexArchivalRecord(m, id);
    await m.query(
      `UPDATE disposal_proposals SET status = 'executed', executed_by = $2, executed_at = $3 WHERE id = $1`,
      [p.id, ctx.actor.userId, now],
    );
    await enqueueJobs(m, [
      {
        kind: DISPOSE_OBJECTS_JOB,
        payload: { recordIds: ids },
        runAt: now,
        dedupeKey: `${DISPOSE_OBJECTS_JOB}:${p.id}`,
        maxAttempts: 1000,
      },
    ]);
    await appendAuditEvent(m, ctx, {
      type: 'DISPOSAL_EXECUTED',
      unitId: p.unit_id,
      payload: { proposalId: p.id, recordIds: ids },
    });
    return proposalDetail(m, ctx, await loadProposal(m, ctx, p.id));
  });
}

/**
 * Job handler: deletes the objects of disposed records whose retain-until has passed and that nothing
 * else still needs (another live record, or an operational row: the outgoing or incoming document keeps
 * its own copy until it is itself removed). The store refuses a locked object (OBJECT_RETAINED): such an
 * object stays and the job runs again at the latest retain-until.
 */
export function disposeObjects(deps: { readonly objects: Pick<ObjectStore, 'delete' | 'stat'> }): JobHandler {
  return async (m, job, now) => {
    const recordIds = ((job.payload.recordIds as string[] | undefined) ?? []).filter((id) => UUID.test(id));
    const rows: { sha256: string; retain_until: Date | null; legal_hold: boolean }[] = await m.query(
      `SELECT DISTINCT o.sha256, o.retain_until, o.legal_hold FROM archival_objects o
         JOIN archival_records r ON r.id = o.record_id
        WHERE o.record_id = ANY($1::uuid[]) AND r.disposed_at IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM archival_objects o2 JOIN archival_records r2 ON r2.id = o2.record_id
                           WHERE o2.sha256 = o.sha256 AND r2.disposed_at IS NULL)`,
      [recordIds],
    );
    const operational = await referencedObjects(
      m,
      rows.map((r) => r.sha256),
      { expiredUploadsBefore: new Date(0) },
    );
    const deleted: string[] = [];
    let kept = 0;
    let later: Date | null = null;
    for (const r of rows) {
      if (operational.has(r.sha256) || r.legal_hold) {
        kept++;
        continue;
      }
      if (r.retain_until && r.retain_until.getTime() > now.getTime()) {
        kept++;
        if (!later || r.retain_until > later) later = r.retain_until;
        continue;
      }
      try {
        await deps.objects.delete(r.sha256);
        deleted.push(r.sha256);
      } catch (e) {
        if (isCodedError(e) && e.code === 'OBJECT_RETAINED') kept++;
        else throw e;
      }
    }
    await appendAuditEvent(
      m,
      { actor: null, clock: { now: () => now } },
      { type: 'DISPOSAL_OBJECTS_DELETED', payload: { recordIds, deleted, kept } },
    );
    if (later) {
      await enqueueJobs(m, [
        {
          kind: DISPOSE_OBJECTS_JOB,
          payload: { recordIds },
          runAt: later,
          dedupeKey: `${DISPOSE_OBJECTS_JOB}:${recordIds[0]}:${later.toISOString()}`,
        },
      ]);
    }
  };
}
