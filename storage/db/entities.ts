import { DocumentIncomingEntity } from './entities/document-incoming-entity';
import { DocumentJobEntity } from './entities/document-job-entity';
import { DocumentOutgoingEntity } from './entities/document-outgoing-entity';
import { DocumentRegisterEntity } from './entities/document-register-entity';
import { DocumentStatusEventEntity } from './entities/document-status-event-entity';
import { DocumentUnitGroupEntity } from './entities/document-unit-group-entity';
import { DocumentUnitGroupMemberEntity } from './entities/document-unit-group-member-entity';
import { DocumentVersionEntity } from './entities/document-version-entity';
import { AuditEventEntity } from './entities/audit-event-entity';
import { SessionEntity } from './entities/session-entity';
import { UnitEntity } from './entities/unit-entity';
import { UnitHistoryEntity } from './entities/unit-history-entity';
import { UserEntity } from './entities/user-entity';
import { DevPkiRevocationEntity } from './entities/dev-pki-revocation-entity';
import { SigningCredentialEntity } from './entities/signing-credential-entity';
import { SigningSessionEntity } from './entities/signing-session-entity';
import { UnitSigningSettingsEntity } from './entities/unit-signing-settings-entity';
import { UploadedFileEntity } from './entities/uploaded-file-entity';
import { EdxmlIncomingEntity } from './entities/edxml-incoming-entity';
import { EdxmlPackageEntity } from './entities/edxml-package-entity';
import { ExternalRecipientEntity } from './entities/external-recipient-entity';
import { ExternalStatusEventEntity } from './entities/external-status-event-entity';
import { FederationPeerEntity } from './entities/federation-peer-entity';
import { RevocationHostEntity } from './entities/revocation-host-entity';
import { TrustAnchorEntity } from './entities/trust-anchor-entity';
import { ValidationBatchEntity } from './entities/validation-batch-entity';
import { ValidationBatchFileEntity } from './entities/validation-batch-file-entity';
import { IssuedReportEntity, ReportDailyEntity, ReportMonthlyEntity } from './entities/report-rollup-entity';
import { ValidationReportEntity } from './entities/validation-report-entity';
import { ArchivalObjectEntity } from './entities/archival-object-entity';
import { ARCHIVE_ENTITIES } from './entities/archive-entities';
import { FixityEventEntity } from './entities/fixity-event-entity';
import { FixityRunEntity } from './entities/fixity-run-entity';
import { ArchivePackageExportEntity } from './entities/archive-package-export-entity';
import { NotificationEntity, NotificationOptOutEntity } from './entities/notification-entity';
import { SearchEntryEntity } from './entities/search-entry-entity';
import { SearchTextEntity } from './entities/search-text-entity';
import { DigitisedFileEntity, DigitisedRecordEntity } from './entities/digitisation-entities';
import { SavedSearchEntity } from './entities/saved-search-entity';
import {
  DocumentReplyEntity,
  DocumentSettingsEntity,
  IncomingHandlerEntity,
  IncomingNoteEntity,
  IncomingRegistrationEntity,
  RegisterBookEntity,
  ReviewStepEntity,
} from './entities/document-reply-entities';

/** Every entity of the data source; later modules append theirs here. */
export const entities = [
  UnitEntity,
  UnitHistoryEntity,
  UserEntity,
  SessionEntity,
  AuditEventEntity,
  DocumentUnitGroupEntity,
  DocumentUnitGroupMemberEntity,
  DocumentRegisterEntity,
  DocumentOutgoingEntity,
  DocumentVersionEntity,
  DocumentIncomingEntity,
  DocumentStatusEventEntity,
  DocumentJobEntity,
  SigningCredentialEntity,
  SigningSessionEntity,
  DevPkiRevocationEntity,
  UnitSigningSettingsEntity,
  UploadedFileEntity,
  FederationPeerEntity,
  EdxmlPackageEntity,
  EdxmlIncomingEntity,
  ExternalRecipientEntity,
  ExternalStatusEventEntity,
  TrustAnchorEntity,
  RevocationHostEntity,
  ValidationBatchEntity,
  ValidationReportEntity,
  ValidationBatchFileEntity,
  ...ARCHIVE_ENTITIES,
  ArchivalObjectEntity,
  FixityRunEntity,
  FixityEventEntity,
  NotificationEntity,
  NotificationOptOutEntity,
  ArchivePackageExportEntity,
  ReportDailyEntity,
  ReportMonthlyEntity,
  IssuedReportEntity,
  SearchEntryEntity,
  SearchTextEntity,
  SavedSearchEntity,
  DigitisedRecordEntity,
  DigitisedFileEntity,
  DocumentReplyEntity,
  DocumentSettingsEntity,
  ReviewStepEntity,
  RegisterBookEntity,
  IncomingRegistrationEntity,
  IncomingHandlerEntity,
  IncomingNoteEntity,
];
