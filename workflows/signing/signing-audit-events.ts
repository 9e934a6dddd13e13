/** Audit event types of the signing service (declaration merging into AuditEventPayloads). No PIN, ever. */
declare module '../audit/audit-event' {
  interface AuditEventPayloads {
    SIGNING_CREDENTIAL_ADDED: {
      credentialId: string;
      ownerKind: 'user' | 'unit';
      userId: string | null;
      kind: 'pkcs12' | 'pkcs11' | 'external';
      certificateSha256: string;
      subject: string;
      dev: boolean;
    };
    SIGNING_CREDENTIAL_DEACTIVATED: { credentialId: string; certificateSha256: string };
    SIGNING_CREDENTIAL_IMAGE_SET: { credentialId: string; sha256: string | null };
    SIGNING_PIN_REJECTED: { credentialId: string; lockedUntil?: string };
    DEV_CERTIFICATE_REVOKED: { credentialId: string; serialHex: string; reason: string; revokedAt: string };
    UNIT_SIGNING_SETTINGS_SET: { unitId: string; placeName: string | null };
    /** A signature applied to a document of a workflow (leader, seal, attachment). */
    DOCUMENT_SIGNED: {
      documentId: string;
      role: 'leader' | 'org' | 'attachment';
      level: string;
      credentialId: string;
      certificateSha256: string;
      sha256: string;
      fieldName: string;
      twoStep?: boolean;
      attachment?: string;
    };
    SIGNING_SESSION_PREPARED: {
      sessionId: string;
      documentId: string;
      credentialId: string;
      preparedSha256: string;
      expiresAt: string;
    };
    /** A PDF signed through POST /api/signing/sign, outside any workflow (not stored by the server). */
    PDF_SIGNED: {
      credentialId: string;
      role: 'leader' | 'org' | 'attachment';
      level: string;
      inputSha256: string;
      outputSha256: string;
    };
  }
}

export {};
