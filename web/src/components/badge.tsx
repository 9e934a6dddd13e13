// Badges: a short coloured label for a state. The typed ones take the API's enum value and show its
// label (labels.ts), never the code.
import type { ReactNode } from 'react';
import type { ArrivalVerdict, Classification, Urgency } from '../api/types';
import { useLanguage } from '../i18n/i18n';
import {
  CLASSIFICATION_LABELS,
  EDXML_STATUS_LABELS,
  labelOf,
  URGENCY_LABELS,
  VERDICT_LABELS,
  type Label,
} from '../labels/labels';

export type BadgeTone = 'ok' | 'ended' | 'info' | 'warn' | 'urgent' | 'secret' | 'overdue';

export function Badge({
  tone,
  children,
  className,
}: {
  tone: BadgeTone;
  children: ReactNode;
  className?: string;
}) {
  return <span className={`badge badge-${tone}${className ? ` ${className}` : ''}`}>{children}</span>;
}

/** Khẩn / Thượng khẩn / Hỏa tốc; nothing for a normal document. */
export function UrgencyBadge({ urgency }: { urgency: Urgency }) {
  const { lang } = useLanguage();
  if (urgency === 'normal') return null;
  return (
    <Badge tone="urgent" className={`urgency-${urgency}`}>
      {URGENCY_LABELS[urgency][lang]}
    </Badge>
  );
}

/** Mật / Tối mật / Tuyệt mật; nothing for an unclassified document. */
export function ClassificationBadge({ classification }: { classification: Classification }) {
  const { lang } = useLanguage();
  if (classification === 'none') return null;
  return <Badge tone="secret">{CLASSIFICATION_LABELS[classification][lang]}</Badge>;
}

const VERDICT_TONE: Readonly<Record<ArrivalVerdict, BadgeTone>> = {
  pending: 'info',
  TOTAL_PASSED: 'ok',
  TOTAL_FAILED: 'urgent',
  INDETERMINATE: 'warn',
  UNSIGNED: 'ended',
};

/** The validation verdict of a signed document: Hợp lệ, Không hợp lệ, Chưa xác định… */
export function VerdictBadge({ verdict }: { verdict: ArrivalVerdict }) {
  const { lang } = useLanguage();
  return <Badge tone={VERDICT_TONE[verdict]}>{VERDICT_LABELS[verdict][lang]}</Badge>;
}

const UNKNOWN_STATUS: Label = { vi: 'Trạng thái khác', en: 'Other status' };

/** An edXML status code with its label: `03 Đã tiếp nhận`. */
export function StatusBadge({ code }: { code: string }) {
  const { lang } = useLanguage();
  const tone: BadgeTone = code === '02' || code === '16' ? 'urgent' : code === '06' ? 'ok' : 'info';
  return (
    <Badge tone={tone}>
      {code} {labelOf(EDXML_STATUS_LABELS, code, lang, UNKNOWN_STATUS)}
    </Badge>
  );
}
