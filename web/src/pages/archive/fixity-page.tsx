// Kiểm tra toàn vẹn (#/archive/fixity): fixity coverage of the archival objects — how many were
// re-hashed in the last N days, which failed (changed, missing, a read refused; repaired from the
// replica or not) and the checker's runs. A run that died shows as crashed/incomplete, never as clean.
import { api, ok } from '../../api/client';
import type { ResponseOf } from '../../api/types';
import { AsyncView } from '../../components/async-view';
import { Badge, type BadgeTone } from '../../components/badge';
import { DataTable, type Column } from '../../components/data-table';
import { useApi } from '../../components/use-api';
import { useDocumentTitle } from '../../components/use-document-title';
import { formatBytes, formatDateTime, formatNumber, formatPercent } from '../../format/format';
import { defineStrings, useLanguage, useStrings } from '../../i18n/i18n';
import { Link, to } from '../../router/hash-router';
import type { PageProps } from '../page-props';

type Coverage = ResponseOf<'/api/archive/fixity', 'get'>;
type Run = Coverage['runs'][number];
type Failure = Coverage['lastFailures'][number];

export const FIXITY_STRINGS = defineStrings({
  vi: {
    fixityTitle: 'Kiểm tra toàn vẹn tài liệu lưu trữ',
    fixityLead:
      'Mỗi đối tượng lưu trữ (bản PDF, tệp đính kèm, báo cáo xác thực, gói edXML, siêu dữ liệu) được băm lại định kỳ và so với mã băm SHA-256 đã lưu.',
    period: 'Khoảng thời gian',
    lastDays: '{n} ngày gần nhất',
    coverage: 'Độ phủ',
    scope_province: 'Phạm vi: mọi đơn vị trong tỉnh.',
    scope_units: 'Phạm vi: tài liệu lưu trữ của đơn vị bạn và các đơn vị trực thuộc.',
    checkedWithin: 'Đã kiểm tra trong {n} ngày',
    totalObjects: 'Tổng số đối tượng',
    neverChecked: 'Chưa kiểm tra lần nào',
    failing: 'Đang hỏng',
    totalSize: 'Dung lượng',
    allGood: 'Không có đối tượng nào đang hỏng.',
    failuresTitle: 'Lỗi gần đây',
    noFailures: 'Chưa phát hiện lỗi nào.',
    colTime: 'Thời điểm',
    colProblem: 'Vấn đề',
    colObject: 'Đối tượng (SHA-256)',
    colRecord: 'Hồ sơ lưu trữ',
    colRepaired: 'Khôi phục',
    problem_mismatch: 'Nội dung bị thay đổi',
    problem_missing: 'Mất đối tượng',
    'problem_read-refused': 'Từ chối phục vụ bản hỏng',
    repairedYes: 'Đã khôi phục từ bản sao',
    repairedNo: 'Chưa khôi phục',
    runsTitle: 'Các lượt kiểm tra',
    noRuns: 'Chưa có lượt kiểm tra nào.',
    colStarted: 'Bắt đầu',
    colFinished: 'Kết thúc',
    colStatus: 'Trạng thái',
    colChecked: 'Đã kiểm tra',
    colBytes: 'Dữ liệu đã đọc',
    colFailures: 'Lỗi',
    status_running: 'Đang chạy',
    status_finished: 'Hoàn tất',
    status_crashed: 'Bị gián đoạn',
    status_incomplete: 'Không hoàn tất',
    resumed: 'tiếp tục lượt trước',
    ofTotal: '{checked} / {total}',
  },
  en: {
    fixityTitle: 'Archive fixity',
    fixityLead:
      'Every archival object (PDF revisions, attachments, validation reports, edXML packages, metadata) is re-hashed periodically and compared with its stored SHA-256.',
    period: 'Period',
    lastDays: 'Last {n} days',
    coverage: 'Coverage',
    scope_province: 'Scope: every unit of the province.',
    scope_units: 'Scope: the archival records of your unit and the units below it.',
    checkedWithin: 'Checked in the last {n} days',
    totalObjects: 'Objects',
    neverChecked: 'Never checked',
    failing: 'Damaged',
    totalSize: 'Size',
    allGood: 'No object is damaged.',
    failuresTitle: 'Recent failures',
    noFailures: 'No failure found yet.',
    colTime: 'When',
    colProblem: 'Problem',
    colObject: 'Object (SHA-256)',
    colRecord: 'Archival record',
    colRepaired: 'Repair',
    problem_mismatch: 'Content changed',
    problem_missing: 'Object missing',
    'problem_read-refused': 'Corrupt copy refused',
    repairedYes: 'Repaired from the replica',
    repairedNo: 'Not repaired',
    runsTitle: 'Checker runs',
    noRuns: 'No run yet.',
    colStarted: 'Started',
    colFinished: 'Finished',
    colStatus: 'Status',
    colChecked: 'Checked',
    colBytes: 'Data read',
    colFailures: 'Failures',
    status_running: 'Running',
    status_finished: 'Finished',
    status_crashed: 'Interrupted',
    status_incomplete: 'Incomplete',
    resumed: 'resumes the previous run',
    ofTotal: '{checked} / {total}',
  },
});

const PERIODS = [7, 30, 90, 365] as const;
const STATUS_TONE: Record<Run['status'], BadgeTone> = {
  running: 'info',
  finished: 'ok',
  crashed: 'overdue',
  incomplete: 'warn',
};

export function FixityPage({ params }: PageProps) {
  const t = useStrings(FIXITY_STRINGS);
  const { lang } = useLanguage();
  useDocumentTitle(t('fixityTitle'));
  const requested = Number(params.get('days'));
  const days = (PERIODS as readonly number[]).includes(requested) ? requested : 30;
  const coverage = useApi(() => ok(api.GET('/api/archive/fixity', { params: { query: { days } } })), [days]);

  const failureColumns: Column<Failure>[] = [
    {
      key: 'time',
      header: t('colTime'),
      cell: (f) => formatDateTime(f.occurredAt),
      sortValue: (f) => f.occurredAt,
    },
    { key: 'problem', header: t('colProblem'), cell: (f) => t(`problem_${f.event}`) },
    {
      key: 'object',
      header: t('colObject'),
      cell: (f) => <code title={f.sha256 ?? undefined}>{f.sha256 ? `${f.sha256.slice(0, 16)}…` : '—'}</code>,
    },
    {
      key: 'record',
      header: t('colRecord'),
      cell: (f) => (f.recordId ? <code>{f.recordId.slice(0, 8)}</code> : '—'),
    },
    {
      key: 'repaired',
      header: t('colRepaired'),
      cell: (f) =>
        f.repaired ? (
          <Badge tone="ok">{t('repairedYes')}</Badge>
        ) : (
          <Badge tone="urgent">{t('repairedNo')}</Badge>
        ),
    },
  ];
  const runColumns: Column<Run>[] = [
    {
      key: 'started',
      header: t('colStarted'),
      cell: (r) => formatDateTime(r.startedAt),
      sortValue: (r) => r.startedAt,
    },
    { key: 'finished', header: t('colFinished'), cell: (r) => formatDateTime(r.finishedAt) || '—' },
    {
      key: 'status',
      header: t('colStatus'),
      cell: (r) => (
        <>
          <Badge tone={STATUS_TONE[r.status]}>{t(`status_${r.status}`)}</Badge>
          {r.resumedFrom ? <small> ({t('resumed')})</small> : null}
        </>
      ),
    },
    {
      key: 'checked',
      header: t('colChecked'),
      cell: (r) =>
        t('ofTotal', {
          checked: formatNumber(r.objectsChecked, lang),
          total: formatNumber(r.objectsTotal, lang),
        }),
    },
    { key: 'bytes', header: t('colBytes'), cell: (r) => formatBytes(r.bytesChecked, lang) },
    { key: 'failures', header: t('colFailures'), cell: (r) => formatNumber(r.failures, lang) },
  ];

  return (
    <>
      <h1>{t('fixityTitle')}</h1>
      <p className="lead">{t('fixityLead')}</p>
      <nav aria-label={t('period')} className="toolbar">
        {PERIODS.map((n) => (
          <Link
            key={n}
            to={to('#/archive/fixity', { days: String(n) })}
            className="btn"
            aria-current={n === days ? 'page' : undefined}
          >
            {t('lastDays', { n })}
          </Link>
        ))}
      </nav>
      <AsyncView state={coverage} onRetry={coverage.reload}>
        {(c) => (
          <>
            <section aria-labelledby="fixity-coverage">
              <h2 id="fixity-coverage">{t('coverage')}</h2>
              <p className="hint">{t(c.scope === 'units' ? 'scope_units' : 'scope_province')}</p>
              <dl className="props">
                <dt>{t('checkedWithin', { n: c.days })}</dt>
                <dd>
                  {formatNumber(c.checkedWithinDays, lang)} / {formatNumber(c.totalObjects, lang)}
                  {c.totalObjects > 0
                    ? ` (${formatPercent(c.checkedWithinDays / c.totalObjects, lang, 1)})`
                    : ''}
                </dd>
                <dt>{t('neverChecked')}</dt>
                <dd>{formatNumber(c.neverChecked, lang)}</dd>
                <dt>{t('failing')}</dt>
                <dd>
                  {c.failing > 0 ? (
                    <Badge tone="urgent">{formatNumber(c.failing, lang)}</Badge>
                  ) : (
                    <span role="status">{t('allGood')}</span>
                  )}
                </dd>
                <dt>{t('totalSize')}</dt>
                <dd>{formatBytes(c.totalBytes, lang)}</dd>
              </dl>
            </section>
            <h2>{t('failuresTitle')}</h2>
            <DataTable
              caption={t('failuresTitle')}
              columns={failureColumns}
              rows={c.lastFailures}
              rowKey={(f) => `${f.occurredAt}-${f.objectId ?? ''}-${f.event}`}
              empty={t('noFailures')}
            />
            <h2>{t('runsTitle')}</h2>
            <DataTable
              caption={t('runsTitle')}
              columns={runColumns}
              rows={c.runs}
              rowKey={(r) => r.id}
              empty={t('noRuns')}
            />
          </>
        )}
      </AsyncView>
    </>
  );
}
