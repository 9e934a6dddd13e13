import type { EdxmlStatusCode } from '../exchange/edxml/edxml-message';
import { documentNumber } from '../signing/document-number-text';

const DESCRIPTIONS: Readonly<Record<EdxmlStatusCode, string>> = {
  '01': 'Đã đến',
  '02': 'Từ chối tiếp nhận',
  '03': 'Đã tiếp nhận, vào sổ văn bản đến',
  '04': 'Chờ phân công xử lý',
  '05': 'Đã phân công, đang xử lý',
  '06': 'Hoàn thành xử lý',
  '13': 'Thu hồi (đã nhận yêu cầu thu hồi)',
  '15': 'Đồng ý thu hồi',
  '16': 'Từ chối thu hồi',
};

/**
 * The Vietnamese `Description` of a status message when the recipient gave no note of its own; the
 * incoming number as Decree 30 writes it ("số 01").
 */
export function statusDescription(code: EdxmlStatusCode, incomingNumber: number | null): string {
  const text = DESCRIPTIONS[code];
  return code === '03' && incomingNumber !== null ? `${text} số ${documentNumber(incomingNumber)}` : text;
}
