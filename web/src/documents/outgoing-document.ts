// The outgoing document (văn bản đi) as GET /api/outgoing, /api/outgoing/:id and every outgoing action
// answer it. The generated schema (api/schema.d.ts) has it as `unknown`: the server's zod schema
// (server/routes/outgoing-routes.ts `outgoingDocumentSchema`) ends in a `.transform` that adds
// `numberAndNotation`, which JSON Schema cannot express for the output. Until that schema declares
// its output (e.g. `.pipe(z.object({… numberAndNotation }))`), the shape is written once here, and
// every enum that the generated schema does carry is picked from it, never retyped.
import type { BodyOf, ResponseOf } from '../api/types';

type Draft = BodyOf<'/api/outgoing', 'post'>;
type View = ResponseOf<'/api/outgoing/{id}', 'get'>;

export type RecipientSpec = Draft['recipients'][number];
export type Urgency = NonNullable<Draft['urgency']>;
export type Classification = NonNullable<Draft['classification']>;
export type OutgoingAction = View['allowedActions'][number];
export type OutgoingVersion = View['versions'][number];
export type VersionStep = OutgoingVersion['step'];

/** workflows/documents/outgoing-document.ts OUTGOING_STATUSES (absent from the generated schema). */
export type OutgoingStatus =
  'draft' | 'in_review' | 'returned' | 'signed' | 'numbered' | 'sealed' | 'issued' | 'recalled' | 'replaced';

export interface PersonRef {
  readonly id: string;
  readonly fullName: string;
}

export interface OutgoingDocument {
  readonly id: string;
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
  readonly drafter: PersonRef;
  readonly signerUserId: string | null;
  readonly signedByUserId: string | null;
  readonly signer: PersonRef | null;
  readonly signedBy: PersonRef | null;
  readonly dueDate: string | null;
  readonly year: number | null;
  readonly number: number | null;
  readonly issuedOn: string | null;
  readonly pdfSha256: string;
  readonly pdfSize: number;
  readonly attachments: readonly { readonly name: string; readonly sha256: string; readonly size: number }[];
  readonly recipients: readonly RecipientSpec[];
  readonly reviewComment: string | null;
  readonly replacesId: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly issuedAt: string | null;
  /** `12/QĐ-UBND`, or `…/QĐ-UBND` before a number is assigned. */
  readonly numberAndNotation: string;
}

/** GET /api/outgoing/:id with its document typed. */
export type OutgoingView = Omit<View, 'document'> & { readonly document: OutgoingDocument };

/** A page of GET /api/outgoing with its items typed. */
export interface OutgoingPage {
  readonly items: readonly OutgoingDocument[];
  readonly nextCursor: string | null;
}
