import { act, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { IncomingStatusBadge, OutgoingStatusBadge } from '../../../web/src/documents/document-badges';
import {
  FlashNotice,
  Props,
  setFlash,
  takeFlash,
  useRecipientNames,
  useRefreshWhile,
} from '../../../web/src/documents/document-widgets';
import type { RecipientSpec } from '../../../web/src/documents/outgoing-document';
import { fakeApi, ME, renderSignedIn, renderWithLanguage } from '../support/render';

afterEach(() => {
  vi.useRealTimers();
});

function Refresher({ active, tick }: { active: boolean; tick: () => void }) {
  useRefreshWhile(active, 2000, tick);
  return null;
}

describe('useRefreshWhile', () => {
  it('ticks every interval while active, and stops when inactive or gone', async () => {
    vi.useFakeTimers();
    const tick = vi.fn();
    const { rerender, unmount } = render(<Refresher active tick={tick} />);
    await act(() => vi.advanceTimersByTimeAsync(1999));
    expect(tick).toHaveBeenCalledTimes(0);
    await act(() => vi.advanceTimersByTimeAsync(1));
    await act(() => vi.advanceTimersByTimeAsync(2000));
    expect(tick).toHaveBeenCalledTimes(2);
    rerender(<Refresher active={false} tick={tick} />);
    await act(() => vi.advanceTimersByTimeAsync(10_000));
    expect(tick).toHaveBeenCalledTimes(2);
    rerender(<Refresher active tick={tick} />);
    await act(() => vi.advanceTimersByTimeAsync(2000));
    expect(tick).toHaveBeenCalledTimes(3);
    unmount();
    await act(() => vi.advanceTimersByTimeAsync(10_000));
    expect(tick).toHaveBeenCalledTimes(3);
  });

  it('keeps ticking after a failed tick', async () => {
    vi.useFakeTimers();
    const tick = vi.fn().mockRejectedValueOnce(new Error('network')).mockResolvedValue(undefined);
    render(<Refresher active tick={tick} />);
    await act(() => vi.advanceTimersByTimeAsync(4000));
    expect(tick).toHaveBeenCalledTimes(2);
  });
});

describe('document badges', () => {
  it('label outgoing statuses and edXML codes in the page language, never the code alone', () => {
    const { unmount } = renderWithLanguage(
      <>
        <OutgoingStatusBadge status="sealed" />
        <IncomingStatusBadge code="05" label={{ vi: 'Đang xử lý', en: 'In progress' }} />
      </>,
    );
    expect(document.body.textContent).toBe('Đã đóng dấu, chờ phát hành05 Đang xử lý');
    unmount();
    renderWithLanguage(
      <>
        <OutgoingStatusBadge status="in_review" />
        <IncomingStatusBadge code="05" label={{ vi: 'Đang xử lý', en: 'In progress' }} />
      </>,
      'en',
    );
    expect(document.body.textContent).toBe('In review05 In progress');
  });
});

describe('Props, flash', () => {
  it('lists only the properties that have a value', () => {
    renderWithLanguage(
      <Props
        pairs={[
          ['Số', '1/QĐ'],
          ['Hạn', null],
          ['Ghi chú', ''],
          ['Nơi nhận', 'Xã A'],
        ]}
      />,
    );
    expect([...document.querySelectorAll('dt')].map((d) => d.textContent)).toEqual(['Số', 'Nơi nhận']);
  });

  it('hands a result to the next page once, which announces it with the focus', () => {
    setFlash('Đã lưu dự thảo.');
    const text = takeFlash();
    expect(takeFlash()).toBeNull();
    renderWithLanguage(<FlashNotice text={text} />);
    const status = screen.getByRole('status');
    expect(status.textContent).toBe('Đã lưu dự thảo.');
    expect(document.activeElement).toBe(status);
  });
});

function Names({ specs }: { specs: RecipientSpec[] }) {
  const names = useRecipientNames(specs, 2);
  return <p>{names.status === 'ready' ? `${names.data.names.join(' | ')} +${names.data.more}` : '…'}</p>;
}

describe('useRecipientNames', () => {
  it('names units and groups from the directory and external organisations by code, at most max', async () => {
    const unitId = '00000000-0000-4000-8000-000000000901';
    const groupId = '00000000-0000-4000-8000-000000000902';
    fakeApi({
      'GET /api/me': ME,
      [`GET /api/units/${unitId}`]: { id: unitId, name: 'Ủy ban nhân dân xã Thạnh Lợi' },
      [`GET /api/unit-groups/${groupId}`]: { id: groupId, name: 'Tất cả UBND xã', memberCount: 12 },
    });
    renderSignedIn(
      <Names
        specs={[
          { kind: 'unit', unitId },
          { kind: 'group', groupId },
          { kind: 'external', code: '000.00.00.G01', name: 'Bộ Tư pháp' },
        ]}
      />,
    );
    expect((await screen.findByText(/Thạnh Lợi/)).textContent).toBe(
      'Ủy ban nhân dân xã Thạnh Lợi | Tất cả UBND xã (12 đơn vị) +1',
    );
  });
});
