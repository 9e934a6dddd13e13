import type { DataSource } from 'typeorm';
import { COMPARED_COLUMNS, INCOMING_ENTRIES, OUTGOING_ENTRIES, UPSERT } from './reindex-documents';

export interface SearchIndexDifference {
  readonly kind: 'outgoing' | 'incoming';
  readonly id: string;
  /** missing: not indexed; stale: indexed with other values; extra: indexed, no such document. */
  readonly problem: 'missing' | 'stale' | 'extra';
}

export interface RebuildReport {
  /** Entries the documents derive to. */
  readonly expected: { readonly outgoing: number; readonly incoming: number };
  /** How the live index differed from them before the rebuild (at most `limit` listed). */
  readonly differences: readonly SearchIndexDifference[];
  readonly differenceCount: number;
  /** False with `check`: nothing was written. */
  readonly rebuilt: boolean;
}

/**
 * Derives every outgoing and incoming document's search entry again (the same SELECTs the write paths
 * use) and compares them with the live index; without `check`, replaces the live entries with them in one
 * transaction. Entries of archival records, files and scans belong to their modules and are left alone.
 * `vanban search rebuild [--check]`.
 */
export async function rebuildSearchIndex(
  db: DataSource,
  opts: { readonly check: boolean; readonly limit?: number },
): Promise<RebuildReport> {
  const limit = opts.limit ?? 100;
  return db.transaction('REPEATABLE READ', async (m) => {
    await m.query(
      `CREATE TEMP TABLE search_expected ON COMMIT DROP AS
       SELECT ${COMPARED_COLUMNS} FROM (${OUTGOING_ENTRIES}) o
       UNION ALL SELECT ${COMPARED_COLUMNS} FROM (${INCOMING_ENTRIES}) i`,
      [null],
    );
    await m.query(`CREATE INDEX ON search_expected (source_kind, source_id)`);
    const cols = COMPARED_COLUMNS.split(',').map((c) => c.trim());
    const rowOf = (a: string) => `(${cols.map((c) => `${a}.${c}`).join(', ')})`;
    const diffs = (await m.query(
      `SELECT e.source_kind AS kind, e.source_id AS id, 'missing' AS problem
         FROM search_expected e
         WHERE NOT EXISTS (SELECT 1 FROM search_entries s WHERE s.source_kind = e.source_kind AND s.source_id = e.source_id)
       UNION ALL
       SELECT e.source_kind, e.source_id, 'stale'
         FROM search_expected e JOIN search_entries s USING (source_kind, source_id)
         WHERE ${rowOf('e')} IS DISTINCT FROM ${rowOf('s')}
       UNION ALL
       SELECT s.source_kind, s.source_id, 'extra'
         FROM search_entries s
         WHERE s.source_kind IN ('outgoing', 'incoming')
           AND NOT EXISTS (SELECT 1 FROM search_expected e WHERE e.source_kind = s.source_kind AND e.source_id = s.source_id)
       ORDER BY 1, 2`,
    )) as SearchIndexDifference[];
    const counts = (await m.query(
      `SELECT source_kind, count(*)::int AS n FROM search_expected GROUP BY source_kind`,
    )) as { source_kind: string; n: number }[];
    const n = (k: string) => counts.find((c) => c.source_kind === k)?.n ?? 0;
    if (!opts.check) {
      await m.query(UPSERT(`SELECT * FROM search_expected`));
      await m.query(
        `DELETE FROM search_entries s WHERE s.source_kind IN ('outgoing', 'incoming')
           AND NOT EXISTS (SELECT 1 FROM search_expected e WHERE e.source_kind = s.source_kind AND e.source_id = s.source_id)`,
      );
    }
    return {
      expected: { outgoing: n('outgoing'), incoming: n('incoming') },
      differences: diffs.slice(0, limit),
      differenceCount: diffs.length,
      rebuilt: !opts.check,
    };
  });
}
