/** Audit event types of uploads and attachments (declaration merging into AuditEventPayloads). */
declare module '../audit/audit-event' {
  interface AuditEventPayloads {
    FILE_UPLOADED: { fileId: string; sha256: string; size: number; contentType: string };
    DOCUMENT_ATTACHMENT_ADDED: { documentId: string; name: string; sha256: string; size: number };
    DOCUMENT_ATTACHMENT_REMOVED: { documentId: string; name: string; sha256: string };
  }
}

export {};
