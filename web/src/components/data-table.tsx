// A table of rows with column headers: sorting by a column (click its header; aria-sort says which),
// paging (client-side over the rows given, or the server's cursor pages through `pager`), and the
// loading, failed, forbidden and empty states. Wide tables scroll inside their card.
import { useMemo, useState, type ReactNode } from 'react';
import { useLanguage, useStrings } from '../i18n/i18n';
import { SHELL_STRINGS } from '../shell-strings';
import { ErrorNotice, Loading } from './notice';

export interface Column<T> {
  readonly key: string;
  readonly header: ReactNode;
  /** The header as plain text (for the sort button's label when the header is not a string). */
  readonly headerText?: string;
  readonly cell: (row: T) => ReactNode;
  /** Makes the column sortable: the value rows are compared by. */
  readonly sortValue?: (row: T) => string | number | null | undefined;
  readonly className?: string;
}

/** Server-side pages (cursor paging): the page number and what the buttons do. */
export interface Pager {
  readonly page: number;
  readonly onPrevious?: () => void;
  readonly onNext?: () => void;
}

export interface DataTableProps<T> {
  readonly caption?: string;
  readonly columns: readonly Column<T>[];
  /** The rows; undefined while loading. */
  readonly rows: readonly T[] | undefined;
  readonly rowKey: (row: T) => string;
  readonly error?: unknown;
  readonly onRetry?: () => void;
  readonly empty: ReactNode;
  /** Client-side paging over `rows` (no `pager`): rows per page. */
  readonly pageSize?: number;
  readonly pager?: Pager;
  readonly rowClassName?: (row: T) => string | undefined;
  readonly initialSort?: { key: string; direction: 'ascending' | 'descending' };
}

function compare(a: string | number | null | undefined, b: string | number | null | undefined, lang: string) {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), lang === 'vi' ? 'vi' : 'en');
}

export function DataTable<T>(props: DataTableProps<T>) {
  const { columns, rows, rowKey, pageSize, pager } = props;
  const t = useStrings(SHELL_STRINGS);
  const { lang } = useLanguage();
  const [sort, setSort] = useState(props.initialSort);
  const [page, setPage] = useState(1);

  const sorted = useMemo(() => {
    if (!rows || !sort) return rows;
    const column = columns.find((c) => c.key === sort.key);
    if (!column?.sortValue) return rows;
    const value = column.sortValue;
    const sign = sort.direction === 'ascending' ? 1 : -1;
    return [...rows].sort((a, b) => sign * compare(value(a), value(b), lang));
  }, [rows, sort, columns, lang]);

  if (props.error !== undefined) return <ErrorNotice error={props.error} onRetry={props.onRetry} />;
  if (!sorted) return <Loading />;
  if (sorted.length === 0 && (!pager || pager.page <= 1)) return <p className="empty">{props.empty}</p>;

  const pages = pageSize && !pager ? Math.max(1, Math.ceil(sorted.length / pageSize)) : 1;
  const current = Math.min(page, pages);
  const shown = pageSize && !pager ? sorted.slice((current - 1) * pageSize, current * pageSize) : sorted;

  const toggle = (key: string) =>
    setSort((s) => ({
      key,
      direction: s?.key === key && s.direction === 'ascending' ? 'descending' : 'ascending',
    }));

  return (
    <>
      <div className="table-scroll">
        <table className="data">
          {props.caption ? <caption className="visually-hidden">{props.caption}</caption> : null}
          <thead>
            <tr>
              {columns.map((c) => {
                const sorted = sort?.key === c.key ? sort.direction : undefined;
                return (
                  <th key={c.key} scope="col" aria-sort={sorted ?? (c.sortValue ? 'none' : undefined)}>
                    {c.sortValue ? (
                      <button
                        type="button"
                        className="sort-button"
                        onClick={() => toggle(c.key)}
                        title={t('sortBy', { column: c.headerText ?? String(c.header) })}
                      >
                        {c.header}
                        <span aria-hidden="true" className="sort-mark">
                          {sorted === 'ascending' ? ' ▲' : sorted === 'descending' ? ' ▼' : ' ↕'}
                        </span>
                      </button>
                    ) : (
                      c.header
                    )}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {shown.map((row) => (
              <tr key={rowKey(row)} className={props.rowClassName?.(row)}>
                {columns.map((c) => (
                  <td key={c.key} className={c.className}>
                    {c.cell(row)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {pager ? (
        <PagerNav
          page={pager.page}
          onPrevious={pager.onPrevious}
          onNext={pager.onNext}
          label={t('pageNo', { page: pager.page })}
        />
      ) : pages > 1 ? (
        <PagerNav
          page={current}
          onPrevious={current > 1 ? () => setPage(current - 1) : undefined}
          onNext={current < pages ? () => setPage(current + 1) : undefined}
          label={t('pageOf', { page: current, pages })}
        />
      ) : null}
    </>
  );
}

function PagerNav({
  page,
  onPrevious,
  onNext,
  label,
}: {
  page: number;
  onPrevious?: () => void;
  onNext?: () => void;
  label: string;
}) {
  const t = useStrings(SHELL_STRINGS);
  return (
    <nav className="pager" aria-label={t('pageNo', { page })}>
      <button className="btn" type="button" disabled={!onPrevious} onClick={onPrevious}>
        {t('previous')}
      </button>
      <span>{label}</span>
      <button className="btn" type="button" disabled={!onNext} onClick={onNext}>
        {t('next')}
      </button>
    </nav>
  );
}
