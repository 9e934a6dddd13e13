import { documentNumberText } from '../signing/document-number-text';
/** Outgoing lifecycle (DESIGN.md §3; Decree 30/2020/NĐ-CP Art. 14–18). */
export const OUTGOING_STATUSES = [
  'draft',
  'in_review',
  'returned',
  'signed',
  'numbered',
  'sealed',
  'issued',
  'recalled',
  'replaced',
] as const;
export type OutgoingStatus = (typeof OUTGOING_STATUSES)[number];

/** Độ khẩn: Khẩn, Thượng khẩn, Hỏa tốc. */
export const URGENCIES = ['normal', 'urgent', 'very_urgent', 'flash'] as const;
export type Urgency = (typeof URGENCIES)[number];

/** Độ mật: Mật, Tối mật, Tuyệt mật. */
export const CLASSIFICATIONS = ['none', 'confidential', 'secret', 'top_secret'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

/** A recipient as the drafter names it: a unit of this server, a group of units, or an external organisation. */
export type RecipientSpec =
  | { readonly kind: 'unit'; readonly unitId: string }
  | { readonly kind: 'group'; readonly groupId: string }
  | { readonly kind: 'external'; readonly code: string; readonly name?: string };

export interface Attachment {
  readonly name: string;
  readonly sha256: string;
  readonly size: number;
}

/** An account as documents name it (drafter, signer). */
export interface PersonRef {
  readonly id: string;
  readonly fullName: string;
}

export interface OutgoingDocument {
  readonly id: string;
  /** The issuing (drafting) unit. */
  readonly unitId: string;
  readonly unitName: string;
  readonly medium: 'electronic' | 'paper';
  readonly documentType: string;
  readonly notation: string;
  readonly subject: string;
  readonly urgency: Urgency;
  readonly classification: Classification;
  readonly status: OutgoingStatus;
  readonly drafterUserId: string;
  /** Người soạn: who drafted it (for a paper document, the clerk who registered it). */
  readonly drafter: PersonRef;
  /**
   * Người ký as named on the draft (the leader expected to sign); set to the actual signer when nobody
   * was named. For a paper document, who signed it.
   */
  readonly signerUserId: string | null;
  /**
   * Who actually signed (the leader of the `signed` version), null before the leader's signature and for
   * paper documents. Decree 30/2020 Art. 13: the signer is whoever signs — a deputy may sign "KT." on
   * behalf of the named head — so this, not `signerUserId`, is the signer of the issued document.
   */
  readonly signedByUserId: string | null;
  /** The named signer and the actual one, with their names (null while unknown). */
  readonly signer: PersonRef | null;
  readonly signedBy: PersonRef | null;
  readonly dueDate: string | null;
  readonly registerId: string | null;
  readonly year: number | null;
  readonly number: number | null;
  readonly issuedOn: string | null;
  readonly pdfSha256: string;
  readonly pdfSize: number;
  readonly attachments: readonly Attachment[];
  readonly recipients: readonly RecipientSpec[];
  readonly reviewComment: string | null;
  readonly replacesId: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly issuedAt: Date | null;
}

/** Who signed the document as issued: the actual signer, else the one named (paper documents). */
export function documentSignerId(
  d: Pick<OutgoingDocument, 'signerUserId' | 'signedByUserId'>,
): string | null {
  return d.signedByUserId ?? d.signerUserId;
}

/** "số, ký hiệu" as printed: `12/QĐ-UBND`; the notation alone before numbering. */
export function numberAndNotation(d: Pick<OutgoingDocument, 'number' | 'notation'>): string {
  return d.number === null ? d.notation : documentNumberText(d.number, d.notation);
}

export function isUrgent(u: Urgency): boolean {
  return u !== 'normal';
}
