import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { DigitisationPage } from '../../../web/src/pages/digitisation/digitisation-page';
import { DigitisationRecordPage } from '../../../web/src/pages/digitisation/digitisation-record-page';
import { fakeApi, renderSignedIn, status, withRoles } from '../support/render';

const CLERK = withRoles(['clerk']);
const ID = '00000000-0000-4000-8000-0000000000d1';

const record = (over: Record<string, unknown> = {}) => ({
  id: ID,
  unitId: '00000000-0000-4000-8000-0000000000a1',
  title: 'Quyết định thành lập Ban chỉ đạo phòng, chống thiên tai',
  origin: 'paper_original',
  documentNumber: '15/QĐ-UBND',
  documentDate: '2024-05-20',
  issuer: 'UBND tỉnh Đồng Nai',
  status: 'done',
  pagesTotal: 2,
  pagesDone: 2,
  error: null,
  createdAt: '2026-12-07T01:00:00.000Z',
  digitisedAt: '2026-12-07T01:05:00.000Z',
  files: [
    {
      id: '00000000-0000-4000-8000-0000000000f1',
      seq: 1,
      fileName: 'trang-1.tif',
      mediaType: 'image/tiff',
      originalSha256: 'ab'.repeat(32),
      originalSize: 60_000,
      pages: 2,
      dpi: 300,
      signed: false,
      derivativeSha256: 'cd'.repeat(32),
      derivativeSize: 90_000,
      textMethod: 'ocr',
      addedAt: '2026-12-07T01:01:00.000Z',
    },
  ],
  text: 'ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI\nQUYẾT ĐỊNH',
  textLength: 9000,
  canManage: true,
  ...over,
});

describe('DigitisationPage (#/digitisation)', () => {
  it('lists the unit’s records with their status and progress, and asks for scans before creating', async () => {
    fakeApi({
      'GET /api/me': CLERK,
      'GET /api/digitisation/records': {
        items: [
          record(),
          record({ id: `${ID.slice(0, -1)}2`, title: 'Công văn cũ', status: 'processing', pagesDone: 1 }),
        ],
        total: 2,
      },
    });
    renderSignedIn(<DigitisationPage />);
    expect(await screen.findByRole('heading', { level: 1, name: 'Số hóa tài liệu giấy' })).toBeTruthy();
    const table = await screen.findByRole('table', { name: 'Hồ sơ số hóa của đơn vị' });
    await within(table).findByText('Công văn cũ');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.textContent)).toEqual([
      expect.stringContaining('Đã số hóa2/2'),
      expect.stringContaining('Đang nhận dạng1/2'),
    ]);
    const form = screen.getByRole('form', { name: 'Hồ sơ số hóa mới' });
    fireEvent.change(within(form).getByLabelText(/Tên hồ sơ, trích yếu/), { target: { value: 'Hồ sơ thử' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Tải lên và nhận dạng chữ' }));
    expect((await within(form).findByRole('alert')).textContent).toBe('Hãy chọn ít nhất một bản quét.');
  });

  it('says when there is none, in English', async () => {
    fakeApi({ 'GET /api/me': CLERK, 'GET /api/digitisation/records': { items: [], total: 0 } });
    renderSignedIn(<DigitisationPage />, 'en');
    expect(await screen.findByText('No digitised records yet.')).toBeTruthy();
  });

  it('shows "not allowed" to a role the API refuses', async () => {
    fakeApi({
      'GET /api/me': withRoles(['specialist']),
      'GET /api/digitisation/records': status(403, 'FORBIDDEN'),
    });
    renderSignedIn(<DigitisationPage />);
    expect((await screen.findByRole('alert')).textContent).toBe('Bạn không có quyền xem nội dung này.');
  });
});

describe('DigitisationRecordPage (#/digitisation/:id)', () => {
  it('shows a digitised record: progress, scans with resolution, both downloads and the recognised text', async () => {
    fakeApi({ 'GET /api/me': CLERK, [`GET /api/digitisation/records/${ID}`]: record() });
    renderSignedIn(<DigitisationRecordPage id={ID} />);
    expect(await screen.findByRole('heading', { level: 1, name: /Ban chỉ đạo/ })).toBeTruthy();
    expect(screen.getByText('Đã nhận dạng 2/2 trang')).toBeTruthy();
    const files = screen.getByRole('table', { name: 'Các bản quét' });
    expect(files.textContent).toContain('trang-1.tif');
    expect(files.textContent).toContain('300 dpi');
    expect(
      within(files)
        .getByRole('link', { name: /Bản gốc/ })
        .getAttribute('href'),
    ).toBe(`/api/digitisation/records/${ID}/files/00000000-0000-4000-8000-0000000000f1/original`);
    expect(
      within(files)
        .getByRole('link', { name: /PDF\/A tìm kiếm được/ })
        .getAttribute('href'),
    ).toContain('/derivative');
    expect(screen.getByText(/QUYẾT ĐỊNH/).tagName).toBe('PRE');
    expect(screen.getByText(/Hiển thị 40\/9000 ký tự đầu/)).toBeTruthy();
    // A done record takes no more scans and no new OCR.
    expect(screen.queryByRole('button', { name: 'Nhận dạng chữ (OCR)' })).toBeNull();
  });

  it('shows why the OCR failed and queues it again', async () => {
    const server = fakeApi({
      'GET /api/me': CLERK,
      [`GET /api/digitisation/records/${ID}`]: record({
        status: 'failed',
        pagesDone: 0,
        error: 'ocrmypdf timed out',
        text: null,
        textLength: 0,
        digitisedAt: null,
      }),
      [`POST /api/digitisation/records/${ID}/ocr`]: record({
        status: 'queued',
        pagesDone: 0,
        text: null,
        error: null,
      }),
    });
    renderSignedIn(<DigitisationRecordPage id={ID} />);
    expect((await screen.findByRole('alert')).textContent).toBe('Lỗi lần chạy gần nhất: ocrmypdf timed out');
    expect(screen.getByText('Lỗi nhận dạng')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Nhận dạng chữ (OCR)' }));
    expect(await screen.findByText('Đang chờ nhận dạng')).toBeTruthy();
    expect(server.requests.some((r) => r.method === 'POST' && r.url.endsWith(`/records/${ID}/ocr`))).toBe(
      true,
    );
  });

  it('shows the API’s refusal when the record is not found', async () => {
    fakeApi({
      'GET /api/me': CLERK,
      [`GET /api/digitisation/records/${ID}`]: status(404, 'DIGITISATION_RECORD_NOT_FOUND'),
    });
    renderSignedIn(<DigitisationRecordPage id={ID} />, 'en');
    expect((await screen.findByRole('alert')).textContent).toBe('English: DIGITISATION_RECORD_NOT_FOUND');
  });
});
