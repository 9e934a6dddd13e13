import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { ResponseOf } from '../../../web/src/api/types';
import { ArchivePage } from '../../../web/src/pages/archive/archive-page';
import { CaseFilePage } from '../../../web/src/pages/archive/case-file-page';
import { DisposalPage } from '../../../web/src/pages/archive/disposal-pages';
import { FilingCard } from '../../../web/src/pages/archive/filing-card';
import { RetentionPage } from '../../../web/src/pages/archive/retention-page';
import { TransferPage } from '../../../web/src/pages/archive/transfer-pages';
import { fakeApi, renderSignedIn, status, withRoles } from '../support/render';

type CaseFile = ResponseOf<'/api/archive/files/{id}', 'get'>;
type Transfer = ResponseOf<'/api/archive/transfers/{id}', 'get'>;
type Disposal = ResponseOf<'/api/archive/disposals/{id}', 'get'>;

const FILE_ID = '00000000-0000-4000-8000-00000000a001';
const DOC_ID = '00000000-0000-4000-8000-00000000d001';
const SPECIALIST = withRoles(['specialist']);

const caseFile = (over: Partial<CaseFile> = {}): CaseFile => ({
  id: FILE_ID,
  unitId: '00000000-0000-4000-8000-00000000u001',
  unitName: 'Ủy ban nhân dân huyện Bến Lức',
  year: 2025,
  fileCode: '01.KH',
  title: 'Hồ sơ kế hoạch công tác năm 2025',
  retention: {
    id: '00000000-0000-4000-8000-00000000r001',
    code: '01.06',
    title: 'Công văn trao đổi',
    years: 10,
  },
  personInCharge: { id: '00000000-0000-4000-8000-00000000p001', fullName: 'Nguyễn Thị Hương' },
  rights: 'open',
  language: 'Tiếng Việt',
  description: null,
  keywords: null,
  fonds: null,
  catalogue: null,
  reliability: 'born_digital',
  physicalCondition: null,
  status: 'open',
  startDate: null,
  endDate: null,
  closedAt: null,
  transferDueOn: null,
  documentCount: 1,
  pageTotal: 3,
  createdAt: '2025-03-01T02:00:00.000Z',
  updatedAt: '2025-03-01T02:00:00.000Z',
  documents: [
    {
      sourceKind: 'outgoing',
      sourceId: DOC_ID,
      docOrdinal: 1,
      numberAndNotation: '05/QĐ-UBND',
      documentType: 'Quyết định',
      subject: 'Về việc ban hành kế hoạch năm 2025',
      date: '2025-03-10',
      pageAmount: 3,
      description: null,
      addedAt: '2025-03-11T02:00:00.000Z',
    },
  ],
  allowedActions: ['add_document', 'edit', 'remove_document', 'close'],
  ...over,
});

const bodyOf = async (requests: Request[], method: string, path: string) => {
  const r = requests
    .filter((q) => q.method === method && new URL(q.url, 'http://x').pathname === path)
    .at(-1)!;
  return (await r.clone().json()) as Record<string, unknown>;
};

describe('ArchivePage (danh mục hồ sơ)', () => {
  it('lists the unit’s files with their retention, status and transfer deadline, after loading', async () => {
    const api = fakeApi({
      'GET /api/me': SPECIALIST,
      'GET /api/archive/files': {
        items: [
          caseFile(),
          caseFile({
            id: '00000000-0000-4000-8000-00000000a002',
            fileCode: '02.BC',
            title: 'Báo cáo năm',
            retention: { ...caseFile().retention, years: null },
            status: 'closed',
            transferDueOn: '2026-12-31',
          }),
        ],
      },
    });
    renderSignedIn(<ArchivePage params={new URLSearchParams('year=2025')} />);
    expect(await screen.findByText('Đang tải…')).toBeTruthy();
    const table = await screen.findByRole('table', { name: 'Danh mục hồ sơ' });
    const text = table.textContent!;
    expect(text).toContain('01.KH');
    expect(text).toContain('10 năm');
    expect(text).toContain('Vĩnh viễn');
    expect(text).toContain('Đã kết thúc');
    expect(text).toContain('31/12/2026');
    expect(
      new URL(api.requests.find((r) => r.url.includes('/api/archive/files'))!.url).searchParams.get('year'),
    ).toBe('2025');
  });

  it('says when there is no file, and shows “not allowed” to a role outside the archive', async () => {
    fakeApi({ 'GET /api/me': SPECIALIST, 'GET /api/archive/files': { items: [] } });
    const { unmount } = renderSignedIn(<ArchivePage params={new URLSearchParams()} />);
    expect(await screen.findByText('Chưa có hồ sơ nào.')).toBeTruthy();
    unmount();
    fakeApi({ 'GET /api/me': withRoles(['admin']), 'GET /api/archive/files': status(403, 'FORBIDDEN') });
    renderSignedIn(<ArchivePage params={new URLSearchParams()} />);
    expect(await screen.findByText('Bạn không có quyền xem nội dung này.')).toBeTruthy();
  });

  it('opens a file from the form; a duplicate code shows at its field and the typed values stay', async () => {
    let posts = 0;
    const api = fakeApi({
      'GET /api/me': SPECIALIST,
      'GET /api/archive/files': { items: [] },
      'GET /api/archive/retention-periods': {
        items: [
          {
            id: caseFile().retention.id,
            code: '01.06',
            title: 'Công văn trao đổi',
            years: 10,
            legalReference: 'Thông tư 10/2022/TT-BNV',
            needsReview: true,
            active: true,
            fileCount: 0,
          },
        ],
      },
      'POST /api/archive/files': () => (++posts === 1 ? status(409, 'CASE_FILE_DUPLICATE') : caseFile()),
    });
    renderSignedIn(<ArchivePage params={new URLSearchParams()} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Lập hồ sơ mới' }));
    const form = screen.getByRole('form', { name: 'Lập hồ sơ mới' });
    await userEvent.type(within(form).getByLabelText(/Số và ký hiệu hồ sơ/), '01.KH');
    await userEvent.type(within(form).getByLabelText(/Tiêu đề hồ sơ/), 'Hồ sơ kế hoạch');
    await userEvent.selectOptions(
      await within(form).findByLabelText('Thời hạn bảo quản'),
      caseFile().retention.id,
    );
    await userEvent.click(within(form).getByRole('button', { name: 'Lập hồ sơ' }));
    expect((await within(form).findByRole('alert')).textContent).toBe('Tiếng Việt: CASE_FILE_DUPLICATE');
    expect((within(form).getByLabelText(/Tiêu đề hồ sơ/) as HTMLInputElement).value).toBe('Hồ sơ kế hoạch');
    await userEvent.click(within(form).getByRole('button', { name: 'Lập hồ sơ' }));
    await waitFor(() => expect(globalThis.location.hash).toBe(`#/archive/files/${FILE_ID}`));
    expect(await bodyOf(api.requests, 'POST', '/api/archive/files')).toMatchObject({
      fileCode: '01.KH',
      title: 'Hồ sơ kế hoạch',
      retentionId: caseFile().retention.id,
    });
  });
});

describe('CaseFilePage', () => {
  it('shows the documents in order and closes the file on the chosen end date', async () => {
    const api = fakeApi({
      'GET /api/me': SPECIALIST,
      [`GET /api/archive/files/${FILE_ID}`]: caseFile(),
      [`POST /api/archive/files/${FILE_ID}/close`]: caseFile({
        status: 'closed',
        startDate: '2025-03-10',
        endDate: '2025-12-31',
        transferDueOn: '2026-12-31',
        allowedActions: ['edit', 'reopen', 'submit'],
      }),
    });
    renderSignedIn(<CaseFilePage params={new URLSearchParams()} id={FILE_ID} />);
    const docs = await screen.findByRole('table', { name: 'Văn bản trong hồ sơ' });
    expect(within(docs).getByRole('link', { name: '05/QĐ-UBND' }).getAttribute('href')).toBe(
      `#/outbox/${DOC_ID}`,
    );
    expect(within(docs).getByRole('button', { name: 'Rút khỏi hồ sơ – văn bản 05/QĐ-UBND' })).toBeTruthy();
    const end = screen.getByLabelText('Thời gian kết thúc');
    await userEvent.clear(end);
    await userEvent.type(end, '2025-12-31');
    await userEvent.click(screen.getByRole('button', { name: 'Kết thúc hồ sơ' }));
    expect(await screen.findByText('Hồ sơ đã kết thúc.')).toBeTruthy();
    expect(await bodyOf(api.requests, 'POST', `/api/archive/files/${FILE_ID}/close`)).toEqual({
      endDate: '2025-12-31',
    });
    expect(screen.getByRole('button', { name: 'Nộp lưu hồ sơ' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Kết thúc hồ sơ' })).toBeNull();
  });

  it('offers nothing to change to someone without actions, and shows the refusal of an action', async () => {
    fakeApi({
      'GET /api/me': SPECIALIST,
      [`GET /api/archive/files/${FILE_ID}`]: caseFile({ documents: [], documentCount: 0 }),
      [`POST /api/archive/files/${FILE_ID}/close`]: status(409, 'CASE_FILE_EMPTY'),
    });
    renderSignedIn(<CaseFilePage params={new URLSearchParams()} id={FILE_ID} />);
    expect(await screen.findByText(/Hồ sơ chưa có văn bản/)).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Kết thúc hồ sơ' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Tiếng Việt: CASE_FILE_EMPTY');
  });
});

describe('FilingCard (Lập hồ sơ on a document page)', () => {
  const path = `/api/archive/documents/outgoing/${DOC_ID}`;
  it('puts the document into the chosen open file with its page count, then names the file', async () => {
    let filed = false;
    const api = fakeApi({
      'GET /api/me': SPECIALIST,
      [`GET ${path}`]: () =>
        filed
          ? { fileable: true, file: caseFile(), openFiles: [] }
          : { fileable: true, file: null, openFiles: [caseFile()] },
      [`POST /api/archive/files/${FILE_ID}/documents`]: () => {
        filed = true;
        return caseFile();
      },
    });
    renderSignedIn(<FilingCard sourceKind="outgoing" sourceId={DOC_ID} />);
    const card = await screen.findByRole('region', { name: 'Lập hồ sơ' });
    await userEvent.type(within(card).getByLabelText('Số trang'), '3');
    await userEvent.click(within(card).getByRole('button', { name: 'Đưa vào hồ sơ' }));
    expect(
      await screen.findByText('Văn bản thuộc hồ sơ 01.KH – Hồ sơ kế hoạch công tác năm 2025.'),
    ).toBeTruthy();
    expect(await bodyOf(api.requests, 'POST', `/api/archive/files/${FILE_ID}/documents`)).toEqual({
      sourceKind: 'outgoing',
      sourceId: DOC_ID,
      pageAmount: 3,
    });
  });

  it('shows nothing for a document that cannot be filed or that the API hides', async () => {
    fakeApi({ 'GET /api/me': SPECIALIST, [`GET ${path}`]: { fileable: false, file: null, openFiles: [] } });
    const { container, unmount } = renderSignedIn(<FilingCard sourceKind="outgoing" sourceId={DOC_ID} />);
    await waitFor(() => expect(container.querySelector('.card')).toBeNull());
    unmount();
    fakeApi({ 'GET /api/me': withRoles(['admin']), [`GET ${path}`]: status(403, 'FORBIDDEN') });
    const second = renderSignedIn(<FilingCard sourceKind="outgoing" sourceId={DOC_ID} />);
    await waitFor(() => expect(second.container.querySelector('[role="alert"]')).toBeNull());
    expect(screen.queryByRole('region', { name: 'Lập hồ sơ' })).toBeNull();
  });
});

const TRANSFER_ID = '00000000-0000-4000-8000-00000000t001';
const transfer = (over: Partial<Transfer> = {}): Transfer => ({
  id: TRANSFER_ID,
  unitId: caseFile().unitId,
  unitName: 'Ủy ban nhân dân huyện Bến Lức',
  status: 'submitted',
  note: null,
  submittedBy: { id: caseFile().personInCharge.id, fullName: 'Nguyễn Thị Hương' },
  submittedAt: '2026-01-05T02:00:00.000Z',
  decidedBy: null,
  decidedAt: null,
  returnReason: null,
  handoverSha256: null,
  fileCount: 1,
  files: [{ ...caseFile({ status: 'submitted' }), ordinal: 1 }],
  recordCount: 0,
  allowedActions: ['accept', 'return'],
  ...over,
});

describe('TransferPage', () => {
  it('lets the archivist accept: the records are counted and the handover record is offered', async () => {
    fakeApi({
      'GET /api/me': withRoles(['archivist']),
      [`GET /api/archive/transfers/${TRANSFER_ID}`]: transfer(),
      [`POST /api/archive/transfers/${TRANSFER_ID}/accept`]: transfer({
        status: 'accepted',
        recordCount: 2,
        handoverSha256: 'ab'.repeat(32),
        allowedActions: [],
        decidedBy: { id: caseFile().personInCharge.id, fullName: 'Phạm Quốc Bảo' },
        decidedAt: '2026-01-06T02:00:00.000Z',
      }),
    });
    renderSignedIn(<TransferPage params={new URLSearchParams()} id={TRANSFER_ID} />);
    expect((await screen.findByRole('table', { name: 'Mục lục hồ sơ nộp lưu' })).textContent).toContain(
      '01.KH',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Tiếp nhận' }));
    expect(await screen.findByText('Đã tiếp nhận; 2 tài liệu đã vào Lưu trữ cơ quan.')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Biên bản giao nhận (PDF)' }).getAttribute('href')).toBe(
      `/api/archive/transfers/${TRANSFER_ID}/handover.pdf`,
    );
    expect(screen.queryByRole('button', { name: 'Tiếp nhận' })).toBeNull();
  });

  it('shows a submitter no decision, and an archivist the refusal of a return without reason', async () => {
    fakeApi({
      'GET /api/me': withRoles(['archivist']),
      [`GET /api/archive/transfers/${TRANSFER_ID}`]: transfer(),
      [`POST /api/archive/transfers/${TRANSFER_ID}/return`]: status(400, 'TRANSFER_INVALID'),
    });
    const { unmount } = renderSignedIn(<TransferPage params={new URLSearchParams()} id={TRANSFER_ID} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Trả lại hồ sơ' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Tiếng Việt: TRANSFER_INVALID');
    unmount();
    fakeApi({
      'GET /api/me': SPECIALIST,
      [`GET /api/archive/transfers/${TRANSFER_ID}`]: transfer({ allowedActions: [] }),
    });
    renderSignedIn(<TransferPage params={new URLSearchParams()} id={TRANSFER_ID} />);
    expect(await screen.findByRole('table', { name: 'Mục lục hồ sơ nộp lưu' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Tiếp nhận' })).toBeNull();
  });
});

describe('DisposalPage', () => {
  const ID = '00000000-0000-4000-8000-00000000e001';
  const proposal = (over: Partial<Disposal> = {}): Disposal => ({
    id: ID,
    unitId: caseFile().unitId,
    unitName: 'Ủy ban nhân dân huyện Bến Lức',
    status: 'proposed',
    reason: 'Hết thời hạn bảo quản',
    proposedBy: { id: caseFile().personInCharge.id, fullName: 'Phạm Quốc Bảo' },
    proposedAt: '2026-01-05T02:00:00.000Z',
    leaderApproval: null,
    archiveApproval: null,
    rejection: null,
    executedAt: null,
    records: [],
    allowedActions: ['approve_leader', 'reject'],
    ...over,
  });
  it('lets the unit leader approve as the unit leader, then shows the approval', async () => {
    const api = fakeApi({
      'GET /api/me': withRoles(['leader']),
      [`GET /api/archive/disposals/${ID}`]: proposal(),
      [`POST /api/archive/disposals/${ID}/approve`]: proposal({
        leaderApproval: {
          by: { id: caseFile().personInCharge.id, fullName: 'Trần Văn Đức' },
          at: '2026-01-06T02:00:00.000Z',
        },
        allowedActions: [],
      }),
    });
    renderSignedIn(<DisposalPage params={new URLSearchParams()} id={ID} />);
    expect(await screen.findAllByText('Chưa phê duyệt')).toHaveLength(2);
    expect(screen.queryByRole('button', { name: 'Phê duyệt (Lưu trữ cấp tỉnh)' })).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Phê duyệt (lãnh đạo đơn vị)' }));
    expect(await screen.findByText('Đã phê duyệt.')).toBeTruthy();
    expect(screen.getByText(/Trần Văn Đức/)).toBeTruthy();
    expect(await bodyOf(api.requests, 'POST', `/api/archive/disposals/${ID}/approve`)).toEqual({
      as: 'unit_leader',
    });
  });
});

describe('archive page actions added with the archival details', () => {
  it('transfers the chosen closed files together from the file list', async () => {
    const closed = (id: string, code: string) =>
      caseFile({ id, fileCode: code, status: 'closed', endDate: '2025-12-31', transferDueOn: '2026-12-31' });
    const A = '00000000-0000-4000-8000-00000000a00a';
    const B = '00000000-0000-4000-8000-00000000a00b';
    const api = fakeApi({
      'GET /api/me': SPECIALIST,
      'GET /api/archive/files': { items: [closed(A, '01.A'), closed(B, '02.B'), caseFile()] },
      'POST /api/archive/transfers': transfer(),
    });
    renderSignedIn(<ArchivePage params={new URLSearchParams()} />);
    const button = await screen.findByRole('button', { name: 'Nộp lưu 0 hồ sơ đã chọn' });
    expect((button as HTMLButtonElement).disabled).toBe(true);
    // An open file cannot be chosen.
    expect(screen.queryByRole('checkbox', { name: 'Chọn 01.KH' })).toBeNull();
    await userEvent.click(screen.getByRole('checkbox', { name: 'Chọn 02.B' }));
    await userEvent.click(screen.getByRole('checkbox', { name: 'Chọn 01.A' }));
    await userEvent.click(screen.getByRole('button', { name: 'Nộp lưu 2 hồ sơ đã chọn' }));
    await waitFor(() => expect(globalThis.location.hash).toBe(`#/archive/transfers/${TRANSFER_ID}`));
    expect(await bodyOf(api.requests, 'POST', '/api/archive/transfers')).toEqual({ fileIds: [B, A] });
  });

  it('saves the Circular 02 fields of a file, empty ones as null', async () => {
    const api = fakeApi({
      'GET /api/me': SPECIALIST,
      [`GET /api/archive/files/${FILE_ID}`]: caseFile(),
      [`PATCH /api/archive/files/${FILE_ID}`]: caseFile({
        fonds: 'Phông UBND huyện Bến Lức',
        updatedAt: '2025-03-02T00:00:00.000Z',
      }),
    });
    renderSignedIn(<CaseFilePage params={new URLSearchParams()} id={FILE_ID} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Sửa thông tin hồ sơ' }));
    await userEvent.type(screen.getByLabelText('Phông lưu trữ'), 'Phông UBND huyện Bến Lức');
    await userEvent.selectOptions(screen.getByLabelText('Chế độ sử dụng'), 'restricted');
    await userEvent.click(screen.getByRole('button', { name: 'Lưu' }));
    expect(await screen.findByText('Phông UBND huyện Bến Lức')).toBeTruthy();
    expect(await bodyOf(api.requests, 'PATCH', `/api/archive/files/${FILE_ID}`)).toEqual({
      title: 'Hồ sơ kế hoạch công tác năm 2025',
      keywords: null,
      fonds: 'Phông UBND huyện Bến Lức',
      catalogue: null,
      physicalCondition: null,
      description: null,
      language: 'Tiếng Việt',
      rights: 'restricted',
      reliability: 'born_digital',
    });
  });
});

describe('RetentionPage', () => {
  const entry = {
    id: '00000000-0000-4000-8000-00000000r001',
    code: '01.06',
    title: 'Công văn trao đổi về công tác chung',
    years: 10,
    legalReference: 'Thông tư 10/2022/TT-BNV, Phụ lục',
    needsReview: true,
    active: true,
    fileCount: 2,
  };
  it('shows each entry with its legal reference and the mark of an entry written from memory; the admin marks it checked', async () => {
    let checked = false;
    const api = fakeApi({
      'GET /api/me': withRoles(['admin']),
      'GET /api/archive/retention-periods': () => ({ items: [{ ...entry, needsReview: !checked }] }),
      [`PATCH /api/archive/retention-periods/${entry.id}`]: () => {
        checked = true;
        return { ...entry, needsReview: false };
      },
    });
    renderSignedIn(<RetentionPage />);
    const table = await screen.findByRole('table', { name: 'Bảng thời hạn bảo quản' });
    expect(table.textContent).toContain('Thông tư 10/2022/TT-BNV, Phụ lục');
    expect(within(table).getByText('Cần đối chiếu').className).toContain('badge-warn');
    await userEvent.click(within(table).getByRole('button', { name: 'Đã đối chiếu – mục 01.06' }));
    expect(await screen.findByText('Mục 01.06 đã được đối chiếu với văn bản gốc.')).toBeTruthy();
    expect(await bodyOf(api.requests, 'PATCH', `/api/archive/retention-periods/${entry.id}`)).toEqual({
      needsReview: false,
    });
    await screen.findByRole('button', { name: 'Cần đối chiếu lại – mục 01.06' });
    expect(screen.queryByText('Cần đối chiếu')).toBeNull();
  });

  it('offers an archivist no change of the table', async () => {
    fakeApi({
      'GET /api/me': withRoles(['archivist']),
      'GET /api/archive/retention-periods': { items: [entry] },
    });
    renderSignedIn(<RetentionPage />);
    await screen.findByRole('table', { name: 'Bảng thời hạn bảo quản' });
    expect(screen.queryByRole('button', { name: /Đã đối chiếu/ })).toBeNull();
    expect(screen.queryByRole('form', { name: 'Thêm thời hạn bảo quản' })).toBeNull();
  });
});
