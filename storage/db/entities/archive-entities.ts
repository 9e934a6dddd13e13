import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

// The archive's tables (issue 11 items 1, 2, 3, 7; migration 1765400000000-archive-files). The domain
// reads and writes them with SQL in workflows/archive; these classes keep the schema test honest.

/** One entry of the retention table (Circular 10/2022/TT-BNV); `years` null = Vĩnh viễn. */
@Entity({ name: 'retention_periods' })
export class RetentionPeriodEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'text' }) code!: string;
  @Column({ type: 'text' }) title!: string;
  @Column({ type: 'integer', nullable: true }) years!: number | null;
  @Column({ name: 'legal_reference', type: 'text' }) legalReference!: string;
  @Column({ name: 'needs_review', type: 'boolean' }) needsReview!: boolean;
  @Column({ type: 'boolean' }) active!: boolean;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

/** A case file (hồ sơ) of a unit's yearly file list (danh mục hồ sơ). */
@Entity({ name: 'case_files' })
export class CaseFileEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'unit_id', type: 'uuid' }) unitId!: string;
  @Column({ type: 'integer' }) year!: number;
  @Column({ name: 'file_code', type: 'text' }) fileCode!: string;
  @Column({ type: 'text' }) title!: string;
  @Column({ name: 'retention_id', type: 'uuid' }) retentionId!: string;
  @Column({ name: 'person_in_charge_id', type: 'uuid' }) personInChargeId!: string;
  @Column({ type: 'text' }) rights!: string;
  @Column({ type: 'text' }) language!: string;
  @Column({ type: 'text', nullable: true }) description!: string | null;
  @Column({ type: 'text', nullable: true }) keywords!: string | null;
  @Column({ type: 'text', nullable: true }) fonds!: string | null;
  @Column({ type: 'text', nullable: true }) catalogue!: string | null;
  @Column({ type: 'text' }) reliability!: string;
  @Column({ name: 'physical_condition', type: 'text', nullable: true }) physicalCondition!: string | null;
  @Column({ type: 'text' }) status!: string;
  @Column({ name: 'start_date', type: 'date', nullable: true }) startDate!: string | null;
  @Column({ name: 'end_date', type: 'date', nullable: true }) endDate!: string | null;
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true }) closedAt!: Date | null;
  @Column({ name: 'created_by', type: 'uuid' }) createdBy!: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

/** A document (outgoing or incoming) filed in a case file, with its ordinal (DocOrdinal). */
@Entity({ name: 'case_file_documents' })
export class CaseFileDocumentEntity {
  @PrimaryColumn({ name: 'file_id', type: 'uuid' }) fileId!: string;
  @PrimaryColumn({ name: 'source_kind', type: 'text' }) sourceKind!: string;
  @PrimaryColumn({ name: 'source_id', type: 'uuid' }) sourceId!: string;
  @Column({ name: 'doc_ordinal', type: 'integer' }) docOrdinal!: number;
  @Column({ name: 'page_amount', type: 'integer', nullable: true }) pageAmount!: number | null;
  @Column({ type: 'text', nullable: true }) description!: string | null;
  @Column({ name: 'added_by', type: 'uuid' }) addedBy!: string;
  @Column({ name: 'added_at', type: 'timestamptz' }) addedAt!: Date;
}

/** A transfer to the agency archive (nộp lưu): its transfer list and handover record. */
@Entity({ name: 'archive_transfers' })
export class ArchiveTransferEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'unit_id', type: 'uuid' }) unitId!: string;
  @Column({ type: 'text' }) status!: string;
  @Column({ type: 'text', nullable: true }) note!: string | null;
  @Column({ name: 'submitted_by', type: 'uuid' }) submittedBy!: string;
  @Column({ name: 'submitted_at', type: 'timestamptz' }) submittedAt!: Date;
  @Column({ name: 'decided_by', type: 'uuid', nullable: true }) decidedBy!: string | null;
  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true }) decidedAt!: Date | null;
  @Column({ name: 'return_reason', type: 'text', nullable: true }) returnReason!: string | null;
  @Column({ name: 'handover_sha256', type: 'text', nullable: true }) handoverSha256!: string | null;
  @Column({ name: 'handover_size', type: 'bigint', nullable: true }) handoverSize!: string | null;
}

/** The files of a transfer, in the order of its transfer list. */
@Entity({ name: 'archive_transfer_files' })
export class ArchiveTransferFileEntity {
  @PrimaryColumn({ name: 'transfer_id', type: 'uuid' }) transferId!: string;
  @PrimaryColumn({ name: 'file_id', type: 'uuid' }) fileId!: string;
  @Column({ type: 'integer' }) ordinal!: number;
}

/** A document accepted into the agency archive; its objects are ARCH-B's archival_objects. */
@Entity({ name: 'archival_records' })
export class ArchivalRecordEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'file_id', type: 'uuid' }) fileId!: string;
  @Column({ name: 'transfer_id', type: 'uuid' }) transferId!: string;
  @Column({ name: 'source_kind', type: 'text' }) sourceKind!: string;
  @Column({ name: 'source_id', type: 'uuid' }) sourceId!: string;
  @Column({ name: 'unit_id', type: 'uuid' }) unitId!: string;
  @Column({ name: 'doc_ordinal', type: 'integer' }) docOrdinal!: number;
  @Column({ name: 'retain_until', type: 'date', nullable: true }) retainUntil!: string | null;
  @Column({ type: 'jsonb' }) metadata!: Record<string, unknown>;
  @Column({ name: 'accepted_by', type: 'uuid' }) acceptedBy!: string;
  @Column({ name: 'accepted_at', type: 'timestamptz' }) acceptedAt!: Date;
  @Column({ name: 'legal_hold', type: 'boolean' }) legalHold!: boolean;
  @Column({ name: 'disposed_at', type: 'timestamptz', nullable: true }) disposedAt!: Date | null;
}

/** A disposal list (danh mục tài liệu hết giá trị) and its approvals. */
@Entity({ name: 'disposal_proposals' })
export class DisposalProposalEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'unit_id', type: 'uuid' }) unitId!: string;
  @Column({ type: 'text' }) status!: string;
  @Column({ type: 'text' }) reason!: string;
  @Column({ name: 'proposed_by', type: 'uuid' }) proposedBy!: string;
  @Column({ name: 'proposed_at', type: 'timestamptz' }) proposedAt!: Date;
  @Column({ name: 'leader_approved_by', type: 'uuid', nullable: true }) leaderApprovedBy!: string | null;
  @Column({ name: 'leader_approved_at', type: 'timestamptz', nullable: true }) leaderApprovedAt!: Date | null;
  @Column({ name: 'archive_approved_by', type: 'uuid', nullable: true }) archiveApprovedBy!: string | null;
  @Column({ name: 'archive_approved_at', type: 'timestamptz', nullable: true })
  archiveApprovedAt!: Date | null;
  @Column({ name: 'rejected_by', type: 'uuid', nullable: true }) rejectedBy!: string | null;
  @Column({ name: 'rejected_at', type: 'timestamptz', nullable: true }) rejectedAt!: Date | null;
  @Column({ name: 'rejection_reason', type: 'text', nullable: true }) rejectionReason!: string | null;
  @Column({ name: 'executed_by', type: 'uuid', nullable: true }) executedBy!: string | null;
  @Column({ name: 'executed_at', type: 'timestamptz', nullable: true }) executedAt!: Date | null;
}

/** The records of a disposal proposal. */
@Entity({ name: 'disposal_items' })
export class DisposalItemEntity {
  @PrimaryColumn({ name: 'proposal_id', type: 'uuid' }) proposalId!: string;
  @PrimaryColumn({ name: 'record_id', type: 'uuid' }) recordId!: string;
}

/** What remains of a disposed record: metadata, object hashes, decision and approvers. */
@Entity({ name: 'disposal_tombstones' })
export class DisposalTombstoneEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'record_id', type: 'uuid' }) recordId!: string;
  @Column({ name: 'proposal_id', type: 'uuid' }) proposalId!: string;
  @Column({ name: 'unit_id', type: 'uuid' }) unitId!: string;
  @Column({ type: 'jsonb' }) metadata!: Record<string, unknown>;
  @Column({ type: 'jsonb' }) objects!: unknown[];
  @Column({ type: 'jsonb' }) decision!: Record<string, unknown>;
  @Column({ name: 'disposed_at', type: 'timestamptz' }) disposedAt!: Date;
}

export const ARCHIVE_ENTITIES = [
  RetentionPeriodEntity,
  CaseFileEntity,
  CaseFileDocumentEntity,
  ArchiveTransferEntity,
  ArchiveTransferFileEntity,
  ArchivalRecordEntity,
  DisposalProposalEntity,
  DisposalItemEntity,
  DisposalTombstoneEntity,
];
