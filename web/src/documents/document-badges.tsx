// Badges of the document pages: the outgoing status (Dự thảo … Đã phát hành), an incoming edXML status
// code with the API's own label (`03 Đã tiếp nhận, vào sổ`), and the urgency, classification and
// verdict badges of the shared blocks (re-exported, so document pages import them from one place).
// No code shows without its label. Used by the outgoing pages and the incoming pages.
import type { Label } from '../labels/labels';
import { Badge, type BadgeTone } from '../components/badge';
import { useLanguage } from '../i18n/i18n';
import type { OutgoingStatus } from './outgoing-document';

export { ClassificationBadge, StatusBadge, UrgencyBadge, VerdictBadge } from '../components/badge';

export const OUTGOING_STATUS_LABELS: Readonly<Record<OutgoingStatus, Label>> = {
  draft: { vi: 'Dự thảo', en: 'Draft' },
  in_review: { vi: 'Đang trình ký', en: 'In review' },
  returned: { vi: 'Bị trả lại', en: 'Returned' },
  signed: { vi: 'Lãnh đạo đã ký', en: 'Signed by the leader' },
  numbered: { vi: 'Đã vào số', en: 'Numbered' },
  sealed: { vi: 'Đã đóng dấu, chờ phát hành', en: 'Sealed, ready to send' },
  issued: { vi: 'Đã phát hành', en: 'Issued' },
  recalled: { vi: 'Đã thu hồi', en: 'Recalled' },
  replaced: { vi: 'Đã bị thay thế', en: 'Replaced' },
};

const OUTGOING_TONE: Readonly<Record<OutgoingStatus, BadgeTone>> = {
  draft: 'info',
  returned: 'warn',
  in_review: 'info',
  signed: 'info',
  numbered: 'info',
  sealed: 'ok',
  issued: 'ok',
  recalled: 'ended',
  replaced: 'ended',
};

export function OutgoingStatusBadge({ status }: { status: OutgoingStatus }) {
  const { lang } = useLanguage();
  return <Badge tone={OUTGOING_TONE[status]}>{OUTGOING_STATUS_LABELS[status][lang]}</Badge>;
}

const INCOMING_TONE: Readonly<Record<string, BadgeTone>> = {
  '01': 'info',
  '02': 'ended',
  '03': 'ok',
  '04': 'warn',
  '05': 'info',
  '06': 'ok',
  '13': 'warn',
  '15': 'ended',
  '16': 'warn',
};

/**
 * An edXML status code with the label the API gave with it (`{ vi, en }`): `05 Đang xử lý`. The code
 * stays visible (clerks and other systems speak in codes) but never alone.
 */
export function IncomingStatusBadge({ code, label }: { code: string; label: Label }) {
  const { lang } = useLanguage();
  return (
    <Badge tone={INCOMING_TONE[code] ?? 'info'}>
      <span className="code">{code}</span> {label[lang]}
    </Badge>
  );
}
