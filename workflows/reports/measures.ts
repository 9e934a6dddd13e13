/**
 * The measures of the reports, version 1 (docs/reports.md "Measures" defines each one, its legal basis
 * and how classified documents are counted). The definitions live in two places that must agree: the
 * rollup triggers (migration 1765600000000) and the raw-row recomputation (raw-counts.ts); `vanban report
 * check` compares them.
 */
export const MEASURES_VERSION = '1';

/** Counts of one unit over a period. */
export interface Counts {
  /** Outgoing documents issued in the period (electronic and paper, classified included). */
  outTotal: number;
  /** Of which classified (Mật and above): kept off the network by law, excluded from the rates. */
  outClassified: number;
  outElectronic: number;
  outPaper: number;
  /** Electronic outgoing documents carrying the organisation's seal signature. */
  outSignedSeal: number;
  /** Electronic outgoing documents carrying the leader's signature. */
  outSignedLeader: number;
  /** Incoming documents received in the period; of which registered, refused (02), returned by recall (15). */
  inReceived: number;
  inRegistered: number;
  inRefused: number;
  inReturned: number;
  /** Incoming documents completed in the period, against the sender's deadline, else the unit's own. */
  handledEarly: number;
  handledOnTime: number;
  handledLate: number;
  /** Sum of (completed − received) of those, seconds. */
  handlingSeconds: number;
  /** Past their deadline and not completed at the end of the period (or now, while it runs). */
  overdueOpen: number;
}

export const COUNT_KEYS = [
  'outTotal',
  'outClassified',
  'outElectronic',
  'outPaper',
  'outSignedSeal',
  'outSignedLeader',
  'inReceived',
  'inRegistered',
  'inRefused',
  'inReturned',
  'handledEarly',
  'handledOnTime',
  'handledLate',
  'handlingSeconds',
  'overdueOpen',
] as const satisfies readonly (keyof Counts)[];

export function zeroCounts(): Counts {
  return Object.fromEntries(COUNT_KEYS.map((k) => [k, 0])) as unknown as Counts;
}

export function addCounts(a: Counts, b: Counts): Counts {
  const out = zeroCounts();
  for (const k of COUNT_KEYS) out[k] = a[k] + b[k];
  return out;
}

/** Measures a cell of a report can drill down to (GET /api/reports/documents). */
export const DRILL_MEASURES = [
  'outgoing',
  'electronic',
  'paper',
  'signed_seal',
  'signed_leader',
  'received',
  'registered',
  'refused',
  'returned',
  'handled',
  'handled_early',
  'handled_on_time',
  'handled_late',
  'overdue_open',
] as const;
export type DrillMeasure = (typeof DRILL_MEASURES)[number];
