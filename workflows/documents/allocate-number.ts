import type { EntityManager } from 'typeorm';

export interface RegisterScope {
  readonly unitId: string;
  readonly direction: 'outgoing' | 'incoming';
  readonly year: number;
  /** '' (default) when every type shares the unit's register. */
  readonly documentType?: string;
  readonly series: 'normal' | 'classified';
}

/**
 * Takes the next number of a register (Decree 30/2020/NĐ-CP Art. 15: numbered per year from 01 on
 * 1 January), creating the register on first use. Must run inside the transaction that stores the number:
 * `UPDATE ... RETURNING` locks the register row until commit, so concurrent clerks queue and get
 * consecutive numbers, and a transaction that rolls back gives its number back — the series stays gapless.
 */
export async function allocateNumber(
  m: EntityManager,
  scope: RegisterScope,
): Promise<{ registerId: string; number: number }> {
  if (!m.queryRunner?.isTransactionActive) {
    throw new Error('allocateNumber must run inside the transaction that stores the number');
  }
  const key = [scope.unitId, scope.direction, scope.year, scope.documentType ?? '', scope.series];
  await m.query(
    `INSERT INTO registers (unit_id, direction, year, document_type, series) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT ON CONSTRAINT registers_scope_key DO NOTHING`,
    key,
  );
  const rows: [{ id: string; number: number }[], number] = await m.query(
    `UPDATE registers SET next_number = next_number + 1
     WHERE unit_id = $1 AND direction = $2 AND year = $3 AND document_type = $4 AND series = $5
     RETURNING id, next_number - 1 AS number`,
    key,
  );
  const row = rows[0][0]!;
  return { registerId: row.id, number: row.number };
}
