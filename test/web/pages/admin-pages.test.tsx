import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { AuditPage } from '../../../web/src/pages/audit-page';
import { UsersPage } from '../../../web/src/pages/users-page';
import { fakeApi, renderSignedIn, status, withRoles } from '../support/render';

const user = (username: string, fullName: string, active = true) => ({
  id: `00000000-0000-4000-8000-${username
    .padEnd(12, '0')
    .slice(0, 12)
    .replace(/[^0-9a-f]/g, 'a')}`,
  username,
  fullName,
  title: null,
  unitId: '00000000-0000-4000-8000-0000000000a1',
  roles: ['clerk', 'specialist'],
  active,
});

const event = (seq: number, type: string) => ({
  seq,
  type,
  actorUserId: null,
  actorUsername: 'admin',
  unitId: null,
  occurredAt: '2026-12-07T02:05:00.000Z',
  ip: '127.0.0.1',
  userAgent: null,
  requestId: null,
  payload: {},
});

describe('UsersPage', () => {
  it('lists the accounts with role labels and state, loading first', async () => {
    const server = fakeApi({
      'GET /api/me': withRoles(['admin']),
      'GET /api/users': { items: [user('vt1', 'Lê Văn Bình', false)], nextCursor: null },
    });
    server.hold();
    renderSignedIn(<UsersPage params={new URLSearchParams('unit=u1')} />);
    server.release();
    const row = within(await screen.findByRole('table')).getAllByRole('row')[1]!;
    // username, name, title, unit (— : the units are not answered here), roles, state; then the actions.
    expect(row.textContent).toMatch(
      /^vt1Lê Văn Bình——Văn thư, Chuyên viênĐã khóaSửa Mở khóa Cấp lại mật khẩu$/,
    );
    const asked = new URL(server.requests.at(-1)!.url);
    expect(asked.searchParams.get('unit')).toBe('u1');
  });

  it('says when there are no accounts, and when the person may not see them', async () => {
    fakeApi({ 'GET /api/me': withRoles(['admin']), 'GET /api/users': { items: [], nextCursor: null } });
    const { unmount } = renderSignedIn(<UsersPage params={new URLSearchParams()} />);
    expect(await screen.findByText('Không có tài khoản nào.')).toBeTruthy();
    unmount();
    fakeApi({ 'GET /api/me': withRoles(['admin']), 'GET /api/users': status(403, 'FORBIDDEN') });
    renderSignedIn(<UsersPage params={new URLSearchParams()} />, 'en');
    expect((await screen.findByRole('alert')).textContent).toBe('You are not allowed to see this.');
  });
});

describe('AuditPage', () => {
  it("shows each event's label and Vietnam's time, in the API's order (newest first); no verify button for an auditor", async () => {
    fakeApi({
      'GET /api/me': withRoles(['auditor']),
      'GET /api/audit/events': {
        items: [event(2, 'DOCUMENT_SIGNED'), event(1, 'USER_LOGGED_IN')],
        nextCursor: null,
      },
    });
    renderSignedIn(<AuditPage />);
    const rows = within(await screen.findByRole('table')).getAllByRole('row');
    expect(rows[1]!.textContent).toBe('207/12/2026 09:05:00Ký số văn bảnadmin127.0.0.1');
    expect(rows[2]!.textContent).toContain('Đăng nhập');
    expect(screen.queryByText('DOCUMENT_SIGNED')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Kiểm tra tính toàn vẹn chuỗi' })).toBeNull();
  });

  it('lets an admin verify the chain and says where it broke and why', async () => {
    fakeApi({
      'GET /api/me': withRoles(['admin']),
      'GET /api/audit/events': { items: [], nextCursor: null },
      'POST /api/admin/audit/verify': { ok: false, count: 1200, firstBrokenSeq: 17, reason: 'HASH_MISMATCH' },
    });
    renderSignedIn(<AuditPage />);
    expect(await screen.findByText('Chưa có sự kiện nào.')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Kiểm tra tính toàn vẹn chuỗi' }));
    expect(
      await screen.findByText('Chuỗi nhật ký bị phá vỡ tại sự kiện số 17 (nội dung sự kiện đã bị sửa).'),
    ).toBeTruthy();
  });

  it("shows the events' error", async () => {
    fakeApi({
      'GET /api/me': withRoles(['auditor']),
      'GET /api/audit/events': status(503, 'DATABASE_UNAVAILABLE'),
    });
    renderSignedIn(<AuditPage />);
    expect((await screen.findByRole('alert')).textContent).toBe('Tiếng Việt: DATABASE_UNAVAILABLE');
  });
});
