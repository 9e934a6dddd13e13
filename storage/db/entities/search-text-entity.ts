import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The text layer of a stored PDF (pdftotext), by content hash; the body the search index uses. */
@Entity({ name: 'search_texts' })
export class SearchTextEntity {
  @PrimaryColumn({ name: 'pdf_sha256', type: 'text' })
  pdfSha256!: string;

  @Column({ type: 'text' })
  status!: 'done' | 'empty' | 'too_large' | 'failed';

  @Column({ type: 'text', default: '' })
  text!: string;

  @Column({ type: 'integer', nullable: true })
  pages!: number | null;

  @Column({ name: 'extracted_at', type: 'timestamptz' })
  extractedAt!: Date;
}
