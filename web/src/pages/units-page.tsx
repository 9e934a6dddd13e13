// Danh bạ đơn vị: search by name or code (diacritics optional), level filter, dissolved units on
// request, keyset paging. The search and the cursors of the pages before live in the address
// (`#/units?q=…&level=…&ended=1&after=c1,c2`), so Back, reload and bookmarks work.
import { useState } from 'react';
import { api, ok } from '../api/client';
import type { Unit, UnitLevel } from '../api/types';
import { AsyncView } from '../components/async-view';
import { Badge } from '../components/badge';
import { DataTable, type Column } from '../components/data-table';
import { CheckboxField, SelectField, TextField } from '../components/form';
import { useApi } from '../components/use-api';
import { formatDate } from '../format/format';
import { defineStrings, useLanguage, useStrings } from '../i18n/i18n';
import { LEVEL_LABELS } from '../labels/labels';
import { navigate, to } from '../router/hash-router';
import type { PageProps } from './page-props';

const PAGE_SIZE = 20;

export const UNITS_STRINGS = defineStrings({
  vi: {
    unitsTitle: 'Danh bạ đơn vị',
    unitsLead: 'Tra cứu cơ quan, đơn vị trong tỉnh theo tên hoặc mã định danh (có dấu hoặc không dấu).',
    searchLabel: 'Tìm theo tên hoặc mã định danh',
    searchPlaceholder: 'Ví dụ: uy ban nhan dan, 000.00.00.H41',
    levelLabel: 'Cấp',
    levelAll: 'Tất cả các cấp',
    includeEnded: 'Gồm cả đơn vị đã giải thể, sáp nhập',
    search: 'Tìm kiếm',
    colCode: 'Mã định danh',
    colName: 'Tên đơn vị',
    colLevel: 'Cấp',
    colStatus: 'Hiệu lực',
    active: 'Đang hoạt động',
    endedOn: 'Chấm dứt từ {date}',
    noResults: 'Không tìm thấy đơn vị nào.',
  },
  en: {
    unitsTitle: 'Unit directory',
    unitsLead: 'Find the province’s bodies by name or identifier code (with or without diacritics).',
    searchLabel: 'Search by name or identifier code',
    searchPlaceholder: 'e.g. uy ban nhan dan, 000.00.00.H41',
    levelLabel: 'Level',
    levelAll: 'All levels',
    includeEnded: 'Include dissolved or merged units',
    search: 'Search',
    colCode: 'Identifier code',
    colName: 'Unit name',
    colLevel: 'Level',
    colStatus: 'Validity',
    active: 'Active',
    endedOn: 'Ended on {date}',
    noResults: 'No unit found.',
  },
});

type UnitRow = Pick<Unit, 'id' | 'code' | 'name' | 'level' | 'validTo'>;

export function ValidityBadge({ unit }: { unit: Pick<Unit, 'validTo'> }) {
  const t = useStrings(UNITS_STRINGS);
  return unit.validTo ? (
    <Badge tone="ended">{t('endedOn', { date: formatDate(unit.validTo) })}</Badge>
  ) : (
    <Badge tone="ok">{t('active')}</Badge>
  );
}

/** The columns of a list of units (the directory and a unit's subordinates). */
export function useUnitColumns(): Column<UnitRow>[] {
  const t = useStrings(UNITS_STRINGS);
  const { lang } = useLanguage();
  return [
    { key: 'code', header: t('colCode'), cell: (u) => u.code, className: 'code' },
    { key: 'name', header: t('colName'), cell: (u) => <a href={`#/units/${u.id}`}>{u.name}</a> },
    { key: 'level', header: t('colLevel'), cell: (u) => LEVEL_LABELS[u.level][lang] },
    { key: 'status', header: t('colStatus'), cell: (u) => <ValidityBadge unit={u} /> },
  ];
}

const isLevel = (v: string | null): v is UnitLevel => v === 'province' || v === 'district' || v === 'commune';

export function UnitsPage({ params }: PageProps) {
  const t = useStrings(UNITS_STRINGS);
  const { lang } = useLanguage();
  const columns = useUnitColumns();
  const q = params.get('q') ?? '';
  const levelParam = params.get('level');
  const level: UnitLevel | '' = isLevel(levelParam) ? levelParam : '';
  const ended = params.get('ended') === '1';
  const after = (params.get('after') ?? '').split(',').filter(Boolean);
  const [form, setForm] = useState({ q, level, ended });

  const page = useApi(
    () =>
      ok(
        api.GET('/api/units', {
          params: {
            query: {
              q: q || undefined,
              level: level || undefined,
              activeAt: ended ? undefined : 'today',
              limit: PAGE_SIZE,
              cursor: after.at(-1),
            },
          },
        }),
      ),
    [q, level, ended, after.join(',')],
  );

  const go = (cursors: string[], f = form) =>
    navigate(
      to('#/units', { q: f.q.trim(), level: f.level, ended: f.ended ? '1' : '', after: cursors.join(',') }),
    );

  return (
    <>
      <h1>{t('unitsTitle')}</h1>
      <p className="lead">{t('unitsLead')}</p>
      <form
        className="toolbar"
        role="search"
        aria-label={t('unitsTitle')}
        onSubmit={(e) => {
          e.preventDefault();
          go([]);
        }}
      >
        <TextField
          className="grow"
          label={t('searchLabel')}
          type="search"
          name="q"
          value={form.q}
          placeholder={t('searchPlaceholder')}
          autoComplete="off"
          onChange={(v) => setForm({ ...form, q: v })}
        />
        <SelectField<UnitLevel | ''>
          label={t('levelLabel')}
          name="level"
          value={form.level}
          onChange={(v) => setForm({ ...form, level: v })}
          options={[
            { value: '', label: t('levelAll') },
            ...(['province', 'district', 'commune'] as const).map((l) => ({
              value: l,
              label: LEVEL_LABELS[l][lang],
            })),
          ]}
        />
        <CheckboxField
          label={t('includeEnded')}
          checked={form.ended}
          onChange={(v) => setForm({ ...form, ended: v })}
        />
        <button type="submit" className="btn btn-primary">
          {t('search')}
        </button>
      </form>
      <div id="unit-results" aria-live="polite">
        <AsyncView state={page} onRetry={page.reload}>
          {(data) => (
            <DataTable
              caption={t('unitsTitle')}
              columns={columns}
              rows={data.items}
              rowKey={(u) => u.id}
              empty={t('noResults')}
              pager={{
                page: after.length + 1,
                onPrevious: after.length > 0 ? () => go(after.slice(0, -1), { q, level, ended }) : undefined,
                onNext: data.nextCursor
                  ? () => go([...after, data.nextCursor!], { q, level, ended })
                  : undefined,
              }}
            />
          )}
        </AsyncView>
      </div>
    </>
  );
}
