import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setFlash } from '../../../web/src/documents/document-widgets';
import { IncomingDocumentPage } from '../../../web/src/pages/incoming/incoming-document-page';
import { fakeApi, ME, renderSignedIn, status, withRoles } from '../support/render';
import { detail, DOC_ID, record } from './incoming-fixtures';

const PATH = `/api/incoming/${DOC_ID}`;
const render = (lang: 'vi' | 'en' = 'vi', section: 'inbox' | 'assignments' = 'inbox') =>
  renderSignedIn(<IncomingDocumentPage id={DOC_ID} section={section} />, lang);
const posted = (requests: Request[], path: string) =>
  requests.filter((r) => r.method === 'POST' && new URL(r.url).pathname === path);
const reads = (requests: Request[]) =>
  requests.filter((r) => r.method === 'GET' && new URL(r.url).pathname === PATH).length;

afterEach(() => {
  vi.useRealTimers();
});

describe('IncomingDocumentPage', () => {
  it('shows the verdict with each signature, the details, the files and the history', async () => {
    fakeApi({
      'GET /api/me': ME,
      [`GET ${PATH}`]: detail({
        edxml: {
          documentId: 'X',
          signerPosition: 'Chủ tịch',
          signature: {
            algorithm: 'rsa-sha1',
            weak: true,
            placement: 'xmldsig',
            layout: 'sdk',
            signerSubject: 'CN=Văn phòng',
          },
        },
      }),
    });
    render();
    expect((await screen.findByRole('status')).textContent).toBe('Đang tải…');
    await screen.findByRole('heading', { level: 1, name: detail().subject });
    expect(screen.getByRole('navigation', { name: 'Đường dẫn' }).textContent).toBe('Văn bản đến1/QĐ-UBND');
    expect(document.querySelector('.lead.badges')!.textContent).toBe('01 Đã đến Khẩn Hợp lệ 1/QĐ-UBND');

    const verdict = screen.getByRole('region', { name: 'Kiểm tra chữ ký số' });
    expect(within(verdict).getByRole('status').textContent).toBe(
      'Hợp lệ Mọi chữ ký số hợp lệ: văn bản toàn vẹn, chứng thư tin cậy.',
    );
    expect(within(verdict).getByText('Kiểm tra lúc 03/03/2026 08:31')).toBeTruthy();
    const rows = within(
      within(verdict).getByRole('table', { name: 'Các chữ ký trong văn bản' }),
    ).getAllByRole('row');
    expect(rows.map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent))).toEqual([
      ['Trường chữ ký', 'Loại', 'Người ký', 'Kết quả', 'Chi tiết', 'Thời điểm ký'],
      // Claimed times in Vietnam's time, never the PDF date.
      ['Signature1', 'Chữ ký số', 'Trần Văn Đức', 'Hợp lệ', '—', '03/03/2026 08:10'],
      [
        'Seal',
        'Chữ ký số',
        'Ủy ban nhân dân huyện Bến Lức',
        'Chưa xác định',
        'Không có chuỗi tới gốc tin cậy (NO_CERTIFICATE_CHAIN_FOUND)',
        '—',
      ],
    ]);

    const info = screen.getByRole('region', { name: 'Thông tin văn bản' });
    const pairs = [...info.querySelectorAll('dt')].map(
      (dt) => `${dt.textContent}: ${dt.nextElementSibling!.textContent}`,
    );
    expect(pairs).toEqual([
      'Số, ký hiệu: 1/QĐ-UBND',
      'Loại văn bản: Quyết định',
      'Trích yếu nội dung: Về việc tổ chức diễn tập phòng, chống thiên tai năm 2026',
      'Độ khẩn: Khẩn',
      'Nơi gửi: Ủy ban nhân dân huyện Bến Lức 000.00.02.H41',
      'Ngày ban hành: 03/03/2026',
      'Người ký: Trần Văn Đức (Chủ tịch)',
      'Chữ ký gói tin liên thông (edXML): RSA-SHA1 — thuật toán yếu, chỉ chấp nhận vì hệ thống gửi được cấu hình như vậy — CN=Văn phòng',
      'Ngày đến: 03/03/2026 08:30',
      'Trạng thái: 01 Đã đến',
    ]);

    const files = screen.getByRole('region', { name: 'Tệp văn bản' });
    expect(within(files).getByTitle(`Xem trước văn bản: ${detail().subject}`).getAttribute('src')).toBe(
      `${PATH}/pdf?disposition=inline`,
    );
    expect(
      within(files)
        .getByRole('link', { name: /^Tải về\s*Phụ lục I/ })
        .getAttribute('href'),
    ).toBe(`${PATH}/attachments/0`);

    const history = screen.getByRole('region', { name: 'Diễn biến xử lý' });
    const event = within(history).getByRole('listitem');
    expect([event.textContent, event.getAttribute('data-code')]).toEqual([
      '01 Đã đến — 03/03/2026 08:30',
      '01',
    ]);
    expect(event.querySelector('time')!.getAttribute('datetime')).toBe('2026-03-03T01:30:00.000Z');
    // Nothing the caller may do: no action panel.
    expect(screen.queryAllByRole('button')).toEqual([]);
  });

  it('reads the document again every 2 s while the verdict is pending, and stops once it is in', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let pending = 2;
    const server = fakeApi({
      'GET /api/me': ME,
      [`GET ${PATH}`]: () => (pending-- > 0 ? detail({ validation: { state: 'pending' } }) : detail()),
    });
    render();
    const flush = () => act(() => vi.advanceTimersByTimeAsync(0));
    await flush();
    await flush();
    const verdict = screen.getByRole('region', { name: 'Kiểm tra chữ ký số' });
    expect(within(verdict).getByRole('status').textContent).toBe(
      'Đang kiểm tra Hệ thống đang kiểm tra chữ ký số; trang tự cập nhật khi có kết quả.',
    );
    expect(reads(server.requests)).toBe(1);
    await act(() => vi.advanceTimersByTimeAsync(1999));
    expect(reads(server.requests)).toBe(1);
    await act(() => vi.advanceTimersByTimeAsync(1));
    expect(reads(server.requests)).toBe(2);
    expect(within(verdict).getByRole('status').textContent).toContain('Đang kiểm tra');
    await act(() => vi.advanceTimersByTimeAsync(2000));
    expect(reads(server.requests)).toBe(3);
    // The verdict replaced the pending line in place (the page did not go back to loading).
    expect(
      within(screen.getByRole('region', { name: 'Kiểm tra chữ ký số' })).getByRole('status').textContent,
    ).toContain('Hợp lệ');
    expect(document.querySelector('.lead.badges')!.textContent).toContain('Hợp lệ');
    await act(() => vi.advanceTimersByTimeAsync(10_000));
    expect(reads(server.requests)).toBe(3);
  });

  it('lets the clerk register (warned when the verdict is not valid), announces the number and reads the document again', async () => {
    let registered = false;
    const done = detail().validation;
    const indeterminate = done.state === 'done' ? { ...done, indication: 'INDETERMINATE' as const } : done;
    const server = fakeApi({
      'GET /api/me': ME,
      [`GET ${PATH}`]: () =>
        registered
          ? detail({
              statusCode: '03',
              status: { vi: 'Đã tiếp nhận, vào sổ', en: 'Accepted and registered' },
              incomingNumber: 1,
              incomingNumberText: '01',
              year: 2026,
              actions: ['forward'],
            })
          : detail({
              actions: ['register', 'refuse'],
              validation: indeterminate,
            }),
      [`POST ${PATH}/register-in-book`]: () => {
        registered = true;
        return record();
      },
    });
    render();
    const panel = await screen.findByRole('region', { name: 'Tiếp nhận, vào sổ' });
    expect(within(panel).getByRole('status').textContent).toBe(
      'Chữ ký số không hợp lệ hoặc chưa xác định: cân nhắc từ chối tiếp nhận.',
    );
    await userEvent.click(within(panel).getByRole('button', { name: 'Tiếp nhận, vào sổ' }));
    const announced = await screen.findByText('Đã vào sổ văn bản đến số 01/2026.');
    expect(announced.getAttribute('role')).toBe('status');
    expect(document.activeElement).toBe(announced);
    expect(posted(server.requests, `${PATH}/register-in-book`)).toHaveLength(1);
    // Announced with the document as it is now: registered, the next step offered.
    expect(screen.getByRole('region', { name: 'Trình phân công' })).toBeTruthy();
    expect(screen.getByRole('region', { name: 'Thông tin văn bản' }).textContent).toContain('Số đến 01/2026');
    expect(screen.queryByRole('region', { name: 'Tiếp nhận, vào sổ' })).toBeNull();
    expect(reads(server.requests)).toBe(2);
  });

  it("refuses with a reason: says what is missing, shows the API's refusal keeping the text, then succeeds", async () => {
    let answer: unknown = status(409, 'INCOMING_STATE_INVALID');
    const server = fakeApi({
      'GET /api/me': ME,
      [`GET ${PATH}`]: detail({ actions: ['register', 'refuse'] }),
      [`POST ${PATH}/refuse`]: () => answer,
    });
    render();
    const form = await screen.findByRole('form', { name: 'Từ chối tiếp nhận' });
    const refuse = within(form).getByRole('button', { name: 'Từ chối tiếp nhận' });
    await userEvent.click(refuse);
    expect(within(form).getByRole('alert').textContent).toBe('Vui lòng nhập: Lý do từ chối.');
    expect(document.activeElement).toBe(within(form).getByLabelText(/Lý do từ chối/));
    expect(posted(server.requests, `${PATH}/refuse`)).toHaveLength(0);

    await userEvent.type(within(form).getByLabelText(/Lý do từ chối/), 'Gửi nhầm địa chỉ');
    await userEvent.click(refuse);
    expect((await within(form).findByRole('alert')).textContent).toBe('Tiếng Việt: INCOMING_STATE_INVALID');
    expect((within(form).getByLabelText(/Lý do từ chối/) as HTMLTextAreaElement).value).toBe(
      'Gửi nhầm địa chỉ',
    );

    answer = record({ statusCode: '02', refusalReason: 'Gửi nhầm địa chỉ' });
    await userEvent.click(refuse);
    await screen.findByText('Đã từ chối tiếp nhận văn bản.');
    const bodies = await Promise.all(posted(server.requests, `${PATH}/refuse`).map((r) => r.clone().json()));
    expect(bodies).toEqual([{ reason: 'Gửi nhầm địa chỉ' }, { reason: 'Gửi nhầm địa chỉ' }]);
  });

  it('forwards for assignment', async () => {
    const server = fakeApi({
      'GET /api/me': ME,
      [`GET ${PATH}`]: detail({ statusCode: '03', actions: ['forward'] }),
      [`POST ${PATH}/forward`]: record({ statusCode: '04' }),
    });
    render();
    await userEvent.click(await screen.findByRole('button', { name: 'Trình lãnh đạo phân công' }));
    await screen.findByText('Đã trình lãnh đạo phân công.');
    expect(posted(server.requests, `${PATH}/forward`)).toHaveLength(1);
  });

  it('lets a leader assign specialists with a deadline: nobody chosen is said, a refused date is shown at its field', async () => {
    let answer: unknown = status(400, 'DATE_INVALID');
    const server = fakeApi({
      'GET /api/me': withRoles(['leader']),
      [`GET ${PATH}`]: detail({ statusCode: '04', actions: ['assign'] }),
      'GET /api/incoming/assignees': {
        items: [
          {
            id: '00000000-0000-4000-8000-0000000000c1',
            username: 'k',
            fullName: 'Đặng Minh Khoa',
            title: 'Chuyên viên',
          },
          { id: '00000000-0000-4000-8000-0000000000c2', username: 'l', fullName: 'Lê Thị Lan', title: null },
        ],
      },
      [`POST ${PATH}/assign`]: () => answer,
    });
    render('vi', 'assignments');
    const form = await screen.findByRole('form', { name: 'Phân công xử lý' });
    expect(screen.getByRole('navigation', { name: 'Đường dẫn' }).textContent).toBe(
      'Phân công, hạn xử lý1/QĐ-UBND',
    );
    await within(form).findByLabelText(/Đặng Minh Khoa/);
    await userEvent.type(within(form).getByLabelText('Hạn xử lý'), '2026-03-05');
    await userEvent.click(within(form).getByRole('button', { name: 'Phân công' }));
    expect(within(form).getByRole('alert').textContent).toBe('Chọn ít nhất một người xử lý.');
    expect(posted(server.requests, `${PATH}/assign`)).toHaveLength(0);

    await userEvent.click(within(form).getByLabelText(/Đặng Minh Khoa/));
    await userEvent.click(within(form).getByRole('button', { name: 'Phân công' }));
    const deadline = within(form).getByLabelText('Hạn xử lý');
    await within(form).findByText('Tiếng Việt: DATE_INVALID');
    expect(deadline.getAttribute('aria-invalid')).toBe('true');
    expect((deadline as HTMLInputElement).value).toBe('2026-03-05');

    answer = record({ statusCode: '05', deadline: '2026-03-05' });
    await userEvent.click(within(form).getByRole('button', { name: 'Phân công' }));
    await screen.findByText('Đã phân công 1 người xử lý, hạn xử lý 05/03/2026.');
    const bodies = await Promise.all(posted(server.requests, `${PATH}/assign`).map((r) => r.clone().json()));
    expect(bodies.at(-1)).toEqual({
      leadUserId: '00000000-0000-4000-8000-0000000000c1',
      supportUserIds: [],
      deadline: '2026-03-05',
    });
  });

  it("shows the sender's deadline and pre-fills the assignment with it while it has not passed", async () => {
    const assignees = {
      items: [
        {
          id: '00000000-0000-4000-8000-0000000000c1',
          username: 'k',
          fullName: 'Đặng Minh Khoa',
          title: null,
        },
      ],
    };
    const server = fakeApi({
      'GET /api/me': withRoles(['leader']),
      [`GET ${PATH}`]: detail({ statusCode: '04', actions: ['assign'], requestedDueDate: '2099-12-31' }),
      'GET /api/incoming/assignees': assignees,
      [`POST ${PATH}/assign`]: record({ statusCode: '05', deadline: '2099-12-31' }),
    });
    const view = render('vi', 'assignments');
    const form = await screen.findByRole('form', { name: 'Phân công xử lý' });
    expect(screen.getByRole('region', { name: 'Thông tin văn bản' }).textContent).toContain(
      'Hạn xử lý của nơi gửi31/12/2099',
    );
    const deadline = within(form).getByLabelText('Hạn xử lý') as HTMLInputElement;
    expect(deadline.value).toBe('2099-12-31');
    expect(within(form).getByText(/Theo hạn xử lý của nơi gửi \(31\/12\/2099\)\./)).toBeTruthy();
    await userEvent.click(await within(form).findByLabelText(/Đặng Minh Khoa/));
    await userEvent.clear(deadline);
    await userEvent.click(within(form).getByRole('button', { name: 'Phân công' }));
    await waitFor(() => expect(posted(server.requests, `${PATH}/assign`)).toHaveLength(1));
    // Cleared on purpose: no deadline (null), not the sender's.
    expect(await posted(server.requests, `${PATH}/assign`)[0]!.clone().json()).toEqual({
      leadUserId: '00000000-0000-4000-8000-0000000000c1',
      supportUserIds: [],
      deadline: null,
    });
    view.unmount();

    fakeApi({
      'GET /api/me': withRoles(['leader']),
      [`GET ${PATH}`]: detail({ statusCode: '04', actions: ['assign'], requestedDueDate: '2020-01-01' }),
      'GET /api/incoming/assignees': assignees,
    });
    render('vi', 'assignments');
    const past = await screen.findByRole('form', { name: 'Phân công xử lý' });
    expect((within(past).getByLabelText('Hạn xử lý') as HTMLInputElement).value).toBe('');
  });

  it('says when the unit has no specialists, and shows a failed list of assignees', async () => {
    fakeApi({
      'GET /api/me': withRoles(['leader']),
      [`GET ${PATH}`]: detail({ actions: ['assign'] }),
      'GET /api/incoming/assignees': { items: [] },
    });
    const { unmount } = render();
    expect(await screen.findByText('Đơn vị chưa có chuyên viên nào.')).toBeTruthy();
    unmount();
    fakeApi({
      'GET /api/me': withRoles(['leader']),
      [`GET ${PATH}`]: detail({ actions: ['assign'] }),
      'GET /api/incoming/assignees': status(403, 'FORBIDDEN'),
    });
    render();
    const panel = await screen.findByRole('region', { name: 'Phân công xử lý' });
    expect((await within(panel).findByRole('alert')).textContent).toBe(
      'Bạn không có quyền xem nội dung này.',
    );
  });

  it('lets an assignee complete it with a note and announces the handling result', async () => {
    const server = fakeApi({
      'GET /api/me': withRoles(['specialist']),
      [`GET ${PATH}`]: detail({
        statusCode: '05',
        deadline: '2026-03-05',
        overdue: true,
        actions: ['complete'],
      }),
      [`POST ${PATH}/complete`]: record({ statusCode: '06', handlingResult: 'late' }),
    });
    render();
    const form = await screen.findByRole('form', { name: 'Hoàn thành xử lý' });
    expect(within(form).getByText('Hạn xử lý: 05/03/2026.')).toBeTruthy();
    await userEvent.type(within(form).getByLabelText(/Kết quả xử lý/), 'Đã xây dựng kế hoạch.');
    await userEvent.click(within(form).getByRole('button', { name: 'Hoàn thành' }));
    await screen.findByText('Đã hoàn thành xử lý (Trễ hạn).');
    expect(await posted(server.requests, `${PATH}/complete`)[0]!.clone().json()).toEqual({
      note: 'Đã xây dựng kế hoạch.',
    });
  });

  it('answers a recall: refusing needs a note, accepting does not', async () => {
    const server = fakeApi({
      'GET /api/me': ME,
      [`GET ${PATH}`]: detail({
        statusCode: '03',
        recallCode: '13',
        recallReason: 'Sai thể thức văn bản',
        actions: ['answerRecall'],
      }),
      [`POST ${PATH}/recall-answer`]: record({ recallCode: '15' }),
    });
    render();
    const panel = await screen.findByRole('region', { name: 'Trả lời yêu cầu thu hồi' });
    expect(screen.getByText('Nơi gửi yêu cầu thu hồi văn bản này. Lý do: Sai thể thức văn bản')).toBeTruthy();
    await userEvent.click(within(panel).getByRole('button', { name: 'Từ chối thu hồi' }));
    expect(within(panel).getByRole('alert').textContent).toBe('Vui lòng nhập: Ý kiến.');
    expect(posted(server.requests, `${PATH}/recall-answer`)).toHaveLength(0);
    await userEvent.click(within(panel).getByRole('button', { name: 'Đồng ý thu hồi' }));
    await screen.findByText('Đã đồng ý thu hồi (15).');
    expect(await posted(server.requests, `${PATH}/recall-answer`)[0]!.clone().json()).toEqual({
      accept: true,
    });
  });

  it("shows the API's error (not found), a forbidden answer as not allowed, and a result announced before it opened", async () => {
    fakeApi({ 'GET /api/me': ME, [`GET ${PATH}`]: status(404, 'INCOMING_NOT_FOUND') });
    const first = render('en');
    expect((await screen.findByRole('alert')).textContent).toBe('English: INCOMING_NOT_FOUND');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Document');
    first.unmount();

    fakeApi({ 'GET /api/me': ME, [`GET ${PATH}`]: status(403, 'FORBIDDEN') });
    const second = render();
    expect((await screen.findByRole('alert')).textContent).toBe('Bạn không có quyền xem nội dung này.');
    second.unmount();

    fakeApi({ 'GET /api/me': ME, [`GET ${PATH}`]: detail() });
    setFlash('Đã lưu.');
    render();
    expect((await screen.findByText('Đã lưu.')).getAttribute('role')).toBe('status');
  });

  it('speaks English: verdict, labels from the API, history', async () => {
    fakeApi({
      'GET /api/me': ME,
      [`GET ${PATH}`]: detail({
        statusCode: '05',
        status: { vi: 'Đang xử lý', en: 'Assigned, in progress' },
        assignees: [{ id: '00000000-0000-4000-8000-0000000000c1', fullName: 'Đặng Minh Khoa', title: null }],
        deadline: '2026-03-05',
      }),
    });
    render('en');
    await screen.findByRole('region', { name: 'Signature check' });
    expect(document.querySelector('.lead.badges')!.textContent).toBe(
      '05 Assigned, in progress Urgent Valid 1/QĐ-UBND',
    );
    const info = screen.getByRole('region', { name: 'Document details' }).textContent;
    expect(info).toContain('Handled byĐặng Minh Khoa');
    expect(info).toContain('Deadline05/03/2026');
    expect(screen.getByRole('region', { name: 'History' }).textContent).toContain('01 Arrived');
    expect(
      screen.getByRole('cell', { name: 'No path to a trusted root (NO_CERTIFICATE_CHAIN_FOUND)' }),
    ).toBeTruthy();
  });
});
