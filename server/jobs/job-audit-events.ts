/** Audit event types written by the job handlers (declaration merging into AuditEventPayloads). */
declare module '../../workflows/audit/audit-event' {
  interface AuditEventPayloads {
    INCOMING_VALIDATED: {
      incomingId: string;
      sha256: string;
      indication: string;
      reportSha256?: string;
    };
    INCOMING_URGENT_NOTICE: { incomingId: string; documentId: string; urgency: string };
  }
}

export {};
