import type { DataSource, EntityManager } from 'typeorm';
import { indexArchivalRecord, indexCaseFile } from '../archive/index-archive';
import { COMPARED_COLUMNS, INCOMING_ENTRIES, OUTGOING_ENTRIES, UPSERT } from './reindex-documents';
import { indexScan, type ScanEntrySource } from './index-scan';
import type { SearchSourceKind } from './search-index';

export interface SearchIndexDifference {
  readonly kind: SearchSourceKind;
  readonly id: string;
  /** missing: not indexed; stale: indexed with other values; extra: indexed, no such document. */
  readonly problem: 'missing' | 'stale' | 'extra';
}

export interface RebuildReport {
  /** Entries the documents derive to. */
  readonly expected: {
    readonly outgoing: number;
    readonly incoming: number;
    readonly record: number;
    readonly file: number;
    readonly scan: number;
  };
  /** How the live index differed from them before the rebuild (at most `limit` listed). */
  readonly differences: readonly SearchIndexDifference[];
  readonly differenceCount: number;
  /** False with `check`: nothing was written. */
  readonly rebuilt: boolean;
}

/** Kinds whose entries their owning modules write in TypeScript (not one SELECT). */
const OWNED_KINDS = ['record', 'file', 'scan'] as const;

/**
 * Writes again, through their owners' own functions (workflows/archive/index-archive.ts, the OCR job's
 * entry), the entries of every case file, archival record still held (not disposed) and digitised record
 * whose OCR is done, and removes entries of those kinds with no such source.
 */
async function rederiveOwnedEntries(m: EntityManager): Promise<void> {
  const files = (await m.query(`SELECT id FROM case_files ORDER BY id`)) as { id: string }[];
  for (const f of files) await indexCaseFile(m, f.id);
  const records = (await m.query(
    `SELECT id, unit_id, metadata FROM archival_records WHERE disposed_at IS NULL ORDER BY id`,
  )) as { id: string; unit_id: string; metadata: Parameters<typeof indexArchivalRecord>[1]['metadata'] }[];
  for (const r of records)
    await indexArchivalRecord(m, { id: r.id, unitId: r.unit_id, metadata: r.metadata });
  const scans = (await m.query(
    `SELECT id, unit_id, title, origin, document_number, document_date::timestamptz AS document_date, issuer, text
     FROM digitised_records WHERE digitised_at IS NOT NULL AND text IS NOT NULL ORDER BY id`,
  )) as (ScanEntrySource & { text: string })[];
  for (const r of scans) await indexScan(m, r, r.text);
  await m.query(
    `DELETE FROM search_entries s WHERE
       (s.source_kind = 'file' AND NOT EXISTS (SELECT 1 FROM case_files f WHERE f.id::text = s.source_id))
    OR (s.source_kind = 'record' AND NOT EXISTS
         (SELECT 1 FROM archival_records r WHERE r.id::text = s.source_id AND r.disposed_at IS NULL))
    OR (s.source_kind = 'scan' AND NOT EXISTS
         (SELECT 1 FROM digitised_records d WHERE d.id::text = s.source_id
            AND d.digitised_at IS NOT NULL AND d.text IS NOT NULL))`,
  );
}

/**
 * Derives every entry again and compares it with the live index: outgoing and incoming documents by the
 * same SELECTs the write paths use; case files, archival records and digitised scans through their owners'
 * indexing functions, run inside a savepoint on the live table (kept without `check`, rolled back with it).
 * Without `check` the live entries are replaced in one transaction. `vanban search rebuild [--check]`.
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
    // Owned kinds: snapshot the live entries, let the owners write theirs, compare, keep or roll back.
    await m.query(
      `CREATE TEMP TABLE search_live_owned ON COMMIT DROP AS
       SELECT ${COMPARED_COLUMNS} FROM search_entries WHERE source_kind = ANY($1::text[])`,
      [OWNED_KINDS],
    );
    await m.query(`SAVEPOINT search_owned`);
    await rederiveOwnedEntries(m);
    await m.query(
      `INSERT INTO search_expected SELECT ${COMPARED_COLUMNS} FROM search_entries WHERE source_kind = ANY($1::text[])`,
      [OWNED_KINDS],
    );
    await m.query(`CREATE INDEX ON search_live_owned (source_kind, source_id)`);
    const cols = COMPARED_COLUMNS.split(',').map((c) => c.trim());
    const rowOf = (a: string) => `(${cols.map((c) => `${a}.${c}`).join(', ')})`;
    // The live index as it was: outgoing / incoming entries as they stand, owned ones from the snapshot.
    const live = `(SELECT ${COMPARED_COLUMNS} FROM search_entries WHERE source_kind IN ('outgoing', 'incoming')
                   UNION ALL SELECT ${COMPARED_COLUMNS} FROM search_live_owned)`;
    const diffs = (await m.query(
      `WITH live AS MATERIALIZED ${live}
       SELECT e.source_kind AS kind, e.source_id AS id, 'missing' AS problem
         FROM search_expected e
         WHERE NOT EXISTS (SELECT 1 FROM live s WHERE s.source_kind = e.source_kind AND s.source_id = e.source_id)
       UNION ALL
       SELECT e.source_kind, e.source_id, 'stale'
         FROM search_expected e JOIN live s USING (source_kind, source_id)
         WHERE ${rowOf('e')} IS DISTINCT FROM ${rowOf('s')}
       UNION ALL
       SELECT s.source_kind, s.source_id, 'extra'
         FROM live s
         WHERE NOT EXISTS (SELECT 1 FROM search_expected e WHERE e.source_kind = s.source_kind AND e.source_id = s.source_id)
       ORDER BY 1, 2`,
    )) as SearchIndexDifference[];
    const counts = (await m.query(
      `SELECT source_kind, count(*)::int AS n FROM search_expected GROUP BY source_kind`,
    )) as { source_kind: string; n: number }[];
    const n = (k: string) => counts.find((c) => c.source_kind === k)?.n ?? 0;
    // With check, the owners' writes (and everything after the savepoint) are undone.
    if (opts.check) await m.query(`ROLLBACK TO SAVEPOINT search_owned`);
    else await m.query(`RELEASE SAVEPOINT search_owned`);
    if (!opts.check) {
      await m.query(UPSERT(`SELECT * FROM search_expected WHERE source_kind IN ('outgoing', 'incoming')`));
      await m.query(
        `DELETE FROM search_entries s WHERE s.source_kind IN ('outgoing', 'incoming')
           AND NOT EXISTS (SELECT 1 FROM search_expected e WHERE e.source_kind = s.source_kind AND e.source_id = s.source_id)`,
      );
    }
    return {
      expected: {
        outgoing: n('outgoing'),
        incoming: n('incoming'),
        record: n('record'),
        file: n('file'),
        scan: n('scan'),
      },
      differences: diffs.slice(0, limit),
      differenceCount: diffs.length,
      rebuilt: !opts.check,
    };
  });
}
