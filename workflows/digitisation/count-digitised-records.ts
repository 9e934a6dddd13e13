import type { EntityManager } from 'typeorm';

export interface DigitisedCount {
  readonly unitId: string;
  /** Records whose OCR (or text extraction) completed in the period: digitised_at in [from, to). */
  readonly records: number;
  /** Their pages. */
  readonly pages: number;
}

/**
 * How many paper records each unit digitised in a period, for the reports (the province reports a
 * digitisation rate: these records over its paper records). A record counts once, in the period in
 * which its first OCR completed (`digitised_at`; running it again does not move it), and only while it
 * is `done`. Units without any are returned with zeros, in the order of `unitIds`. Half-open period
 * [from, to). The caller checks who may see which units (this reads no actor).
 */
export async function countDigitisedRecords(
  m: Pick<EntityManager, 'query'>,
  o: { readonly unitIds: readonly string[]; readonly from: Date; readonly to: Date },
): Promise<DigitisedCount[]> {
  if (o.unitIds.length === 0) return [];
  const rows: { unit_id: string; records: number; pages: number }[] = await m.query(
    `SELECT unit_id, count(*)::int AS records, coalesce(sum(pages_total), 0)::int AS pages
     FROM digitised_records
     WHERE status = 'done' AND unit_id = ANY($1::uuid[]) AND digitised_at >= $2 AND digitised_at < $3
     GROUP BY unit_id`,
    [o.unitIds, o.from, o.to],
  );
  const byUnit = new Map(rows.map((r) => [r.unit_id, r]));
  return o.unitIds.map((unitId) => ({
    unitId,
    records: byUnit.get(unitId)?.records ?? 0,
    pages: byUnit.get(unitId)?.pages ?? 0,
  }));
}
