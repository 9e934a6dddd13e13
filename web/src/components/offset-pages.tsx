// Server pages by offset (`limit` + `offset` queries answering `{ items, total, offset }`): the line
// "11–20 / 134" above the table and the DataTable pager that moves between the pages.
import { formatNumber } from '../format/format';
import type { Language } from '../i18n/i18n';
import type { Pager } from './data-table';

/** One page of an offset-paged list as the API answers it. */
export interface OffsetPage {
  readonly total: number;
  readonly offset: number;
  readonly items: readonly unknown[];
}

/** The numbers of the range line, formatted in the page's language. */
export type PageRangeNumbers = { readonly from: string; readonly to: string; readonly total: string };

/** "from–to / total" of the page shown, with its spoken label; nothing while loading or when empty. */
export function PageRange({
  data,
  lang,
  text,
  label,
}: {
  data: OffsetPage | undefined;
  lang: Language;
  text: (range: PageRangeNumbers) => string;
  label: (range: PageRangeNumbers) => string;
}) {
  if (!data || data.total === 0) return null;
  const range = {
    from: formatNumber(data.offset + 1, lang),
    to: formatNumber(data.offset + data.items.length, lang),
    total: formatNumber(data.total, lang),
  };
  return (
    <p className="pager-range" aria-label={label(range)}>
      {text(range)}
    </p>
  );
}

/** The DataTable pager of an offset-paged list: none when everything fits on one page. */
export function offsetPager(
  data: OffsetPage | undefined,
  pageSize: number,
  page: number,
  goTo: (page: number) => void,
): Pager | undefined {
  if (!data || data.total <= pageSize) return undefined;
  return {
    page,
    onPrevious: page > 1 ? () => goTo(page - 1) : undefined,
    onNext: data.offset + data.items.length < data.total ? () => goTo(page + 1) : undefined,
  };
}
