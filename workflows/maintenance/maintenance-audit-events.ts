/** Audit event types of storage maintenance (declaration merging into AuditEventPayloads). */
declare module '../audit/audit-event' {
  interface AuditEventPayloads {
    /** A sweep removed expired rows and queued their objects for deletion. */
    STORAGE_SWEPT: {
      signingSessions: number;
      uploadedFiles: number;
      batchUploads: number;
      /** Objects queued for deletion (each is deleted only if nothing references it then). */
      candidates: number;
    };
    /** Objects deleted from the store; the others were kept (still referenced, or retained / on hold). */
    STORAGE_OBJECTS_DELETED: {
      deleted: string[];
      referenced: number;
      retained: number;
      absent: number;
    };
  }
}

export {};
