import { DirectoryError } from './directory-error';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The calendar date in Vietnam (UTC+07:00, no daylight saving) of an instant, as `YYYY-MM-DD`; a
 * `YYYY-MM-DD` string is checked (DATE_INVALID) and returned as is. Reorganisations take effect on
 * Vietnamese calendar dates.
 */
export function vietnamDate(at: Date | string): string {
  if (typeof at === 'string') {
    const d = new Date(`${at}T00:00:00Z`);
    if (!ISO_DATE.test(at) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== at) {
      throw new DirectoryError(
        'DATE_INVALID',
        { vi: `Ngày không hợp lệ: ${at.slice(0, 20)}`, en: `Invalid date: ${at.slice(0, 20)}` },
        { value: at.slice(0, 20) },
      );
    }
    return at;
  }
  if (Number.isNaN(at.getTime())) {
    throw new DirectoryError('DATE_INVALID', { vi: 'Ngày không hợp lệ', en: 'Invalid date' });
  }
  return new Date(at.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
}
