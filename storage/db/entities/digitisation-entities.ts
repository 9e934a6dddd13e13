import { Column, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** A digitised paper record of a unit (migration 1765550000000, docs/digitisation.md). */
@Entity({ name: 'digitised_records' })
export class DigitisedRecordEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'unit_id', type: 'uuid' })
  unitId!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text' })
  origin!: 'paper_original' | 'old_archive';

  @Column({ name: 'document_number', type: 'text', nullable: true })
  documentNumber!: string | null;

  @Column({ name: 'document_date', type: 'date', nullable: true })
  documentDate!: string | null;

  @Column({ type: 'text', nullable: true })
  issuer!: string | null;

  @Column({ type: 'text' })
  status!: 'draft' | 'queued' | 'processing' | 'done' | 'failed';

  @Column({ name: 'pages_total', type: 'integer' })
  pagesTotal!: number;

  @Column({ name: 'pages_done', type: 'integer' })
  pagesDone!: number;

  @Column({ type: 'text', nullable: true })
  text!: string | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'queued_at', type: 'timestamptz', nullable: true })
  queuedAt!: Date | null;

  @Column({ name: 'digitised_at', type: 'timestamptz', nullable: true })
  digitisedAt!: Date | null;
}

/** One uploaded scan of a digitised record: the untouched original and its searchable derivative. */
@Entity({ name: 'digitised_files' })
@Unique('digitised_files_seq_key', ['recordId', 'seq'])
export class DigitisedFileEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'record_id', type: 'uuid' })
  recordId!: string;

  @Column({ type: 'integer' })
  seq!: number;

  @Column({ name: 'file_name', type: 'text', nullable: true })
  fileName!: string | null;

  @Column({ name: 'media_type', type: 'text' })
  mediaType!: string;

  @Column({ name: 'original_sha256', type: 'text' })
  originalSha256!: string;

  /** bigint: returned by pg as a string. */
  @Column({ name: 'original_size', type: 'bigint' })
  originalSize!: string;

  @Column({ type: 'integer' })
  pages!: number;

  @Column({ type: 'integer', nullable: true })
  dpi!: number | null;

  @Column({ type: 'boolean' })
  signed!: boolean;

  @Column({ name: 'derivative_sha256', type: 'text', nullable: true })
  derivativeSha256!: string | null;

  @Column({ name: 'derivative_size', type: 'bigint', nullable: true })
  derivativeSize!: string | null;

  @Column({ name: 'text_method', type: 'text', nullable: true })
  textMethod!: 'ocr' | 'text-layer' | null;

  @Column({ name: 'added_at', type: 'timestamptz' })
  addedAt!: Date;
}
