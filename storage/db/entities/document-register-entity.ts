import { Column, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * A register (sổ đăng ký) of one unit for one year: outgoing or incoming, optionally per document type,
 * normal or classified series. `nextNumber` is what the next allocation returns (gapless, from 1).
 */
@Entity({ name: 'registers' })
@Unique('registers_scope_key', ['unitId', 'direction', 'year', 'documentType', 'series'])
export class DocumentRegisterEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'unit_id', type: 'uuid' })
  unitId!: string;

  @Column({ type: 'text' })
  direction!: 'outgoing' | 'incoming';

  @Column({ type: 'integer' })
  year!: number;

  /** '' = every type shares the register. */
  @Column({ name: 'document_type', type: 'text', default: '' })
  documentType!: string;

  @Column({ type: 'text' })
  series!: 'normal' | 'classified';

  @Column({ name: 'next_number', type: 'integer', default: 1 })
  nextNumber!: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
