import { InitialSchema1763780000000 } from './migrations/1763780000000-initial-schema';
import { DocumentWorkflow1763800000000 } from './migrations/1763800000000-document-workflow';
import { Signing1764100000000 } from './migrations/1764100000000-signing';
import { Validation1764200000000 } from './migrations/1764200000000-validation';
import { Exchange1764300000000 } from './migrations/1764300000000-exchange';
import { Federation1764400000000 } from './migrations/1764400000000-federation';
import { AuthNotify1764500000000 } from './migrations/1764500000000-auth-notify';
import { EdxmlSdkProfile1765100000000 } from './migrations/1765100000000-edxml-sdk-profile';
import { AuditKey1765200000000 } from './migrations/1765200000000-audit-key';
import { ValidationBatchEvidence1765300000000 } from './migrations/1765300000000-validation-batch-evidence';
import { ArchiveFiles1765400000000 } from './migrations/1765400000000-archive-files';
import { ArchivalObjects1765450000000 } from './migrations/1765450000000-archival-objects';
import { ReportRollups1765600000000 } from './migrations/1765600000000-report-rollups';
import { Notifications1765700000000 } from './migrations/1765700000000-notifications';
import { ArchivePackageExports1765760000000 } from './migrations/1765760000000-archive-package-exports';
import { UserMustChangePassword1765880000000 } from './migrations/1765880000000-user-must-change-password';
import { AuditEventsRecordIndex1765900000000 } from './migrations/1765900000000-audit-events-record-index';
import { ArchivePackageExpiry1765910000000 } from './migrations/1765910000000-archive-package-expiry';
import { ArchiveDigitisedSources1765910000001 } from './migrations/1765910000001-archive-digitised-sources';
import { ReportEdxmlDueDate1765930000000 } from './migrations/1765930000000-report-edxml-due-date';
import { UserDeactivatedAt1765930000001 } from './migrations/1765930000001-user-deactivated-at';
import { Search1765500000000 } from './migrations/1765500000000-search';
import { SearchFold1765500000001 } from './migrations/1765500000001-search-fold';
import { SearchRankHead1765520000000 } from './migrations/1765520000000-search-rank-head';
import { SearchSlimRows1765520000001 } from './migrations/1765520000001-search-slim-rows';
import { SearchRankHeadIndex1765920000000 } from './migrations/1765920000000-search-rank-head-index';
import { Digitisation1765550000000 } from './migrations/1765550000000-digitisation';
import { DocumentReplies1765650000000 } from './migrations/1765650000000-document-replies';
import { RegisterBooks1765660000000 } from './migrations/1765660000000-register-books';
import { IncomingHandling1765670000000 } from './migrations/1765670000000-incoming-handling';

/** Every migration, oldest first. Listed explicitly so that ts-node and compiled builds load the same set. */
export const migrations = [
  InitialSchema1763780000000,
  DocumentWorkflow1763800000000,
  Signing1764100000000,
  Validation1764200000000,
  Exchange1764300000000,
  Federation1764400000000,
  AuthNotify1764500000000,
  EdxmlSdkProfile1765100000000,
  AuditKey1765200000000,
  ValidationBatchEvidence1765300000000,
  ArchiveFiles1765400000000,
  ArchivalObjects1765450000000,
  Search1765500000000,
  SearchFold1765500000001,
  SearchRankHead1765520000000,
  SearchSlimRows1765520000001,
  Digitisation1765550000000,
  ReportRollups1765600000000,
  DocumentReplies1765650000000,
  RegisterBooks1765660000000,
  IncomingHandling1765670000000,
  Notifications1765700000000,
  ArchivePackageExports1765760000000,
  UserMustChangePassword1765880000000,
  AuditEventsRecordIndex1765900000000,
  ArchivePackageExpiry1765910000000,
  ArchiveDigitisedSources1765910000001,
  SearchRankHeadIndex1765920000000,
  ReportEdxmlDueDate1765930000000,
  UserDeactivatedAt1765930000001,
];
