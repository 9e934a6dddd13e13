/** Audit event types of signature validation (declaration merging into AuditEventPayloads). */
declare module '../audit/audit-event' {
  interface AuditEventPayloads {
    SIGNATURE_VALIDATED: {
      reportId: string;
      source: 'upload' | 'stored' | 'batch';
      pdfSha256: string;
      reportSha256: string;
      status: string;
      indication: string | null;
      fileName: string | null;
      batchId?: string;
      requestedBy?: string;
    };
    VALIDATION_BATCH_CREATED: {
      batchId: string;
      name: string;
      files: number;
      online: boolean;
      /** How many CRLs and OCSP responses the auditor gave for every file (absent: none). */
      evidence?: { crls: number; ocsps: number };
    };
    VALIDATION_BATCH_FILE_ADDED: {
      batchId: string;
      fileId: string;
      pdfSha256: string;
      source: 'upload' | 'stored';
    };
    TRUST_ANCHOR_ADDED: {
      sha256: string;
      subject: string;
      issuer: string;
      notBefore: string;
      notAfter: string;
      label: string | null;
    };
    TRUST_ANCHOR_REMOVED: { sha256: string; subject: string };
    REVOCATION_HOSTS_SET: { hosts: string[] };
  }
}

export {};
