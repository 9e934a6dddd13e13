import type { Queryable } from '../directory/unit-repository';
import { type Counts, zeroCounts } from './measures';

/** A Vietnamese calendar date's start as an instant (UTC+07:00, no daylight saving). */
export const VN_START = (param: string): string =>
  `(${param}::date::timestamp AT TIME ZONE INTERVAL '+07:00')`;
const VN_DAY = (col: string): string => `(${col} AT TIME ZONE INTERVAL '+07:00')::date`;

/** The day an outgoing document counts on: its issue date (ngày ban hành), else the day it was issued. */
export const OUTGOING_DAY = `COALESCE(d.issued_on, ${VN_DAY('d.issued_at')})`;
/**
 * The deadline an incoming document's handling is measured against: the sender's (the sending outgoing
 * document's, or the edXML DueDate of an arrival from another server), else the unit's own.
 */
export const INCOMING_DEADLINE = `COALESCE(o.due_date, i.sender_due_date, i.deadline)`;

/**
 * The same counts as rollupCounts, computed from the document rows themselves (issue 13 item 4: the
 * check, and the benchmark's peer). The definitions mirror the triggers of migration 1765600000000.
 */
export async function rawCounts(
  q: Queryable,
  input: {
    readonly unitIds: readonly string[];
    readonly from: string;
    readonly to: string;
    readonly overdueAt: string;
  },
): Promise<Map<string, Counts>> {
  const out = new Map<string, Counts>();
  const get = (id: string): Counts => {
    let c = out.get(id);
    if (!c) out.set(id, (c = zeroCounts()));
    return c;
  };
  if (input.unitIds.length === 0 || input.from >= input.to) return out;
  const params = [input.from, input.to, input.unitIds];
  const outgoing: Record<string, string>[] = await q.query(
    `SELECT d.unit_id, count(*) AS "outTotal",
            count(*) FILTER (WHERE d.classification <> 'none') AS "outClassified",
            count(*) FILTER (WHERE d.medium = 'electronic') AS "outElectronic",
            count(*) FILTER (WHERE d.medium = 'paper') AS "outPaper",
            count(*) FILTER (WHERE d.medium = 'electronic' AND d.sealed_at IS NOT NULL) AS "outSignedSeal",
            count(*) FILTER (WHERE d.medium = 'electronic' AND d.signed_at IS NOT NULL) AS "outSignedLeader"
       FROM outgoing_documents d
      WHERE d.issued_at IS NOT NULL AND ${OUTGOING_DAY} >= $1::date AND ${OUTGOING_DAY} < $2::date
        AND d.unit_id IN (SELECT unnest($3::uuid[]))
      GROUP BY d.unit_id`,
    params,
  );
  const received: Record<string, string>[] = await q.query(
    `SELECT i.recipient_unit_id AS unit_id, count(*) AS "inReceived",
            count(*) FILTER (WHERE i.registered_at IS NOT NULL) AS "inRegistered",
            count(*) FILTER (WHERE i.status_code = '02') AS "inRefused",
            count(*) FILTER (WHERE i.recall_code = '15') AS "inReturned"
       FROM incoming_documents i
      WHERE i.received_at >= ${VN_START('$1')} AND i.received_at < ${VN_START('$2')}
        AND i.recipient_unit_id IN (SELECT unnest($3::uuid[]))
      GROUP BY i.recipient_unit_id`,
    params,
  );
  const handled: Record<string, string>[] = await q.query(
    `SELECT i.recipient_unit_id AS unit_id,
            count(*) FILTER (WHERE ${INCOMING_DEADLINE} IS NOT NULL AND ${VN_DAY('i.completed_at')} < ${INCOMING_DEADLINE}) AS "handledEarly",
            count(*) FILTER (WHERE ${INCOMING_DEADLINE} IS NULL OR ${VN_DAY('i.completed_at')} = ${INCOMING_DEADLINE}) AS "handledOnTime",
            count(*) FILTER (WHERE ${INCOMING_DEADLINE} IS NOT NULL AND ${VN_DAY('i.completed_at')} > ${INCOMING_DEADLINE}) AS "handledLate",
            COALESCE(sum(floor(extract(epoch FROM i.completed_at - i.received_at))::bigint), 0) AS "handlingSeconds"
       FROM incoming_documents i LEFT JOIN outgoing_documents o ON o.id = i.outgoing_id
      WHERE i.completed_at >= ${VN_START('$1')} AND i.completed_at < ${VN_START('$2')}
        AND i.recipient_unit_id IN (SELECT unnest($3::uuid[]))
      GROUP BY i.recipient_unit_id`,
    params,
  );
  const overdue: Record<string, string>[] = await q.query(
    `SELECT i.recipient_unit_id AS unit_id, count(*) AS "overdueOpen"
       FROM incoming_documents i LEFT JOIN outgoing_documents o ON o.id = i.outgoing_id
      WHERE ${INCOMING_DEADLINE} IS NOT NULL AND i.status_code <> '02' AND i.recall_code IS DISTINCT FROM '15'
        AND greatest(${INCOMING_DEADLINE}, ${VN_DAY('i.received_at')}) < $1::date
        AND (i.completed_at IS NULL OR ${VN_DAY('i.completed_at')} >= $1::date)
        AND i.recipient_unit_id IN (SELECT unnest($2::uuid[]))
      GROUP BY i.recipient_unit_id`,
    [input.overdueAt, input.unitIds],
  );
  for (const rows of [outgoing, received, handled, overdue])
    for (const r of rows) {
      const c = get(r.unit_id!) as unknown as Record<string, number>;
      for (const [k, v] of Object.entries(r)) if (k !== 'unit_id') c[k] = Number(v);
    }
  return out;
}
