// #/inbox — Văn bản đến: counters (waiting, urgent waiting, awaiting assignment, overdue, recall
// requests, mine; each a link to the filtered list), filters (words with or without diacritics,
// status, arrival dates, urgent, overdue, recall requested) and keyset pages, all in the address
// (`#/inbox?q=…&status=01&urgent=1&overdue=1&recall=1&from=…&to=…&after=c1,c2`), so Back, reload and
// bookmarks work. Ported from inboxPage() of the old shell's incoming-pages.mjs.
import { useState } from 'react';
import { api, ok } from '../../api/client';
import { CheckboxField, SelectField, TextField } from '../../components/form';
import { ErrorNotice } from '../../components/notice';
import { useApi, type ApiState } from '../../components/use-api';
import { DOCUMENT_STRINGS } from '../../documents/document-strings';
import { FlashNotice, useFlash } from '../../documents/document-widgets';
import { formatNumber } from '../../format/format';
import { useLanguage, useStrings } from '../../i18n/i18n';
import { EDXML_STATUS_LABELS } from '../../labels/labels';
import { navigate, to } from '../../router/hash-router';
import type { PageProps } from '../page-props';
import { INCOMING_STATUS_CODES, type IncomingSummary } from './incoming-document';
import { INCOMING_STRINGS, type IncomingKey } from './incoming-strings';
import { IncomingTable } from './incoming-table';

const PAGE_SIZE = 25;

interface Filters {
  readonly q: string;
  readonly status: string;
  readonly urgent: boolean;
  readonly overdue: boolean;
  readonly recall: boolean;
  readonly from: string;
  readonly to: string;
  /** From the home page's "due this week" counter: in progress, deadline up to this day. */
  readonly dueBy?: string;
}

function filtersOf(params: URLSearchParams): Filters {
  return {
    q: params.get('q') ?? '',
    status: params.get('status') ?? '',
    urgent: params.get('urgent') === '1',
    overdue: params.get('overdue') === '1',
    recall: params.get('recall') === '1',
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
    dueBy: params.get('dueBy') ?? '',
  };
}

const hashOf = (f: Filters, after: readonly string[]) =>
  to('#/inbox', {
    q: f.q.trim(),
    status: f.status,
    urgent: f.urgent ? '1' : '',
    overdue: f.overdue ? '1' : '',
    recall: f.recall ? '1' : '',
    from: f.from,
    to: f.to,
    dueBy: f.dueBy ?? '',
    after: after.join(','),
  });

export function InboxPage({ params }: PageProps) {
  const t = useStrings(INCOMING_STRINGS);
  const [flash] = useFlash();
  const applied = filtersOf(params);
  const after = (params.get('after') ?? '').split(',').filter(Boolean);

  const summary = useApi(() => ok(api.GET('/api/incoming/summary')), []);
  const page = useApi(
    () =>
      ok(
        api.GET('/api/incoming', {
          params: {
            query: {
              q: applied.q || undefined,
              status: applied.status || undefined,
              urgent: applied.urgent ? 'true' : undefined,
              overdue: applied.overdue ? 'true' : undefined,
              recallPending: applied.recall ? 'true' : undefined,
              from: applied.from || undefined,
              to: applied.to || undefined,
              dueBy: applied.dueBy || undefined,
              limit: PAGE_SIZE,
              cursor: after.at(-1),
            },
          },
        }),
      ),
    [hashOf(applied, after)],
  );

  /** To the list these filters and cursors give; the same list again is read anew. */
  const go = (cursors: readonly string[], f: Filters) => {
    const target = hashOf(f, cursors);
    if (globalThis.location.hash === target) {
      summary.reload();
      page.reload();
    } else navigate(target);
  };
  const pageNo = after.length + 1;

  return (
    <>
      <h1>{t('inboxTitle')}</h1>
      <p className="lead">{t('inboxLead')}</p>
      <FlashNotice text={flash} />
      <Counters state={summary} />
      <FilterForm key={hashOf(applied, [])} initial={applied} onApply={(f) => go([], f)} />
      <div id="inbox-results">
        <IncomingTable
          caption={t('inboxTable')}
          base="#/inbox"
          rows={page.status === 'ready' ? page.data.items : undefined}
          error={page.status === 'failed' ? page.error : undefined}
          onRetry={page.reload}
          empty={t('noIncoming')}
          pager={
            page.status === 'ready' && (pageNo > 1 || page.data.nextCursor)
              ? {
                  page: pageNo,
                  onPrevious: pageNo > 1 ? () => go(after.slice(0, -1), applied) : undefined,
                  onNext: page.data.nextCursor
                    ? () => go([...after, page.data.nextCursor!], applied)
                    : undefined,
                }
              : undefined
          }
        />
      </div>
    </>
  );
}

/** The filters as typed; applied (put in the address) when the form is sent. */
function FilterForm({ initial, onApply }: { initial: Filters; onApply: (f: Filters) => void }) {
  const t = useStrings(INCOMING_STRINGS);
  const d = useStrings(DOCUMENT_STRINGS);
  const { lang } = useLanguage();
  const [form, setForm] = useState<Filters>(initial);
  return (
    <form
      className="toolbar filters"
      role="search"
      aria-label={t('inboxFilters')}
      onSubmit={(e) => {
        e.preventDefault();
        onApply(form);
      }}
    >
      <TextField
        className="grow"
        label={t('inboxSearch')}
        type="search"
        name="q"
        value={form.q}
        placeholder={t('inboxSearchPlaceholder')}
        autoComplete="off"
        onChange={(q) => setForm({ ...form, q })}
      />
      <SelectField
        label={d('statusCol')}
        name="status"
        value={form.status}
        onChange={(status) => setForm({ ...form, status })}
        options={[
          { value: '', label: t('allStatuses') },
          ...INCOMING_STATUS_CODES.map((c) => ({
            value: c,
            label: `${c} — ${EDXML_STATUS_LABELS[c][lang]}`,
          })),
        ]}
      />
      <TextField
        label={t('receivedFrom')}
        type="date"
        name="from"
        value={form.from}
        onChange={(from) => setForm({ ...form, from })}
      />
      <TextField
        label={t('receivedTo')}
        type="date"
        name="to"
        value={form.to}
        onChange={(v) => setForm({ ...form, to: v })}
      />
      <CheckboxField
        label={t('filterUrgent')}
        name="urgent"
        checked={form.urgent}
        onChange={(urgent) => setForm({ ...form, urgent })}
      />
      <CheckboxField
        label={t('filterOverdue')}
        name="overdue"
        checked={form.overdue}
        onChange={(overdue) => setForm({ ...form, overdue })}
      />
      <CheckboxField
        label={t('filterRecall')}
        name="recall"
        checked={form.recall}
        onChange={(recall) => setForm({ ...form, recall })}
      />
      <button type="submit" className="btn btn-primary">
        {d('filter')}
      </button>
    </form>
  );
}

function Counters({ state }: { state: ApiState<IncomingSummary> }) {
  const t = useStrings(INCOMING_STRINGS);
  const { lang } = useLanguage();
  if (state.status === 'loading') return <div className="counters" aria-busy="true" />;
  if (state.status === 'failed') return <ErrorNotice error={state.error} />;
  const s = state.data;
  const counter = (key: IncomingKey, value: number, hash: string, kind: '' | 'urgent' | 'overdue' = '') => (
    <li key={key}>
      <a className={`counter${kind && value ? ` counter-${kind}` : ''}`} href={hash}>
        <span className="stat">{formatNumber(value, lang)}</span> <span>{t(key)}</span>
      </a>
    </li>
  );
  return (
    <ul className="counters plain" aria-label={t('counters')}>
      {counter('countArrived', s.byStatus['01'] ?? 0, '#/inbox?status=01')}
      {counter('countUrgent', s.urgentWaiting, '#/inbox?status=01&urgent=1', 'urgent')}
      {counter('countAwaitingAssignment', s.byStatus['04'] ?? 0, '#/inbox?status=04')}
      {counter('countOverdue', s.overdue, '#/inbox?overdue=1', 'overdue')}
      {counter('countRecall', s.recallPending, '#/inbox?recall=1', 'urgent')}
      {counter('countMine', s.assignedToMe, '#/assignments')}
    </ul>
  );
}
