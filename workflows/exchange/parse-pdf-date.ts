/**
 * A PDF date string (ISO 32000-2 §7.9.4 "Dates"): `D:YYYYMMDDHHmmSSOHH'mm`, e.g. `D:20260302090000+07'00'`.
 * Only the year is required; each later field may be present only when all before it are (MM and DD
 * default to 01, the others to 0); O is `+`, `-` or `Z`; without time-zone information the time is UT
 * ("considered to be GMT"). Also read, as writers produce them: the trailing apostrophe of PDF 1.7
 * (`+07'00'`), an offset without its apostrophe (`+0700`), `Z00'00'`, and a missing `D:` prefix (optional
 * before ISO 32000-1). Every field is range-checked (the day against its month). Anything else: null.
 */
export function parsePdfDate(text: string): Date | null {
  const m =
    /^(?:D:)?(\d{4})(?:(\d{2})(?:(\d{2})(?:(\d{2})(?:(\d{2})(?:(\d{2}))?)?)?)?)?(?:(Z)(?:00'?(?:00'?)?)?|([+-])(\d{2})(?:'?(?:(\d{2})'?)?)?)?$/.exec(
      text.trim(),
    );
  if (!m) return null;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', , sign, oh = '00', om = '00'] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  // setUTCFullYear takes the year literally (Date.UTC would read 0–99 as 1900–1999).
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, 1);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(date)) return null;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59 || Number(oh) > 23 || Number(om) > 59) return null;
  date.setUTCDate(day);
  date.setUTCHours(Number(h), Number(mi), Number(s), 0);
  const offsetMinutes = sign ? (sign === '+' ? 1 : -1) * (Number(oh) * 60 + Number(om)) : 0;
  const at = new Date(date.getTime() - offsetMinutes * 60_000);
  return Number.isNaN(at.getTime()) ? null : at;
}

/** Days in the month of `first` (a UTC date on the 1st). */
function daysIn(first: Date): number {
  const next = new Date(first.getTime());
  next.setUTCMonth(next.getUTCMonth() + 1);
  return Math.round((next.getTime() - first.getTime()) / 86_400_000);
}
