import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../../../web/src/app';
import { render } from '@testing-library/react';
import { fakeApi, ME, status, withRoles } from '../support/render';

describe('the app: login, routes by role', () => {
  it("signs in, showing the API's message on a wrong password and emptying the password", async () => {
    let attempts = 0;
    const server = fakeApi({
      'GET /api/me': () => (attempts < 2 ? status(401, 'UNAUTHENTICATED') : ME),
      'POST /api/auth/login': () =>
        ++attempts === 1
          ? status(401, 'LOGIN_FAILED')
          : { csrfToken: 'csrf-123', expiresAt: 'x', user: ME.user },
    });
    render(<App />);
    const username = await screen.findByLabelText(/Tên đăng nhập/);
    await userEvent.type(username, 'vt.sotp');
    await userEvent.type(screen.getByLabelText(/Mật khẩu/), 'sai');
    await userEvent.click(screen.getByRole('button', { name: 'Đăng nhập' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Tiếng Việt: LOGIN_FAILED');
    expect((screen.getByLabelText(/Mật khẩu/) as HTMLInputElement).value).toBe('');
    await userEvent.type(screen.getByLabelText(/Mật khẩu/), 'dung');
    attempts = 1;
    await userEvent.click(screen.getByRole('button', { name: 'Đăng nhập' }));
    expect(await screen.findByRole('heading', { name: 'Xin chào, Nguyễn Thị Thu' })).toBeTruthy();
    const login = server.requests.find((r) => r.method === 'POST')!;
    expect(await login.clone().json()).toEqual({ username: 'vt.sotp', password: 'sai' });
  });

  it('opens a page only for the roles of its menu entry: a clerk asking for #/users gets the home page', async () => {
    globalThis.location.hash = '#/users';
    fakeApi({ 'GET /api/me': withRoles(['clerk']) });
    render(<App />);
    expect(await screen.findByRole('heading', { name: 'Xin chào, Nguyễn Thị Thu' })).toBeTruthy();
  });

  it("opens a page at its route with the query of the address (bookmarks of the old app's hash routes)", async () => {
    globalThis.location.hash = '#/inbox?status=04';
    fakeApi({
      'GET /api/me': withRoles(['clerk']),
      'GET /api/incoming/summary': status(503, 'DATABASE_UNAVAILABLE'),
      'GET /api/incoming': { items: [], nextCursor: null },
    });
    render(<App />);
    expect(await screen.findByRole('heading', { name: 'Văn bản đến', level: 1 })).toBeTruthy();
    expect(await screen.findByText('Không có văn bản đến nào.')).toBeTruthy();
    expect((screen.getByLabelText('Trạng thái') as HTMLSelectElement).value).toBe('04');
  });

  it('shows the login page saying why when the session expires during work', async () => {
    globalThis.location.hash = '#/units';
    let expired = false;
    fakeApi({
      'GET /api/me': ME,
      'GET /api/units': () => (expired ? status(401, 'SESSION_EXPIRED') : { items: [], nextCursor: null }),
    });
    render(<App />);
    await screen.findByText('Không tìm thấy đơn vị nào.');
    expired = true;
    await act(async () => {
      globalThis.location.hash = '#/units?q=x';
      globalThis.dispatchEvent(new HashChangeEvent('hashchange'));
    });
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại.',
    );
    expect(screen.getByRole('heading', { name: 'Đăng nhập' })).toBeTruthy();
  });
});
