import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { Layout } from '../../../web/src/components/layout';
import { fakeApi, renderSignedIn, withRoles } from '../support/render';

const menuNames = () =>
  within(screen.getByRole('navigation', { name: /Điều hướng chính|Main navigation/ }))
    .getAllByRole('link')
    .map((a) => a.textContent);

describe('Layout', () => {
  it("lists only the pages of the person's roles: a specialist has no sign, seal, accounts or audit", async () => {
    fakeApi({ 'GET /api/me': withRoles(['specialist']) });
    renderSignedIn(<Layout>trang</Layout>);
    await screen.findByText('trang');
    expect(menuNames()).toEqual([
      'Trang chủ',
      'Tìm kiếm',
      'Văn bản đến',
      'Phân công, hạn xử lý',
      'Dự thảo',
      'Văn bản đi',
      'Lưu trữ hồ sơ',
      'Danh bạ đơn vị',
      'Tài khoản của tôi',
    ]);
  });

  it('lists the admin pages for an admin and marks the current page', async () => {
    globalThis.location.hash = '#/units/00000000-0000-4000-8000-0000000000b1';
    fakeApi({ 'GET /api/me': withRoles(['admin']) });
    renderSignedIn(<Layout>trang</Layout>, 'en');
    await screen.findByText('trang');
    expect(menuNames()).toEqual([
      'Home',
      'Search',
      'Archive fixity',
      'Reports',
      'Unit directory',
      'Accounts',
      'Incoming register books',
      'Signing credentials',
      'Retention table',
      'Audit trail',
      'Signature validation',
      'Federation',
      'My account',
    ]);
    expect(screen.getByRole('link', { name: 'Unit directory' }).getAttribute('aria-current')).toBe('page');
    expect(document.title).toBe('Unit directory — VanBan');
  });

  it('collapses the menu behind its button, which says whether it is open', async () => {
    fakeApi({ 'GET /api/me': withRoles(['clerk']) });
    renderSignedIn(<Layout>trang</Layout>);
    const toggle = await screen.findByRole('button', { name: 'Danh mục' });
    const nav = screen.getByRole('navigation', { name: 'Điều hướng chính' });
    expect(toggle.getAttribute('aria-controls')).toBe(nav.id);
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(nav.className).not.toContain('open');
    await userEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(nav.className).toContain('open');
  });

  it('switches the language, remembers it, and sets the document language', async () => {
    fakeApi({ 'GET /api/me': withRoles(['clerk']) });
    renderSignedIn(<Layout>trang</Layout>);
    await userEvent.click(await screen.findByRole('button', { name: 'English' }));
    expect(screen.getByRole('button', { name: 'Sign out' })).toBeTruthy();
    expect(localStorage.getItem('vanban.lang')).toBe('en');
    expect(document.documentElement.lang).toBe('en');
  });

  it('signs out through the API with the CSRF token and shows nothing of the session after', async () => {
    const server = fakeApi({ 'GET /api/me': withRoles(['clerk']), 'POST /api/auth/logout': undefined });
    renderSignedIn(<Layout>trang</Layout>);
    await userEvent.click(await screen.findByRole('button', { name: 'Đăng xuất' }));
    const logout = server.requests.find((r) => r.method === 'POST')!;
    expect(new URL(logout.url).pathname).toBe('/api/auth/logout');
    expect(logout.headers.get('x-csrf-token')).toBe('csrf-123');
    expect(screen.queryByText('trang')).toBeNull();
  });
});
