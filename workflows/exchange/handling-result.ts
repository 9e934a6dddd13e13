import { vietnamDate } from '../directory/vietnam-date';
import type { HandlingResult } from './incoming-document';

/**
 * Early / on time / late for the reports: completed on a calendar day (Vietnam) before the deadline is
 * early, on the deadline day on time, after it late. No deadline counts as on time.
 */
export function handlingResult(deadline: string | null, completedAt: Date): HandlingResult {
  if (!deadline) return 'on_time';
  const done = vietnamDate(completedAt);
  return done < deadline ? 'early' : done === deadline ? 'on_time' : 'late';
}

/**
 * The date `workingDays` working days after `from` (Vietnam calendar; Saturdays and Sundays skipped —
 * public holidays are not known to the system yet).
 */
export function deadlineAfter(from: Date, workingDays: number): string {
  if (!Number.isInteger(workingDays) || workingDays < 0)
    throw new RangeError('workingDays must be a natural number');
  const d = new Date(`${vietnamDate(from)}T00:00:00Z`);
  let left = workingDays;
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    const wd = d.getUTCDay();
    if (wd !== 0 && wd !== 6) left--;
  }
  return d.toISOString().slice(0, 10);
}
