// An issued report (issue 13 item 5; the `report.issued` notification links here): the report of a unit
// and everything below it, generated when its period ended and kept as issued — headline rates in the
// province's wording, the monthly trend, the levels and the units — with its downloads (CSV, XLSX, PDF of
// what was issued, never recomputed) and a link to the current figures of the same period.
import { api, ok } from '../../api/client';
import type { ResponseOf } from '../../api/types';
import { AsyncView } from '../../components/async-view';
import { DataTable } from '../../components/data-table';
import { DownloadLinks } from '../../components/download-links';
import { useApi } from '../../components/use-api';
import { useDocumentTitle } from '../../components/use-document-title';
import { formatDateTime, formatNumber } from '../../format/format';
import { useLanguage, useStrings } from '../../i18n/i18n';
import { Link, to } from '../../router/hash-router';
import type { PageProps } from '../page-props';
import { rateText, TrendTable } from './reports-page';
import { REPORTS_STRINGS } from './reports-strings';
import './reports.css';

type Issued = ResponseOf<'/api/reports/issued/{id}', 'get'>;

export function IssuedReportPage({ id }: PageProps) {
  const t = useStrings(REPORTS_STRINGS);
  useDocumentTitle(t('issuedTitle'));
  const issued = useApi(
    () => ok(api.GET('/api/reports/issued/{id}', { params: { path: { id: id ?? '' } } })),
    [id],
  );
  return (
    <div className="reports">
      <h1>{t('issuedTitle')}</h1>
      <AsyncView state={issued} onRetry={issued.reload}>
        {(r) => <IssuedReport issued={r} />}
      </AsyncView>
    </div>
  );
}

function IssuedReport({ issued }: { issued: Issued }) {
  const t = useStrings(REPORTS_STRINGS);
  const { lang } = useLanguage();
  const r = issued.report;
  const unit = r.units.find((u) => u.unit.id === issued.unitId)?.unit;
  const [window, period] = issued.periodKey.split(':') as [string, string];
  const docs = lang === 'vi' ? 'văn bản' : 'documents';
  const download = (format: 'csv' | 'xlsx' | 'pdf') =>
    `/api/reports/issued/${encodeURIComponent(issued.id)}/export?format=${format}`;
  const live = to('#/reports', {
    period,
    window: window === 'calendar' ? undefined : window,
    scope: 'subtree',
    unitId: issued.unitId,
  });
  return (
    <>
      <p className="lead">{t('issuedNote', { d: formatDateTime(issued.issuedAt) })}</p>
      <dl className="report-headline" data-issued="meta">
        <dt>{t('issuedUnit')}</dt>
        <dd data-figure="unit">{unit?.name ?? '—'}</dd>
        <dt>{t('issuedPeriod')}</dt>
        <dd data-figure="period">{r.period.label[lang]}</dd>
        <dt>{t('issuedAt')}</dt>
        <dd data-figure="issuedAt">{formatDateTime(issued.issuedAt)}</dd>
      </dl>
      {r.notes.map((n, i) => (
        <p key={i} className="notice">
          {n[lang]}
        </p>
      ))}
      <section className="card" aria-labelledby="issued-headline">
        <h2 id="issued-headline">{t('headline')}</h2>
        <dl className="report-headline">
          <dt>{t('exchangeRate')}</dt>
          <dd data-figure="exchange">{rateText(r.total.rates.exchange, lang)}</dd>
          <dt>{t('signedRate')}</dt>
          <dd data-figure="signedSeal">{rateText(r.total.rates.signedSeal, lang)}</dd>
          <dt>{t('leaderRate')}</dt>
          <dd data-figure="signedLeader">{rateText(r.total.rates.signedLeader, lang)}</dd>
          <dt>{t('handling')}</dt>
          <dd data-figure="handling">
            {t('early')}: {rateText(r.total.rates.handledEarly, lang, docs)}; {t('onTime')}:{' '}
            {rateText(r.total.rates.handledOnTime, lang, docs)}; {t('late')}:{' '}
            {rateText(r.total.rates.handledLate, lang, docs)}
          </dd>
          <dt>{t('overdueOpen')}</dt>
          <dd data-figure="overdueOpen">{formatNumber(r.total.counts.overdueOpen, lang)}</dd>
        </dl>
      </section>
      <section className="card" aria-labelledby="issued-trend">
        <h2 id="issued-trend">{t('trend')}</h2>
        <TrendTable trend={r.trend} />
      </section>
      <section className="card" aria-labelledby="issued-units">
        <h2 id="issued-units">{t('units')}</h2>
        <DataTable
          caption={t('units')}
          rows={r.units}
          rowKey={(u) => u.unit.id}
          empty={t('noUnits')}
          pageSize={50}
          columns={[
            { key: 'unit', header: t('unit'), cell: (u) => u.unit.name },
            { key: 'out', header: t('outTotal'), cell: (u) => formatNumber(u.counts.outTotal, lang) },
            { key: 'exchange', header: t('exchangeRate'), cell: (u) => rateText(u.rates.exchange, lang) },
            { key: 'signed', header: t('signedRate'), cell: (u) => rateText(u.rates.signedSeal, lang) },
            { key: 'late', header: t('late'), cell: (u) => formatNumber(u.counts.handledLate, lang) },
          ]}
        />
      </section>
      <section className="card no-print" aria-labelledby="issued-downloads">
        <h2 id="issued-downloads">{t('issuedDownloads')}</h2>
        <DownloadLinks
          links={[
            { href: download('csv'), label: t('exportCsv') },
            { href: download('xlsx'), label: t('exportXlsx') },
            { href: download('pdf'), label: t('exportPdf') },
          ]}
        >
          <Link to={live}>{t('issuedLive')}</Link>
        </DownloadLinks>
      </section>
    </>
  );
}
