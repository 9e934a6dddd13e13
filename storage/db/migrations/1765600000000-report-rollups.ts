import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Report rollups (issue 13 item 4): per unit and Vietnamese calendar day (`report_daily`) and month
 * (`report_monthly`), the counts the reports add up. Maintained by triggers on `outgoing_documents` and
 * `incoming_documents` in the same transaction as the document's change: each trigger subtracts the
 * facts of the old row and adds those of the new one (docs/reports.md "Rollups"). The definitions here
 * must match the raw-row recomputation in workflows/reports/raw-counts.ts; `vanban report check`
 * compares the two. `issued_reports` keeps reports as issued at the end of their period (immutable).
 */
export const ROLLUP_COLUMNS = [
  'out_total',
  'out_classified',
  'out_electronic',
  'out_paper',
  'out_signed_seal',
  'out_signed_leader',
  'in_received',
  'in_registered',
  'in_refused',
  'in_returned',
  'handled_early',
  'handled_on_time',
  'handled_late',
  'handling_seconds',
  'due_count',
  'closed_count',
] as const;

const cols = ROLLUP_COLUMNS.map((c) => `${c} bigint NOT NULL DEFAULT 0`).join(',\n  ');
const names = ROLLUP_COLUMNS.join(', ');
const values = ROLLUP_COLUMNS.map((_, i) => `v[${i + 1}]`).join(', ');
const sums = ROLLUP_COLUMNS.map((c) => `${c} = t.${c} + EXCLUDED.${c}`).join(', ');
const zero = (over: Record<number, string>): string =>
  `ARRAY[${ROLLUP_COLUMNS.map((_, i) => over[i] ?? '0').join(', ')}]::bigint[]`;
const ix = (c: (typeof ROLLUP_COLUMNS)[number]): number => ROLLUP_COLUMNS.indexOf(c);
const VN = `AT TIME ZONE INTERVAL '+07:00'`;

/**
 * The facts one incoming row contributes: on its arrival day; on its completion day; on the day it falls
 * due and the day it stops being overdue (for the overdue-open count at any date). `deadline` is the SQL
 * of the date its handling is measured against (the later migration 1765930000000 adds edXML DueDate).
 */
export function reportIncomingFactsSql(deadline: string): string {
  return `CREATE OR REPLACE FUNCTION report_incoming_facts(r incoming_documents)
  RETURNS TABLE(unit_id uuid, day date, vec bigint[]) LANGUAGE plpgsql STABLE AS $$
DECLARE rd date; cd date; dl date;
BEGIN
  unit_id := r.recipient_unit_id;
  rd := (r.received_at ${VN})::date;
  day := rd;
  vec := ${zero({
    [ix('in_received')]: '1',
    [ix('in_registered')]: '(r.registered_at IS NOT NULL)::int',
    [ix('in_refused')]: "(r.status_code = '02')::int",
    [ix('in_returned')]: "(r.recall_code IS NOT DISTINCT FROM '15')::int",
  })};
  RETURN NEXT;
  dl := ${deadline};
  IF r.completed_at IS NOT NULL THEN
    cd := (r.completed_at ${VN})::date;
    day := cd;
    vec := ${zero({
      [ix('handled_early')]: '(dl IS NOT NULL AND cd < dl)::int',
      [ix('handled_on_time')]: '(dl IS NULL OR cd = dl)::int',
      [ix('handled_late')]: '(dl IS NOT NULL AND cd > dl)::int',
      [ix('handling_seconds')]: 'floor(extract(epoch FROM r.completed_at - r.received_at))::bigint',
    })};
    RETURN NEXT;
  END IF;
  IF dl IS NOT NULL AND r.status_code <> '02' AND r.recall_code IS DISTINCT FROM '15' THEN
    day := greatest(dl, rd);
    vec := ${zero({ [ix('due_count')]: '1' })};
    RETURN NEXT;
    IF r.completed_at IS NOT NULL THEN
      day := greatest(dl, rd, cd);
      vec := ${zero({ [ix('closed_count')]: '1' })};
      RETURN NEXT;
    END IF;
  END IF;
END $$`;
}

export class ReportRollups1765600000000 implements MigrationInterface {
  name = 'ReportRollups1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE report_daily (
  unit_id uuid NOT NULL,
  day date NOT NULL,
  ${cols},
  PRIMARY KEY (day, unit_id))`);
    await q.query(`CREATE TABLE report_monthly (
  unit_id uuid NOT NULL,
  month date NOT NULL,
  ${cols},
  PRIMARY KEY (month, unit_id))`);
    await q.query(`CREATE TABLE issued_reports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  unit_id uuid NOT NULL,
  scope text NOT NULL,
  period_key text NOT NULL,
  period_from date NOT NULL,
  period_to date NOT NULL,
  report jsonb NOT NULL,
  issued_at timestamptz NOT NULL,
  CONSTRAINT issued_reports_period_key UNIQUE (unit_id, scope, period_key))`);
    // Issued reports stay as issued: no update, no delete.
    await q.query(`CREATE FUNCTION issued_reports_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'issued reports are immutable' USING ERRCODE = 'check_violation'; END $$`);
    await q.query(`CREATE TRIGGER issued_reports_immutable BEFORE UPDATE OR DELETE ON issued_reports
  FOR EACH ROW EXECUTE FUNCTION issued_reports_immutable()`);

    // Adds a vector of counts to one unit's day and month.
    await q.query(`CREATE FUNCTION report_apply(u uuid, d date, v bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF u IS NULL OR d IS NULL OR v IS NULL OR NOT EXISTS (SELECT 1 FROM unnest(v) x WHERE x <> 0) THEN RETURN; END IF;
  INSERT INTO report_daily AS t (unit_id, day, ${names}) VALUES (u, d, ${values})
    ON CONFLICT (day, unit_id) DO UPDATE SET ${sums};
  INSERT INTO report_monthly AS t (unit_id, month, ${names}) VALUES (u, date_trunc('month', d)::date, ${values})
    ON CONFLICT (month, unit_id) DO UPDATE SET ${sums};
END $$`);

    // The facts one outgoing row contributes: on its issue day, when issued.
    await q.query(`CREATE FUNCTION report_outgoing_facts(r outgoing_documents)
  RETURNS TABLE(unit_id uuid, day date, vec bigint[]) LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  IF r.issued_at IS NULL THEN RETURN; END IF;
  unit_id := r.unit_id;
  day := COALESCE(r.issued_on, (r.issued_at ${VN})::date);
  vec := ${zero({
    [ix('out_total')]: '1',
    [ix('out_classified')]: "(r.classification <> 'none')::int",
    [ix('out_electronic')]: "(r.medium = 'electronic')::int",
    [ix('out_paper')]: "(r.medium = 'paper')::int",
    [ix('out_signed_seal')]: "(r.medium = 'electronic' AND r.sealed_at IS NOT NULL)::int",
    [ix('out_signed_leader')]: "(r.medium = 'electronic' AND r.signed_at IS NOT NULL)::int",
  })};
  RETURN NEXT;
END $$`);

    await q.query(
      reportIncomingFactsSql(
        'COALESCE((SELECT o.due_date FROM outgoing_documents o WHERE o.id = r.outgoing_id), r.deadline)',
      ),
    );

    for (const [table, facts] of [
      ['outgoing_documents', 'report_outgoing_facts'],
      ['incoming_documents', 'report_incoming_facts'],
    ] as const) {
      await q.query(`CREATE FUNCTION ${table}_report_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE f record;
BEGIN
  FOR f IN
    SELECT y.unit_id, y.day, array_agg(y.t ORDER BY y.i) AS vec FROM (
      SELECT x.unit_id, x.day, x.i, sum(x.s * x.v)::bigint AS t FROM (
        SELECT o.unit_id, o.day, -1 AS s, e.v, e.i FROM ${facts}(OLD) o, unnest(o.vec) WITH ORDINALITY e(v, i)
         WHERE TG_OP IN ('UPDATE', 'DELETE')
        UNION ALL
        SELECT n.unit_id, n.day, 1, e.v, e.i FROM ${facts}(NEW) n, unnest(n.vec) WITH ORDINALITY e(v, i)
         WHERE TG_OP IN ('UPDATE', 'INSERT')
      ) x GROUP BY x.unit_id, x.day, x.i
    ) y GROUP BY y.unit_id, y.day
  LOOP
    PERFORM report_apply(f.unit_id, f.day, f.vec);
  END LOOP;
  RETURN NULL;
END $$`);
      await q.query(`CREATE TRIGGER ${table}_report_rollup AFTER INSERT OR UPDATE OR DELETE ON ${table}
  FOR EACH ROW EXECUTE FUNCTION ${table}_report_rollup()`);
    }

    // Rollups of documents already there.
    await q.query(`SELECT report_apply(f.unit_id, f.day, f.vec)
  FROM outgoing_documents d, report_outgoing_facts(d) f`);
    await q.query(`SELECT report_apply(f.unit_id, f.day, f.vec)
  FROM incoming_documents d, report_incoming_facts(d) f`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['outgoing_documents', 'incoming_documents']) {
      await q.query(`DROP TRIGGER ${table}_report_rollup ON ${table}`);
      await q.query(`DROP FUNCTION ${table}_report_rollup()`);
    }
    await q.query(`DROP FUNCTION report_incoming_facts(incoming_documents)`);
    await q.query(`DROP FUNCTION report_outgoing_facts(outgoing_documents)`);
    await q.query(`DROP FUNCTION report_apply(uuid, date, bigint[])`);
    await q.query(`DROP TABLE issued_reports`);
    await q.query(`DROP FUNCTION issued_reports_immutable()`);
    await q.query(`DROP TABLE report_monthly`);
    await q.query(`DROP TABLE report_daily`);
  }
}
