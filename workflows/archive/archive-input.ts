import { ArchiveError, type ArchiveErrorCode } from './archive-error';

type InvalidCode = Extract<
  ArchiveErrorCode,
  | 'CASE_FILE_INVALID'
  | 'RETENTION_INVALID'
  | 'TRANSFER_INVALID'
  | 'DISPOSAL_INVALID'
  | 'ARCHIVE_QUERY_INVALID'
>;

/**
 * A text field of archive input: NFC, spaces collapsed, trimmed; `undefined`/empty is null (or refused
 * when required); longer than `max` characters is refused with the field's name.
 */
export function textField(
  code: InvalidCode,
  field: string,
  value: string | null | undefined,
  max: number,
  required: boolean,
): string | null {
  const v = typeof value === 'string' ? value.normalize('NFC').replace(/\s+/g, ' ').trim() : '';
  if (!v) {
    if (required) {
      throw ArchiveError.invalid(code, field, `Chưa nhập ${field}`, `${field} is required`);
    }
    return null;
  }
  if ([...v].length > max) {
    throw ArchiveError.invalid(
      code,
      field,
      `${field} dài quá ${max} ký tự`,
      `${field} is longer than ${max} characters`,
    );
  }
  return v;
}

/** `YYYY-MM-DD` as `dd/MM/yyyy` (Decree 30's written form); null stays undefined. */
export function writtenDate(iso: string | null | undefined): string | undefined {
  if (!iso) return undefined;
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}

/** `YYYY-MM-DD` plus whole years (29 February → 28 February in a common year). */
export function addYears(iso: string, years: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y + years, m - 1, d));
  if (target.getUTCMonth() !== m - 1) target.setUTCDate(0);
  return target.toISOString().slice(0, 10);
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
