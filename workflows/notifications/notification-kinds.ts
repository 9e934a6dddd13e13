/**
 * The notification kinds the producers send (docs/notifications.md) and a user can turn off per channel.
 * Labels: Vietnamese first, English beside (account page, API).
 */
export const NOTIFICATION_KINDS = {
  'incoming.arrived': { vi: 'Văn bản đến mới', en: 'New incoming document' },
  'incoming.urgent': { vi: 'Văn bản khẩn, thượng khẩn, hỏa tốc', en: 'Urgent incoming document' },
  'incoming.to_assign': { vi: 'Văn bản đến chờ phân công', en: 'Incoming document to assign' },
  'incoming.assigned': { vi: 'Được giao xử lý văn bản', en: 'Document assigned to you' },
  'incoming.for_information': { vi: 'Văn bản gửi để biết', en: 'Document for your information' },
  'incoming.deadline_approaching': { vi: 'Sắp đến hạn xử lý', en: 'Deadline approaching' },
  'incoming.deadline_missed': { vi: 'Quá hạn xử lý', en: 'Deadline missed' },
  'outgoing.to_sign': { vi: 'Văn bản chờ ký', en: 'Document waiting for your signature' },
  'outgoing.to_seal': { vi: 'Văn bản chờ cấp số, đóng dấu', en: 'Document to number and seal' },
  'outgoing.returned': { vi: 'Dự thảo bị trả lại', en: 'Draft returned' },
  'outgoing.recall_requested': { vi: 'Yêu cầu thu hồi văn bản', en: 'Recall request' },
  'archive.transfer_due': { vi: 'Hồ sơ sắp đến hạn nộp lưu', en: 'Case file due for transfer' },
  'archive.transfer_submitted': { vi: 'Hồ sơ nộp lưu chờ tiếp nhận', en: 'Transfer waiting for acceptance' },
  'archive.transfer_accepted': { vi: 'Lưu trữ đã tiếp nhận hồ sơ', en: 'Transfer accepted' },
  'archive.transfer_returned': { vi: 'Hồ sơ nộp lưu bị trả lại', en: 'Transfer returned' },
  'archive.disposal_proposed': {
    vi: 'Danh mục tài liệu hết giá trị chờ duyệt',
    en: 'Disposal list to approve',
  },
  'archive.fixity_failure': {
    vi: 'Tài liệu lưu trữ bị sai lệch hoặc mất',
    en: 'Archival object corrupt or missing',
  },
  'report.issued': { vi: 'Báo cáo định kỳ đã lập', en: 'Periodic report issued' },
  'digitisation.ocr_done': { vi: 'Số hóa xong (nhận dạng chữ)', en: 'Digitisation (OCR) finished' },
  'digitisation.ocr_failed': { vi: 'Số hóa không thành công', en: 'Digitisation (OCR) failed' },
} as const satisfies Record<string, { vi: string; en: string }>;

export type NotificationKind = keyof typeof NOTIFICATION_KINDS;
export const NOTIFICATION_KIND_NAMES = Object.keys(NOTIFICATION_KINDS) as NotificationKind[];
