import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One validation report (the JSON itself is in the object store under `reportSha256`). `pdfSha256`
 * identifies the file validated; an uploaded file is not kept (see the batch files' retention).
 */
@Entity({ name: 'validation_reports' })
@Index(['unitId', 'createdAt'])
export class ValidationReportEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'unit_id', type: 'uuid' })
  unitId!: string;

  @Column({ name: 'requested_by', type: 'uuid', nullable: true })
  requestedBy!: string | null;

  @Column({ type: 'text' })
  source!: 'upload' | 'stored' | 'batch';

  @Column({ name: 'batch_id', type: 'uuid', nullable: true })
  batchId!: string | null;

  @Column({ name: 'file_name', type: 'text', nullable: true })
  fileName!: string | null;

  @Column({ name: 'pdf_sha256', type: 'text' })
  pdfSha256!: string;

  /** bigint: returned by pg as a string. */
  @Column({ name: 'pdf_size', type: 'bigint' })
  pdfSize!: string;

  @Column({ name: 'report_sha256', type: 'text' })
  reportSha256!: string;

  @Column({ type: 'text' })
  status!: 'VALIDATED' | 'NO_SIGNATURE' | 'UNREADABLE' | 'ABORTED';

  @Column({ type: 'text', nullable: true })
  indication!: 'TOTAL_PASSED' | 'TOTAL_FAILED' | 'INDETERMINATE' | null;

  @Column({ type: 'integer' })
  signatures!: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
