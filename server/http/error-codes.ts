import type { AccessErrorCode } from '../../workflows/accounts/access-error';
import type { ArchiveErrorCode } from '../../workflows/archive/archive-error';
import type { PackageErrorCode } from '../../workflows/archive/package-tar';
import type { AccountErrorCode } from '../../workflows/accounts/account-error';
import type { DirectoryErrorCode } from '../../workflows/directory/directory-error';
import type { DocumentErrorCode } from '../../workflows/documents/document-error';
import type { DigitisationErrorCode } from '../../workflows/digitisation/digitisation-error';
import type { FileErrorCode } from '../../workflows/documents/file-error';
import type { EdxmlErrorCode } from '../../workflows/exchange/edxml/edxml-error';
import type { ExchangeErrorCode } from '../../workflows/exchange/exchange-error';
import type { FederationErrorCode } from '../../workflows/federation/federation-error';
import type { MaintenanceErrorCode } from '../../workflows/maintenance/maintenance-error';
import type { SigningErrorCode } from '../../workflows/signing/signing-error';
import type { AuditExportErrorCode } from '../../workflows/audit/export-audit-events';
import type { ValidationServiceErrorCode } from '../../workflows/validation/validation-service-error';
import type { PdfErrorCode } from '../../signing/pdf/errors';
import type { PkiErrorCode } from '../../signing/pki/pki-error';
import type { TrustListErrorCode } from '../../signing/pki/trust/trust-list-error';
import type { SignErrorCode } from '../../signing/sign/sign-error';
import type { ObjectStoreErrorCode } from '../../storage/objects/object-store-error';
import type { BackupErrorCode } from '../../workflows/archive/backup';
import type { NotificationErrorCode } from '../../workflows/notifications/notification-error';
import type { ReportErrorCode } from '../../workflows/reports/report-error';
import type { SearchErrorCode } from '../../workflows/search/search-error';
import type { HttpErrorCode } from './http-error';

/**
 * Codes raised by error classes that do not declare a code type (UploadQuotaError, PoolError,
 * signing/validate's ValidationError, UpdateSignatureError, ConfigError, EmbeddedPostgresError, the CLI's
 * CodedErrors) and the error handler's own INTERNAL_ERROR. test/server/http/error-status.test.ts scans
 * the sources so that a new literal code of such a class cannot be missed here.
 */
export type OtherErrorCode =
  | 'UPLOAD_QUOTA_EXCEEDED'
  | 'VALIDATION_BUSY'
  | 'VALIDATION_UNREADABLE'
  | 'CERTIFICATE_INPUT_INVALID'
  | 'REVOCATION_EVIDENCE_INVALID'
  | 'UPDATE_SIGNATURE_REQUIRED'
  | 'CONFIG_INVALID'
  | 'EMBEDDED_POSTGRES_FAILED'
  | 'AUDIT_CHAIN_BROKEN'
  | 'SEARCH_INDEX_DIFFERS'
  | 'REPORT_ROLLUPS_DIFFER'
  | 'CLI_USAGE'
  | 'INTERNAL_ERROR';

/**
 * Every error code of the codebase: the union of each error class's code type. error-status.ts maps
 * each one to a status with `satisfies Record<ErrorCode, number>`, so a code added to any of these
 * types without a status there does not compile (issue 9 item 13).
 */
export type ErrorCode =
  | HttpErrorCode
  | AuditExportErrorCode
  | AccessErrorCode
  | AccountErrorCode
  | SearchErrorCode
  | ArchiveErrorCode
  | PackageErrorCode
  | DirectoryErrorCode
  | DocumentErrorCode
  | DigitisationErrorCode
  | FileErrorCode
  | ExchangeErrorCode
  | EdxmlErrorCode
  | FederationErrorCode
  | SigningErrorCode
  | MaintenanceErrorCode
  | ValidationServiceErrorCode
  | SignErrorCode
  | PkiErrorCode
  | TrustListErrorCode
  | PdfErrorCode
  | ObjectStoreErrorCode
  | BackupErrorCode
  | NotificationErrorCode
  | ReportErrorCode
  | OtherErrorCode;
