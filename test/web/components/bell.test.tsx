import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { Bell } from '../../../web/src/components/bell';
import { fakeApi, ME, renderSignedIn, status } from '../support/render';

const item = (id: string, vi: string, read: boolean, urgent = false) => ({
  id,
  kind: 'incoming.arrived',
  subject: { vi, en: `EN ${vi}` },
  link: `#/inbox/${id}`,
  urgent,
  createdAt: '2026-12-07T02:00:00.000Z',
  readAt: read ? '2026-12-07T03:00:00.000Z' : null,
});
const ID1 = '00000000-0000-4000-8000-000000000001';
const ID2 = '00000000-0000-4000-8000-000000000002';

describe('Bell', () => {
  it('says the unread count, lists the notifications, marks one read and then all', async () => {
    let unread = 2;
    const api = fakeApi({
      'GET /api/me': ME,
      'GET /api/notifications': () => ({
        items: [
          item(ID1, 'Văn bản đến: Về việc A', unread < 1, true),
          item(ID2, 'Văn bản đến: Về việc B', unread < 2),
        ],
        unreadCount: unread,
        nextCursor: null,
      }),
      [`POST /api/notifications/${ID2}/read`]: () => ({ unreadCount: (unread = 1) }),
      'POST /api/notifications/read-all': () => ({ marked: unread, unreadCount: (unread = 0) }),
    });
    renderSignedIn(<Bell />);
    const button = await screen.findByRole('button', { name: 'Thông báo, 2 chưa đọc' });
    expect(button.getAttribute('aria-expanded')).toBe('false');
    await userEvent.click(button);
    const panel = await screen.findByRole('region', { name: 'Thông báo' });
    const rows = await within(panel).findAllByRole('listitem');
    expect(rows).toHaveLength(2);
    expect(rows[0]!.textContent).toContain('Khẩn');
    await userEvent.click(
      within(panel).getByRole('button', { name: 'Đánh dấu đã đọc: Văn bản đến: Về việc B' }),
    );
    await screen.findByRole('button', { name: 'Thông báo, 1 chưa đọc' });
    expect(api.requests.some((r) => r.method === 'POST' && r.url.endsWith(`/${ID2}/read`))).toBe(true);
    await userEvent.click(within(panel).getByRole('button', { name: 'Đánh dấu tất cả đã đọc' }));
    await screen.findByRole('button', { name: 'Thông báo' });
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('region', { name: 'Thông báo' })).toBeNull();
  });

  it('shows the empty list and the API’s error in the person’s language', async () => {
    fakeApi({ 'GET /api/me': ME, 'GET /api/notifications': { items: [], unreadCount: 0, nextCursor: null } });
    const { unmount } = renderSignedIn(<Bell />, 'en');
    await userEvent.click(await screen.findByRole('button', { name: 'Notifications' }));
    await screen.findByText('No notifications.');
    unmount();
    fakeApi({ 'GET /api/me': ME, 'GET /api/notifications': status(503, 'DATABASE_UNAVAILABLE') });
    renderSignedIn(<Bell />);
    await userEvent.click(await screen.findByRole('button', { name: 'Thông báo' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Tiếng Việt: DATABASE_UNAVAILABLE');
  });
});
