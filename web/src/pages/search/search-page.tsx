// Tìm kiếm (#/search): one search over everything the person may read (issue 12). The query, filters,
// order and page live in the address (`q`, `kind`, `type`, `issuer`, `year`, `status`, `urgency`,
// `level`, `file`, `retention`, `sort`, `page`), so Back, reload and bookmarks work; facets add or
// remove a filter; matches are marked in the title and the text snippet (plain text, never HTML).
import { useState, type FormEvent } from 'react';
import { api, ok } from '../../api/client';
import type { ResponseOf } from '../../api/types';
import { AsyncView } from '../../components/async-view';
import { DownloadLinks } from '../../components/download-links';
import { ActionFeedback, SelectField, TextField, useAction } from '../../components/form';
import { useApi } from '../../components/use-api';
import { useDocumentTitle } from '../../components/use-document-title';
import { formatDayOf, formatNumber } from '../../format/format';
import { useLanguage, useStrings } from '../../i18n/i18n';
import { Link, navigate, to } from '../../router/hash-router';
import type { PageProps } from '../page-props';
import { SEARCH_STRINGS } from './search-strings';

type Result = ResponseOf<'/api/search', 'get'>;
type Hit = Result['hits'][number];
type Segment = Hit['snippet'][number];
type FacetName = 'type' | 'issuer' | 'year' | 'status' | 'urgency' | 'level' | 'file' | 'retention';

const FACETS: readonly FacetName[] = [
  'type',
  'issuer',
  'year',
  'status',
  'urgency',
  'level',
  'file',
  'retention',
];
const FILTERS = ['kind', ...FACETS] as const;
const PAGE_SIZE = 20;

/** The address's query as the API's (repeated parameters stay repeated). */
function apiQuery(params: URLSearchParams, page: number) {
  const all = (k: string) => {
    const v = params.getAll(k).filter(Boolean);
    return v.length ? v : undefined;
  };
  return {
    q: params.get('q') || undefined,
    kind: all('kind') as ('outgoing' | 'incoming' | 'record' | 'file' | 'scan')[] | undefined,
    type: all('type'),
    issuer: all('issuer'),
    year: all('year'),
    status: all('status'),
    urgency: all('urgency'),
    level: all('level'),
    file: all('file'),
    retention: all('retention'),
    sort: (params.get('sort') === 'date'
      ? 'date'
      : params.get('sort') === 'relevance'
        ? 'relevance'
        : undefined) as 'date' | 'relevance' | undefined,
    page,
    pageSize: PAGE_SIZE,
    facets: 'true' as const,
  };
}

/** `#/search?…` with one parameter changed (a filter toggled, another page). */
function withParam(params: URLSearchParams, change: (p: URLSearchParams) => void): string {
  const p = new URLSearchParams(params);
  change(p);
  const s = p.toString();
  return s ? `#/search?${s}` : '#/search';
}

function Marked({ segments }: { segments: readonly Segment[] }) {
  return (
    <>{segments.map((s, i) => (s.mark ? <mark key={i}>{s.text}</mark> : <span key={i}>{s.text}</span>))}</>
  );
}

/** Where a hit opens: the document's own page. */
function hitLink(h: Hit): string | null {
  if (h.kind === 'outgoing') return `#/outbox/${h.id}`;
  if (h.kind === 'incoming') return `#/inbox/${h.id}`;
  if (h.kind === 'file') return `#/archive/files/${h.id}`;
  if (h.kind === 'scan') return `#/digitisation/${h.id}`;
  return null;
}

export function SearchPage({ params }: PageProps) {
  const t = useStrings(SEARCH_STRINGS);
  const { lang } = useLanguage();
  useDocumentTitle(t('searchTitle'));
  const q = params.get('q') ?? '';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const key = params.toString();
  const [text, setText] = useState(q);
  const [sort, setSort] = useState<'relevance' | 'date'>(
    params.get('sort') === 'date' ? 'date' : 'relevance',
  );
  const result = useApi(
    () => ok(api.GET('/api/search', { params: { query: apiQuery(params, page) } })),
    [key],
  );
  const saved = useApi(() => ok(api.GET('/api/search/saved')), []);
  const [saveName, setSaveName] = useState('');
  const save = useAction(async () => {
    await ok(
      api.POST('/api/search/saved', { body: { name: saveName, query: q, filters: filtersOf(params) } }),
    );
    saved.reload();
    return true;
  });
  const remove = useAction(async (id: string) => {
    await ok(api.DELETE('/api/search/saved/{id}', { params: { path: { id } } }));
    saved.reload();
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    navigate(
      withParam(params, (p) => {
        p.set('q', text);
        p.set('sort', sort);
        p.delete('page');
      }),
    );
  };
  const exportHref = (format: 'xlsx' | 'csv') => {
    const p = new URLSearchParams();
    if (q) p.set('q', q);
    for (const f of FILTERS) for (const v of params.getAll(f)) p.append(f, v);
    if (params.get('sort')) p.set('sort', params.get('sort')!);
    p.set('format', format);
    return `/api/search/export?${p.toString()}`;
  };
  const hasFilters = FILTERS.some((f) => params.getAll(f).length > 0);

  return (
    <>
      <h1>{t('searchTitle')}</h1>
      <p className="lead">{t('searchLead')}</p>
      <form role="search" className="search-form" onSubmit={submit}>
        <TextField
          type="search"
          label={t('query')}
          hint={t('queryHint')}
          value={text}
          onChange={setText}
          name="q"
        />
        <SelectField
          label={t('sort')}
          value={sort}
          onChange={setSort}
          options={[
            { value: 'relevance', label: t('sortRelevance') },
            { value: 'date', label: t('sortDate') },
          ]}
        />
        <button type="submit" className="btn btn-primary">
          {t('search')}
        </button>
      </form>
      <AsyncView state={result} onRetry={result.reload}>
        {(r) => (
          <div className="search-layout">
            <aside className="search-facets" aria-label={t('filters')}>
              <h2>{t('filters')}</h2>
              {r.facetsAreEstimates ? <p className="hint">{t('facetsApprox')}</p> : null}
              {hasFilters ? (
                <p>
                  <Link to={to('#/search', { q, sort: params.get('sort') })}>{t('clearFilters')}</Link>
                </p>
              ) : null}
              {FACETS.map((f) => {
                const values = r.facets?.[f] ?? [];
                if (values.length === 0) return null;
                const active = params.getAll(f);
                return (
                  <section key={f} aria-labelledby={`facet-${f}`}>
                    <h3 id={`facet-${f}`}>{t(`facet_${f}`)}</h3>
                    <ul>
                      {values.map((v) => {
                        const on = active.includes(v.value);
                        const href = withParam(params, (p) => {
                          p.delete('page');
                          if (on) {
                            const rest = p.getAll(f).filter((x) => x !== v.value);
                            p.delete(f);
                            for (const x of rest) p.append(f, x);
                          } else p.append(f, v.value);
                        });
                        return (
                          <li key={v.value}>
                            <Link to={href} aria-current={on ? 'true' : undefined}>
                              {v.value} ({r.facetsAreEstimates ? '≈' : ''}
                              {formatNumber(v.count, lang)})
                            </Link>
                          </li>
                        );
                      })}
                    </ul>
                  </section>
                );
              })}
            </aside>
            <section className="search-results" aria-labelledby="search-results">
              <h2 id="search-results">{t('results')}</h2>
              <p role="status">
                {r.totalIsEstimate
                  ? t('foundAbout', { n: formatNumber(r.total, lang) })
                  : r.totalCapped
                    ? t('foundMore', { n: formatNumber(r.total, lang) })
                    : t('found', { n: formatNumber(r.total, lang) })}
              </p>
              {r.fuzzy ? <p className="notice">{t('fuzzy')}</p> : null}
              {r.hits.length === 0 ? (
                <p className="empty">{t('noResults')}</p>
              ) : (
                <ol className="search-hits" start={(r.page - 1) * r.pageSize + 1}>
                  {r.hits.map((h) => {
                    const href = hitLink(h);
                    const title = <Marked segments={h.titleMarks} />;
                    return (
                      <li key={`${h.kind}:${h.id}`}>
                        <p className="search-hit-head">
                          <span className="badge">{t(`kind_${h.kind}`)}</span>{' '}
                          {h.number ? <strong>{h.number}</strong> : null}{' '}
                          {href ? <Link to={href}>{title}</Link> : title}
                        </p>
                        <p className="search-hit-meta">
                          {[
                            h.documentType,
                            h.issuer,
                            h.issuedAt ? t('issued', { date: formatDayOf(h.issuedAt as string) }) : null,
                            h.arrivedAt ? t('arrived', { date: formatDayOf(h.arrivedAt as string) }) : null,
                            h.signer ? t('signer', { name: h.signer }) : null,
                          ]
                            .filter(Boolean)
                            .join(' · ')}
                        </p>
                        {h.snippet.length ? (
                          <p className="search-hit-snippet">
                            <Marked segments={h.snippet} />
                          </p>
                        ) : null}
                      </li>
                    );
                  })}
                </ol>
              )}
              <nav className="toolbar" aria-label={t('pageOf', { page: r.page })}>
                {r.page > 1 ? (
                  <Link className="btn" to={withParam(params, (p) => p.set('page', String(r.page - 1)))}>
                    {t('previous')}
                  </Link>
                ) : null}
                <span>{t('pageOf', { page: r.page })}</span>
                {r.page * r.pageSize < r.total ? (
                  <Link className="btn" to={withParam(params, (p) => p.set('page', String(r.page + 1)))}>
                    {t('next')}
                  </Link>
                ) : null}
              </nav>
              <section aria-labelledby="search-export">
                <h2 id="search-export">{t('exportTitle')}</h2>
                <DownloadLinks
                  links={[
                    { href: exportHref('xlsx'), label: t('exportXlsx') },
                    { href: exportHref('csv'), label: t('exportCsv') },
                  ]}
                />
              </section>
            </section>
          </div>
        )}
      </AsyncView>
      <section aria-labelledby="search-saved">
        <h2 id="search-saved">{t('saved')}</h2>
        <AsyncView state={saved} onRetry={saved.reload}>
          {(s) =>
            s.items.length === 0 ? (
              <p className="empty">{t('noSaved')}</p>
            ) : (
              <ul className="search-saved">
                {s.items.map((x) => (
                  <li key={x.id}>
                    <Link to={savedHref(x.query, x.filters)}>{x.name}</Link>{' '}
                    <button
                      type="button"
                      className="btn"
                      aria-label={t('removeNamed', { name: x.name })}
                      disabled={remove.busy}
                      onClick={() => void remove.run(x.id)}
                    >
                      {t('remove')}
                    </button>
                  </li>
                ))}
              </ul>
            )
          }
        </AsyncView>
        <form
          className="search-form"
          onSubmit={(e) => {
            e.preventDefault();
            void save.run();
          }}
        >
          <TextField label={t('saveName')} value={saveName} onChange={setSaveName} name="saveName" required />
          <button type="submit" className="btn" disabled={save.busy || saveName.trim() === ''}>
            {t('save')}
          </button>
        </form>
        <ActionFeedback action={save} busyText={t('saving')} />
      </section>
    </>
  );
}

/** The filters of the address, to keep with a saved search. */
function filtersOf(params: URLSearchParams): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const f of FILTERS) {
    const v = params.getAll(f);
    if (v.length) out[f] = v;
  }
  if (params.get('sort')) out.sort = [params.get('sort')!];
  return out;
}

function savedHref(query: string, filters: Record<string, unknown>): string {
  const p = new URLSearchParams();
  if (query) p.set('q', query);
  for (const [k, v] of Object.entries(filters))
    if (Array.isArray(v)) for (const x of v) if (typeof x === 'string') p.append(k, x);
  return `#/search?${p.toString()}`;
}
