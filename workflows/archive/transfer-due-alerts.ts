import { appendAuditEvent } from '../audit/append-audit-event';
import { vietnamDate } from '../directory/vietnam-date';
import { enqueueJobs } from '../exchange/enqueue-job';
import type { JobHandler } from '../exchange/job';
import { recurringSlot } from '../exchange/recurring-jobs';
import { notify } from '../notifications/notify';
import './archive-audit-events';
import { writtenDate } from './archive-input';

/** Job kind: alert the people in charge and the archivists of files due at the archive within 30 days. */
export const TRANSFER_DUE_JOB = 'archive.transfer_due';
export const TRANSFER_DUE_EVERY_MS = 24 * 3600_000;
/** Days before the deadline the alert goes out. */
export const TRANSFER_ALERT_DAYS = 30;

/**
 * Recurring job (daily): closed files, not yet transferred, with retention ≥ 5 years or permanent, are
 * due at the agency archive a year after their end date; 30 days before (or later, if overdue) one
 * notification goes to the person in charge and the unit's archivists (dedupe key per file and person,
 * so a file alerts once). Then the next day's run is queued.
 */
export function transferDueAlerts(): JobHandler {
  return async (m, _job, now) => {
    const horizon = vietnamDate(new Date(now.getTime() + TRANSFER_ALERT_DAYS * 86_400_000));
    const files: {
      id: string;
      unit_id: string;
      file_code: string;
      title: string;
      person: string;
      due: string;
    }[] = await m.query(
      `SELECT f.id, f.unit_id, f.file_code, f.title, f.person_in_charge_id AS person,
                (f.end_date + interval '1 year')::date::text AS due
           FROM case_files f JOIN retention_periods r ON r.id = f.retention_id
          WHERE f.status = 'closed' AND (r.years IS NULL OR r.years >= 5)
            AND (f.end_date + interval '1 year')::date <= $1::date
          ORDER BY f.end_date, f.id LIMIT 5000`,
      [horizon],
    );
    for (const f of files) {
      const subject = {
        vi: `Hồ sơ ${f.file_code} "${f.title}" phải nộp lưu trước ngày ${writtenDate(f.due)}`,
        en: `File ${f.file_code} "${f.title}" is due at the archive by ${writtenDate(f.due)}`,
      };
      const link = `#/archive/files/${f.id}`;
      await notify(m, {
        kind: 'archive.transfer_due',
        recipients: { userIds: [f.person] },
        subject,
        link,
        dedupeKey: `archive.transfer_due:${f.id}`,
        at: now,
      });
      await notify(m, {
        kind: 'archive.transfer_due',
        recipients: { unitId: f.unit_id, roles: ['archivist'] },
        subject,
        link,
        dedupeKey: `archive.transfer_due:${f.id}`,
        at: now,
      });
    }
    if (files.length > 0) {
      await appendAuditEvent(
        m,
        { actor: null, clock: { now: () => now } },
        { type: 'ARCHIVE_TRANSFER_DUE_ALERTED', payload: { fileIds: files.map((f) => f.id) } },
      );
    }
    const next = new Date(recurringSlot(now, TRANSFER_DUE_EVERY_MS).getTime() + TRANSFER_DUE_EVERY_MS);
    await enqueueJobs(m, [
      { kind: TRANSFER_DUE_JOB, runAt: next, dedupeKey: `${TRANSFER_DUE_JOB}:${next.toISOString()}` },
    ]);
  };
}
