import { render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { DownloadLinks } from '../../../web/src/components/download-links';
import { offsetPager, PageRange } from '../../../web/src/components/offset-pages';

describe('offset pages', () => {
  const text = (r: { from: string; to: string; total: string }) => `${r.from}–${r.to} / ${r.total}`;
  const label = (r: { from: string; to: string; total: string }) =>
    `Đang xem ${r.from}–${r.to} trên ${r.total}`;

  it('shows the range of the page shown, in the page’s language, and nothing while loading or when empty', () => {
    const page = { total: 1234, offset: 20, items: Array.from({ length: 20 }) };
    const { container, rerender } = render(<PageRange data={page} lang="vi" text={text} label={label} />);
    const p = container.querySelector('p.pager-range')!;
    expect(p.textContent).toBe('21–40 / 1.234');
    expect(p.getAttribute('aria-label')).toBe('Đang xem 21–40 trên 1.234');
    rerender(<PageRange data={page} lang="en" text={text} label={label} />);
    expect(container.textContent).toBe('21–40 / 1,234');
    rerender(<PageRange data={undefined} lang="vi" text={text} label={label} />);
    expect(container.innerHTML).toBe('');
    rerender(<PageRange data={{ total: 0, offset: 0, items: [] }} lang="vi" text={text} label={label} />);
    expect(container.innerHTML).toBe('');
  });

  it('pages only when the list does not fit, with the buttons that lead somewhere', () => {
    const goTo = vi.fn();
    expect(offsetPager(undefined, 20, 1, goTo)).toBeUndefined();
    expect(
      offsetPager({ total: 20, offset: 0, items: Array.from({ length: 20 }) }, 20, 1, goTo),
    ).toBeUndefined();
    const first = offsetPager({ total: 45, offset: 0, items: Array.from({ length: 20 }) }, 20, 1, goTo)!;
    expect(first.page).toBe(1);
    expect(first.onPrevious).toBeUndefined();
    first.onNext!();
    expect(goTo).toHaveBeenLastCalledWith(2);
    const last = offsetPager({ total: 45, offset: 40, items: Array.from({ length: 5 }) }, 20, 3, goTo)!;
    expect(last.onNext).toBeUndefined();
    last.onPrevious!();
    expect(goTo).toHaveBeenLastCalledWith(2);
  });
});

describe('download links', () => {
  it('are links that download, in the order given, followed by the other actions', () => {
    render(
      <DownloadLinks
        links={[
          { href: '/api/x.csv', label: 'Tải CSV' },
          { href: '/api/x.xlsx', label: 'Tải Excel (XLSX)' },
        ]}
      >
        <button type="button">In</button>
      </DownloadLinks>,
    );
    const links = screen.getAllByRole('link');
    expect(links.map((a) => [a.textContent, a.getAttribute('href'), a.hasAttribute('download')])).toEqual([
      ['Tải CSV', '/api/x.csv', true],
      ['Tải Excel (XLSX)', '/api/x.xlsx', true],
    ]);
    expect(links[0]!.closest('p.toolbar')!.lastElementChild!.textContent).toBe('In');
  });
});
