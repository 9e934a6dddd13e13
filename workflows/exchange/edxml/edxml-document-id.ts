import { EdxmlError } from './edxml-error';
import { calendarDate } from './edxml-time';

const ORGAN_ID = '[0-9]{3}\\.[0-9]{2}\\.[0-9]{2}\\.[A-Z][0-9]{2}';
/** QCVN 102:2016 identifier code of an organisation: `NNN.NN.NN.XNN` (DESIGN.md §2). */
export const ORGAN_ID_PATTERN = new RegExp(`^${ORGAN_ID}$`);
const DOCUMENT_ID = new RegExp(`^(${ORGAN_ID}),(\\d{4})/(\\d{2})/(\\d{2}),([^,/]{1,20})/(.{1,100})$`);

/**
 * The document id that identifies a document across servers and deduplicates deliveries (DESIGN.md §6):
 * `{organId},{yyyy/MM/dd},{number}/{notation}`, e.g. `000.00.00.H97,2026/03/02,12/QĐ-UBND`. The organ is
 * the issuer, the date its promulgation date (Vietnam calendar).
 */
export function edxmlDocumentId(d: {
  readonly organId: string;
  readonly date: string;
  readonly number: number | string;
  readonly notation: string;
}): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d.date);
  if (!m) throw EdxmlError.malformed('promulgation date', { date: d.date });
  const id = `${d.organId},${m[1]}/${m[2]}/${m[3]},${d.number}/${d.notation}`;
  if (!parseEdxmlDocumentId(id)) throw EdxmlError.malformed('document id', { documentId: id });
  return id;
}

/** Splits a document id; null when it is not of the form above. */
export function parseEdxmlDocumentId(
  id: string,
): { organId: string; date: string; number: string; notation: string } | null {
  const m = DOCUMENT_ID.exec(id);
  if (!m) return null;
  const date = calendarDate(m[2]!, m[3]!, m[4]!);
  if (!date) return null;
  return { organId: m[1]!, date, number: m[5]!, notation: m[6]! };
}
