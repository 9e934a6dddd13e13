import type { Queryable } from '../directory/unit-repository';

/**
 * The preservation events of archival records (issue 11 items 8 and 10): one place that says which
 * events belong to a record, read by the record view (newest first, paged) and fit for the package's
 * PREMIS log. A record's events are
 *  - audit events naming it (`payload.recordId`: objects stored, holds, LTA renewals and their failures,
 *    corrupt objects and repairs; `payload.recordIds`: disposal proposed, executed, objects deleted),
 *  - the acceptance of the transfer that brought it (ARCHIVE_TRANSFER_ACCEPTED),
 *  - the approvals and rejections of a disposal proposal that lists it,
 *  - validations of one of its PDFs (SIGNATURE_VALIDATED whose `pdfSha256` is one of its objects),
 *  - package exports that held it (ARCHIVE_PACKAGE_EXPORTED of an export whose `scope.selection` is its
 *    case file or names it: archive_package_exports, package-jobs.ts),
 *  - the fixity results of its objects (table fixity_events: ok, mismatch, missing, repaired, read-refused).
 */
export interface RecordEvent {
  /** `audit-<seq>` or `fixity-<id>`: stable, as in premis.xml. */
  readonly id: string;
  readonly source: 'audit' | 'fixity';
  /** The audit event type, or `FIXITY_<RESULT>` (e.g. FIXITY_OK, FIXITY_MISMATCH). */
  readonly type: string;
  readonly occurredAt: Date;
  /** Full name of the user who acted; null for the system (jobs, checks). */
  readonly actorName: string | null;
  /** The audit payload, or for a fixity result `{ sha256, ...detail }`. */
  readonly detail: Record<string, unknown>;
}

/**
 * The audit events of `$1` (the record ids, text[]), as a condition on `audit_events e`. Each branch is
 * one index: the partial expression indexes on `recordId` and on a validation's `pdfSha256` (migration
 * 1765900000000), the (type, seq) index for the rest — events naming records by `recordIds` are the
 * disposal steps.
 */
export const RECORD_AUDIT_EVENTS_WHERE = `e.seq IN (
  SELECT a.seq FROM audit_events a WHERE a.payload ? 'recordId' AND a.payload->>'recordId' = ANY($1::text[])
  UNION ALL
  SELECT a.seq FROM audit_events a
   WHERE a.type IN ('DISPOSAL_PROPOSED', 'DISPOSAL_EXECUTED', 'DISPOSAL_OBJECTS_DELETED')
     AND a.payload->'recordIds' ?| $1::text[]
  UNION ALL
  SELECT a.seq FROM audit_events a
   WHERE a.type = 'ARCHIVE_TRANSFER_ACCEPTED' AND a.payload->>'transferId' IN
         (SELECT transfer_id::text FROM archival_records WHERE id = ANY($1::uuid[]))
  UNION ALL
  SELECT a.seq FROM audit_events a
   WHERE a.type IN ('DISPOSAL_APPROVED', 'DISPOSAL_REJECTED') AND a.payload->>'proposalId' IN
         (SELECT proposal_id::text FROM disposal_items WHERE record_id = ANY($1::uuid[]))
  UNION ALL
  SELECT a.seq FROM audit_events a
   WHERE a.type = 'SIGNATURE_VALIDATED' AND a.payload->>'pdfSha256' IN
         (SELECT sha256 FROM archival_objects WHERE record_id = ANY($1::uuid[]) AND kind = 'pdf-revision')
  UNION ALL
  SELECT a.seq FROM audit_events a
   WHERE a.type = 'ARCHIVE_PACKAGE_EXPORTED' AND a.payload->>'packageId' IN
         (SELECT x.id::text FROM archive_package_exports x, archival_records r
           WHERE r.id = ANY($1::uuid[])
             AND (x.scope->'selection'->>'fileId' = r.file_id::text
                  OR x.scope->'selection'->'recordIds' ? r.id::text))
)`;

const EVENTS_SQL = `
  SELECT 'audit-' || e.seq AS id, 'audit' AS source, e.type, e.occurred_at, u.full_name AS actor_name,
         e.payload AS detail, 0 AS part, e.seq AS n
    FROM audit_events e LEFT JOIN users u ON u.id = e.actor_user_id
   WHERE ${RECORD_AUDIT_EVENTS_WHERE}
  UNION ALL
  SELECT 'fixity-' || f.id, 'fixity', 'FIXITY_' || upper(replace(f.event, '-', '_')), f.occurred_at, NULL,
         jsonb_build_object('sha256', f.sha256, 'objectId', f.object_id, 'kind', o.kind) || f.detail, 1, f.id
    FROM fixity_events f JOIN archival_objects o ON o.id = f.object_id
   WHERE o.record_id = ANY($1::uuid[]) AND f.object_id IS NOT NULL`;

interface EventRow {
  id: string;
  source: 'audit' | 'fixity';
  type: string;
  occurred_at: Date;
  actor_name: string | null;
  detail: Record<string, unknown>;
}

/**
 * The events of the records, `order` 'desc' (newest first, the record view) or 'asc' (a log), with the
 * total count. No authorisation here: callers check `archive.read` on the records first.
 */
export async function recordEvents(
  q: Queryable,
  recordIds: readonly string[],
  page: { limit?: number; offset?: number; order?: 'asc' | 'desc' } = {},
): Promise<{ total: number; items: RecordEvent[] }> {
  const dir = page.order === 'asc' ? 'ASC' : 'DESC';
  const ids = [...recordIds];
  const rows: EventRow[] = await q.query(
    `SELECT id, source, type, occurred_at, actor_name, detail FROM (${EVENTS_SQL}) ev
      ORDER BY occurred_at ${dir}, part ${dir}, n ${dir}
      ${page.limit !== undefined ? 'LIMIT $2 OFFSET $3' : ''}`,
    page.limit !== undefined ? [ids, page.limit, page.offset ?? 0] : [ids],
  );
  const total =
    page.limit === undefined
      ? rows.length
      : Number(
          ((await q.query(`SELECT count(*)::int AS n FROM (${EVENTS_SQL}) ev`, [ids])) as { n: number }[])[0]!
            .n,
        );
  return {
    total,
    items: rows.map((r) => ({
      id: r.id,
      source: r.source,
      type: r.type,
      occurredAt: r.occurred_at,
      actorName: r.actor_name,
      detail: r.detail,
    })),
  };
}
