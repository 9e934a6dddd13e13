import { Column, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** One file of a validation batch: an upload (bytes in the object store) or a stored document. */
@Entity({ name: 'validation_batch_files' })
@Unique('validation_batch_files_seq_key', ['batchId', 'seq'])
export class ValidationBatchFileEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'batch_id', type: 'uuid' })
  batchId!: string;

  @Column({ type: 'integer' })
  seq!: number;

  @Column({ type: 'text' })
  source!: 'upload' | 'stored';

  @Column({ name: 'file_name', type: 'text', nullable: true })
  fileName!: string | null;

  @Column({ name: 'pdf_sha256', type: 'text' })
  pdfSha256!: string;

  /** bigint: returned by pg as a string. */
  @Column({ name: 'pdf_size', type: 'bigint' })
  pdfSize!: string;

  @Column({ name: 'report_id', type: 'uuid', nullable: true })
  reportId!: string | null;

  @Column({ name: 'added_at', type: 'timestamptz' })
  addedAt!: Date;

  @Column({ name: 'done_at', type: 'timestamptz', nullable: true })
  doneAt!: Date | null;
}
