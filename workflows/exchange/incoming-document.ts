import type { Urgency } from '../documents/outgoing-document';

/**
 * edXML status codes of an incoming document (QCVN 102:2016 status messages; DESIGN.md §3):
 * 01 arrived, 02 refused, 03 accepted and registered, 04 awaiting assignment, 05 assigned / in progress,
 * 06 completed; the recall exchange: 13 requested, 15 accepted, 16 refused.
 */
export type IncomingStatusCode = '01' | '02' | '03' | '04' | '05' | '06';
export type RecallCode = '13' | '15' | '16';
export type StatusCode = IncomingStatusCode | RecallCode;

export type HandlingResult = 'early' | 'on_time' | 'late';

export interface IncomingDocument {
  readonly id: string;
  readonly recipientUnitId: string;
  readonly addressedUnitId: string;
  readonly outgoingId: string | null;
  readonly externalSenderCode: string | null;
  readonly documentType: string;
  readonly notation: string;
  readonly subject: string;
  readonly urgency: Urgency;
  /** Khẩn, Thượng khẩn, Hỏa tốc: shown flagged and notified at once. */
  readonly urgent: boolean;
  readonly pdfSha256: string;
  readonly statusCode: IncomingStatusCode;
  readonly recallCode: RecallCode | null;
  readonly supersededById: string | null;
  readonly year: number | null;
  readonly incomingNumber: number | null;
  /** Số đến as Decree 30 writes it ("01"), through the one number formatter; null until registered. */
  readonly incomingNumberText: string | null;
  readonly receivedAt: Date;
  readonly registeredAt: Date | null;
  readonly assignedAt: Date | null;
  readonly completedAt: Date | null;
  readonly assigneeUserIds: readonly string[];
  readonly deadline: string | null;
  /** Hạn xử lý the sender asked for (its draft's deadline, or edXML DueDate); null when none. */
  readonly requestedDueDate: string | null;
  readonly handlingResult: HandlingResult | null;
  readonly refusalReason: string | null;
  readonly validation: Record<string, unknown> | null;
}
