/**
 * Times as Vietnam writes them: UTC+07:00 (no daylight saving). Decree 30/2020/ND-CP Appendix I asks
 * for the signing time in ISO 8601 with the Vietnamese offset on the seal and attachment stamps.
 */
const OFFSET_MINUTES = 7 * 60;

function shifted(date: Date): { y: string; mo: string; d: string; h: string; mi: string; s: string } {
  const t = new Date(date.getTime() + OFFSET_MINUTES * 60_000);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return {
    y: p(t.getUTCFullYear(), 4),
    mo: p(t.getUTCMonth() + 1),
    d: p(t.getUTCDate()),
    h: p(t.getUTCHours()),
    mi: p(t.getUTCMinutes()),
    s: p(t.getUTCSeconds()),
  };
}

/** `2026-03-02T08:00:00+07:00` (ISO 8601 extended format, whole seconds). */
export function vietnamIsoTime(date: Date): string {
  const v = shifted(date);
  return `${v.y}-${v.mo}-${v.d}T${v.h}:${v.mi}:${v.s}+07:00`;
}

/** A PDF date string, ISO 32000-2 §7.9.4: `D:20260302080000+07'00'`. */
export function pdfDate(date: Date): string {
  const v = shifted(date);
  return `D:${v.y}${v.mo}${v.d}${v.h}${v.mi}${v.s}+07'00'`;
}

/** The calendar date in Vietnam as `dd/mm/yyyy`. */
export function vietnamDate(date: Date): string {
  const v = shifted(date);
  return `${v.d}/${v.mo}/${v.y}`;
}
