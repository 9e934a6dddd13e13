import type { DomainContext } from '../context';
import { authorize } from '../accounts/authorize';
import { appendAuditEvent } from '../audit/append-audit-event';
import './archive-audit-events';
import { ArchiveError } from './archive-error';
import { textField, UUID } from './archive-input';

/** An entry of the province-wide retention table (Circular 10/2022/TT-BNV). */
export interface RetentionPeriod {
  readonly id: string;
  readonly code: string;
  readonly title: string;
  /** null: Vĩnh viễn (permanent). */
  readonly years: number | null;
  readonly legalReference: string;
  /** Seeded from memory: to be checked against the published Circular. */
  readonly needsReview: boolean;
  readonly active: boolean;
  /** Files of any unit that use it. */
  readonly fileCount: number;
}

export interface RetentionInput {
  readonly code?: string;
  readonly title?: string;
  readonly years?: number | null;
  readonly legalReference?: string;
  readonly needsReview?: boolean;
  readonly active?: boolean;
}

const SELECT = `SELECT r.id, r.code, r.title, r.years, r.legal_reference, r.needs_review, r.active,
    (SELECT count(*)::int FROM case_files f WHERE f.retention_id = r.id) AS file_count
  FROM retention_periods r`;

interface Row {
  id: string;
  code: string;
  title: string;
  years: number | null;
  legal_reference: string;
  needs_review: boolean;
  active: boolean;
  file_count: number;
}

const toPeriod = (r: Row): RetentionPeriod => ({
  id: r.id,
  code: r.code,
  title: r.title,
  years: r.years,
  legalReference: r.legal_reference,
  needsReview: r.needs_review,
  active: r.active,
  fileCount: r.file_count,
});

function checkYears(years: number | null | undefined): void {
  if (years === undefined || years === null) return;
  if (!Number.isInteger(years) || years < 1 || years > 100) {
    throw ArchiveError.invalid(
      'RETENTION_INVALID',
      'years',
      'Thời hạn bảo quản từ 1 đến 100 năm, hoặc Vĩnh viễn',
      'Retention is 1 to 100 years, or permanent',
    );
  }
}

function checkCode(code: string | null): string {
  if (!code || !/^[0-9A-Za-z.-]{1,20}$/.test(code)) {
    throw ArchiveError.invalid(
      'RETENTION_INVALID',
      'code',
      'Mã có 1–20 ký tự: chữ số, chữ cái không dấu, dấu chấm, gạch ngang',
      'A code has 1–20 characters: digits, letters, dots, hyphens',
    );
  }
  return code;
}

function duplicate(e: unknown, code: string): unknown {
  const pg = e as {
    driverError?: { code?: string; constraint?: string };
    code?: string;
    constraint?: string;
  };
  if ((pg.driverError?.code ?? pg.code) !== '23505') return e;
  if ((pg.driverError?.constraint ?? pg.constraint) !== 'retention_periods_code_key') return e;
  return new ArchiveError(
    'RETENTION_DUPLICATE',
    { vi: `Đã có thời hạn bảo quản mã ${code}`, en: `A retention entry coded ${code} exists` },
    { code },
    e,
  );
}

/** The retention table; any signed-in account reads it (files choose from it). */
export async function listRetentionPeriods(
  ctx: DomainContext,
  opts: { includeInactive?: boolean } = {},
): Promise<RetentionPeriod[]> {
  const rows: Row[] = await ctx.db.query(`${SELECT} WHERE $1::boolean OR r.active ORDER BY r.code, r.id`, [
    opts.includeInactive === true,
  ]);
  return rows.map(toPeriod);
}

/** The admin adds an entry (province-wide). */
export async function createRetentionPeriod(
  ctx: DomainContext,
  input: RetentionInput,
): Promise<RetentionPeriod> {
  const code = checkCode(textField('RETENTION_INVALID', 'code', input.code, 20, true));
  const title = textField('RETENTION_INVALID', 'title', input.title, 500, true)!;
  const legalReference = textField('RETENTION_INVALID', 'legalReference', input.legalReference, 300, true)!;
  checkYears(input.years);
  return ctx.db.transaction(async (m) => {
    await authorize(m, ctx.actor, 'archive.retention.manage');
    let id: string;
    try {
      const rows: { id: string }[] = await m.query(
        `INSERT INTO retention_periods (code, title, years, legal_reference, needs_review, active, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, true, $6, $6) RETURNING id`,
        [code, title, input.years ?? null, legalReference, input.needsReview ?? false, ctx.clock.now()],
      );
      id = rows[0]!.id;
    } catch (e) {
      throw duplicate(e, code);
    }
    await appendAuditEvent(m, ctx, {
      type: 'RETENTION_PERIOD_CREATED',
      payload: { retentionId: id, code, years: input.years ?? null },
    });
    const rows: Row[] = await m.query(`${SELECT} WHERE r.id = $1`, [id]);
    return toPeriod(rows[0]!);
  });
}

/**
 * The admin changes an entry. Files choose an entry by reference; records already accepted keep the
 * retain-until date computed at acceptance (a retention is never shortened by editing the table).
 */
export async function updateRetentionPeriod(
  ctx: DomainContext,
  retentionId: string,
  input: RetentionInput,
): Promise<RetentionPeriod> {
  const changes: Record<string, unknown> = {};
  if (input.code !== undefined)
    changes.code = checkCode(textField('RETENTION_INVALID', 'code', input.code, 20, true));
  if (input.title !== undefined)
    changes.title = textField('RETENTION_INVALID', 'title', input.title, 500, true);
  if (input.legalReference !== undefined) {
    changes.legal_reference = textField(
      'RETENTION_INVALID',
      'legalReference',
      input.legalReference,
      300,
      true,
    );
  }
  if (input.years !== undefined) {
    checkYears(input.years);
    changes.years = input.years;
  }
  if (input.needsReview !== undefined) changes.needs_review = input.needsReview;
  if (input.active !== undefined) changes.active = input.active;
  return ctx.db.transaction(async (m) => {
    await authorize(m, ctx.actor, 'archive.retention.manage');
    const found: Row[] = UUID.test(retentionId)
      ? await m.query(`${SELECT} WHERE r.id = $1 FOR UPDATE OF r`, [retentionId])
      : [];
    if (!found[0]) throw ArchiveError.retentionNotFound(retentionId);
    const cols = Object.keys(changes);
    if (cols.length > 0) {
      try {
        await m.query(
          `UPDATE retention_periods SET ${cols.map((c, i) => `${c} = $${i + 2}`).join(', ')}, updated_at = $${cols.length + 2} WHERE id = $1`,
          [retentionId, ...cols.map((c) => changes[c]), ctx.clock.now()],
        );
      } catch (e) {
        throw duplicate(e, String(changes.code));
      }
      await appendAuditEvent(m, ctx, { type: 'RETENTION_PERIOD_UPDATED', payload: { retentionId, changes } });
    }
    const rows: Row[] = await m.query(`${SELECT} WHERE r.id = $1`, [retentionId]);
    return toPeriod(rows[0]!);
  });
}
