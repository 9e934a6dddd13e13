/** Audit event types of digitisation (declaration merging into AuditEventPayloads). */
declare module '../audit/audit-event' {
  interface AuditEventPayloads {
    DIGITISED_RECORD_CREATED: { recordId: string; title: string; origin: string };
    DIGITISED_SCAN_ADDED: {
      recordId: string;
      sha256: string;
      pages: number;
      dpi: number | null;
      signed: boolean;
    };
    DIGITISED_OCR_QUEUED: { recordId: string; pages: number };
    DIGITISED_OCR_DONE: { recordId: string; pages: number; derivatives: string[]; textLength: number };
    DIGITISED_OCR_FAILED: { recordId: string; error: string; attempts: number };
  }
}

export {};
