/** Audit event types of the archive (case files, transfers, retention, disposal); declaration merging. */
declare module '../audit/audit-event' {
  interface AuditEventPayloads {
    CASE_FILE_CREATED: { fileId: string; fileCode: string; year: number; title: string };
    CASE_FILE_UPDATED: { fileId: string; changes: Record<string, unknown> };
    CASE_FILE_DOCUMENT_ADDED: { fileId: string; sourceKind: string; sourceId: string; docOrdinal: number };
    CASE_FILE_DOCUMENT_REMOVED: { fileId: string; sourceKind: string; sourceId: string };
    CASE_FILE_CLOSED: { fileId: string; startDate: string; endDate: string; documents: number };
    RETENTION_PERIOD_CREATED: { retentionId: string; code: string; years: number | null };
    RETENTION_PERIOD_UPDATED: { retentionId: string; changes: Record<string, unknown> };
    ARCHIVE_TRANSFER_SUBMITTED: { transferId: string; fileIds: string[] };
    ARCHIVE_TRANSFER_RETURNED: { transferId: string; reason: string };
    ARCHIVE_TRANSFER_ACCEPTED: {
      transferId: string;
      records: number;
      objects: number;
      handoverSha256: string;
    };
    ARCHIVAL_RECORD_HOLD_SET: { recordId: string; legalHold: boolean; reason: string };
    DISPOSAL_PROPOSED: { proposalId: string; recordIds: string[] };
    DISPOSAL_APPROVED: { proposalId: string; as: 'unit_leader' | 'province_archive' };
    DISPOSAL_REJECTED: { proposalId: string; reason: string };
    DISPOSAL_EXECUTED: { proposalId: string; recordIds: string[] };
    DISPOSAL_OBJECTS_DELETED: { recordIds: string[]; deleted: string[]; kept: number };
    ARCHIVE_TRANSFER_DUE_ALERTED: { fileIds: string[] };
  }
}

export {};
