import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { UsersPage } from '../../../web/src/pages/users-page';
import { fakeApi, ME, renderSignedIn, status, withRoles } from '../support/render';

const UNIT = ME.user.unit.id;
const CHILD = '00000000-0000-4000-8000-0000000000a2';
const units = {
  items: [
    {
      id: UNIT,
      code: '000.00.01.H41',
      name: 'Sở Tư pháp',
      shortName: null,
      level: 'province',
      parentId: null,
      validFrom: '2020-01-01',
      validTo: null,
      successorId: null,
    },
    {
      id: CHILD,
      code: '000.01.01.H41',
      name: 'Phòng Hành chính',
      shortName: null,
      level: 'province',
      parentId: UNIT,
      validFrom: '2020-01-01',
      validTo: null,
      successorId: null,
    },
  ],
  nextCursor: null,
};

const user = (n: number, username: string, fullName: string, extra: Record<string, unknown> = {}) => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  username,
  fullName,
  title: null,
  unitId: UNIT,
  roles: ['clerk'],
  active: true,
  lockedUntil: null,
  email: null,
  mustChangePassword: false,
  createdAt: '2026-12-01T00:00:00.000Z',
  ...extra,
});

describe('UsersPage (issue 14 item 12)', () => {
  it('searches with filters and pages through the server cursor', async () => {
    const server = fakeApi({
      'GET /api/me': withRoles(['admin']),
      'GET /api/units': units,
      'GET /api/users': (url: URL) =>
        url.searchParams.get('cursor') === 'p2'
          ? { items: [user(3, 'vt3', 'Trần Thị Ba')], nextCursor: null }
          : {
              items: [user(11, 'vt1', 'Lê Văn Bình', { active: false, mustChangePassword: true })],
              nextCursor: 'p2',
            },
    });
    renderSignedIn(<UsersPage params={new URLSearchParams()} />);
    const row = within(await screen.findByRole('table')).getAllByRole('row')[1]!;
    expect(row.textContent).toContain('Đã khóa');
    expect(row.textContent).toContain('Chờ đổi mật khẩu');
    expect(within(row).getByRole('button', { name: 'Mở khóa vt1' })).toBeTruthy();

    await userEvent.type(screen.getByLabelText('Tìm theo tên, tên đăng nhập, thư điện tử'), 'Bình');
    await userEvent.selectOptions(screen.getByLabelText('Vai trò'), 'clerk');
    await userEvent.selectOptions(screen.getByLabelText('Trạng thái'), 'locked');
    await userEvent.click(screen.getByRole('button', { name: 'Tìm' }));
    await screen.findByRole('table');
    const asked = new URL(server.requests.at(-1)!.url);
    expect(Object.fromEntries(asked.searchParams)).toMatchObject({
      q: 'Bình',
      role: 'clerk',
      state: 'locked',
      unit: UNIT,
      subtree: 'true',
    });

    await userEvent.click(await screen.findByRole('button', { name: /sau|next/i }));
    expect(await screen.findByText('Trần Thị Ba')).toBeTruthy();
    expect(new URL(server.requests.at(-1)!.url).searchParams.get('cursor')).toBe('p2');
  });

  it('creates an account, then shows its one-time password once with a copy button and a warning', async () => {
    const server = fakeApi({
      'GET /api/me': withRoles(['admin']),
      'GET /api/units': units,
      'GET /api/users': { items: [], nextCursor: null },
      'POST /api/users': user(9, 'cv.moi', 'Phạm Văn Mới'),
      'POST /api/users/00000000-0000-4000-8000-000000000009/reset-password': {
        oneTimePassword: 'abcd-EFGH-2345-wxyz',
      },
    });
    renderSignedIn(<UsersPage params={new URLSearchParams()} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Tạo tài khoản' }));
    const form = screen.getByRole('region', { name: 'Tạo tài khoản mới' });
    await userEvent.type(within(form).getByLabelText(/^Tên đăng nhập/), 'cv.moi');
    await userEvent.type(within(form).getByLabelText(/^Họ và tên/), 'Phạm Văn Mới');
    await userEvent.type(within(form).getByLabelText('Thư điện tử'), 'moi@stp.gov.vn');
    await userEvent.selectOptions(within(form).getByLabelText('Đơn vị'), CHILD);
    await userEvent.click(within(form).getByLabelText('Lãnh đạo'));
    await userEvent.click(within(form).getByRole('button', { name: 'Tạo tài khoản' }));
    const otp = await screen.findByRole('region', { name: 'Mật khẩu dùng một lần của cv.moi' });
    expect(within(otp).getByText('abcd-EFGH-2345-wxyz')).toBeTruthy();
    expect(otp.textContent).toContain('chỉ hiển thị một lần');
    expect(within(otp).getByRole('button', { name: 'Sao chép' })).toBeTruthy();
    const created = server.requests.find((r) => r.method === 'POST' && r.url.endsWith('/api/users'))!;
    expect(await created.clone().json()).toEqual({
      username: 'cv.moi',
      fullName: 'Phạm Văn Mới',
      title: null,
      email: 'moi@stp.gov.vn',
      unitId: CHILD,
      roles: ['specialist', 'leader'],
    });
    await userEvent.click(within(otp).getByRole('button', { name: 'Đã ghi lại, đóng' }));
    expect(screen.queryByText('abcd-EFGH-2345-wxyz')).toBeNull();
  });

  it('edits an account and shows an API refusal at its field (en); locks; no actions for an auditor', async () => {
    const u = user(11, 'vt1', 'Lê Văn Bình');
    fakeApi({
      'GET /api/me': withRoles(['admin']),
      'GET /api/units': units,
      'GET /api/users': { items: [u], nextCursor: null },
      'PATCH /api/users/00000000-0000-4000-8000-000000000011': status(400, 'EMAIL_INVALID'),
      'POST /api/users/00000000-0000-4000-8000-000000000011/lock': { ...u, active: false },
    });
    const { unmount } = renderSignedIn(<UsersPage params={new URLSearchParams()} />, 'en');
    await userEvent.click(await screen.findByRole('button', { name: 'Edit vt1' }));
    const form = screen.getByRole('region', { name: 'Edit account vt1' });
    await userEvent.type(within(form).getByLabelText('E-mail'), 'x@');
    await userEvent.click(within(form).getByRole('button', { name: 'Save changes' }));
    expect((await within(form).findByRole('alert')).textContent).toBe('English: EMAIL_INVALID');
    await userEvent.click(screen.getByRole('button', { name: 'Lock vt1' }));
    expect(await screen.findByText('Account vt1 locked; its sessions have ended.')).toBeTruthy();
    unmount();

    fakeApi({
      'GET /api/me': withRoles(['auditor']),
      'GET /api/units': units,
      'GET /api/users': { items: [u], nextCursor: null },
    });
    renderSignedIn(<UsersPage params={new URLSearchParams()} />);
    await screen.findByRole('table');
    expect(screen.queryByRole('button', { name: 'Tạo tài khoản' })).toBeNull();
    expect(screen.queryByRole('button', { name: /Khóa vt1/ })).toBeNull();
  });
});
