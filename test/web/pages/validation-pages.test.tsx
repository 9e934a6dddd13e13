import { act, fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ValidationBatchPage, BATCH_POLL_MS } from '../../../web/src/pages/validation/validation-batch-page';
import { ValidationBatchesPage } from '../../../web/src/pages/validation/validation-batches-page';
import { ValidationPage, vietnamInstant } from '../../../web/src/pages/validation/validation-page';
import { ValidationReportPage } from '../../../web/src/pages/validation/validation-report-page';
import type { ReportView, ValidationBatch } from '../../../web/src/pages/validation/validation-strings';
import { certificatePem, ValidationTrustPage } from '../../../web/src/pages/validation/validation-trust-page';
import { fakeApi, ME, renderSignedIn, status, withRoles } from '../support/render';

const AUDITOR = withRoles(['auditor']);
const ADMIN = withRoles(['admin']);
const REPORT_ID = '00000000-0000-4000-8000-00000000e001';
const BATCH_ID = '00000000-0000-4000-8000-00000000b001';

const pdf = (name: string, size = 2048) =>
  new File([new Uint8Array(size)], name, { type: 'application/pdf' });

/** A stand-in XMLHttpRequest (the uploads): records what is sent; the test drives progress and answers. */
class FakeXhr extends EventTarget {
  static sent: FakeXhr[] = [];
  upload = new EventTarget();
  headers: Record<string, string> = {};
  method = '';
  url = '';
  status = 0;
  responseText = '';
  withCredentials = false;
  body: unknown;
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name.toLowerCase()] = value;
  }
  send(body: unknown) {
    this.body = body;
    FakeXhr.sent.push(this);
  }
  abort() {
    this.dispatchEvent(new Event('abort'));
  }
  answer(code: number, body: unknown) {
    this.status = code;
    this.responseText = JSON.stringify(body);
    this.dispatchEvent(new Event('load'));
  }
  progress(loaded: number, total: number) {
    this.upload.dispatchEvent(
      Object.assign(new Event('progress'), { lengthComputable: true, loaded, total }),
    );
  }
}

function stubXhr() {
  FakeXhr.sent = [];
  vi.stubGlobal('XMLHttpRequest', FakeXhr);
}

afterEach(() => {
  vi.useRealTimers();
});

const apiError = (code: string) => ({
  error: { code, message: `English: ${code}`, messageVi: `Tiếng Việt: ${code}`, requestId: 'r' },
});

describe('ValidationPage (#/validation)', () => {
  it('uploads a picked PDF with the revocation options, shows its progress, then opens the report', async () => {
    stubXhr();
    fakeApi({ 'GET /api/me': AUDITOR });
    renderSignedIn(<ValidationPage />);
    expect(await screen.findByRole('heading', { level: 1, name: 'Kiểm tra chữ ký số' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Kiểm tra tệp' }).getAttribute('aria-current')).toBe('page');
    await userEvent.click(
      screen.getByLabelText('Chỉ dùng dữ liệu thu hồi có trong tệp (không tra cứu trực tuyến)'),
    );
    fireEvent.change(screen.getByLabelText('Kiểm tra tại thời điểm (để trống: bây giờ)'), {
      target: { value: '2026-03-01T10:00' },
    });
    await userEvent.upload(screen.getByLabelText('Chọn tệp PDF'), pdf('Quyết định 3.pdf'));
    const xhr = FakeXhr.sent[0]!;
    const url = new URL(xhr.url, 'http://vanban.test');
    expect([xhr.method, url.pathname, Object.fromEntries(url.searchParams)]).toEqual([
      'POST',
      '/api/validation/validate',
      { offline: 'true', at: '2026-03-01T03:00:00.000Z' },
    ]);
    expect(xhr.headers['content-type']).toBe('application/pdf');
    expect(decodeURIComponent(xhr.headers['x-file-name']!)).toBe('Quyết định 3.pdf');
    await act(async () => xhr.progress(1024, 2048));
    expect((screen.getByLabelText('Đang tải lên Quyết định 3.pdf') as HTMLProgressElement).value).toBe(50);
    expect(screen.getByText(/Đang kiểm tra Quyết định 3\.pdf…/)).toBeTruthy();
    await act(async () => xhr.answer(200, { record: { id: REPORT_ID }, report: {} }));
    expect(globalThis.location.hash).toBe(`#/validation/reports/${REPORT_ID}`);
  });

  it('sends the CRL and OCSP files the auditor holds with the PDF as one multipart form (parts file, crl…, ocsp…)', async () => {
    stubXhr();
    fakeApi({ 'GET /api/me': AUDITOR });
    renderSignedIn(<ValidationPage />, 'en');
    const crlA = new File([new Uint8Array([0x30, 1])], 'issuing-ca.crl');
    const crlB = new File(['-----BEGIN X509 CRL-----'], 'root.pem');
    const ocsp = new File([new Uint8Array([0x30, 2])], 'leaf.ocsp');
    await userEvent.upload(await screen.findByLabelText('CRL files you hold (optional)'), [crlA, crlB]);
    await userEvent.upload(screen.getByLabelText('OCSP responses you hold (optional)'), ocsp);
    expect(screen.getByText(/checked like it \(source: offline\)/)).toBeTruthy();
    await userEvent.upload(screen.getByLabelText('Choose a PDF'), pdf('Quyết định 3.pdf'));
    const xhr = FakeXhr.sent[0]!;
    expect(new URL(xhr.url, 'http://x').pathname).toBe('/api/validation/validate');
    // The browser sets the multipart type and boundary itself; the file name travels in the part.
    expect(xhr.headers['content-type']).toBeUndefined();
    expect(xhr.headers['x-file-name']).toBeUndefined();
    const form = xhr.body as FormData;
    expect(form).toBeInstanceOf(FormData);
    expect([...form.keys()]).toEqual(['file', 'crl', 'crl', 'ocsp']);
    expect((form.get('file') as File).name).toBe('Quyết định 3.pdf');
    expect(form.getAll('crl').map((f) => (f as File).name)).toEqual(['issuing-ca.crl', 'root.pem']);
    expect((form.get('ocsp') as File).name).toBe('leaf.ocsp');
    await act(async () => xhr.answer(400, apiError('REVOCATION_EVIDENCE_INVALID')));
    expect(screen.getByRole('alert').textContent).toBe('English: REVOCATION_EVIDENCE_INVALID');
  });

  it("shows the API's refusal and stays on the page; a file that is not a PDF is not sent", async () => {
    stubXhr();
    fakeApi({ 'GET /api/me': AUDITOR });
    renderSignedIn(<ValidationPage />, 'en');
    const input = await screen.findByLabelText('Choose a PDF');
    await userEvent.setup({ applyAccept: false }).upload(input, new File(['x'], 'notes.docx'));
    expect(screen.getByRole('alert').textContent).toBe('Only PDF files are accepted.');
    expect(FakeXhr.sent).toEqual([]);
    await userEvent.upload(input, pdf('hong.pdf'));
    await act(async () => FakeXhr.sent[0]!.answer(503, apiError('VALIDATION_BUSY')));
    expect(screen.getByRole('alert').textContent).toBe('English: VALIDATION_BUSY');
    expect(Object.fromEntries(new URL(FakeXhr.sent[0]!.url, 'http://x').searchParams)).toEqual({});
    expect(globalThis.location.hash).toBe('');
  });

  it('reads the time typed as Vietnam time, whatever the browser’s zone', () => {
    expect(vietnamInstant('2026-03-01T00:30:15')).toBe('2026-02-28T17:30:15.000Z');
    expect(vietnamInstant('')).toBeUndefined();
  });
});

const VIEW: ReportView = {
  lang: 'vi',
  title: 'Báo cáo kiểm tra chữ ký số',
  subtitle: 'Quyết định 3.pdf',
  tone: 'failed',
  headline: 'Có chữ ký không hợp lệ',
  explanation: 'Ít nhất một chữ ký không hợp lệ.',
  facts: [
    ['Tệp', 'Quyết định 3.pdf'],
    ['SHA-256', 'a'.repeat(64)],
  ],
  notes: ['Tệp đã được sửa chữa khi đọc.'],
  signatures: [
    {
      heading: 'Chữ ký 1: Nguyễn Văn A',
      tone: 'failed',
      headline: 'Tài liệu đã bị sửa đổi sau khi ký',
      explanation: 'Nội dung đã thay đổi.',
      facts: [
        ['Trường chữ ký', 'Signature1'],
        ['Kết luận', 'Không hợp lệ — TOTAL_FAILED / HASH_FAILURE'],
      ],
      tables: [
        {
          caption: 'Thay đổi sau khi ký',
          headers: ['Phiên bản', 'Mức', 'Số thay đổi', 'Trường'],
          rows: [['Phiên bản 2', 'Sửa nội dung (CONTENT)', '1', '—']],
          widths: [2, 5, 2, 4],
        },
        {
          caption: 'Chi tiết thay đổi',
          headers: ['Phiên bản', 'Mức', 'Đối tượng', 'Chi tiết'],
          rows: [['2', 'CONTENT', '5 0 R', 'Nội dung trang']],
          widths: [2, 3, 2, 7],
          collapsible: true,
        },
      ],
      reasons: ['HASH_FAILURE: digest mismatch'],
    },
    {
      heading: 'Chữ ký 2: Văn thư',
      tone: 'passed',
      headline: 'Chữ ký hợp lệ',
      explanation: 'Chữ ký còn nguyên vẹn.',
      facts: [['Kết luận', 'Hợp lệ — TOTAL_PASSED']],
      tables: [
        {
          caption: 'Thay đổi sau khi ký',
          headers: ['Phiên bản'],
          rows: [],
          widths: [1],
          note: 'Không có thay đổi nào sau khi ký.',
        },
      ],
      reasons: [],
    },
  ],
  trust: { caption: 'Chứng thư tin cậy', headers: [], rows: [], widths: [] },
  footer: '',
  labels: { summary: 'Tóm tắt tài liệu', notes: 'Lưu ý', reasons: 'Lý do kỹ thuật', page: 'Trang' },
};

describe('ValidationReportPage (#/validation/reports/:id)', () => {
  it('shows loading, then the verdict, the summary, one card per signature with its indication, and the downloads', async () => {
    const server = fakeApi({
      'GET /api/me': AUDITOR,
      [`GET /api/validation/reports/${REPORT_ID}/view`]: { record: { id: REPORT_ID }, view: VIEW },
    });
    server.hold();
    renderSignedIn(<ValidationReportPage params={new URLSearchParams()} id={REPORT_ID} />);
    server.release();
    expect((await screen.findByRole('status')).textContent).toBe('Đang tải…');
    const verdict = await screen.findByRole('region', { name: 'Có chữ ký không hợp lệ' });
    const box = within(verdict).getByRole('status');
    expect([box.className, box.textContent]).toEqual([
      'verdict tone-failed',
      'Có chữ ký không hợp lệÍt nhất một chữ ký không hợp lệ.',
    ]);
    expect(within(verdict).getByText('a'.repeat(64)).className).toBe('hash');
    expect(within(verdict).getByText('Tệp đã được sửa chữa khi đọc.')).toBeTruthy();
    expect(screen.getByRole('heading', { level: 2, name: 'Quyết định 3.pdf' })).toBeTruthy();

    const first = screen.getByRole('region', { name: /Chữ ký 1: Nguyễn Văn A/ });
    expect(
      within(first).getByText('Không hợp lệ — TOTAL_FAILED / HASH_FAILURE', { selector: '.badge' }).className,
    ).toBe('badge badge-failed');
    expect(within(first).getByText('Tài liệu đã bị sửa đổi sau khi ký').closest('.verdict')!.className).toBe(
      'verdict tone-failed',
    );
    const changes = within(first).getAllByRole('table')[0]!;
    expect(
      within(changes)
        .getAllByRole('row')
        .map((r) => r.textContent),
    ).toEqual(['Phiên bảnMứcSố thay đổiTrường', 'Phiên bản 2Sửa nội dung (CONTENT)1—']);
    expect(first.querySelector('details summary')!.textContent).toBe('Chi tiết thay đổi (1)');
    expect(within(first).getByText('HASH_FAILURE: digest mismatch')).toBeTruthy();
    const second = screen.getByRole('region', { name: /Chữ ký 2: Văn thư/ });
    expect(within(second).getByText('Không có thay đổi nào sau khi ký.')).toBeTruthy();
    expect(within(second).queryByRole('table')).toBeNull();

    const downloads = screen.getByRole('group', { name: 'Tải báo cáo' });
    expect(
      within(downloads)
        .getAllByRole('link')
        .map((a) => [a.textContent, a.getAttribute('href')]),
    ).toEqual([
      ['Tải báo cáo PDF', `/api/validation/reports/${REPORT_ID}/download?format=pdf&lang=vi`],
      ['Tải báo cáo HTML', `/api/validation/reports/${REPORT_ID}/download?format=html&lang=vi`],
      ['Tải báo cáo JSON', `/api/validation/reports/${REPORT_ID}/download?format=json&lang=vi`],
    ]);
    expect(screen.getByRole('link', { name: 'Kiểm tra tệp khác' }).getAttribute('href')).toBe('#/validation');
    const asked = server.requests.find((r) => r.url.includes('/view'))!;
    expect(new URL(asked.url).searchParams.get('lang')).toBe('vi');
  });

  it('asks the report in English on the English page and links the English downloads', async () => {
    const server = fakeApi({
      'GET /api/me': AUDITOR,
      [`GET /api/validation/reports/${REPORT_ID}/view`]: { record: { id: REPORT_ID }, view: VIEW },
    });
    renderSignedIn(<ValidationReportPage params={new URLSearchParams()} id={REPORT_ID} />, 'en');
    const pdfLink = await screen.findByRole('link', { name: 'Download PDF report' });
    expect(pdfLink.getAttribute('href')).toContain('lang=en');
    expect(new URL(server.requests.find((r) => r.url.includes('/view'))!.url).searchParams.get('lang')).toBe(
      'en',
    );
  });

  it("shows the API's error for a report out of reach, and a forbidden answer as not allowed", async () => {
    fakeApi({
      'GET /api/me': AUDITOR,
      [`GET /api/validation/reports/${REPORT_ID}/view`]: status(404, 'VALIDATION_REPORT_NOT_FOUND'),
    });
    const { unmount } = renderSignedIn(
      <ValidationReportPage params={new URLSearchParams()} id={REPORT_ID} />,
    );
    expect((await screen.findByRole('alert')).textContent).toBe('Tiếng Việt: VALIDATION_REPORT_NOT_FOUND');
    expect(screen.getByRole('button', { name: 'Thử lại' })).toBeTruthy();
    unmount();
    fakeApi({
      'GET /api/me': withRoles(['clerk']),
      [`GET /api/validation/reports/${REPORT_ID}/view`]: status(403, 'FORBIDDEN'),
    });
    renderSignedIn(<ValidationReportPage params={new URLSearchParams()} id={REPORT_ID} />);
    expect((await screen.findByRole('alert')).textContent).toBe('Bạn không có quyền xem nội dung này.');
  });
});

const batchFile = (seq: number, extra: Partial<ValidationBatch['files'][number]> = {}) => ({
  id: `00000000-0000-4000-8000-0000000f000${seq}`,
  seq,
  source: 'upload' as const,
  fileName: `tep-${seq}.pdf`,
  sha256: 'b'.repeat(64),
  size: 100,
  state: 'queued' as const,
  verdict: null,
  reportId: null,
  doneAt: null,
  error: null,
  ...extra,
});

const batch = (files: ValidationBatch['files'], extra: Partial<ValidationBatch> = {}): ValidationBatch => {
  const done = files.filter((f) => f.state === 'done').length;
  const failed = files.filter((f) => f.state === 'failed').length;
  return {
    id: BATCH_ID,
    unitId: ME.user.unit.id,
    createdBy: ME.user.id,
    name: 'Lô văn bản tháng 3',
    online: false,
    validationTime: null,
    evidence: { crls: 0, ocsps: 0 },
    createdAt: '2026-03-03T01:30:00.000Z',
    progress: { total: files.length, done, failed, pending: files.length - done - failed },
    verdicts: {},
    files,
    ...extra,
  };
};

describe('ValidationBatchesPage (#/validation/batches)', () => {
  it('lists the recent batches with their progress, or says there are none', async () => {
    const server = fakeApi({
      'GET /api/me': AUDITOR,
      'GET /api/validation/batches': {
        items: [
          { id: BATCH_ID, name: 'Lô tháng 3', createdAt: '2026-03-03T01:30:00.000Z', total: 2, done: 1 },
        ],
      },
    });
    server.hold();
    const { unmount } = renderSignedIn(<ValidationBatchesPage />);
    server.release();
    expect((await screen.findByRole('status')).textContent).toBe('Đang tải…');
    const table = await screen.findByRole('table', { name: 'Các lô gần đây' });
    expect(
      within(table)
        .getAllByRole('row')
        .map((r) => r.textContent),
    ).toEqual([expect.stringMatching(/^Tên.*Tạo lúc.*Tiến độ$/), 'Lô tháng 303/03/2026 08:301/2']);
    expect(within(table).getByRole('link', { name: 'Lô tháng 3' }).getAttribute('href')).toBe(
      `#/validation/batches/${BATCH_ID}`,
    );
    unmount();
    fakeApi({ 'GET /api/me': AUDITOR, 'GET /api/validation/batches': { items: [] } });
    renderSignedIn(<ValidationBatchesPage />);
    expect(await screen.findByText('Chưa có lô kiểm tra nào.')).toBeTruthy();
  });

  it("shows the list's error, and a forbidden answer as not allowed", async () => {
    fakeApi({ 'GET /api/me': AUDITOR, 'GET /api/validation/batches': status(503, 'DATABASE_UNAVAILABLE') });
    const { unmount } = renderSignedIn(<ValidationBatchesPage />, 'en');
    expect((await screen.findByRole('alert')).textContent).toBe('English: DATABASE_UNAVAILABLE');
    unmount();
    fakeApi({ 'GET /api/me': withRoles(['clerk']), 'GET /api/validation/batches': status(403, 'FORBIDDEN') });
    renderSignedIn(<ValidationBatchesPage />);
    expect((await screen.findByRole('alert')).textContent).toBe('Bạn không có quyền xem nội dung này.');
  });

  it('creates the batch, uploads each file in turn with its progress, then opens the batch', async () => {
    stubXhr();
    const server = fakeApi({
      'GET /api/me': AUDITOR,
      'GET /api/validation/batches': { items: [] },
      'POST /api/validation/batches': batch([]),
    });
    renderSignedIn(<ValidationBatchesPage />);
    await screen.findByText('Chưa có lô kiểm tra nào.');
    await userEvent.type(screen.getByLabelText(/Tên lô kiểm tra/), '  Lô văn bản tháng 3 ');
    await userEvent.upload(screen.getByLabelText('Các tệp PDF'), [pdf('hop-le.pdf'), pdf('mot-byte.pdf')]);
    await userEvent.click(screen.getByRole('button', { name: 'Tạo lô và tải tệp lên' }));
    const created = server.requests.find((r) => r.method === 'POST')!;
    expect(await created.json()).toEqual({ name: 'Lô văn bản tháng 3' });
    await vi.waitFor(() => expect(FakeXhr.sent).toHaveLength(1));
    expect(screen.getByText('Đang tải lên 0/2 tệp')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Tạo lô và tải tệp lên' })).toHaveProperty('disabled', true);
    await act(async () => FakeXhr.sent[0]!.progress(512, 2048));
    expect((screen.getByLabelText('Đang tải lên hop-le.pdf') as HTMLProgressElement).value).toBe(25);
    await act(async () => FakeXhr.sent[0]!.answer(201, batch([batchFile(1)])));
    await vi.waitFor(() => expect(FakeXhr.sent).toHaveLength(2));
    expect(screen.getByText('Đang tải lên 1/2 tệp')).toBeTruthy();
    await act(async () => FakeXhr.sent[1]!.answer(201, batch([batchFile(1), batchFile(2)])));
    expect(
      FakeXhr.sent.map((x) => [x.url, decodeURIComponent(x.headers['x-file-name']!), (x.body as File).name]),
    ).toEqual([
      [`/api/validation/batches/${BATCH_ID}/files`, 'hop-le.pdf', 'hop-le.pdf'],
      [`/api/validation/batches/${BATCH_ID}/files`, 'mot-byte.pdf', 'mot-byte.pdf'],
    ]);
    await vi.waitFor(() => expect(globalThis.location.hash).toBe(`#/validation/batches/${BATCH_ID}`));
  });

  it('asks for files before creating anything, puts the API’s name error at the name, and keeps what was typed', async () => {
    stubXhr();
    const server = fakeApi({
      'GET /api/me': AUDITOR,
      'GET /api/validation/batches': { items: [] },
      'POST /api/validation/batches': status(400, 'VALIDATION_FAILED', {
        issues: [{ path: 'name', code: 'too_small', message: 'Required', messageVi: 'Bắt buộc nhập tên' }],
      }),
    });
    renderSignedIn(<ValidationBatchesPage />);
    await screen.findByText('Chưa có lô kiểm tra nào.');
    await userEvent.click(screen.getByRole('button', { name: 'Tạo lô và tải tệp lên' }));
    expect(screen.getByRole('alert').textContent).toBe('Hãy chọn ít nhất một tệp PDF.');
    expect(server.requests.filter((r) => r.method === 'POST')).toEqual([]);
    await userEvent.upload(screen.getByLabelText('Các tệp PDF'), pdf('a.pdf'));
    expect(screen.queryByText('Hãy chọn ít nhất một tệp PDF.')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Tạo lô và tải tệp lên' }));
    const name = screen.getByLabelText(/Tên lô kiểm tra/);
    expect(await screen.findByText('Bắt buộc nhập tên')).toBeTruthy();
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('a.pdf')).toBeTruthy();
    expect(FakeXhr.sent).toEqual([]);
  });
});

describe('ValidationBatchPage (#/validation/batches/:id)', () => {
  const reads = (requests: Request[]) =>
    requests.filter((r) => r.url.includes(`/batches/${BATCH_ID}`)).length;

  it('shows the progress, asks again every 1.5 s while files are pending (keeping the table), then each verdict', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let round = 0;
    const server = fakeApi({
      'GET /api/me': AUDITOR,
      [`GET /api/validation/batches/${BATCH_ID}`]: () =>
        round++ === 0
          ? batch([batchFile(1), batchFile(2, { state: 'running' })])
          : batch([
              batchFile(1, { state: 'done', verdict: 'TOTAL_PASSED', reportId: REPORT_ID }),
              batchFile(2, { state: 'done', verdict: 'TOTAL_FAILED', reportId: REPORT_ID }),
              batchFile(3, { state: 'failed', error: 'ABORTED: time limit' }),
            ]),
    });
    renderSignedIn(<ValidationBatchPage params={new URLSearchParams()} id={BATCH_ID} />);
    const flush = () => act(() => vi.advanceTimersByTimeAsync(0));
    await flush();
    await flush();
    expect(screen.getByText('Đã kiểm tra 0/2 tệp').getAttribute('role')).toBe('status');
    const bar = screen.getByLabelText('Tiến độ kiểm tra lô') as HTMLProgressElement;
    expect([bar.value, bar.max]).toEqual([0, 2]);
    expect(
      within(screen.getByRole('table'))
        .getAllByRole('row')
        .map((r) => r.textContent),
    ).toEqual(['STTTệpTrạng tháiKết luậnBáo cáo', '1tep-1.pdfĐang chờ——', '2tep-2.pdfĐang kiểm tra——']);
    expect(reads(server.requests)).toBe(1);
    server.hold();
    await act(() => vi.advanceTimersByTimeAsync(BATCH_POLL_MS));
    expect(reads(server.requests)).toBe(2);
    // While the second answer is on its way, the first stays on screen.
    expect(screen.getByRole('table')).toBeTruthy();
    server.release();
    await flush();
    await flush();
    expect(screen.getByText('Đã kiểm tra 2/3 tệp')).toBeTruthy();
    expect(screen.getByText('1 tệp không kiểm tra được')).toBeTruthy();
    const rows = within(screen.getByRole('table')).getAllByRole('row');
    expect(rows.slice(1).map((r) => r.textContent)).toEqual([
      '1tep-1.pdfXongHợp lệ (TOTAL_PASSED)Xem',
      '2tep-2.pdfXongKhông hợp lệ (TOTAL_FAILED)Xem',
      '3tep-3.pdfLỗiABORTED: time limit——',
    ]);
    expect(
      within(rows[2]!).getByRole('link', { name: 'Xem báo cáo của tep-2.pdf' }).getAttribute('href'),
    ).toBe(`#/validation/reports/${REPORT_ID}`);
    expect(within(rows[2]!).getByText('Không hợp lệ (TOTAL_FAILED)').className).toBe('badge badge-failed');
    await act(() => vi.advanceTimersByTimeAsync(10_000));
    expect(reads(server.requests)).toBe(2);
  });

  it("shows the API's error for a batch out of reach, and a forbidden answer as not allowed", async () => {
    fakeApi({
      'GET /api/me': AUDITOR,
      [`GET /api/validation/batches/${BATCH_ID}`]: status(404, 'VALIDATION_BATCH_NOT_FOUND'),
    });
    const { unmount } = renderSignedIn(<ValidationBatchPage params={new URLSearchParams()} id={BATCH_ID} />);
    expect((await screen.findByRole('alert')).textContent).toBe('Tiếng Việt: VALIDATION_BATCH_NOT_FOUND');
    unmount();
    fakeApi({
      'GET /api/me': AUDITOR,
      [`GET /api/validation/batches/${BATCH_ID}`]: status(403, 'FORBIDDEN'),
    });
    renderSignedIn(<ValidationBatchPage params={new URLSearchParams()} id={BATCH_ID} />, 'en');
    expect((await screen.findByRole('alert')).textContent).toBe('You are not allowed to see this.');
  });
});

const ANCHOR = (n: number, extra: Record<string, unknown> = {}) => ({
  sha256: String(n).repeat(64).slice(0, 64),
  subject: `CN=Root ${n}`,
  source: 'shipped',
  notBefore: '2020-01-01T00:00:00.000Z',
  notAfter: '2040-01-01T00:00:00.000Z',
  description: `Root ${n} of Viet Nam`,
  descriptionVi: `Gốc ${n} Việt Nam`,
  file: null,
  addedAt: null,
  removable: false,
  ...extra,
});

const TRUST = {
  mode: 'production',
  anchors: [ANCHOR(1), ANCHOR(2, { source: 'admin', subject: 'CN=PKI thử nghiệm', removable: true })],
  revocationHosts: [],
};

const unitAnswer = (parentId: string | null) => ({
  id: ME.user.unit.id,
  code: ME.user.unit.code,
  name: ME.user.unit.name,
  shortName: null,
  level: parentId ? 'district' : 'province',
  parentId,
  validFrom: '2020-01-01',
  validTo: null,
  successorId: null,
});

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';

describe('ValidationTrustPage (#/validation/trust)', () => {
  it('lists the anchors with their source labels for an auditor, read-only, with the revocation hosts', async () => {
    const server = fakeApi({
      'GET /api/me': AUDITOR,
      'GET /api/admin/trust': { ...TRUST, revocationHosts: ['ca.gov.vn'] },
    });
    renderSignedIn(<ValidationTrustPage />);
    const table = await screen.findByRole('table', { name: 'Chứng thư tin cậy' });
    expect(
      within(table)
        .getAllByRole('row')
        .map((r) => r.textContent),
    ).toEqual([
      'Chủ thểNguồnSHA-256Hiệu lực',
      `CN=Root 1Gốc 1 Việt NamGốc Việt Nam kèm theo${'1'.repeat(64)}01/01/2020 07:00 – 01/01/2040 07:00`,
      `CN=PKI thử nghiệmGốc 2 Việt NamQuản trị viên thêm${'2'.repeat(64)}01/01/2020 07:00 – 01/01/2040 07:00`,
    ]);
    expect(screen.getByText('Chế độ vận hành.')).toBeTruthy();
    expect(screen.getByText('Máy chủ được phép tra cứu: ca.gov.vn')).toBeTruthy();
    expect(
      screen.getByText('Chỉ quản trị viên của đơn vị cấp tỉnh mới thay đổi được cấu hình tin cậy.'),
    ).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Gỡ/ })).toBeNull();
    expect(screen.queryByLabelText(/Thêm chứng thư tin cậy/)).toBeNull();
    expect(server.requests.some((r) => r.url.includes('/api/units/'))).toBe(false);
  });

  it('keeps the controls from an admin of a unit below the top level (the server refuses them)', async () => {
    fakeApi({
      'GET /api/me': ADMIN,
      'GET /api/admin/trust': TRUST,
      [`GET /api/units/${ME.user.unit.id}`]: unitAnswer('00000000-0000-4000-8000-0000000000ff'),
    });
    renderSignedIn(<ValidationTrustPage />, 'en');
    await screen.findByRole('table', { name: 'Trust anchors' });
    expect(
      await screen.findByText(
        'Only an administrator of the province-level unit changes the trust configuration.',
      ),
    ).toBeTruthy();
    expect(screen.getByText('No host allowed: only revocation data embedded in files is used.')).toBeTruthy();
    expect(screen.queryByLabelText(/Add a trust anchor/)).toBeNull();
    expect(screen.queryByRole('button', { name: /Remove/ })).toBeNull();
  });

  it('lets the admin of the top-level unit add an anchor from pasted PEM, and shows a refusal at the PEM', async () => {
    let refuse = true;
    const server = fakeApi({
      'GET /api/me': ADMIN,
      'GET /api/admin/trust': TRUST,
      [`GET /api/units/${ME.user.unit.id}`]: unitAnswer(null),
      'POST /api/admin/trust/anchors': () => (refuse ? status(400, 'TRUST_ANCHOR_INVALID') : ANCHOR(3)),
    });
    renderSignedIn(<ValidationTrustPage />);
    const pem = await screen.findByLabelText(/Thêm chứng thư tin cậy \(PEM\)/);
    fireEvent.change(pem, { target: { value: 'not a certificate' } });
    await userEvent.click(screen.getByRole('button', { name: 'Thêm' }));
    expect(await screen.findByText('Tiếng Việt: TRUST_ANCHOR_INVALID')).toBeTruthy();
    expect(pem.getAttribute('aria-invalid')).toBe('true');
    expect((pem as HTMLTextAreaElement).value).toBe('not a certificate');
    refuse = false;
    fireEvent.change(pem, { target: { value: PEM } });
    await userEvent.type(screen.getByLabelText('Ghi chú'), ' PKI thử nghiệm ');
    await userEvent.click(screen.getByRole('button', { name: 'Thêm' }));
    expect((await screen.findByText('Đã thêm chứng thư.')).getAttribute('role')).toBe('status');
    const posts = server.requests.filter((r) => r.method === 'POST');
    expect(await posts[1]!.json()).toEqual({ pem: PEM, label: 'PKI thử nghiệm' });
    expect(server.requests.filter((r) => r.url.endsWith('/api/admin/trust'))).toHaveLength(2);
  });

  it('fills the PEM from a chosen certificate file (DER shown as PEM)', async () => {
    fakeApi({
      'GET /api/me': ADMIN,
      'GET /api/admin/trust': TRUST,
      [`GET /api/units/${ME.user.unit.id}`]: unitAnswer(null),
    });
    renderSignedIn(<ValidationTrustPage />);
    const input = await screen.findByLabelText('Hoặc chọn tệp chứng thư (.pem, .crt, .cer)');
    await userEvent.upload(input, new File([new Uint8Array([0x30, 0x82, 0x01, 0x0a])], 'goc.cer'));
    const pem = screen.getByLabelText(/Thêm chứng thư tin cậy \(PEM\)/) as HTMLTextAreaElement;
    await vi.waitFor(() =>
      expect(pem.value).toBe('-----BEGIN CERTIFICATE-----\nMIIBCg==\n-----END CERTIFICATE-----'),
    );
    expect(screen.getByText('goc.cer')).toBeTruthy();
    expect(await certificatePem(new Blob([`\n${PEM}\n`]))).toBe(PEM);
  });

  it('lets the admin of the top-level unit remove an added anchor and set the revocation hosts', async () => {
    let hostsRefused = true;
    const server = fakeApi({
      'GET /api/me': ADMIN,
      'GET /api/admin/trust': TRUST,
      [`GET /api/units/${ME.user.unit.id}`]: unitAnswer(null),
      [`DELETE /api/admin/trust/anchors/${'2'.repeat(64)}`]: undefined,
      'PUT /api/admin/trust/revocation-hosts': () =>
        hostsRefused ? status(400, 'REVOCATION_HOST_PRIVATE') : { hosts: ['ca.gov.vn', 'ocsp.ca.gov.vn'] },
    });
    renderSignedIn(<ValidationTrustPage />);
    await screen.findByRole('table', { name: 'Chứng thư tin cậy' });
    await screen.findByRole('button', { name: 'Gỡ chứng thư CN=PKI thử nghiệm' });
    expect(screen.queryByText(/Chỉ quản trị viên/)).toBeNull();
    // Only the anchor an admin added can be removed; the shipped ones are pinned.
    expect(
      screen.getAllByRole('button', { name: /^Gỡ chứng thư/ }).map((b) => b.getAttribute('aria-label')),
    ).toEqual(['Gỡ chứng thư CN=PKI thử nghiệm']);
    await userEvent.click(screen.getByRole('button', { name: 'Gỡ chứng thư CN=PKI thử nghiệm' }));
    expect((await screen.findByText('Đã gỡ chứng thư.')).getAttribute('role')).toBe('status');
    expect(server.requests.filter((r) => r.method === 'DELETE').map((r) => new URL(r.url).pathname)).toEqual([
      `/api/admin/trust/anchors/${'2'.repeat(64)}`,
    ]);

    const hosts = (await screen.findByLabelText(
      'Máy chủ CRL/OCSP được phép tra cứu (mỗi dòng một tên)',
    )) as HTMLTextAreaElement;
    fireEvent.change(hosts, { target: { value: '127.0.0.1' } });
    await userEvent.click(screen.getByRole('button', { name: 'Lưu' }));
    expect(await screen.findByText('Tiếng Việt: REVOCATION_HOST_PRIVATE')).toBeTruthy();
    expect(hosts.getAttribute('aria-invalid')).toBe('true');
    hostsRefused = false;
    fireEvent.change(hosts, { target: { value: 'ca.gov.vn\n ocsp.ca.gov.vn \n' } });
    await userEvent.click(screen.getByRole('button', { name: 'Lưu' }));
    expect((await screen.findByText('Đã lưu.')).getAttribute('role')).toBe('status');
    const puts = server.requests.filter((r) => r.method === 'PUT');
    expect(await puts[1]!.json()).toEqual({ hosts: ['ca.gov.vn', 'ocsp.ca.gov.vn'] });
  });

  it("shows the trust list's error, and a forbidden answer as not allowed", async () => {
    fakeApi({ 'GET /api/me': AUDITOR, 'GET /api/admin/trust': status(500, 'INTERNAL') });
    const { unmount } = renderSignedIn(<ValidationTrustPage />);
    expect((await screen.findByRole('alert')).textContent).toBe('Tiếng Việt: INTERNAL');
    unmount();
    fakeApi({ 'GET /api/me': withRoles(['clerk']), 'GET /api/admin/trust': status(403, 'FORBIDDEN') });
    renderSignedIn(<ValidationTrustPage />);
    expect((await screen.findByRole('alert')).textContent).toBe('Bạn không có quyền xem nội dung này.');
  });
});
