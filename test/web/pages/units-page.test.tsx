import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { parseHash } from '../../../web/src/router/hash-router';
import { UnitsPage } from '../../../web/src/pages/units-page';
import { fakeApi, ME, renderSignedIn, status } from '../support/render';

const unit = (n: number, extra: Record<string, unknown> = {}) => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  code: `000.00.${String(n).padStart(2, '0')}.H41`,
  name: `Đơn vị ${n}`,
  shortName: null,
  level: 'commune',
  parentId: null,
  validFrom: '2020-01-01',
  validTo: null,
  successorId: null,
  ...extra,
});

const page = (hash: string) => parseHash(hash).params;

describe('UnitsPage', () => {
  it('shows loading, then the units with level and validity labels', async () => {
    const server = fakeApi({
      'GET /api/me': ME,
      'GET /api/units': {
        items: [unit(1), unit(2, { validTo: '2025-07-01', level: 'district' })],
        nextCursor: null,
      },
    });
    renderSignedIn(<UnitsPage params={page('#/units?q=an thanh')} />);
    expect((await screen.findByRole('status')).textContent).toBe('Đang tải…');
    const rows = within(await screen.findByRole('table')).getAllByRole('row');
    expect(rows.map((r) => r.textContent)).toEqual([
      'Mã định danhTên đơn vịCấpHiệu lực',
      '000.00.01.H41Đơn vị 1Cấp xãĐang hoạt động',
      '000.00.02.H41Đơn vị 2Cấp huyệnChấm dứt từ 01/07/2025',
    ]);
    const asked = new URL(server.requests.find((r) => r.url.includes('/api/units'))!.url);
    expect(Object.fromEntries(asked.searchParams)).toEqual({ q: 'an thanh', activeAt: 'today', limit: '20' });
    expect((screen.getByLabelText('Tìm theo tên hoặc mã định danh') as HTMLInputElement).value).toBe(
      'an thanh',
    );
  });

  it('says when nothing is found', async () => {
    fakeApi({ 'GET /api/me': ME, 'GET /api/units': { items: [], nextCursor: null } });
    renderSignedIn(<UnitsPage params={page('#/units?q=zzz')} />);
    expect(await screen.findByText('Không tìm thấy đơn vị nào.')).toBeTruthy();
  });

  it("shows the API's error, and a forbidden answer as not allowed", async () => {
    fakeApi({ 'GET /api/me': ME, 'GET /api/units': status(400, 'VALIDATION_FAILED') });
    const { unmount } = renderSignedIn(<UnitsPage params={page('#/units')} />, 'en');
    expect((await screen.findByRole('alert')).textContent).toBe('English: VALIDATION_FAILED');
    unmount();
    fakeApi({ 'GET /api/me': ME, 'GET /api/units': status(403, 'FORBIDDEN') });
    renderSignedIn(<UnitsPage params={page('#/units')} />);
    expect((await screen.findByRole('alert')).textContent).toBe('Bạn không có quyền xem nội dung này.');
  });

  it('keeps the search and the cursors of earlier pages in the address', async () => {
    fakeApi({ 'GET /api/me': ME, 'GET /api/units': { items: [unit(1)], nextCursor: 'c2' } });
    renderSignedIn(<UnitsPage params={page('#/units?level=commune&after=c1')} />);
    await screen.findByRole('table');
    expect(screen.getByText('Trang 2')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Trang sau' }));
    expect(globalThis.location.hash).toBe('#/units?level=commune&after=c1%2Cc2');
    await userEvent.type(screen.getByLabelText('Tìm theo tên hoặc mã định danh'), 'thanh loi');
    await userEvent.click(screen.getByLabelText('Gồm cả đơn vị đã giải thể, sáp nhập'));
    await userEvent.click(screen.getByRole('button', { name: 'Tìm kiếm' }));
    expect(globalThis.location.hash).toBe('#/units?q=thanh+loi&level=commune&ended=1');
  });
});
