// Reports dashboard (issue 13 item 6): headline rates in the province's wording, the monthly trend, the
// levels, the ranking of units and on-time handling for a period and scope; every figure drills down
// (province → level → unit → the documents). Filters live in the address; a print view and the API's
// exports (CSV, XLSX, PDF). Definitions: docs/reports.md.
import { useMemo, useState, type FormEvent } from 'react';
import { api, ok } from '../../api/client';
import type { ResponseOf } from '../../api/types';
import { AsyncView } from '../../components/async-view';
import { Chart, numberAxis, type ChartOption } from '../../components/chart';
import { DataTable, type Column } from '../../components/data-table';
import { DownloadLinks } from '../../components/download-links';
import { SelectField, TextField } from '../../components/form';
import { useApi } from '../../components/use-api';
import { useDocumentTitle } from '../../components/use-document-title';
import { formatDayOf, formatNumber } from '../../format/format';
import { useLanguage, useStrings, type Language } from '../../i18n/i18n';
import { Link, navigate, to } from '../../router/hash-router';
import { useMe } from '../../session/session';
import type { PageProps } from '../page-props';
import { REPORTS_STRINGS } from './reports-strings';
import './reports.css';

type Report = ResponseOf<'/api/reports', 'get'>;
type Rate = Report['total']['rates']['exchange'];
type Scope = 'province' | 'level' | 'subtree' | 'unit';
type Level = 'province_district' | 'commune';
const MEASURES = ['outgoing', 'electronic', 'signed_seal', 'handled_late', 'overdue_open'] as const;
type Measure = (typeof MEASURES)[number];

/** The current year (Vietnam) as the default period. */
function thisYear(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric' }).format(
    new Date(),
  );
}

/** A rate as the province writes it (vi: `99,96% (33.545/33.557 văn bản đi)`), in English with English digits. */
export function rateText(rate: Rate, lang: Language, unit?: string): string {
  if (lang === 'vi') return unit === undefined ? rate.text : rate.text.replace('văn bản đi', unit);
  const pct =
    rate.hundredths === null ? '—' : `${(rate.hundredths / 100).toFixed(rate.hundredths % 100 ? 2 : 0)}%`;
  return `${pct} (${formatNumber(rate.numerator, 'en')}/${formatNumber(rate.denominator, 'en')}${unit === undefined ? ' outgoing documents' : ` ${unit}`})`;
}

interface Query {
  period: string;
  window: 'calendar' | 'decree09';
  scope: Scope;
  unitId?: string;
  level?: Level;
}

function queryOf(params: URLSearchParams, ownUnit: string): Query {
  const scope = (['province', 'level', 'subtree', 'unit'] as const).find((s) => s === params.get('scope'));
  const level = (['province_district', 'commune'] as const).find((l) => l === params.get('level'));
  return {
    period: params.get('period') || thisYear(),
    window: params.get('window') === 'decree09' ? 'decree09' : 'calendar',
    scope: scope ?? 'subtree',
    ...(scope === 'level' ? { level: level ?? 'province_district' } : {}),
    ...(scope === undefined || scope === 'subtree' || scope === 'unit'
      ? { unitId: params.get('unitId') || ownUnit }
      : {}),
  };
}

const hrefOf = (q: Query, extra: Record<string, string | undefined> = {}) =>
  to('#/reports', {
    period: q.period,
    window: q.window === 'calendar' ? undefined : q.window,
    scope: q.scope,
    unitId: q.unitId,
    level: q.level,
    ...extra,
  });

function apiQuery(q: Query): {
  period: string;
  window: Query['window'];
  scope: Scope;
  unitId?: string;
  level?: Level;
} {
  return {
    period: q.period,
    window: q.window,
    scope: q.scope,
    ...(q.unitId ? { unitId: q.unitId } : {}),
    ...(q.level ? { level: q.level } : {}),
  };
}

export function ReportsPage({ params }: PageProps) {
  const t = useStrings(REPORTS_STRINGS);
  const { lang } = useLanguage();
  const me = useMe();
  useDocumentTitle(t('reportsTitle'));
  const q = queryOf(params, me.user.unit.id);
  const key = JSON.stringify(q);
  const measure = MEASURES.find((m) => m === params.get('measure'));
  const report = useApi(() => ok(api.GET('/api/reports', { params: { query: apiQuery(q) } })), [key]);

  const [period, setPeriod] = useState(q.period);
  const [window, setWindow] = useState<Query['window']>(q.window);
  const scopeChoice = q.scope === 'level' ? `level:${q.level}` : q.scope;
  const [scope, setScope] = useState(scopeChoice);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const [s, l] = scope.split(':') as [Scope, Level | undefined];
    navigate(
      hrefOf({
        period,
        window,
        scope: s,
        ...(s === 'level' ? { level: l } : {}),
        ...(s === 'subtree' || s === 'unit' ? { unitId: q.unitId ?? me.user.unit.id } : {}),
      }),
    );
  };
  const exportHref = (format: 'csv' | 'xlsx' | 'pdf') =>
    `/api/reports/export?${new URLSearchParams({ ...(apiQuery(q) as Record<string, string>), format }).toString()}`;

  return (
    <div className="reports">
      <h1>{t('reportsTitle')}</h1>
      <p className="lead no-print">{t('reportsLead')}</p>
      <form className="toolbar report-filters no-print" aria-label={t('filters')} onSubmit={submit}>
        <TextField
          label={t('period')}
          hint={t('periodHint')}
          value={period}
          onChange={setPeriod}
          name="period"
        />
        <SelectField
          label={t('window')}
          value={window}
          onChange={setWindow}
          options={[
            { value: 'calendar', label: t('windowCalendar') },
            { value: 'decree09', label: t('windowDecree09') },
          ]}
        />
        <SelectField
          label={t('scope')}
          value={scope}
          onChange={setScope}
          options={[
            { value: 'subtree', label: t('scopeSubtree') },
            { value: 'unit', label: t('scopeUnit') },
            { value: 'province', label: t('scopeProvince') },
            { value: 'level:province_district', label: t('scopeLevelPD') },
            { value: 'level:commune', label: t('scopeLevelC') },
          ]}
        />
        <button type="submit" className="btn btn-primary">
          {t('show')}
        </button>
      </form>
      <AsyncView state={report} onRetry={report.reload}>
        {(r) => (
          <>
            <Breadcrumb report={r} q={q} />
            <p className="report-period">
              <strong>{r.period.label[lang]}</strong> — {t('asOf', { d: formatDayOf(r.asOf) })}
            </p>
            {r.notes.map((n, i) => (
              <p key={i} className="notice">
                {n[lang]}
              </p>
            ))}
            <Headline report={r} q={q} />
            <Trend report={r} />
            <Levels report={r} q={q} />
            <Units report={r} q={q} />
            {measure ? <Documents q={q} measure={measure} /> : null}
            <section className="card no-print" aria-labelledby="report-exports">
              <h2 id="report-exports">{t('exports')}</h2>
              <DownloadLinks
                links={[
                  { href: exportHref('csv'), label: t('exportCsv') },
                  { href: exportHref('xlsx'), label: t('exportXlsx') },
                  { href: exportHref('pdf'), label: t('exportPdf') },
                ]}
              >
                <button type="button" className="btn" onClick={() => globalThis.print()}>
                  {t('print')}
                </button>
              </DownloadLinks>
            </section>
          </>
        )}
      </AsyncView>
    </div>
  );
}

function Breadcrumb({ report, q }: { report: Report; q: Query }) {
  const t = useStrings(REPORTS_STRINGS);
  const { lang } = useLanguage();
  const unit = q.unitId ? report.units.find((u) => u.unit.id === q.unitId)?.unit : undefined;
  const level = unit?.reportLevel ?? q.level;
  const levelLabel = report.levels.find((l) => l.level === level)?.label[lang];
  return (
    <nav aria-label={t('breadcrumb')} className="breadcrumb">
      <Link to={hrefOf({ period: q.period, window: q.window, scope: 'province' })}>{t('province')}</Link>
      {level && levelLabel ? (
        <>
          {' › '}
          <Link to={hrefOf({ period: q.period, window: q.window, scope: 'level', level })}>{levelLabel}</Link>
        </>
      ) : null}
      {unit ? (
        <>
          {' › '}
          <span aria-current="page">{unit.name}</span>
        </>
      ) : null}
    </nav>
  );
}

function Headline({ report, q }: { report: Report; q: Query }) {
  const t = useStrings(REPORTS_STRINGS);
  const { lang } = useLanguage();
  const r = report.total.rates;
  const c = report.total.counts;
  const drill = (m: Measure) => hrefOf(q, { measure: m });
  return (
    <section className="card" aria-labelledby="report-headline">
      <h2 id="report-headline">{t('headline')}</h2>
      <dl className="report-headline">
        <dt>{t('exchangeRate')}</dt>
        <dd data-figure="exchange">
          {rateText(r.exchange, lang)} <Link to={drill('electronic')}>{t('seeDocuments')}</Link>
        </dd>
        <dt>{t('signedRate')}</dt>
        <dd data-figure="signedSeal">
          {rateText(r.signedSeal, lang)} <Link to={drill('signed_seal')}>{t('seeDocuments')}</Link>
        </dd>
        <dt>{t('leaderRate')}</dt>
        <dd data-figure="signedLeader">{rateText(r.signedLeader, lang)}</dd>
        <dt>{t('handling')}</dt>
        <dd data-figure="handling">
          {t('early')}: {rateText(r.handledEarly, lang, lang === 'vi' ? 'văn bản' : 'documents')};{' '}
          {t('onTime')}: {rateText(r.handledOnTime, lang, lang === 'vi' ? 'văn bản' : 'documents')};{' '}
          {t('late')}: {rateText(r.handledLate, lang, lang === 'vi' ? 'văn bản' : 'documents')}{' '}
          <Link to={drill('handled_late')}>{t('seeDocuments')}</Link>
          {r.averageHandlingHours !== null ? (
            <> — {t('averageHours', { h: formatNumber(r.averageHandlingHours, lang) })}</>
          ) : null}
        </dd>
        <dt>{t('overdueOpen')}</dt>
        <dd data-figure="overdueOpen">
          {formatNumber(c.overdueOpen, lang)} <Link to={drill('overdue_open')}>{t('seeDocuments')}</Link>
        </dd>
      </dl>
    </section>
  );
}

function Trend({ report }: { report: Report }) {
  const t = useStrings(REPORTS_STRINGS);
  const { lang } = useLanguage();
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { data: [t('outTotal'), t('outSigned')] },
      xAxis: { type: 'category', data: report.trend.map((m) => m.from.slice(0, 7)) },
      yAxis: numberAxis(lang),
      series: [
        { name: t('outTotal'), type: 'bar', data: report.trend.map((m) => m.counts.outTotal) },
        { name: t('outSigned'), type: 'bar', data: report.trend.map((m) => m.counts.outSignedSeal) },
      ],
    }),
    [report, lang, t],
  );
  return (
    <section className="card" aria-labelledby="report-trend">
      <h2 id="report-trend">{t('trend')}</h2>
      <Chart option={option} label={t('trendChart')} />
      <TrendTable trend={report.trend} withOverdue />
    </section>
  );
}

/** The month-by-month table of a report (the dashboard adds the overdue count at each month's end). */
export function TrendTable({ trend, withOverdue }: { trend: Report['trend']; withOverdue?: boolean }) {
  const t = useStrings(REPORTS_STRINGS);
  const { lang } = useLanguage();
  const columns: Column<Report['trend'][number]>[] = [
    { key: 'month', header: t('month'), cell: (m) => m.from.slice(0, 7) },
    { key: 'out', header: t('outTotal'), cell: (m) => formatNumber(m.counts.outTotal, lang) },
    { key: 'exchange', header: t('exchangeRate'), cell: (m) => rateText(m.rates.exchange, lang) },
    { key: 'signed', header: t('signedRate'), cell: (m) => rateText(m.rates.signedSeal, lang) },
  ];
  if (withOverdue) {
    columns.push({
      key: 'overdue',
      header: t('overdueAtMonthEnd'),
      cell: (m) => formatNumber(m.counts.overdueOpen, lang),
    });
  }
  return (
    <DataTable
      caption={t('trend')}
      rows={trend}
      rowKey={(m) => m.from}
      empty={t('noDocuments')}
      columns={columns}
    />
  );
}

function Levels({ report, q }: { report: Report; q: Query }) {
  const t = useStrings(REPORTS_STRINGS);
  const { lang } = useLanguage();
  if (report.levels.length === 0) return null;
  return (
    <section className="card" aria-labelledby="report-levels">
      <h2 id="report-levels">{t('levels')}</h2>
      <DataTable
        caption={t('levels')}
        rows={report.levels}
        rowKey={(l) => l.level}
        empty={t('noUnits')}
        columns={[
          {
            key: 'level',
            header: t('level'),
            cell: (l) => (
              <Link to={hrefOf({ period: q.period, window: q.window, scope: 'level', level: l.level })}>
                {l.label[lang]}
              </Link>
            ),
          },
          { key: 'out', header: t('outTotal'), cell: (l) => formatNumber(l.counts.outTotal, lang) },
          { key: 'exchange', header: t('exchangeRate'), cell: (l) => rateText(l.rates.exchange, lang) },
          { key: 'signed', header: t('signedRate'), cell: (l) => rateText(l.rates.signedSeal, lang) },
          {
            key: 'onTime',
            header: t('onTime'),
            cell: (l) => rateText(l.rates.handledOnTime, lang, lang === 'vi' ? 'văn bản' : 'documents'),
          },
        ]}
      />
    </section>
  );
}

function Units({ report, q }: { report: Report; q: Query }) {
  const t = useStrings(REPORTS_STRINGS);
  const { lang } = useLanguage();
  const byId = new Map(report.units.map((u) => [u.unit.id, u]));
  const rows = report.ranking.map((r, i) => ({ rank: i + 1, ...r, row: byId.get(r.unitId) }));
  return (
    <section className="card" aria-labelledby="report-units">
      <h2 id="report-units">{t('units')}</h2>
      <DataTable
        caption={t('units')}
        rows={rows}
        rowKey={(r) => r.unitId}
        empty={t('noUnits')}
        pageSize={50}
        columns={[
          {
            key: 'rank',
            header: t('rank'),
            cell: (r) => formatNumber(r.rank, lang),
            sortValue: (r) => r.rank,
          },
          {
            key: 'unit',
            header: t('unit'),
            cell: (r) => (
              <Link to={hrefOf({ period: q.period, window: q.window, scope: 'unit', unitId: r.unitId })}>
                {r.name}
              </Link>
            ),
            sortValue: (r) => r.name,
          },
          {
            key: 'out',
            header: t('outTotal'),
            cell: (r) => formatNumber(r.row?.counts.outTotal ?? 0, lang),
            sortValue: (r) => r.row?.counts.outTotal ?? 0,
          },
          { key: 'exchange', header: t('exchangeRate'), cell: (r) => rateText(r.exchange, lang) },
          {
            key: 'signed',
            header: t('signedRate'),
            cell: (r) => rateText(r.signedSeal, lang),
            sortValue: (r) => r.signedSeal.hundredths ?? -1,
          },
          {
            key: 'late',
            header: t('late'),
            cell: (r) => formatNumber(r.row?.counts.handledLate ?? 0, lang),
            sortValue: (r) => r.row?.counts.handledLate ?? 0,
          },
        ]}
      />
    </section>
  );
}

function Documents({ q, measure }: { q: Query; measure: Measure }) {
  const t = useStrings(REPORTS_STRINGS);
  const { lang } = useLanguage();
  const docs = useApi(
    () =>
      ok(api.GET('/api/reports/documents', { params: { query: { ...apiQuery(q), measure, limit: 200 } } })),
    [JSON.stringify(q), measure],
  );
  type Doc = ResponseOf<'/api/reports/documents', 'get'>['included'][number];
  const columns = [
    {
      key: 'number',
      header: t('number'),
      cell: (d: Doc) => <a href={d.link}>{d.number || '—'}</a>,
    },
    { key: 'subject', header: t('subject'), cell: (d: Doc) => d.subject },
    { key: 'unit', header: t('unit'), cell: (d: Doc) => d.unitName },
    { key: 'day', header: t('day'), cell: (d: Doc) => formatDayOf(d.day) },
    { key: 'reason', header: t('reason'), cell: (d: Doc) => d.reason?.[lang] ?? '' },
  ];
  return (
    <section className="card" aria-labelledby="report-documents">
      <h2 id="report-documents">
        {t('documents')}: {t(`measure_${measure}`)}
      </h2>
      <AsyncView state={docs} onRetry={docs.reload}>
        {(d) => (
          <>
            <h3>{t('included', { n: formatNumber(d.total, lang) })}</h3>
            <DataTable
              caption={t('included', { n: d.total })}
              rows={d.included}
              rowKey={(x) => x.id}
              empty={t('noDocuments')}
              columns={columns}
            />
            {d.excludedTotal > 0 ? (
              <>
                <h3>{t('excluded', { n: formatNumber(d.excludedTotal, lang) })}</h3>
                <DataTable
                  caption={t('excluded', { n: d.excludedTotal })}
                  rows={d.excluded}
                  rowKey={(x) => x.id}
                  empty={t('noDocuments')}
                  columns={columns}
                />
              </>
            ) : null}
          </>
        )}
      </AsyncView>
    </section>
  );
}
