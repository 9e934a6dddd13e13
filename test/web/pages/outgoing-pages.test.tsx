import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { takeFlash } from '../../../web/src/documents/document-widgets';
import type { OutgoingDocument } from '../../../web/src/documents/outgoing-document';
import { NewDraftPage } from '../../../web/src/pages/outgoing/new-draft-page';
import { OutgoingDocumentPage } from '../../../web/src/pages/outgoing/outgoing-document-page';
import { DraftsPage, OutboxPage, SealPage } from '../../../web/src/pages/outgoing/outgoing-lists';
import { fakeApi, ME, renderSignedIn, status, withRoles } from '../support/render';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const COMMUNE_ID = id(901);

function doc(n: number, extra: Partial<OutgoingDocument> = {}): OutgoingDocument {
  return {
    id: id(n),
    unitId: ME.user.unit.id,
    unitName: 'Sở Tư pháp',
    medium: 'electronic',
    documentType: 'Quyết định',
    notation: 'QĐ-STP',
    subject: `Văn bản ${n}`,
    urgency: 'normal',
    classification: 'none',
    status: 'draft',
    drafterUserId: id(50),
    drafter: { id: id(50), fullName: 'Nguyễn Thị Hương' },
    signerUserId: id(60),
    signedByUserId: null,
    signer: { id: id(60), fullName: 'Trần Văn Đức' },
    signedBy: null,
    dueDate: null,
    year: null,
    number: null,
    issuedOn: null,
    pdfSha256: 'a'.repeat(64),
    pdfSize: 2048,
    attachments: [],
    recipients: [{ kind: 'unit', unitId: COMMUNE_ID }],
    reviewComment: null,
    replacesId: null,
    createdAt: '2026-03-03T02:00:00.000Z',
    updatedAt: '2026-03-03T02:05:00.000Z',
    issuedAt: null,
    numberAndNotation: '…/QĐ-STP',
    ...extra,
  };
}

const DOCUMENT_TYPES = {
  items: [
    { name: 'Nghị quyết', abbreviation: 'NQ', edxmlType: 1 },
    { name: 'Quy định', abbreviation: 'QyĐ', edxmlType: 6 },
    { name: 'Công văn', abbreviation: '', edxmlType: 2 },
    { name: 'Thư công', abbreviation: '', edxmlType: 29 },
  ],
};

const version = {
  seq: 1,
  step: 'drafted',
  sha256: 'a',
  size: 2048,
  actorUserId: null,
  note: null,
  createdAt: '2026-03-03T02:00:00.000Z',
};
const commune = {
  id: COMMUNE_ID,
  code: '000.00.31.H41',
  name: 'Ủy ban nhân dân xã Thạnh Lợi',
  shortName: null,
  level: 'commune',
  parentId: null,
  validFrom: '2020-01-01',
  validTo: null,
  successorId: null,
};
const credential = (extra: Record<string, unknown> = {}) => ({
  id: id(70),
  ownerKind: 'user',
  userId: id(60),
  unitId: ME.user.unit.id,
  kind: 'pkcs12',
  label: 'Chữ ký cá nhân',
  pkcs11Token: null,
  subject: 'CN=Trần Văn Đức,O=Sở Tư pháp',
  issuer: 'CN=Dev CA',
  serialHex: '01',
  notBefore: '2026-01-01T00:00:00.000Z',
  notAfter: '2027-01-01T00:00:00.000Z',
  sha256: 'b',
  certificatePem: '',
  chainPem: '',
  hasStampImage: false,
  dev: true,
  active: true,
  pinLockedUntil: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  deactivatedAt: null,
  devPin: '123456',
  ...extra,
});

describe('outgoing lists', () => {
  it('shows loading, then my drafts with their labels (a returned one with the comment) and the empty box', async () => {
    const server = fakeApi({
      'GET /api/me': withRoles(['specialist']),
      'GET /api/outgoing': (url: URL) =>
        url.searchParams.get('box') === 'drafts'
          ? {
              items: [
                doc(1),
                doc(2, { status: 'returned', reviewComment: 'Bổ sung căn cứ pháp lý', urgency: 'urgent' }),
              ],
              nextCursor: null,
            }
          : { items: [], nextCursor: null },
    });
    server.hold();
    renderSignedIn(<DraftsPage />);
    server.release();
    expect((await screen.findAllByText('Đang tải…')).length).toBeGreaterThan(0);
    const mine = screen.getByRole('region', { name: 'Dự thảo của tôi' });
    const rows = within(await within(mine).findByRole('table')).getAllByRole('row');
    expect(rows[1]!.textContent).toBe('Văn bản 1Quyết định…/QĐ-STPDự thảo—03/03/2026 09:05');
    expect(rows[2]!.textContent).toContain('Bị trả lại');
    expect(rows[2]!.textContent).toContain('Bổ sung căn cứ pháp lý');
    expect(rows[2]!.className).toBe('row-returned');
    expect(within(rows[1]!).getByRole('link', { name: 'Văn bản 1' }).getAttribute('href')).toBe(
      `#/drafts/${id(1)}`,
    );
    const submitted = screen.getByRole('region', { name: 'Đã trình, chờ lãnh đạo ký' });
    expect(await within(submitted).findByText('Không có văn bản nào.')).toBeTruthy();
    expect(screen.queryByText('returned')).toBeNull();
    const boxes = server.requests
      .filter((r) => r.url.includes('/api/outgoing'))
      .map((r) => new URL(r.url).searchParams.get('box'));
    // The third list: what waits for my review (trình duyệt, issue 14 item 6).
    expect(boxes.sort()).toEqual(['drafts', 'submitted', 'to_review']);
    const toReview = screen.getByRole('region', { name: 'Chờ tôi cho ý kiến (trình duyệt)' });
    expect(await within(toReview).findByText('Không có văn bản nào chờ bạn cho ý kiến.')).toBeTruthy();
  });

  it('pages with "Xem thêm" through the cursor, keeping the rows already shown', async () => {
    const server = fakeApi({
      'GET /api/me': withRoles(['clerk']),
      'GET /api/outgoing': (url: URL) =>
        url.searchParams.get('cursor') === 'c2'
          ? { items: [doc(3, { status: 'issued' })], nextCursor: null }
          : { items: [doc(4, { status: 'issued', urgency: 'flash' })], nextCursor: 'c2' },
    });
    renderSignedIn(<OutboxPage />);
    await screen.findByRole('link', { name: 'Văn bản 4' });
    expect(screen.getByRole('link', { name: 'Văn bản 4' }).closest('tr')!.className).toBe('row-urgent');
    await userEvent.click(screen.getByRole('button', { name: 'Xem thêm' }));
    await screen.findByRole('link', { name: 'Văn bản 3' });
    expect(screen.getByRole('link', { name: 'Văn bản 4' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Xem thêm' })).toBeNull();
    expect(new URL(server.requests.at(-1)!.url).searchParams.get('cursor')).toBe('c2');
  });

  it("shows the API's error in the person's language, and a forbidden box as not allowed", async () => {
    fakeApi({
      'GET /api/me': withRoles(['clerk']),
      'GET /api/outgoing': status(503, 'DATABASE_UNAVAILABLE'),
    });
    const { unmount } = renderSignedIn(<SealPage />, 'en');
    const alerts = await screen.findAllByRole('alert');
    expect(alerts.map((a) => a.textContent)).toEqual([
      'English: DATABASE_UNAVAILABLE',
      'English: DATABASE_UNAVAILABLE',
    ]);
    unmount();
    fakeApi({ 'GET /api/me': withRoles(['clerk']), 'GET /api/outgoing': status(403, 'FORBIDDEN') });
    renderSignedIn(<SealPage />);
    expect((await screen.findAllByRole('alert'))[0]!.textContent).toBe(
      'Bạn không có quyền xem nội dung này.',
    );
  });
});

describe('outgoing document page', () => {
  const view = (d: OutgoingDocument, allowedActions: string[]) => ({
    document: d,
    versions: [version],
    allowedActions,
    replyTo: null,
    review: [],
  });

  it("offers exactly the allowed actions; a wrong PIN shows the API's message and keeps the PIN selected", async () => {
    const d = doc(5, { status: 'in_review', urgency: 'urgent' });
    const server = fakeApi({
      'GET /api/me': withRoles(['leader']),
      [`GET /api/outgoing/${d.id}`]: view(d, ['sign', 'return']),
      [`GET /api/units/${COMMUNE_ID}`]: commune,
      'GET /api/signing/my-credentials': [credential(), credential({ id: id(71), ownerKind: 'unit' })],
      [`POST /api/outgoing/${d.id}/sign`]: status(422, 'SIGNING_PIN_INCORRECT'),
    });
    renderSignedIn(<OutgoingDocumentPage id={d.id} section="review" />);
    await screen.findByRole('heading', { level: 1, name: 'Văn bản 5' });
    const info = screen.getByRole('region', { name: 'Thông tin văn bản' });
    await within(info).findByText('Ủy ban nhân dân xã Thạnh Lợi');
    expect(info.textContent).toContain('Người soạnNguyễn Thị Hương — Sở Tư pháp');
    expect(info.textContent).toContain('Độ khẩnKhẩn');
    expect(screen.getByTitle('Xem trước văn bản: Văn bản 5')).toBeTruthy();
    expect(screen.queryByRole('region', { name: 'Trình ký' })).toBeNull();
    expect(screen.queryByRole('region', { name: 'Vào số và đóng dấu' })).toBeNull();
    expect(screen.getByRole('region', { name: 'Trả lại dự thảo' })).toBeTruthy();

    // Only the personal credential; its development PIN is shown.
    const select = (await screen.findByLabelText(/Chứng thư số/)) as HTMLSelectElement;
    expect([...select.options].map((o) => o.textContent)).toEqual([
      'Chữ ký cá nhân — Trần Văn Đức (hiệu lực đến 01/01/2027)',
    ]);
    expect(screen.getByText('Chứng thư thử nghiệm (môi trường phát triển): mã PIN 123456.')).toBeTruthy();

    const pin = screen.getByLabelText(/Mã PIN/) as HTMLInputElement;
    await userEvent.click(screen.getByRole('button', { name: 'Ký số' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Vui lòng nhập: Mã PIN.');
    expect(document.activeElement).toBe(pin);

    await userEvent.type(pin, '000000');
    await userEvent.click(screen.getByRole('button', { name: 'Ký số' }));
    await waitFor(() =>
      expect(screen.getAllByRole('alert').map((a) => a.textContent)).toContain(
        'Tiếng Việt: SIGNING_PIN_INCORRECT',
      ),
    );
    expect(pin.value).toBe('000000');
    expect(document.activeElement).toBe(pin);
    expect([pin.selectionStart, pin.selectionEnd]).toEqual([0, 6]);
    const sign = server.requests.find((r) => r.method === 'POST')!;
    expect(sign.headers.get('x-signing-pin')).toBe('000000');
    expect(sign.headers.get('x-csrf-token')).toBe('csrf-123');
    expect(await sign.clone().json()).toEqual({ credentialId: id(70) });
  });

  it('numbers and seals, then announces the number and shows the document again', async () => {
    let sealed = false;
    const d = doc(6, { status: 'signed', signedBy: { id: id(60), fullName: 'Trần Văn Đức' } });
    const done = doc(6, {
      status: 'sealed',
      number: 1,
      issuedOn: '2026-03-03',
      numberAndNotation: '1/QĐ-STP',
    });
    fakeApi({
      'GET /api/me': withRoles(['clerk']),
      [`GET /api/outgoing/${d.id}`]: () => view(sealed ? done : d, sealed ? ['send'] : ['number_and_seal']),
      [`GET /api/units/${COMMUNE_ID}`]: commune,
      'GET /api/signing/my-credentials': [
        credential({ id: id(71), ownerKind: 'unit', label: 'Con dấu', subject: 'CN=Sở Tư pháp' }),
      ],
      [`POST /api/outgoing/${d.id}/number-and-seal`]: () => {
        sealed = true;
        return done;
      },
    });
    renderSignedIn(<OutgoingDocumentPage id={d.id} section="seal" />);
    await userEvent.type(await screen.findByLabelText(/Mã PIN/), '123456');
    await userEvent.click(screen.getByRole('button', { name: 'Vào số và đóng dấu' }));
    const result = await screen.findByText('Đã cấp số 1/QĐ-STP, ngày 03/03/2026, và đóng dấu.');
    expect(result.getAttribute('role')).toBe('status');
    await waitFor(() => expect(document.activeElement).toBe(result));
    expect(screen.getByRole('region', { name: 'Phát hành văn bản' }).textContent).toContain(
      'Gửi văn bản đến 1 nơi nhận đã chọn khi soạn thảo.',
    );
    expect(document.querySelector('.doc-number')!.textContent).toBe('1/QĐ-STP');
  });

  it('tracks an issued document per recipient with labelled codes and events; only the allowed panels', async () => {
    const d = doc(7, { status: 'issued', number: 2, numberAndNotation: '2/QĐ-STP', issuedOn: '2026-03-03' });
    fakeApi({
      'GET /api/me': withRoles(['clerk']),
      [`GET /api/outgoing/${d.id}`]: view(d, ['recall']),
      [`GET /api/units/${COMMUNE_ID}`]: commune,
      [`GET /api/outgoing/${d.id}/recipients`]: {
        document: { dueDate: '2026-03-20' },
        summary: { total: 1, byStatus: { '02': 1 } },
        recipients: [
          {
            incomingId: id(80),
            unit: { id: COMMUNE_ID, code: commune.code, name: commune.name },
            addressedUnit: null,
            urgent: false,
            statusCode: '02',
            status: { vi: 'Từ chối tiếp nhận', en: 'Refused' },
            recallCode: null,
            recall: null,
            incomingNumber: null,
            incomingNumberText: null,
            receivedAt: '2026-03-03T03:00:00.000Z',
            deadline: null,
            handlingResult: null,
            refusalReason: 'Gửi nhầm địa chỉ',
            revision: 0,
            events: [
              {
                code: '01',
                kind: 'status',
                label: { vi: 'Đã đến', en: 'Arrived' },
                at: '2026-03-03T03:00:00.000Z',
                note: null,
              },
              {
                code: '02',
                kind: 'status',
                label: { vi: 'Từ chối tiếp nhận', en: 'Refused' },
                at: '2026-03-03T03:10:00.000Z',
                note: 'Gửi nhầm địa chỉ',
              },
            ],
          },
        ],
        external: [],
      },
    });
    renderSignedIn(<OutgoingDocumentPage id={d.id} section="outbox" />);
    const tracking = await screen.findByRole('region', { name: 'Theo dõi nơi nhận' });
    const row = (await within(tracking).findAllByRole('row'))[1]!;
    const cells = within(row)
      .getAllByRole('cell')
      .map((c) => c.textContent);
    expect(cells[1]).toBe('02 Từ chối tiếp nhậnLý do từ chối: Gửi nhầm địa chỉ');
    expect(cells[3]).toBe('03/03/2026 10:00');
    expect(cells[4]).toBe(
      '01 Đã đến — 03/03/2026 10:0002 Từ chối tiếp nhận — 03/03/2026 10:10 (Gửi nhầm địa chỉ)',
    );
    expect(tracking.textContent).toContain(
      '1 nơi nhận · Hạn xử lý đề nghị nơi nhận: 20/03/2026 02 Từ chối tiếp nhận: 1',
    );
    expect(screen.getByRole('region', { name: 'Thu hồi văn bản' })).toBeTruthy();
    expect(screen.queryByRole('region', { name: 'Cập nhật văn bản đã gửi' })).toBeNull();
  });

  it('shows why a document cannot be opened (not found, not allowed)', async () => {
    fakeApi({
      'GET /api/me': withRoles(['clerk']),
      [`GET /api/outgoing/${id(8)}`]: status(404, 'DOCUMENT_NOT_FOUND'),
    });
    const { unmount } = renderSignedIn(<OutgoingDocumentPage id={id(8)} section="outbox" />);
    expect((await screen.findByRole('alert')).textContent).toBe('Tiếng Việt: DOCUMENT_NOT_FOUND');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Chi tiết văn bản');
    unmount();
    fakeApi({
      'GET /api/me': withRoles(['clerk']),
      [`GET /api/outgoing/${id(8)}`]: status(403, 'FORBIDDEN'),
    });
    renderSignedIn(<OutgoingDocumentPage id={id(8)} section="outbox" />, 'en');
    expect((await screen.findByRole('alert')).textContent).toBe('You are not allowed to see this.');
  });
});

describe('new draft', () => {
  const routes = (extra: Record<string, unknown> = {}) => ({
    'GET /api/me': withRoles(['specialist']),
    'GET /api/signers': { items: [{ id: id(60), fullName: 'Trần Văn Đức', title: 'Chủ tịch' }] },
    'GET /api/document-types': DOCUMENT_TYPES,
    'GET /api/unit-groups': {
      items: [
        {
          id: id(90),
          ownerUnitId: ME.user.unit.id,
          ownerUnitName: 'Sở Tư pháp',
          name: 'Tất cả UBND xã',
          memberCount: 3,
          createdAt: '2026-01-01T00:00:00.000Z',
        },
      ],
    },
    'GET /api/units': {
      items: [commune, { ...commune, id: ME.user.unit.id, name: 'Sở Tư pháp', code: ME.user.unit.code }],
      nextCursor: null,
    },
    ...extra,
  });

  it('lists the document types of GET /api/document-types and hints the notation from the abbreviation', async () => {
    fakeApi(routes());
    renderSignedIn(<NewDraftPage />);
    const type = await screen.findByLabelText(/Loại văn bản/);
    const list = document.getElementById(type.getAttribute('list')!)!;
    await waitFor(() => expect(list.querySelectorAll('option')).toHaveLength(4));
    expect([...list.querySelectorAll('option')].map((o) => o.value)).toEqual(
      DOCUMENT_TYPES.items.map((d) => d.name),
    );
    await userEvent.type(type, 'Quy định');
    expect(screen.getByLabelText(/Ký hiệu/).getAttribute('placeholder')).toBe('QyĐ-UBND');
    await userEvent.clear(type);
    await userEvent.type(type, 'Thư công');
    expect(screen.getByLabelText(/Ký hiệu/).getAttribute('placeholder')).toBe('Ví dụ: QĐ-UBND');
  });

  it('names every missing field and keeps what was typed', async () => {
    const server = fakeApi(routes());
    renderSignedIn(<NewDraftPage />);
    await userEvent.type(await screen.findByLabelText(/Ký hiệu/), 'QĐ-UBND');
    await userEvent.click(screen.getByRole('button', { name: 'Lưu và trình ký' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Vui lòng nhập: Tệp PDF dự thảo, Loại văn bản, Trích yếu nội dung.',
    );
    expect((screen.getByLabelText(/Ký hiệu/) as HTMLInputElement).value).toBe('QĐ-UBND');
    expect(server.requests.some((r) => r.method === 'POST')).toBe(false);
  });

  it('finds a unit typed without diacritics, never offers the sender, adds groups and checks external codes', async () => {
    const server = fakeApi(routes());
    renderSignedIn(<NewDraftPage />);
    expect(await screen.findByRole('option', { name: 'Trần Văn Đức — Chủ tịch' })).toBeTruthy();
    await userEvent.type(
      screen.getByLabelText('Tên hoặc mã định danh (có dấu hoặc không dấu)'),
      'thanh loi{Enter}',
    );
    await userEvent.click(
      await screen.findByRole('button', { name: 'Thêm nơi nhận: Ủy ban nhân dân xã Thạnh Lợi' }),
    );
    expect(screen.getByRole('button', { name: 'Đã chọn: Ủy ban nhân dân xã Thạnh Lợi' })).toHaveProperty(
      'disabled',
      true,
    );
    expect(screen.queryByRole('button', { name: 'Thêm nơi nhận: Sở Tư pháp' })).toBeNull();
    const asked = new URL(server.requests.filter((r) => r.url.includes('/api/units')).at(-1)!.url);
    expect(asked.searchParams.get('q')).toBe('thanh loi');
    await userEvent.click(screen.getByRole('button', { name: 'Thêm nơi nhận: Tất cả UBND xã' }));
    expect(screen.getByRole('button', { name: 'Bỏ nơi nhận: Tất cả UBND xã (3 đơn vị)' })).toBeTruthy();

    await userEvent.type(screen.getByLabelText('Mã định danh'), '12345');
    await userEvent.click(screen.getByRole('button', { name: 'Thêm cơ quan' }));
    expect(
      screen.getByText('Mã định danh không đúng dạng QCVN 102:2016 (ví dụ 000.00.00.G01).'),
    ).toBeTruthy();
    await userEvent.clear(screen.getByLabelText(/Mã định danh/));
    await userEvent.type(screen.getByLabelText(/Mã định danh/), '000.00.00.G01');
    await userEvent.type(screen.getByLabelText('Tên cơ quan'), 'Bộ Tư pháp');
    await userEvent.click(screen.getByRole('button', { name: 'Thêm cơ quan' }));
    expect(screen.getByRole('button', { name: 'Bỏ nơi nhận: Bộ Tư pháp (000.00.00.G01)' })).toBeTruthy();

    await userEvent.selectOptions(screen.getByLabelText('Độ mật'), 'Mật');
    expect(screen.getByRole('note').textContent).toContain('Văn bản mật không được gửi qua mạng');
  });

  it('uploads the PDF, saves the draft with its details and recipients, submits it and opens it with the result', async () => {
    const uploads: { url: string; headers: Record<string, string> }[] = [];
    vi.stubGlobal('XMLHttpRequest', answeringXhr(uploads, { id: id(95) }));
    const created = doc(9);
    const server = fakeApi(
      routes({
        'POST /api/outgoing': created,
        [`POST /api/outgoing/${created.id}/submit`]: { ...created, status: 'in_review' },
      }),
    );
    renderSignedIn(<NewDraftPage />);
    await userEvent.upload(await screen.findByLabelText('Tệp PDF dự thảo'), pdfFile('Dự thảo.pdf'));
    await userEvent.type(screen.getByLabelText(/Loại văn bản/), 'Quyết định');
    await userEvent.type(screen.getByLabelText(/Ký hiệu/), 'QĐ-STP');
    await userEvent.type(screen.getByLabelText(/Trích yếu nội dung/), 'Về việc kiện toàn tổ công tác');
    await userEvent.selectOptions(screen.getByLabelText('Độ khẩn'), 'Thượng khẩn');
    await userEvent.selectOptions(screen.getByLabelText('Người ký'), 'Trần Văn Đức — Chủ tịch');
    await userEvent.click(await screen.findByRole('button', { name: 'Thêm nơi nhận: Tất cả UBND xã' }));
    await userEvent.click(screen.getByRole('button', { name: 'Lưu và trình ký' }));
    await waitFor(() => expect(globalThis.location.hash).toBe(`#/drafts/${created.id}`));
    expect(takeFlash()).toBe('Đã trình lãnh đạo ký.');
    expect(uploads).toEqual([
      {
        url: '/api/files',
        headers: expect.objectContaining({ 'x-file-name': encodeURIComponent('Dự thảo.pdf') }),
      },
    ]);
    const post = server.requests.find(
      (r) => r.method === 'POST' && new URL(r.url).pathname === '/api/outgoing',
    )!;
    expect(await post.clone().json()).toEqual({
      documentType: 'Quyết định',
      notation: 'QĐ-STP',
      subject: 'Về việc kiện toàn tổ công tác',
      urgency: 'very_urgent',
      classification: 'none',
      signerUserId: id(60),
      recipients: [{ kind: 'group', groupId: id(90) }],
      fileId: id(95),
    });
  });

  it("puts the API's VALIDATION_FAILED issues at their fields and keeps everything typed", async () => {
    vi.stubGlobal('XMLHttpRequest', answeringXhr([], { id: id(95) }));
    fakeApi(
      routes({
        'POST /api/outgoing': status(400, 'VALIDATION_FAILED', {
          issues: [{ path: 'subject', code: 'too_big', message: 'Too long', messageVi: 'Trích yếu quá dài' }],
        }),
      }),
    );
    renderSignedIn(<NewDraftPage />);
    await userEvent.upload(await screen.findByLabelText('Tệp PDF dự thảo'), pdfFile('Dự thảo.pdf'));
    await userEvent.type(screen.getByLabelText(/Loại văn bản/), 'Công văn');
    await userEvent.type(screen.getByLabelText(/Ký hiệu/), 'STP-VP');
    await userEvent.type(screen.getByLabelText(/Trích yếu nội dung/), 'Về việc');
    await userEvent.click(screen.getByRole('button', { name: 'Lưu dự thảo' }));
    const subject = screen.getByLabelText(/Trích yếu nội dung/);
    await waitFor(() => expect(subject.getAttribute('aria-invalid')).toBe('true'));
    const error = document.getElementById(subject.getAttribute('aria-describedby')!.split(' ')[0]!)!;
    expect(error.textContent).toBe('Trích yếu quá dài');
    expect((subject as HTMLTextAreaElement).value).toBe('Về việc');
    expect(globalThis.location.hash).toBe('');
  });
});

describe('draft editing, deleting and recipients', () => {
  const view = (d: OutgoingDocument, allowedActions: string[]) => ({
    document: d,
    versions: [version],
    allowedActions,
    replyTo: null,
    review: [],
  });
  const GROUP = {
    id: id(90),
    ownerUnitId: ME.user.unit.id,
    ownerUnitName: 'Sở Tư pháp',
    name: 'Tất cả UBND xã',
    memberCount: 3,
    createdAt: '2026-01-01T00:00:00.000Z',
  };
  const directory = {
    'GET /api/signers': { items: [{ id: id(60), fullName: 'Trần Văn Đức', title: 'Chủ tịch' }] },
    'GET /api/document-types': DOCUMENT_TYPES,
    'GET /api/unit-groups': { items: [GROUP] },
    [`GET /api/unit-groups/${GROUP.id}`]: GROUP,
    'GET /api/units': { items: [commune], nextCursor: null },
    [`GET /api/units/${COMMUNE_ID}`]: commune,
  };

  it('edits a draft with the new-draft form (PATCH), shows the API field errors, then the saved draft', async () => {
    let saved = false;
    let attempts = 0;
    const d = doc(11, { dueDate: '2026-04-01' });
    const changed = doc(11, {
      subject: 'Về việc kiện toàn tổ công tác',
      updatedAt: '2026-03-04T00:00:00.000Z',
    });
    const server = fakeApi({
      ...directory,
      'GET /api/me': withRoles(['specialist']),
      [`GET /api/outgoing/${d.id}`]: () =>
        view(saved ? changed : d, ['edit', 'delete', 'submit', 'edit_attachments']),
      [`PATCH /api/outgoing/${d.id}`]: () => {
        attempts += 1;
        if (attempts === 1)
          return status(400, 'VALIDATION_FAILED', {
            issues: [
              { path: 'subject', code: 'too_big', message: 'Too long', messageVi: 'Trích yếu quá dài' },
            ],
          });
        saved = true;
        return changed;
      },
    });
    renderSignedIn(<OutgoingDocumentPage id={d.id} section="drafts" />);
    await userEvent.click(await screen.findByRole('button', { name: 'Sửa dự thảo' }));
    const form = await screen.findByRole('form', { name: 'Sửa dự thảo' });
    const subject = within(form).getByLabelText(/Trích yếu nội dung/) as HTMLTextAreaElement;
    expect(subject.value).toBe('Văn bản 11');
    expect((within(form).getByLabelText(/Loại văn bản/) as HTMLInputElement).value).toBe('Quyết định');
    expect((within(form).getByLabelText(/Hạn xử lý/) as HTMLInputElement).value).toBe('2026-04-01');
    expect(
      within(form).getByRole('button', { name: 'Bỏ nơi nhận: Ủy ban nhân dân xã Thạnh Lợi' }),
    ).toBeTruthy();
    await userEvent.clear(subject);
    await userEvent.type(subject, 'Về việc kiện toàn tổ công tác');
    await userEvent.clear(within(form).getByLabelText(/Hạn xử lý/));
    await userEvent.click(within(form).getByRole('button', { name: 'Lưu thay đổi' }));
    await waitFor(() => expect(subject.getAttribute('aria-invalid')).toBe('true'));
    expect(
      document.getElementById(subject.getAttribute('aria-describedby')!.split(' ')[0]!)!.textContent,
    ).toBe('Trích yếu quá dài');
    expect(subject.value).toBe('Về việc kiện toàn tổ công tác');
    await userEvent.click(within(form).getByRole('button', { name: 'Lưu thay đổi' }));
    expect(await screen.findByText('Đã lưu thay đổi của dự thảo.')).toBeTruthy();
    await screen.findByRole('heading', { level: 1, name: 'Về việc kiện toàn tổ công tác' });
    const patch = server.requests.filter((r) => r.method === 'PATCH').at(-1)!;
    expect(await patch.clone().json()).toEqual({
      documentType: 'Quyết định',
      notation: 'QĐ-STP',
      subject: 'Về việc kiện toàn tổ công tác',
      urgency: 'normal',
      classification: 'none',
      dueDate: null,
      signerUserId: id(60),
      recipients: [{ kind: 'unit', unitId: COMMUNE_ID }],
    });
    expect(screen.queryByRole('form', { name: 'Sửa dự thảo' })).toBeNull();
  });

  it('deletes a draft only after the confirmation, then opens the drafts list with the result', async () => {
    const d = doc(12);
    const server = fakeApi({
      ...directory,
      'GET /api/me': withRoles(['specialist']),
      [`GET /api/outgoing/${d.id}`]: view(d, ['edit', 'delete', 'submit']),
      [`DELETE /api/outgoing/${d.id}`]: undefined,
    });
    renderSignedIn(<OutgoingDocumentPage id={d.id} section="drafts" />, 'en');
    await userEvent.click(await screen.findByRole('button', { name: 'Delete draft' }));
    expect(screen.getByText(/Delete the draft “Văn bản 12” and its versions for good\?/)).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Keep it' }));
    expect(server.requests.some((r) => r.method === 'DELETE')).toBe(false);
    await userEvent.click(screen.getByRole('button', { name: 'Delete draft' }));
    await userEvent.click(screen.getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(globalThis.location.hash).toBe('#/drafts'));
    expect(takeFlash()).toBe('Draft “Văn bản 12” deleted.');
    expect(server.requests.filter((r) => r.method === 'DELETE')).toHaveLength(1);
  });

  it('explains RECIPIENTS_EMPTY on numbering, and the clerk sets the recipients (PUT) before numbering', async () => {
    let set = false;
    const d = doc(13, { status: 'signed', recipients: [] });
    const withGroup = doc(13, {
      status: 'signed',
      recipients: [{ kind: 'group', groupId: GROUP.id }],
      updatedAt: '2026-03-04T00:00:00.000Z',
    });
    const server = fakeApi({
      ...directory,
      'GET /api/me': withRoles(['clerk']),
      [`GET /api/outgoing/${d.id}`]: () => view(set ? withGroup : d, ['set_recipients', 'number_and_seal']),
      'GET /api/signing/my-credentials': [
        credential({ id: id(71), ownerKind: 'unit', label: 'Con dấu', subject: 'CN=Sở Tư pháp' }),
      ],
      [`POST /api/outgoing/${d.id}/number-and-seal`]: status(422, 'RECIPIENTS_EMPTY'),
      [`PUT /api/outgoing/${d.id}/recipients`]: () => {
        set = true;
        return withGroup;
      },
    });
    renderSignedIn(<OutgoingDocumentPage id={d.id} section="seal" />);
    await userEvent.type(await screen.findByLabelText(/Mã PIN/), '123456');
    await userEvent.click(screen.getByRole('button', { name: 'Vào số và đóng dấu' }));
    await waitFor(() =>
      expect(screen.getAllByRole('alert').map((a) => a.textContent)).toContain(
        'Tiếng Việt: RECIPIENTS_EMPTY',
      ),
    );
    expect(screen.getByText('Bổ sung nơi nhận ở mục “Nơi nhận” rồi vào số lại.')).toBeTruthy();

    const panel = screen.getByRole('form', { name: 'Nơi nhận' });
    await userEvent.click(
      await within(panel).findByRole('button', { name: 'Thêm nơi nhận: Tất cả UBND xã' }),
    );
    await userEvent.click(within(panel).getByRole('button', { name: 'Lưu nơi nhận' }));
    expect(await screen.findByText('Đã lưu nơi nhận.')).toBeTruthy();
    const put = server.requests.find((r) => r.method === 'PUT')!;
    expect(await put.clone().json()).toEqual({ recipients: [{ kind: 'group', groupId: GROUP.id }] });
    const info = screen.getByRole('region', { name: 'Thông tin văn bản' });
    await within(info).findByText('Tất cả UBND xã (3 đơn vị)');
  });
});

const pdfFile = (name: string) => new File(['%PDF-1.7\n'], name, { type: 'application/pdf' });

/** An XMLHttpRequest that answers every upload at once with `answer` (201), recording url and headers. */
function answeringXhr(seen: { url: string; headers: Record<string, string> }[], answer: unknown) {
  return class extends EventTarget {
    upload = new EventTarget();
    status = 0;
    responseText = '';
    withCredentials = false;
    private url = '';
    private headers: Record<string, string> = {};
    open(_method: string, url: string) {
      this.url = url;
    }
    setRequestHeader(name: string, value: string) {
      this.headers[name.toLowerCase()] = value;
    }
    send() {
      seen.push({ url: this.url, headers: this.headers });
      setTimeout(() => {
        this.status = 201;
        this.responseText = JSON.stringify(answer);
        this.dispatchEvent(new Event('load'));
      }, 0);
    }
    abort() {}
  };
}
