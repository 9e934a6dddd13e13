// Báo cáo kiểm tra (#/validation/reports/:id): downloads (PDF, HTML, JSON in the page's language), the
// document's verdict with its summary and notes, then one card per signature: verdict, facts (the
// indication with its label and ETSI code), the chain, timestamps and the modification analysis by
// revision (the detail of every change folded away). The words come from the server
// (GET /api/validation/reports/:id/view), the same outline the PDF and HTML reports print.
import { Fragment } from 'react';
import { api, ok } from '../../api/client';
import { AsyncView } from '../../components/async-view';
import { useApi } from '../../components/use-api';
import { useDocumentTitle } from '../../components/use-document-title';
import { useLanguage, useStrings } from '../../i18n/i18n';
import { to } from '../../router/hash-router';
import type { PageProps } from '../page-props';
import { VALIDATION_STRINGS, type Facts, type ReportView } from './validation-strings';
import { ValidationTabs, VerdictBox } from './validation-widgets';

type Table = ReportView['signatures'][number]['tables'][number];

const isHash = (v: string) => /^[0-9a-f]{64}$/.test(v);

function FactList({ facts }: { facts: Facts }) {
  return (
    <dl className="props">
      {facts.map(([k = '', v = ''], i) => (
        <Fragment key={`${k}-${i}`}>
          <dt>{k}</dt>
          <dd className={isHash(v) ? 'hash' : undefined}>{v}</dd>
        </Fragment>
      ))}
    </dl>
  );
}

function DetailTable({ table }: { table: Table }) {
  const grid =
    table.rows.length > 0 ? (
      <div className="table-scroll">
        <table className="data">
          <caption className="visually-hidden">{table.caption}</caption>
          <thead>
            <tr>
              {table.headers.map((h, i) => (
                <th key={i} scope="col">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row, i) => (
              <tr key={i}>
                {row.map((cell, j) => (
                  <td key={j}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    ) : null;
  const note = table.note ? <p className="empty">{table.note}</p> : null;
  if (table.collapsible)
    return (
      <details className="detail-table">
        <summary>
          {table.caption} ({table.rows.length})
        </summary>
        {grid}
        {note}
      </details>
    );
  return (
    <>
      <h3>{table.caption}</h3>
      {grid}
      {note}
    </>
  );
}

/** The indication fact of a signature ("Hợp lệ — TOTAL_PASSED"): label and code, for its badge. */
const indicationOf = (facts: Facts) => facts.find(([, v = '']) => /TOTAL_|INDETERMINATE/.test(v))?.[1];

export function Downloads({ id }: { id: string }) {
  const t = useStrings(VALIDATION_STRINGS);
  const { lang } = useLanguage();
  const link = (format: 'pdf' | 'html' | 'json', key: 'downloadPdf' | 'downloadHtml' | 'downloadJson') => (
    <a
      className={format === 'pdf' ? 'btn btn-primary' : 'btn'}
      href={to(`/api/validation/reports/${id}/download`, { format, lang })}
      download=""
    >
      {t(key)}
    </a>
  );
  return (
    <div className="downloads" role="group" aria-label={t('download')}>
      {link('pdf', 'downloadPdf')}
      {link('html', 'downloadHtml')}
      {link('json', 'downloadJson')}
    </div>
  );
}

export function Report({ id, view }: { id: string; view: ReportView }) {
  return (
    <div id="validation-result">
      <h2 className="report-title">{view.subtitle}</h2>
      <Downloads id={id} />
      <section className="card" id="validation-verdict" aria-label={view.headline}>
        <VerdictBox tone={view.tone} headline={view.headline} explanation={view.explanation} announce />
        <h3>{view.labels.summary}</h3>
        <FactList facts={view.facts} />
        {view.notes.length > 0 ? (
          <>
            <h3>{view.labels.notes}</h3>
            <ul className="reasons">
              {view.notes.map((n, i) => (
                <li key={i}>{n}</li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
      {view.signatures.map((s, i) => {
        const indication = indicationOf(s.facts);
        return (
          <section key={i} className="card signature-card" aria-labelledby={`signature-${i}`}>
            <h2 id={`signature-${i}`}>
              {s.heading}
              {indication ? <span className={`badge badge-${s.tone}`}>{indication}</span> : null}
            </h2>
            <VerdictBox tone={s.tone} headline={s.headline} explanation={s.explanation} />
            <FactList facts={s.facts} />
            {s.tables.map((table, j) => (
              <DetailTable key={j} table={table} />
            ))}
            {s.reasons.length > 0 ? (
              <>
                <h3>{view.labels.reasons}</h3>
                <ul className="reasons">
                  {s.reasons.map((r, j) => (
                    <li key={j}>{r}</li>
                  ))}
                </ul>
              </>
            ) : null}
          </section>
        );
      })}
    </div>
  );
}

export function ValidationReportPage({ id }: PageProps) {
  const t = useStrings(VALIDATION_STRINGS);
  const { lang } = useLanguage();
  useDocumentTitle(t('title'));
  const report = useApi(
    () =>
      ok(
        api.GET('/api/validation/reports/{id}/view', {
          params: { path: { id: id ?? '' }, query: { lang } },
        }),
      ),
    [id, lang],
  );
  return (
    <>
      <h1>{t('title')}</h1>
      <ValidationTabs />
      <p>
        <a href="#/validation" className="btn">
          {t('another')}
        </a>
      </p>
      <AsyncView state={report} onRetry={report.reload}>
        {(data) => <Report id={id ?? ''} view={data.view} />}
      </AsyncView>
    </>
  );
}
