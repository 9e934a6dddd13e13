/** Audit event types of edXML exchange and federation (declaration merging into AuditEventPayloads). */
declare module '../audit/audit-event' {
  interface AuditEventPayloads {
    FEDERATION_PEER_CREATED: {
      peerId: string;
      name: string;
      organPatterns: string[];
      baseUrl: string;
      certificates: string[];
      /** edxml-profile.ts: layout, attachments, statusForm, signatureAlgorithm. */
      profile?: Record<string, string>;
    };
    FEDERATION_PEER_UPDATED: { peerId: string; changes: Record<string, unknown> };
    /** An edXML document package reached the peer's inbox (business type 0 new, 1 recall, 2 update, 3 replace). */
    EDXML_DOCUMENT_DELIVERED: {
      documentId: string;
      edxmlDocumentId: string;
      to: string;
      peerId: string;
      businessType: number;
      packageSha256: string;
      outcome: string;
    };
    /**
     * An edXML delivery was given up: the peer refused it (permanent: at once, with the peer's HTTP status
     * and error code) or the last attempt failed.
     */
    EDXML_DELIVERY_FAILED: {
      documentId: string;
      to: string;
      businessType: number;
      jobId: string;
      attempts: number;
      permanent: boolean;
      code: string;
      message: string;
      peerStatus?: number;
      peerCode?: string;
      peerMessage?: string;
    };
    /** A status report about an externally received document reached the sender system. */
    EDXML_STATUS_SENT: {
      incomingId: string;
      statusCode: string;
      to: string;
      peerId: string;
      packageSha256: string;
    };
    /** Incoming records created from another system's package (one event per record). */
    EDXML_DOCUMENT_RECEIVED: {
      incomingId: string;
      edxmlDocumentId: string;
      from: string;
      via: string;
      businessType: number;
      packageSha256: string;
      /** How the package was signed; `weak`: RSA-SHA1 from a peer configured to sign with it. */
      signature?: { algorithm: string; weak: boolean };
      replaces?: string[];
    };
    EDXML_RECALL_RECEIVED: { incomingId: string; edxmlDocumentId: string; from: string; reason?: string };
    EDXML_UPDATE_RECEIVED: {
      incomingId: string;
      edxmlDocumentId: string;
      from: string;
      changes: string[];
      reason?: string;
    };
    /** An external recipient's status arrived (on the sending unit). */
    EDXML_STATUS_RECEIVED: {
      documentId: string;
      organId: string;
      statusCode: string;
      occurredAt: string;
      packageSha256: string;
    };
    EDXML_PACKAGE_EXPORTED: {
      documentId: string;
      edxmlDocumentId: string;
      to: string[];
      packageSha256: string;
    };
  }
}

export {};
