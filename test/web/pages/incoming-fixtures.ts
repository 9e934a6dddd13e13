// Incoming documents as the API answers them (typed by the generated schema), for the incoming pages'
// component tests.
import type {
  IncomingDetail,
  IncomingItem,
  IncomingSummary,
} from '../../../web/src/pages/incoming/incoming-document';

export const DOC_ID = '00000000-0000-4000-8000-00000000d001';
export const UNIT = { id: '00000000-0000-4000-8000-0000000000a1', code: '000.00.01.H41', name: 'Sở Tư pháp' };

export function item(n: number, extra: Partial<IncomingItem> = {}): IncomingItem {
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    recipientUnitId: UNIT.id,
    documentType: 'Công văn',
    notation: `${n}/UBND-VP`,
    subject: `Văn bản đến số ${n}`,
    urgency: 'normal',
    urgent: false,
    statusCode: '01',
    status: { vi: 'Đã đến', en: 'Arrived' },
    recallCode: null,
    year: null,
    incomingNumber: null,
    incomingNumberText: null,
    // 2026-03-03 08:30 in Vietnam.
    receivedAt: '2026-03-03T01:30:00.000Z',
    deadline: null,
    requestedDueDate: null,
    overdue: false,
    revision: 1,
    sender: { unitId: null, code: '000.00.02.H41', name: 'Ủy ban nhân dân huyện Bến Lức' },
    validation: 'TOTAL_PASSED',
    assignedToMe: false,
    ...extra,
  };
}

export const SUMMARY: IncomingSummary = {
  unitId: UNIT.id,
  byStatus: { '01': 3, '04': 2 },
  urgentWaiting: 1,
  overdue: 4,
  recallPending: 0,
  assignedToMe: 5,
};

export function detail(extra: Partial<IncomingDetail> = {}): IncomingDetail {
  return {
    id: DOC_ID,
    documentType: 'Quyết định',
    notation: '1/QĐ-UBND',
    subject: 'Về việc tổ chức diễn tập phòng, chống thiên tai năm 2026',
    urgency: 'urgent',
    urgent: true,
    statusCode: '01',
    status: { vi: 'Đã đến', en: 'Arrived' },
    recallCode: null,
    year: null,
    incomingNumber: null,
    incomingNumberText: null,
    receivedAt: '2026-03-03T01:30:00.000Z',
    deadline: null,
    requestedDueDate: null,
    overdue: false,
    revision: 1,
    sender: {
      unitId: '00000000-0000-4000-8000-0000000000b2',
      code: '000.00.02.H41',
      name: 'Ủy ban nhân dân huyện Bến Lức',
      outgoingId: null,
      issuedOn: '2026-03-03',
      signerName: 'Trần Văn Đức',
    },
    recipientUnit: UNIT,
    addressedUnit: UNIT,
    recall: null,
    recallReason: null,
    registeredAt: null,
    assignedAt: null,
    completedAt: null,
    handlingResult: null,
    refusalReason: null,
    revisedAt: null,
    supersededById: null,
    pdf: { sha256: 'ab'.repeat(32), size: 48_213 },
    attachments: [{ index: 0, name: 'Phụ lục I - Kế hoạch diễn tập', size: 2_048 }],
    edxml: null,
    validation: {
      state: 'done',
      indication: 'TOTAL_PASSED',
      validatedAt: '2026-03-03T01:31:00.000Z',
      signatures: [
        {
          fieldName: 'Signature1',
          kind: 'signature',
          signerName: 'Trần Văn Đức',
          indication: 'TOTAL_PASSED',
          subIndication: null,
          claimedSigningTime: '2026-03-03T01:10:00.000Z',
          claimedSigningTimeRaw: "D:20260303081000+07'00'",
        },
        {
          fieldName: 'Seal',
          kind: 'signature',
          signerName: 'Ủy ban nhân dân huyện Bến Lức',
          indication: 'INDETERMINATE',
          subIndication: 'NO_CERTIFICATE_CHAIN_FOUND',
          claimedSigningTime: null,
          claimedSigningTimeRaw: null,
        },
      ],
      unsignedRevisions: 0,
      reportSha256: null,
      error: null,
    },
    assignees: [],
    events: [
      {
        code: '01',
        kind: 'status',
        label: { vi: 'Đã đến', en: 'Arrived' },
        at: '2026-03-03T01:30:00.000Z',
        note: null,
        actor: null,
        unitId: UNIT.id,
      },
    ],
    actions: [],
    replies: [],
    registration: { book: null, presentedTo: null },
    handlers: [],
    notes: [],
    ...extra,
  };
}

/** What a transition answers (POST /api/incoming/:id/…). */
export function record(extra: Record<string, unknown> = {}) {
  return {
    id: DOC_ID,
    recipientUnitId: UNIT.id,
    statusCode: '03',
    recallCode: null,
    year: 2026,
    incomingNumber: 1,
    incomingNumberText: '01',
    registeredAt: '2026-03-03T02:00:00.000Z',
    assignedAt: null,
    completedAt: null,
    assigneeUserIds: [],
    deadline: null,
    handlingResult: null,
    refusalReason: null,
    ...extra,
  };
}
