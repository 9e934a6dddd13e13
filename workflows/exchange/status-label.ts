import type { StatusCode } from './incoming-document';

export interface Label {
  readonly vi: string;
  readonly en: string;
}

const LABELS: Readonly<Record<StatusCode, Label>> = {
  '01': { vi: 'Đã đến', en: 'Arrived' },
  '02': { vi: 'Từ chối tiếp nhận', en: 'Refused' },
  '03': { vi: 'Đã tiếp nhận, vào sổ', en: 'Accepted and registered' },
  '04': { vi: 'Chờ phân công', en: 'Awaiting assignment' },
  '05': { vi: 'Đang xử lý', en: 'Assigned, in progress' },
  '06': { vi: 'Hoàn thành', en: 'Completed' },
  '13': { vi: 'Yêu cầu thu hồi', en: 'Recall requested' },
  '15': { vi: 'Đồng ý thu hồi', en: 'Recall accepted' },
  '16': { vi: 'Từ chối thu hồi', en: 'Recall refused' },
};

const UPDATE_LABEL: Label = { vi: 'Đã nhận bản cập nhật', en: 'Update arrived' };

/**
 * The label of an edXML status code (QCVN 102:2016 status messages, DESIGN.md §3) as the sender's
 * tracking and the inbox show it; an event of kind `update` (business type 2) has its own.
 */
export function statusLabel(code: StatusCode, kind: 'status' | 'update' = 'status'): Label {
  return kind === 'update' ? UPDATE_LABEL : LABELS[code];
}
