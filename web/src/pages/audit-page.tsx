// Nhật ký hệ thống: the latest audit events (each type with its label), and for admins the check of
// the hash chain's integrity.
import { useState } from 'react';
import { api, ok } from '../api/client';
import type { ResponseOf } from '../api/types';
import { DataTable, type Column } from '../components/data-table';
import { ActionFeedback, useAction } from '../components/form';
import { useApi } from '../components/use-api';
import { formatDateTime, formatNumber } from '../format/format';
import { defineStrings, useLanguage, useStrings } from '../i18n/i18n';
import { AUDIT_EVENT_LABELS, labelOf } from '../labels/labels';
import { useMe } from '../session/session';

export const AUDIT_STRINGS = defineStrings({
  vi: {
    auditTitle: 'Nhật ký hệ thống',
    auditLead: 'Các sự kiện được ghi theo chuỗi băm: sửa hoặc xóa một dòng đều bị phát hiện.',
    verifyChain: 'Kiểm tra tính toàn vẹn chuỗi',
    verifying: 'Đang kiểm tra chuỗi nhật ký…',
    chainOk: 'Chuỗi nhật ký toàn vẹn ({count} sự kiện).',
    chainBroken: 'Chuỗi nhật ký bị phá vỡ tại sự kiện số {seq} ({reason}).',
    reason_SEQ_GAP: 'thiếu sự kiện trong dãy số',
    reason_PREV_HASH_MISMATCH: 'mã băm liên kết không khớp',
    reason_HASH_MISMATCH: 'nội dung sự kiện đã bị sửa',
    reason_UNKEYED_AFTER_KEYED: 'sự kiện không có khóa xác thực sau khi chuỗi đã dùng khóa',
    reason_KEY_UNKNOWN: 'sự kiện ký bằng khóa không xác định',
    reason_ANCHOR_MISMATCH: 'không khớp với bản neo lưu ngoài cơ sở dữ liệu',
    reason_TRUNCATED: 'các sự kiện cuối chuỗi đã bị xóa',
    colSeq: 'Số thứ tự',
    colTime: 'Thời điểm',
    colEvent: 'Sự kiện',
    colActor: 'Người thực hiện',
    colIp: 'Địa chỉ IP',
    noEvents: 'Chưa có sự kiện nào.',
  },
  en: {
    auditTitle: 'Audit trail',
    auditLead: 'Events are hash-chained: editing or deleting a row is detected.',
    verifyChain: 'Verify chain integrity',
    verifying: 'Verifying the audit chain…',
    chainOk: 'The audit chain is intact ({count} events).',
    chainBroken: 'The audit chain is broken at event {seq} ({reason}).',
    reason_SEQ_GAP: 'an event is missing from the sequence',
    reason_PREV_HASH_MISMATCH: 'the link to the previous event does not match',
    reason_HASH_MISMATCH: 'the event was altered',
    reason_UNKEYED_AFTER_KEYED: 'an event without the audit key after the chain was keyed',
    reason_KEY_UNKNOWN: 'an event under an unknown key',
    reason_ANCHOR_MISMATCH: 'it does not match an anchor kept outside the database',
    reason_TRUNCATED: 'events at the end of the chain were deleted',
    colSeq: 'Sequence',
    colTime: 'Time',
    colEvent: 'Event',
    colActor: 'Actor',
    colIp: 'IP address',
    noEvents: 'No events yet.',
  },
});

type AuditRow = ResponseOf<'/api/audit/events', 'get'>['items'][number];

export function AuditPage() {
  const me = useMe();
  const t = useStrings(AUDIT_STRINGS);
  const { lang } = useLanguage();
  const events = useApi(() => ok(api.GET('/api/audit/events', { params: { query: { limit: 50 } } })), []);

  const columns: Column<AuditRow>[] = [
    { key: 'seq', header: t('colSeq'), cell: (e) => String(e.seq), sortValue: (e) => e.seq },
    {
      key: 'time',
      header: t('colTime'),
      cell: (e) => formatDateTime(String(e.occurredAt), { seconds: true }),
    },
    {
      key: 'type',
      header: t('colEvent'),
      cell: (e) => labelOf(AUDIT_EVENT_LABELS, e.type, lang),
      sortValue: (e) => labelOf(AUDIT_EVENT_LABELS, e.type, lang),
    },
    {
      key: 'actor',
      header: t('colActor'),
      cell: (e) => e.actorUsername ?? '—',
      sortValue: (e) => e.actorUsername,
    },
    { key: 'ip', header: t('colIp'), cell: (e) => e.ip ?? '—', className: 'code' },
  ];
  return (
    <>
      <h1>{t('auditTitle')}</h1>
      <p className="lead">{t('auditLead')}</p>
      {me.user.roles.includes('admin') ? <VerifyChain /> : null}
      <DataTable
        caption={t('auditTitle')}
        columns={columns}
        rows={events.status === 'ready' ? events.data.items : undefined}
        error={events.status === 'failed' ? events.error : undefined}
        onRetry={events.reload}
        rowKey={(e) => String(e.seq)}
        empty={t('noEvents')}
        initialSort={{ key: 'seq', direction: 'descending' }}
      />
    </>
  );
}

type ChainCheck = ResponseOf<'/api/admin/audit/verify', 'post'>;

/** Admins: verify the hash chain; the answer says intact (with the count) or where and why it broke. */
function VerifyChain() {
  const t = useStrings(AUDIT_STRINGS);
  const { lang } = useLanguage();
  const [check, setCheck] = useState<ChainCheck>();
  const verify = useAction(async () => setCheck(await ok(api.POST('/api/admin/audit/verify'))));
  const done = check
    ? check.ok
      ? t('chainOk', { count: formatNumber(check.count, lang) })
      : t('chainBroken', { seq: check.firstBrokenSeq, reason: t(`reason_${check.reason}`) })
    : undefined;
  return (
    <div className="toolbar">
      <button type="button" className="btn" disabled={verify.busy} onClick={() => void verify.run()}>
        {t('verifyChain')}
      </button>
      <ActionFeedback action={verify} busyText={t('verifying')} done={done} />
    </div>
  );
}
