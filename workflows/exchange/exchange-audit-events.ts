/** Audit event types of the exchange module's HTTP-facing functions (declaration merging). */
declare module '../audit/audit-event' {
  interface AuditEventPayloads {
    /** edXML business type 2: an issued document corrected and the correction sent to its recipients. */
    DOCUMENT_UPDATED: {
      documentId: string;
      revision: number;
      reason: string;
      changes: { subject?: { from: string; to: string }; sha256?: { from: string; to: string } };
      recipients: number;
      external: string[];
    };
    UNIT_GROUP_CREATED: { groupId: string; name: string; members: number };
    UNIT_GROUP_UPDATED: { groupId: string; name: string; members: number; added: number; removed: number };
    UNIT_GROUP_DELETED: { groupId: string; name: string; members: number };
  }
}

export {};
