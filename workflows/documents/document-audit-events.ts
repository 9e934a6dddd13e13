/** Audit event types of the document workflows (declaration merging into AuditEventPayloads). */
declare module '../audit/audit-event' {
  interface AuditEventPayloads {
    DOCUMENT_DRAFTED: {
      documentId: string;
      sha256: string;
      medium: 'electronic' | 'paper';
      /** A replacing document (edXML business type 3): the issued one and why. */
      replacesId?: string;
      replaceReason?: string;
      /** A reply: the incoming document it answers (edXML ResponseFor). */
      replyToIncomingId?: string;
    };
    DOCUMENT_STATUS_CHANGED: {
      documentId: string;
      from: string;
      to: string;
      sha256?: string;
      number?: number;
      comment?: string;
      /** sign: the leader named on the draft, when another leader of the unit signed (ký thay). */
      onBehalfOfUserId?: string;
    };
    /** The drafter changed a draft: the API names of the fields; sha256 of a new main PDF. */
    DOCUMENT_DRAFT_EDITED: { documentId: string; fields: string[]; sha256?: string };
    /** The drafter deleted a draft (never numbered); what it was. */
    DOCUMENT_DRAFT_DELETED: {
      documentId: string;
      status: string;
      documentType: string;
      notation: string;
      subject: string;
      sha256: string;
    };
    /** An admin created or changed an incoming register book of a unit. */
    REGISTER_BOOK_SAVED: {
      bookId: string;
      name: string;
      documentTypes: string[];
      classified: boolean;
      active: boolean;
    };
    /** An admin set a unit's document handling settings. */
    DOCUMENT_SETTINGS_CHANGED: { unitId: string; completeIncomingOnReply: boolean };
    /** A reviewer of the review chain (trình duyệt) approved or returned a draft before the leader. */
    DOCUMENT_REVIEW_DECIDED: {
      documentId: string;
      seq: number;
      decision: 'approved' | 'returned';
      comment?: string;
    };
    /** The clerk set the recipients of a signed document before numbering. */
    DOCUMENT_RECIPIENTS_SET: { documentId: string; recipients: number };
    DOCUMENT_SENT: {
      documentId: string;
      numberAndNotation: string;
      delivered: number;
      alreadyDelivered: number;
      external: string[];
      routed: { addressedUnitId: string; recipientUnitId: string }[];
      supersedes?: string;
    };
    DOCUMENT_RECALLED: { documentId: string; recipients: number; reason: string };
    INCOMING_STATUS_CHANGED: { incomingId: string; from: string; to: string; note?: string };
    /** Handling of an incoming document in progress: reassigned, deadline extended, progress noted. */
    INCOMING_HANDLING_NOTED: {
      incomingId: string;
      kind: 'reassign' | 'extension' | 'progress';
      leadUserId?: string;
      from?: string | null;
      to?: string;
    };
    INCOMING_DEADLINE_REMINDER: { incomingId: string; deadline: string };
  }
}

export {};
