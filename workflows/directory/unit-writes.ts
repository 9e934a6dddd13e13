import type { EntityManager } from 'typeorm';
import { DirectoryError } from './directory-error';
import { foldSearchText } from './search-text';
import type { Unit, UnitLevel } from './unit';
import type { UnitHistoryKind } from '../../storage/db/entities/unit-history-entity';
import { toUnit, UNIT_COLUMNS, type UnitRow } from './unit-repository';

export interface NewUnitRow {
  readonly code: string;
  readonly name: string;
  readonly shortName: string | null;
  readonly level: UnitLevel;
  readonly parentId: string | null;
  readonly validFrom: string;
}

export interface HistoryRow {
  readonly unitId: string;
  readonly kind: UnitHistoryKind;
  readonly effectiveOn: string;
  readonly periodFrom?: string | null;
  readonly periodTo?: string | null;
  readonly oldName?: string | null;
  readonly oldShortName?: string | null;
  readonly newName?: string | null;
  readonly oldParentId?: string | null;
  readonly newParentId?: string | null;
  readonly successorId?: string | null;
  readonly relatedUnitIds?: readonly string[];
}

export function searchTextOf(u: { name: string; shortName: string | null; code: string }): string {
  return foldSearchText([u.name, u.shortName ?? '', u.code].join(' '));
}

/** Writes of the directory, used inside the transactions of the reorganisation functions. */
export const unitWrites = {
  async insert(m: EntityManager, u: NewUnitRow, now: Date): Promise<Unit> {
    try {
      const rows: UnitRow[] = await m.query(
        `INSERT INTO units AS u (code, name, short_name, level, parent_id, valid_from, search_text, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING ${UNIT_COLUMNS}`,
        [u.code, u.name, u.shortName, u.level, u.parentId, u.validFrom, searchTextOf(u), now],
      );
      return toUnit(rows[0]!);
    } catch (e) {
      if ((e as { code?: string; constraint?: string }).constraint === 'units_code_key') {
        throw new DirectoryError(
          'UNIT_CODE_DUPLICATE',
          { vi: `Mã định danh ${u.code} đã được dùng`, en: `Identifier code ${u.code} is already in use` },
          { code: u.code },
          e,
        );
      }
      throw e;
    }
  },

  async history(m: EntityManager, h: HistoryRow, now: Date, recordedBy: string | null): Promise<void> {
    await m.query(
      `INSERT INTO unit_history (unit_id, kind, effective_on, period_from, period_to, old_name, old_short_name,
         new_name, old_parent_id, new_parent_id, successor_id, related_unit_ids, recorded_at, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::uuid[], $13, $14)`,
      [
        h.unitId,
        h.kind,
        h.effectiveOn,
        h.periodFrom ?? null,
        h.periodTo ?? null,
        h.oldName ?? null,
        h.oldShortName ?? null,
        h.newName ?? null,
        h.oldParentId ?? null,
        h.newParentId ?? null,
        h.successorId ?? null,
        h.relatedUnitIds ?? [],
        now,
        recordedBy,
      ],
    );
  },

  /** Ends a unit's existence on `effectiveOn` and names where its pending work goes. */
  async end(
    m: EntityManager,
    unitId: string,
    effectiveOn: string,
    successorId: string,
    now: Date,
  ): Promise<void> {
    await m.query(`UPDATE units SET valid_to = $2, successor_id = $3, updated_at = $4 WHERE id = $1`, [
      unitId,
      effectiveOn,
      successorId,
      now,
    ]);
  },

  async setParent(m: EntityManager, unitId: string, parentId: string, now: Date): Promise<void> {
    await m.query(`UPDATE units SET parent_id = $2, updated_at = $3 WHERE id = $1`, [unitId, parentId, now]);
  },

  async rename(
    m: EntityManager,
    unitId: string,
    name: string,
    shortName: string | null,
    code: string,
    now: Date,
  ) {
    await m.query(
      `UPDATE units SET name = $2, short_name = $3, search_text = $4, updated_at = $5 WHERE id = $1`,
      [unitId, name, shortName, searchTextOf({ name, shortName, code }), now],
    );
  },

  /** Accounts follow their unit to its successor; returns how many moved. */
  async moveUsers(m: EntityManager, fromIds: readonly string[], toId: string, now: Date): Promise<number> {
    // TypeORM answers an UPDATE with [rows, rowCount].
    const [, count] = (await m.query(
      `UPDATE users SET unit_id = $2, updated_at = $3 WHERE unit_id = ANY($1::uuid[])`,
      [fromIds, toId, now],
    )) as [unknown[], number];
    return count;
  },
};
