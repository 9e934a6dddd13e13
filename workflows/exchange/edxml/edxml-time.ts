/**
 * Dates and times as edXML packages carry them. QCVN 102:2016 packages in the field (the national SDKs)
 * write dates as `yyyy/MM/dd` and timestamps as `yyyy/MM/dd HH:mm:ss` in Vietnam time (UTC+07:00, no
 * daylight saving); that is what this server writes. On reading, ISO 8601 with an offset and
 * `dd/MM/yyyy HH:mm:ss` (another SDK's habit) are accepted too.
 */
const VN_OFFSET_MS = 7 * 3600_000;

/** A real calendar date `YYYY-MM-DD`, or null. */
export function calendarDate(y: string, m: string, d: string): string | null {
  const iso = `${y}-${m}-${d}`;
  const t = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(t.getTime()) || t.toISOString().slice(0, 10) !== iso ? null : iso;
}

/** `YYYY-MM-DD` → `yyyy/MM/dd`. */
export function formatEdxmlDate(isoDate: string): string {
  return isoDate.replace(/-/g, '/');
}

/** An instant → `yyyy/MM/dd HH:mm:ss` in Vietnam time. */
export function formatEdxmlTimestamp(at: Date): string {
  const v = new Date(at.getTime() + VN_OFFSET_MS).toISOString();
  return `${v.slice(0, 10).replace(/-/g, '/')} ${v.slice(11, 19)}`;
}

/** `yyyy/MM/dd`, `yyyy-MM-dd` or `dd/MM/yyyy` (a time part is ignored) → `YYYY-MM-DD`, or null. */
export function parseEdxmlDate(text: string): string | null {
  const s = text.trim();
  let m = /^(\d{4})[/-](\d{2})[/-](\d{2})(?:[ T].*)?$/.exec(s);
  if (m) return calendarDate(m[1]!, m[2]!, m[3]!);
  m = /^(\d{2})\/(\d{2})\/(\d{4})(?: .*)?$/.exec(s);
  if (m) return calendarDate(m[3]!, m[2]!, m[1]!);
  return null;
}

/**
 * `yyyy/MM/dd HH:mm:ss` or `dd/MM/yyyy HH:mm:ss` (Vietnam time), or ISO 8601 with `Z` or an offset →
 * the instant; null when it is none of these.
 */
export function parseEdxmlTimestamp(text: string): Date | null {
  const s = text.trim();
  let m = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(s);
  let parts: string[] | null = m ? [m[1]!, m[2]!, m[3]!, m[4]!, m[5]!, m[6]!] : null;
  if (!parts) {
    m = /^(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2}):(\d{2})$/.exec(s);
    parts = m ? [m[3]!, m[2]!, m[1]!, m[4]!, m[5]!, m[6]!] : null;
  }
  if (parts) {
    const [y, mo, d, h, mi, se] = parts as [string, string, string, string, string, string];
    if (!calendarDate(y, mo, d) || Number(h) > 23 || Number(mi) > 59 || Number(se) > 59) return null;
    return new Date(Date.UTC(+y, +mo - 1, +d, +h, +mi, +se) - VN_OFFSET_MS);
  }
  m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/.exec(s);
  if (m && calendarDate(m[1]!, m[2]!, m[3]!)) {
    const t = new Date(s);
    return Number.isNaN(t.getTime()) ? null : t;
  }
  return null;
}
