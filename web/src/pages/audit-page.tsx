// Nhật ký hệ thống: audit events (each type with its label) filtered by user, unit, event and period,
// in cursor pages, exported as CSV or XLSX; for admins the check of the hash chain's integrity.
import { useState } from 'react';
import type { ApiState } from '../components/use-api';
import { api, ok } from '../api/client';
import type { QueryOf, ResponseOf } from '../api/types';
import { DataTable, type Column } from '../components/data-table';
import { ActionFeedback, SelectField, TextField, useAction } from '../components/form';
import { useApi } from '../components/use-api';
import { formatDateTime, formatNumber } from '../format/format';
import { defineStrings, useLanguage, useStrings } from '../i18n/i18n';
import { AUDIT_EVENT_LABELS, labelOf } from '../labels/labels';
import { useMe } from '../session/session';

/** Offers a file the server built as a download named `fileName`. */
function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

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
    filters: 'Lọc nhật ký',
    filterUser: 'Tên đăng nhập',
    filterUnit: 'Mã định danh đơn vị',
    filterUnitHint: 'Đơn vị và các đơn vị trực thuộc; để trống: đơn vị của bạn.',
    filterEvent: 'Sự kiện',
    filterEventAll: 'Tất cả sự kiện',
    filterFrom: 'Từ ngày',
    filterTo: 'Đến ngày',
    apply: 'Lọc',
    unitNotFound: 'Không có đơn vị với mã định danh này.',
    exportCsv: 'Xuất CSV',
    exportXlsx: 'Xuất XLSX',
    exporting: 'Đang xuất nhật ký…',
    exported: 'Đã xuất {count} sự kiện.',
    colUnit: 'Đơn vị',
    colDetails: 'Chi tiết',
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
    filters: 'Filter the audit trail',
    filterUser: 'Username',
    filterUnit: 'Unit identifier code',
    filterUnitHint: 'The unit and the units below it; empty: your unit.',
    filterEvent: 'Event',
    filterEventAll: 'All events',
    filterFrom: 'From',
    filterTo: 'To',
    apply: 'Filter',
    unitNotFound: 'No unit has this identifier code.',
    exportCsv: 'Export CSV',
    exportXlsx: 'Export XLSX',
    exporting: 'Exporting the audit trail…',
    exported: '{count} events exported.',
    colUnit: 'Unit',
    colDetails: 'Details',
  },
});

type AuditRow = ResponseOf<'/api/audit/events', 'get'>['items'][number];
type AuditQuery = QueryOf<'/api/audit/events', 'get'>;

const PAGE_SIZE = 50;

interface Filters {
  readonly username: string;
  readonly unitCode: string;
  readonly type: string;
  readonly from: string;
  readonly to: string;
}
const NO_FILTERS: Filters = { username: '', unitCode: '', type: '', from: '', to: '' };

const nextDay = (date: string) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

class UnitCodeError extends Error {}

/** The API's query for the filters (dates are Vietnam's calendar days; `to` includes its day). */
async function queryOf(f: Filters): Promise<AuditQuery> {
  let unit: string | undefined;
  if (f.unitCode.trim()) {
    const page = await ok(api.GET('/api/units', { params: { query: { q: f.unitCode.trim(), limit: 20 } } }));
    unit = page.items.find((u) => u.code === f.unitCode.trim())?.id;
    if (!unit) throw new UnitCodeError();
  }
  return {
    username: f.username.trim() || undefined,
    unit,
    type: f.type || undefined,
    from: f.from ? `${f.from}T00:00:00+07:00` : undefined,
    to: f.to ? `${nextDay(f.to)}T00:00:00+07:00` : undefined,
  };
}

export function AuditPage() {
  const me = useMe();
  const t = useStrings(AUDIT_STRINGS);
  const { lang } = useLanguage();
  const [form, setForm] = useState<Filters>(NO_FILTERS);
  const [applied, setApplied] = useState<Filters>(NO_FILTERS);
  const [cursors, setCursors] = useState<string[]>([]);
  const events = useApi(async () => {
    const query = await queryOf(applied);
    return ok(
      api.GET('/api/audit/events', {
        params: { query: { ...query, limit: PAGE_SIZE, cursor: cursors.at(-1) } },
      }),
    );
  }, [applied, cursors.join(',')]);
  const unitError = events.status === 'failed' && events.error instanceof UnitCodeError;
  const [exported, setExported] = useState<string>();
  const exportAction = useAction(async (format: 'csv' | 'xlsx') => {
    // Built on the server (GET /api/audit/events/export): the same filters and access, unit names,
    // the events' Vietnamese names; more than the bound answers 422, shown here.
    const query = await queryOf(applied);
    const answer = await api.GET('/api/audit/events/export', {
      params: { query: { ...query, format } },
      parseAs: 'blob',
    });
    const blob = (await ok(Promise.resolve(answer))) as unknown as Blob;
    download(blob, `nhat-ky-he-thong-${new Date().toISOString().slice(0, 10)}.${format}`);
    const count = Number(answer.response.headers.get('X-Row-Count') ?? 0);
    setExported(t('exported', { count: formatNumber(count, lang) }));
  });
  const eventOptions = Object.keys(AUDIT_EVENT_LABELS)
    .map((k) => ({ value: k, label: labelOf(AUDIT_EVENT_LABELS, k, lang) }))
    .sort((a, b) => a.label.localeCompare(b.label, lang));

  const columns: Column<AuditRow>[] = [
    { key: 'seq', header: t('colSeq'), cell: (e) => String(e.seq) },
    {
      key: 'time',
      header: t('colTime'),
      cell: (e) => formatDateTime(String(e.occurredAt), { seconds: true }),
    },
    {
      key: 'type',
      header: t('colEvent'),
      cell: (e) => labelOf(AUDIT_EVENT_LABELS, e.type, lang),
    },
    {
      key: 'actor',
      header: t('colActor'),
      cell: (e) => e.actorUsername ?? '—',
    },
    { key: 'ip', header: t('colIp'), cell: (e) => e.ip ?? '—', className: 'code' },
  ];
  const shown: ApiState<{ items: AuditRow[]; nextCursor: string | null }> = unitError
    ? { status: 'ready', data: { items: [], nextCursor: null } }
    : events;
  return (
    <>
      <h1>{t('auditTitle')}</h1>
      <p className="lead">{t('auditLead')}</p>
      {me.user.roles.includes('admin') ? <VerifyChain /> : null}
      <form
        className="toolbar"
        aria-label={t('filters')}
        onSubmit={(e) => {
          e.preventDefault();
          setExported(undefined);
          setCursors([]);
          setApplied({ ...form });
        }}
      >
        <TextField
          label={t('filterUser')}
          name="username"
          value={form.username}
          autoComplete="off"
          onChange={(v) => setForm({ ...form, username: v })}
        />
        <TextField
          label={t('filterUnit')}
          name="unit"
          value={form.unitCode}
          hint={t('filterUnitHint')}
          error={unitError ? t('unitNotFound') : undefined}
          onChange={(v) => setForm({ ...form, unitCode: v })}
        />
        <SelectField
          label={t('filterEvent')}
          name="type"
          value={form.type}
          onChange={(v) => setForm({ ...form, type: v })}
          options={[{ value: '', label: t('filterEventAll') }, ...eventOptions]}
        />
        <TextField
          label={t('filterFrom')}
          type="date"
          name="from"
          value={form.from}
          onChange={(v) => setForm({ ...form, from: v })}
        />
        <TextField
          label={t('filterTo')}
          type="date"
          name="to"
          value={form.to}
          onChange={(v) => setForm({ ...form, to: v })}
        />
        <button type="submit" className="btn btn-primary">
          {t('apply')}
        </button>
      </form>
      <div className="toolbar">
        <button
          type="button"
          className="btn"
          disabled={exportAction.busy}
          onClick={() => void exportAction.run('csv')}
        >
          {t('exportCsv')}
        </button>
        <button
          type="button"
          className="btn"
          disabled={exportAction.busy}
          onClick={() => void exportAction.run('xlsx')}
        >
          {t('exportXlsx')}
        </button>
        <ActionFeedback action={exportAction} busyText={t('exporting')} done={exported} />
      </div>
      <div aria-live="polite">
        <DataTable
          caption={t('auditTitle')}
          columns={columns}
          rows={shown.status === 'ready' ? shown.data.items : undefined}
          error={shown.status === 'failed' ? shown.error : undefined}
          onRetry={events.reload}
          rowKey={(e) => String(e.seq)}
          empty={t('noEvents')}
          pager={{
            page: cursors.length + 1,
            onPrevious: cursors.length > 0 ? () => setCursors(cursors.slice(0, -1)) : undefined,
            onNext:
              shown.status === 'ready' && shown.data.nextCursor
                ? () => setCursors([...cursors, shown.data.nextCursor!])
                : undefined,
          }}
        />
      </div>
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
