// Dates, times and numbers as Vietnamese offices write them: dates `07/12/2026`, times
// `07/12/2026 14:05` in Asia/Ho_Chi_Minh whatever the browser's zone (Intl with timeZone), numbers
// `33.557` and `99,96%` in Vietnamese, `33,557` and `99.96%` in English.
import type { Language } from '../i18n/i18n';

export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

const LOCALE: Record<Language, string> = { vi: 'vi-VN', en: 'en-GB' };
const NUMBER_LOCALE: Record<Language, string> = { vi: 'vi-VN', en: 'en-US' };

/** A calendar date `YYYY-MM-DD` (or the date part of an ISO string) as `dd/mm/yyyy`, in both languages. */
export function formatDate(isoDate: string | null | undefined): string {
  if (!isoDate) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : '';
}

function zoneParts(instant: Date): Record<string, string> {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(instant);
  return Object.fromEntries(parts.map((p) => [p.type, p.value]));
}

/** The calendar day of an instant in Vietnam, `dd/mm/yyyy`. */
export function formatDayOf(iso: string | Date | null | undefined): string {
  if (!iso) return '';
  const p = zoneParts(new Date(iso));
  return `${p.day}/${p.month}/${p.year}`;
}

/** An instant as `dd/mm/yyyy HH:mm` (with `:ss` when asked) in Vietnam's time, in both languages. */
export function formatDateTime(
  iso: string | Date | null | undefined,
  options: { seconds?: boolean } = {},
): string {
  if (!iso) return '';
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return '';
  const p = zoneParts(instant);
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}${options.seconds ? `:${p.second}` : ''}`;
}

/** `33.557` (vi), `33,557` (en). */
export function formatNumber(n: number, lang: Language): string {
  return new Intl.NumberFormat(NUMBER_LOCALE[lang], { maximumFractionDigits: 2 }).format(n);
}

/** A ratio (0.9996) as `99,96%` (vi) or `99.96%` (en), with `digits` decimals (default 2). */
export function formatPercent(ratio: number, lang: Language, digits = 2): string {
  return new Intl.NumberFormat(NUMBER_LOCALE[lang], {
    style: 'percent',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(ratio);
}

/** A size in bytes: `1,5 MB` (vi), `1.5 MB` (en). */
export function formatBytes(bytes: number, lang: Language): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const text = new Intl.NumberFormat(NUMBER_LOCALE[lang], {
    maximumFractionDigits: unit === 0 ? 0 : 1,
  }).format(value);
  return `${text} ${units[unit]}`;
}

/** Long date for prose: `ngày 07 tháng 12 năm 2026` (vi), `7 December 2026` (en), in Vietnam's calendar day. */
export function formatLongDate(iso: string | Date, lang: Language): string {
  const instant = new Date(iso);
  if (lang === 'vi') {
    const p = zoneParts(instant);
    return `ngày ${p.day} tháng ${p.month} năm ${p.year}`;
  }
  return new Intl.DateTimeFormat(LOCALE.en, { timeZone: TIME_ZONE, dateStyle: 'long' }).format(instant);
}
