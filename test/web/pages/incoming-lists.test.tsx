import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { AssignmentsPage } from '../../../web/src/pages/incoming/assignments-page';
import { InboxPage } from '../../../web/src/pages/incoming/inbox-page';
import { parseHash } from '../../../web/src/router/hash-router';
import { fakeApi, ME, renderSignedIn, status, withRoles } from '../support/render';
import { item, SUMMARY } from './incoming-fixtures';

const params = (hash: string) => parseHash(hash).params;
const queryOf = (requests: Request[], path: string) =>
  requests
    .filter((r) => new URL(r.url).pathname === path)
    .map((r) => Object.fromEntries(new URL(r.url).searchParams));

describe('InboxPage', () => {
  it('shows loading, then counters linking to filtered lists and rows with urgency, deadline, status and verdict', async () => {
    const server = fakeApi({
      'GET /api/me': ME,
      'GET /api/incoming/summary': SUMMARY,
      'GET /api/incoming': {
        items: [
          item(1, {
            urgency: 'flash',
            urgent: true,
            incomingNumber: 7,
            incomingNumberText: '07',
            statusCode: '03',
          }),
          item(2, {
            deadline: '2026-03-05',
            requestedDueDate: '2026-03-10',
            overdue: true,
            statusCode: '05',
            status: { vi: 'Đang xử lý', en: 'Assigned, in progress' },
            validation: 'INDETERMINATE',
          }),
          item(3, {
            recallCode: '13',
            validation: 'pending',
            sender: { unitId: null, code: 'X.01', name: null },
          }),
        ],
        nextCursor: null,
      },
    });
    renderSignedIn(<InboxPage params={params('#/inbox?q=dien tap&status=01&urgent=1&recall=1')} />);
    expect((await screen.findAllByRole('status')).map((s) => s.textContent)).toContain('Đang tải…');

    const table = await screen.findByRole('table', { name: 'Danh sách văn bản đến' });
    const rows = within(table).getAllByRole('row');
    expect(rows[0]!.textContent).toBe(
      'Số đếnNgày đếnSố, ký hiệuTrích yếuNơi gửiHạn xử lýHạn xử lý của nơi gửiTrạng tháiChữ ký số',
    );
    expect(rows.slice(1).map((r) => [...r.querySelectorAll('td')].map((c) => c.textContent))).toEqual([
      [
        '07',
        '03/03/2026 08:30',
        '1/UBND-VP',
        'Văn bản đến số 1 Hỏa tốc',
        'Ủy ban nhân dân huyện Bến Lức',
        '—',
        '—',
        '03 Đã đến',
        'Hợp lệ',
      ],
      [
        '—',
        '03/03/2026 08:30',
        '2/UBND-VP',
        'Văn bản đến số 2',
        'Ủy ban nhân dân huyện Bến Lức',
        '05/03/2026 Quá hạn',
        '10/03/2026',
        '05 Đang xử lý',
        'Chưa xác định',
      ],
      [
        '—',
        '03/03/2026 08:30',
        '3/UBND-VP',
        'Văn bản đến số 3 Yêu cầu thu hồi',
        'X.01',
        '—',
        '—',
        '01 Đã đến',
        'Đang kiểm tra',
      ],
    ]);
    expect(rows.slice(1).map((r) => r.className)).toEqual(['row-urgent', 'row-overdue', '']);
    expect(within(rows[1]!).getByRole('link', { name: 'Văn bản đến số 1' }).getAttribute('href')).toBe(
      `#/inbox/${item(1).id}`,
    );

    // The filters of the address were asked for, and are shown in the form.
    expect(queryOf(server.requests, '/api/incoming')).toEqual([
      { q: 'dien tap', status: '01', urgent: 'true', recallPending: 'true', limit: '25' },
    ]);
    expect(
      (screen.getByLabelText('Số, ký hiệu hoặc trích yếu (có dấu hoặc không dấu)') as HTMLInputElement).value,
    ).toBe('dien tap');
    expect((screen.getByLabelText('Trạng thái') as HTMLSelectElement).value).toBe('01');
    expect((screen.getByLabelText('Chỉ văn bản khẩn') as HTMLInputElement).checked).toBe(true);
    expect((screen.getByLabelText('Có yêu cầu thu hồi') as HTMLInputElement).checked).toBe(true);
    expect((screen.getByLabelText('Quá hạn xử lý') as HTMLInputElement).checked).toBe(false);

    const counters = screen.getByRole('list', { name: 'Số lượng văn bản đến' });
    expect(
      within(counters)
        .getAllByRole('link')
        .map((a) => [a.textContent, a.getAttribute('href'), a.className]),
    ).toEqual([
      ['3 Chờ tiếp nhận', '#/inbox?status=01', 'counter'],
      ['1 Khẩn, chờ tiếp nhận', '#/inbox?status=01&urgent=1', 'counter counter-urgent'],
      ['2 Chờ phân công', '#/inbox?status=04', 'counter'],
      ['4 Quá hạn', '#/inbox?overdue=1', 'counter counter-overdue'],
      ['0 Yêu cầu thu hồi', '#/inbox?recall=1', 'counter'],
      ['5 Giao cho tôi', '#/assignments', 'counter'],
    ]);
  });

  it('says when there is nothing, in English too', async () => {
    fakeApi({
      'GET /api/me': ME,
      'GET /api/incoming/summary': SUMMARY,
      'GET /api/incoming': { items: [], nextCursor: null },
    });
    const { unmount } = renderSignedIn(<InboxPage params={params('#/inbox')} />);
    expect(await screen.findByText('Không có văn bản đến nào.')).toBeTruthy();
    unmount();
    renderSignedIn(<InboxPage params={params('#/inbox')} />, 'en');
    expect(await screen.findByText('No incoming documents.')).toBeTruthy();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Incoming documents');
    expect(screen.getByRole('option', { name: '04 — Awaiting assignment' })).toBeTruthy();
  });

  it("shows the API's error with a retry, and a forbidden answer as not allowed; a failed counter leaves the list", async () => {
    let fail = true;
    fakeApi({
      'GET /api/me': ME,
      'GET /api/incoming/summary': status(503, 'DATABASE_UNAVAILABLE'),
      'GET /api/incoming': () =>
        fail ? status(400, 'INCOMING_QUERY_INVALID') : { items: [item(1)], nextCursor: null },
    });
    const { unmount } = renderSignedIn(<InboxPage params={params('#/inbox?from=2026-13-01')} />);
    await screen.findByText('Tiếng Việt: INCOMING_QUERY_INVALID');
    expect(screen.getByText('Tiếng Việt: DATABASE_UNAVAILABLE').getAttribute('role')).toBe('alert');
    fail = false;
    await userEvent.click(screen.getAllByRole('button', { name: 'Thử lại' })[0]!);
    expect(await screen.findByRole('link', { name: 'Văn bản đến số 1' })).toBeTruthy();
    unmount();

    fakeApi({
      'GET /api/me': withRoles(['auditor']),
      'GET /api/incoming/summary': status(403, 'FORBIDDEN'),
      'GET /api/incoming': status(403, 'FORBIDDEN'),
    });
    renderSignedIn(<InboxPage params={params('#/inbox')} />);
    const alerts = await screen.findAllByText('Bạn không có quyền xem nội dung này.');
    expect(alerts).toHaveLength(2);
  });

  it('puts the filters and the cursors of earlier pages in the address', async () => {
    fakeApi({
      'GET /api/me': ME,
      'GET /api/incoming/summary': SUMMARY,
      'GET /api/incoming': { items: [item(1)], nextCursor: 'c3' },
    });
    renderSignedIn(<InboxPage params={params('#/inbox?overdue=1&after=c1,c2')} />);
    await screen.findByRole('link', { name: 'Văn bản đến số 1' });
    expect(screen.getByText('Trang 3')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Trang sau' }));
    expect(globalThis.location.hash).toBe('#/inbox?overdue=1&after=c1%2Cc2%2Cc3');
    await userEvent.click(screen.getByRole('button', { name: 'Trang trước' }));
    expect(globalThis.location.hash).toBe('#/inbox?overdue=1&after=c1');

    await userEvent.type(
      screen.getByLabelText('Số, ký hiệu hoặc trích yếu (có dấu hoặc không dấu)'),
      'sat lo',
    );
    await userEvent.selectOptions(screen.getByLabelText('Trạng thái'), '03 — Đã tiếp nhận');
    await userEvent.click(screen.getByLabelText('Quá hạn xử lý'));
    await userEvent.click(screen.getByLabelText('Có yêu cầu thu hồi'));
    await userEvent.type(screen.getByLabelText('Đến từ ngày'), '2026-03-01');
    await userEvent.click(screen.getByRole('button', { name: 'Lọc' }));
    expect(globalThis.location.hash).toBe('#/inbox?q=sat+lo&status=03&recall=1&from=2026-03-01');
  });

  it('reads the list again when the same filters are sent again', async () => {
    const server = fakeApi({
      'GET /api/me': ME,
      'GET /api/incoming/summary': SUMMARY,
      'GET /api/incoming': { items: [item(1)], nextCursor: null },
    });
    globalThis.location.hash = '#/inbox?urgent=1';
    renderSignedIn(<InboxPage params={params('#/inbox?urgent=1')} />);
    await screen.findByRole('link', { name: 'Văn bản đến số 1' });
    await userEvent.click(screen.getByRole('button', { name: 'Lọc' }));
    await screen.findByRole('link', { name: 'Văn bản đến số 1' });
    expect(queryOf(server.requests, '/api/incoming')).toHaveLength(2);
    expect(queryOf(server.requests, '/api/incoming/summary')).toHaveLength(2);
  });
});

describe('AssignmentsPage', () => {
  it("shows a leader the unit's documents awaiting assignment and in progress, overdue first", async () => {
    const server = fakeApi({
      'GET /api/me': withRoles(['leader']),
      'GET /api/incoming': (url: URL) =>
        url.searchParams.get('status') === '04'
          ? { items: [item(1, { statusCode: '04' })], nextCursor: 'more' }
          : {
              items: [
                item(2, { statusCode: '05' }),
                item(3, { statusCode: '05', deadline: '2026-03-01', overdue: true }),
              ],
              nextCursor: null,
            },
    });
    renderSignedIn(<AssignmentsPage />);
    const awaiting = await screen.findByRole('region', { name: 'Chờ phân công' });
    await within(awaiting).findByRole('link', { name: 'Văn bản đến số 1' });
    expect(within(awaiting).getByRole('link', { name: 'Văn bản đến số 1' }).getAttribute('href')).toBe(
      `#/assignments/${item(1).id}`,
    );
    // More than one page: the whole list is in the inbox.
    expect(
      within(awaiting).getByRole('link', { name: 'Xem tất cả trong Văn bản đến' }).getAttribute('href'),
    ).toBe('#/inbox?status=04');
    const inProgress = screen.getByRole('region', { name: 'Đang xử lý' });
    const links = await within(inProgress).findAllByRole('link');
    expect(links.map((a) => a.textContent)).toEqual(['Văn bản đến số 3', 'Văn bản đến số 2']);
    expect(within(inProgress).getAllByRole('row')[1]!.className).toBe('row-overdue');
    expect(screen.queryByRole('region', { name: 'Việc được giao cho tôi' })).toBeNull();
    expect(queryOf(server.requests, '/api/incoming')).toEqual([
      { status: '04', limit: '100' },
      { status: '05', limit: '100' },
    ]);
  });

  it('shows a specialist their assignments and what they completed, each with its empty text or error', async () => {
    const server = fakeApi({
      'GET /api/me': withRoles(['specialist']),
      'GET /api/incoming': (url: URL) =>
        url.searchParams.get('status') === '05' ? { items: [], nextCursor: null } : status(403, 'FORBIDDEN'),
    });
    renderSignedIn(<AssignmentsPage />, 'vi');
    const mine = await screen.findByRole('region', { name: 'Việc được giao cho tôi' });
    expect(await within(mine).findByText('Bạn không có văn bản nào đang xử lý.')).toBeTruthy();
    const done = screen.getByRole('region', { name: 'Tôi đã hoàn thành' });
    expect((await within(done).findByRole('alert')).textContent).toBe('Bạn không có quyền xem nội dung này.');
    expect(screen.queryByRole('region', { name: 'Chờ phân công' })).toBeNull();
    expect(queryOf(server.requests, '/api/incoming')).toEqual([
      { assignedToMe: 'true', status: '05', limit: '100' },
      { assignedToMe: 'true', status: '06', limit: '100' },
    ]);
  });
});
