import type { DataSource } from 'typeorm';
import type { WeakAlgorithmClass } from '../../signing/validate/algorithm-policy';
import type { Certificate } from '../../signing/pki/certificate';
import type { TimestampClient } from '../../signing/pki/timestamp-client';
import { addDocumentTimestamp } from '../../signing/sign/add-document-timestamp';
import { addValidationData } from '../../signing/sign/add-validation-data';
import type { RevocationDataSource } from '../../signing/sign/revocation-data-source';
import { validatePdf } from '../../signing/validate/validate-pdf';
import type { DocumentValidation } from '../../signing/validate/validation-result';
import type { ObjectStore } from '../../storage/objects/object-store';
import { appendAuditEvent } from '../audit/append-audit-event';
import type { Clock } from '../context';
import { readArchivalObject, storeArchivalObject } from './archival-objects';

/**
 * Signatures kept valid (issue 11 item 6): archival PDFs are kept at PAdES B-LTA. Before the newest
 * document timestamp's TSA certificate expires (within `horizonDays`), or when its algorithm is weak,
 * a new revision adds fresh validation data (DSS: the chains of every signature and timestamp with
 * revocation data current now) and a new document timestamp (ETSI EN 319 142-1 §5.5). The result is
 * validated before it is kept; it is stored as a new archival object version (`pdf-revision`) with its
 * validation report, both locked like the record's other objects; the older versions stay.
 */

export type LtaRenewalReason = 'tsa-expiring' | 'weak-algorithm' | 'no-document-timestamp';

declare module '../audit/audit-event' {
  interface AuditEventPayloads {
    ARCHIVE_LTA_RENEWED: {
      recordId: string;
      previousObjectId: string;
      objectId: string;
      reportObjectId: string;
      reason: LtaRenewalReason;
      previousTimestampAt: string | null;
      previousTsaNotAfter: string | null;
      timestampAt: string;
      sha256: string;
    };
    ARCHIVE_LTA_RENEWAL_FAILED: { recordId: string; objectId: string; reason: string };
  }
}

export interface LtaUpkeepDeps {
  readonly store: ObjectStore;
  readonly timestampClient: TimestampClient;
  readonly revocationData: RevocationDataSource;
  readonly trustAnchors: readonly Certificate[];
  readonly clock: Clock;
  /** Renew when the newest document timestamp's TSA certificate expires within this many days. */
  readonly horizonDays: number;
  readonly algorithmSunsets?: Partial<Record<WeakAlgorithmClass, Date | null>>;
}

/** What the newest document timestamp of an archival PDF says about the need to renew. */
export interface LtaState {
  /** null: no signature at all (nothing to keep valid, e.g. a scan). */
  readonly signed: boolean;
  readonly newestTimestampAt: Date | null;
  readonly tsaNotAfter: Date | null;
  readonly due: LtaRenewalReason | null;
}

const DAY = 86_400_000;

function validationOptions(deps: LtaUpkeepDeps, at: Date) {
  return {
    trustAnchors: deps.trustAnchors,
    at,
    revocation: { offline: true },
    ...(deps.algorithmSunsets ? { algorithmSunsets: deps.algorithmSunsets } : {}),
  };
}

/** Judges a validation of an archival PDF at `now`: is a new document timestamp due? */
export function ltaStateOf(v: DocumentValidation, now: Date, horizonDays: number): LtaState {
  const signatures = v.signatures.filter((s) => s.kind === 'signature');
  const stamps = v.signatures
    .filter((s) => s.kind === 'document-timestamp' && s.timestamps[0]?.genTime)
    .map((s) => ({ s, at: new Date(s.timestamps[0]!.genTime!) }))
    .sort((a, b) => b.at.getTime() - a.at.getTime());
  if (signatures.length === 0 && stamps.length === 0)
    return { signed: false, newestTimestampAt: null, tsaNotAfter: null, due: null };
  const newest = stamps[0];
  if (!newest)
    return { signed: true, newestTimestampAt: null, tsaNotAfter: null, due: 'no-document-timestamp' };
  const tsaNotAfter = newest.s.chain[0] ? new Date(newest.s.chain[0].notAfter) : null;
  let due: LtaRenewalReason | null = null;
  if (newest.s.crypto?.weakAlgorithm !== undefined) due = 'weak-algorithm';
  else if (tsaNotAfter === null || tsaNotAfter.getTime() - now.getTime() <= horizonDays * DAY)
    due = 'tsa-expiring';
  return { signed: true, newestTimestampAt: newest.at, tsaNotAfter, due };
}

export interface LtaRenewal {
  readonly recordId: string;
  readonly previousObjectId: string;
  readonly objectId: string;
  readonly reportObjectId: string;
  readonly reason: LtaRenewalReason;
  readonly sha256: string;
}

export interface LtaUpkeepResult {
  readonly checked: number;
  readonly renewed: LtaRenewal[];
  readonly failed: { recordId: string; objectId: string; reason: string }[];
  /** True when another run (this or another replica) held the upkeep lock: this one did nothing. */
  readonly busy: boolean;
}

/** The advisory lock key of the upkeep: one run at a time per database, whatever the replica. */
const LTA_UPKEEP_LOCK = 'vanban:archive:lta-upkeep';

interface Candidate {
  id: string;
  record_id: string;
  retain_until: Date | null;
}

/**
 * The archival PDF of each live record: its newest `pdf-revision` object (a renewal is newer than what
 * it renews; among revisions stored together at acceptance the largest, since each PDF revision
 * appends to the one before).
 */
async function candidates(db: DataSource, recordId?: string): Promise<Candidate[]> {
  return db.query(
    `SELECT DISTINCT ON (o.record_id) o.id, o.record_id, o.retain_until
       FROM archival_objects o LEFT JOIN archival_records r ON r.id = o.record_id
      WHERE o.kind = 'pdf-revision' AND o.media_type = 'application/pdf'
        AND (r.id IS NULL OR r.disposed_at IS NULL) AND ($1::uuid IS NULL OR o.record_id = $1)
      ORDER BY o.record_id, o.created_at DESC, o.size DESC, o.id`,
    [recordId ?? null],
  );
}

/**
 * One pass over the archive: each record's archival PDF is validated now and renewed when due.
 * A renewal that does not validate TOTAL_PASSED is not kept (audited as failed; tried again next run).
 */
export async function runLtaUpkeep(
  db: DataSource,
  deps: LtaUpkeepDeps,
  only?: { recordId?: string },
): Promise<LtaUpkeepResult> {
  // A PostgreSQL session advisory lock on a connection of its own, held for the whole pass: two replicas
  // (or two overlapping runs of one) never both validate and renew the same PDF; the one that cannot
  // take it returns at once (busy). The lock goes with the connection if the process dies.
  const lock = db.createQueryRunner();
  await lock.connect();
  try {
    const [{ got }]: { got: boolean }[] = await lock.query(
      'SELECT pg_try_advisory_lock(hashtext($1)) AS got',
      [LTA_UPKEEP_LOCK],
    );
    if (!got) return { checked: 0, renewed: [], failed: [], busy: true };
    try {
      return await runLocked(db, deps, only);
    } finally {
      await lock.query('SELECT pg_advisory_unlock(hashtext($1))', [LTA_UPKEEP_LOCK]);
    }
  } finally {
    await lock.release();
  }
}

async function runLocked(
  db: DataSource,
  deps: LtaUpkeepDeps,
  only?: { recordId?: string },
): Promise<LtaUpkeepResult> {
  const now = deps.clock.now();
  const renewed: LtaRenewal[] = [];
  const failed: LtaUpkeepResult['failed'] = [];
  const list = await candidates(db, only?.recordId);
  for (const c of list) {
    try {
      const r = await renewIfDue(db, deps, c, now);
      if (r) renewed.push(r);
    } catch (e) {
      const reason = (e as Error).message;
      failed.push({ recordId: c.record_id, objectId: c.id, reason });
      await db.transaction((m) =>
        appendAuditEvent(
          m,
          { actor: null, clock: deps.clock },
          {
            type: 'ARCHIVE_LTA_RENEWAL_FAILED',
            payload: { recordId: c.record_id, objectId: c.id, reason: reason.slice(0, 500) },
            unitId: null,
          },
        ),
      );
    }
  }
  return { checked: list.length, renewed, failed, busy: false };
}

async function renewIfDue(
  db: DataSource,
  deps: LtaUpkeepDeps,
  c: Candidate,
  now: Date,
): Promise<LtaRenewal | null> {
  const bytes = await readArchivalObject(db.manager, deps.store, c.id);
  const before = await validatePdf(bytes, validationOptions(deps, now));
  const state = ltaStateOf(before, now, deps.horizonDays);
  if (!state.signed || state.due === null) return null;

  const withDss = await addValidationData({ input: bytes, revocationData: deps.revocationData, at: now });
  const stamped = await addDocumentTimestamp({
    input: withDss.bytes!,
    timestampClient: deps.timestampClient,
    fieldName: 'luu_tru_dau_thoi_gian',
  });
  const pdf = stamped.bytes!;
  const after = await validatePdf(pdf, validationOptions(deps, now));
  const notPassed = after.signatures.filter((s) => s.indication !== 'TOTAL_PASSED');
  if (notPassed.length > 0) {
    throw new Error(
      `renewed PDF does not validate: ${notPassed.map((s) => `${s.fieldName} ${s.indication}/${s.subIndication ?? ''}`).join(', ')}`,
    );
  }
  const newest = ltaStateOf(after, now, deps.horizonDays);
  const report = Buffer.from(
    JSON.stringify(
      {
        kind: 'lta-renewal',
        recordId: c.record_id,
        previousObjectId: c.id,
        reason: state.due,
        renewedAt: now.toISOString(),
        previousTimestampAt: state.newestTimestampAt?.toISOString() ?? null,
        previousTsaNotAfter: state.tsaNotAfter?.toISOString() ?? null,
        validation: after,
      },
      null,
      2,
    ),
  );
  return db.transaction(async (m) => {
    const stored = await storeArchivalObject(m, deps.store, {
      recordId: c.record_id,
      kind: 'pdf-revision',
      bytes: pdf,
      mediaType: 'application/pdf',
      retainUntil: c.retain_until,
    });
    const rep = await storeArchivalObject(m, deps.store, {
      recordId: c.record_id,
      kind: 'validation-report',
      bytes: report,
      mediaType: 'application/json',
      retainUntil: c.retain_until,
    });
    await appendAuditEvent(
      m,
      { actor: null, clock: deps.clock },
      {
        type: 'ARCHIVE_LTA_RENEWED',
        payload: {
          recordId: c.record_id,
          previousObjectId: c.id,
          objectId: stored.id,
          reportObjectId: rep.id,
          reason: state.due!,
          previousTimestampAt: state.newestTimestampAt?.toISOString() ?? null,
          previousTsaNotAfter: state.tsaNotAfter?.toISOString() ?? null,
          timestampAt: newest.newestTimestampAt?.toISOString() ?? now.toISOString(),
          sha256: stored.sha256,
        },
        unitId: null,
      },
    );
    return {
      recordId: c.record_id,
      previousObjectId: c.id,
      objectId: stored.id,
      reportObjectId: rep.id,
      reason: state.due!,
      sha256: stored.sha256,
    };
  });
}
