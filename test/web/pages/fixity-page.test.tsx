import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FixityPage } from '../../../web/src/pages/archive/fixity-page';
import { fakeApi, renderSignedIn, status, withRoles } from '../support/render';

const ARCHIVIST = withRoles(['archivist']);

const coverage = (over: Record<string, unknown> = {}) => ({
  days: 30,
  scope: 'province',
  totalObjects: 1200,
  totalBytes: 5 * 1024 * 1024 * 1024,
  checkedWithinDays: 1100,
  neverChecked: 40,
  failing: 2,
  lastFailures: [
    {
      objectId: '00000000-0000-4000-8000-0000000000a1',
      recordId: '00000000-0000-4000-8000-0000000000b1',
      sha256: 'ab'.repeat(32),
      event: 'mismatch',
      repaired: false,
      occurredAt: '2026-12-07T01:00:00.000Z',
      runId: '00000000-0000-4000-8000-0000000000c1',
    },
    {
      objectId: '00000000-0000-4000-8000-0000000000a2',
      recordId: null,
      sha256: 'cd'.repeat(32),
      event: 'missing',
      repaired: true,
      occurredAt: '2026-12-06T01:00:00.000Z',
      runId: null,
    },
  ],
  runs: [
    {
      id: '00000000-0000-4000-8000-0000000000c1',
      startedAt: '2026-12-07T00:00:00.000Z',
      finishedAt: null,
      status: 'incomplete',
      objectsTotal: 1200,
      objectsChecked: 300,
      bytesChecked: 1024 * 1024,
      failures: 1,
      resumedFrom: null,
      error: null,
    },
    {
      id: '00000000-0000-4000-8000-0000000000c2',
      startedAt: '2026-12-06T00:00:00.000Z',
      finishedAt: '2026-12-06T00:30:00.000Z',
      status: 'finished',
      objectsTotal: 1200,
      objectsChecked: 1200,
      bytesChecked: 5 * 1024 * 1024 * 1024,
      failures: 0,
      resumedFrom: '00000000-0000-4000-8000-0000000000c3',
      error: null,
    },
  ],
  ...over,
});

describe('FixityPage (#/archive/fixity)', () => {
  it('shows the coverage, the failures with their repair state and the runs — an unfinished run never as finished', async () => {
    const server = fakeApi({ 'GET /api/me': ARCHIVIST, 'GET /api/archive/fixity': coverage() });
    renderSignedIn(<FixityPage params={new URLSearchParams('days=30')} />);
    expect(await screen.findByRole('heading', { name: 'Kiểm tra toàn vẹn tài liệu lưu trữ' })).toBeTruthy();
    await screen.findByRole('table', { name: 'Lỗi gần đây' });
    expect(screen.getByText('Đã kiểm tra trong 30 ngày').nextElementSibling?.textContent).toContain(
      '1.100 / 1.200',
    );
    const failures = screen.getByRole('table', { name: 'Lỗi gần đây' });
    const rows = within(failures).getAllByRole('row').slice(1);
    expect(rows[0]!.textContent).toContain('Nội dung bị thay đổi');
    expect(rows[0]!.textContent).toContain('Chưa khôi phục');
    expect(rows[1]!.textContent).toContain('Mất đối tượng');
    expect(rows[1]!.textContent).toContain('Đã khôi phục từ bản sao');
    const runs = within(screen.getByRole('table', { name: 'Các lượt kiểm tra' }))
      .getAllByRole('row')
      .slice(1);
    expect(runs[0]!.textContent).toContain('Không hoàn tất');
    expect(runs[0]!.textContent).not.toContain('Hoàn tất ');
    expect(runs[1]!.textContent).toContain('Hoàn tất');
    expect(runs[1]!.textContent).toContain('tiếp tục lượt trước');
    const request = server.requests.find((r) => r.url.includes('/api/archive/fixity'))!;
    expect(new URL(request.url).searchParams.get('days')).toBe('30');
  });

  it("says whose objects it counts: the caller's units, or the whole province", async () => {
    fakeApi({ 'GET /api/me': ARCHIVIST, 'GET /api/archive/fixity': coverage({ scope: 'units' }) });
    renderSignedIn(<FixityPage params={new URLSearchParams('days=30')} />);
    expect(
      await screen.findByText('Phạm vi: tài liệu lưu trữ của đơn vị bạn và các đơn vị trực thuộc.'),
    ).toBeTruthy();
    expect(screen.queryByText('Phạm vi: mọi đơn vị trong tỉnh.')).toBeNull();
  });

  it('asks for the period in the address, says so when nothing is damaged, and speaks English', async () => {
    const server = fakeApi({
      'GET /api/me': ARCHIVIST,
      'GET /api/archive/fixity': coverage({ days: 7, failing: 0, lastFailures: [], runs: [] }),
    });
    renderSignedIn(<FixityPage params={new URLSearchParams('days=7')} />, 'en');
    expect(await screen.findByRole('heading', { name: 'Archive fixity' })).toBeTruthy();
    expect(await screen.findByText('No failure found yet.')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe('No object is damaged.');
    expect(screen.getByText('No failure found yet.')).toBeTruthy();
    expect(screen.getByText('No run yet.')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Last 7 days' }).getAttribute('aria-current')).toBe('page');
    const request = server.requests.find((r) => r.url.includes('/api/archive/fixity'))!;
    expect(new URL(request.url).searchParams.get('days')).toBe('7');
  });

  it('shows "not allowed" to a role the API refuses', async () => {
    fakeApi({ 'GET /api/me': withRoles(['clerk']), 'GET /api/archive/fixity': status(403, 'FORBIDDEN') });
    renderSignedIn(<FixityPage params={new URLSearchParams()} />);
    expect((await screen.findByRole('alert')).textContent).toBe('Bạn không có quyền xem nội dung này.');
  });
});
