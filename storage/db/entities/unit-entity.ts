import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A unit (cơ quan, tổ chức) of the province: UBND tỉnh, a department, a district or commune committee. */
@Entity({ name: 'units' })
export class UnitEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** QCVN 102:2016 identifier code `NNN.NN.NN.XNN`, unique over all units past and present. */
  @Column({ type: 'text', unique: true })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'short_name', type: 'text', nullable: true })
  shortName!: string | null;

  @Column({ type: 'text' })
  level!: 'province' | 'district' | 'commune';

  @Index()
  @Column({ name: 'parent_id', type: 'uuid', nullable: true })
  parentId!: string | null;

  /** First day the unit exists (calendar date in Vietnam, `YYYY-MM-DD`). */
  @Column({ name: 'valid_from', type: 'date' })
  validFrom!: string;

  /** First day the unit no longer exists (exclusive end); null while it exists. */
  @Column({ name: 'valid_to', type: 'date', nullable: true })
  validTo!: string | null;

  @Column({ name: 'successor_id', type: 'uuid', nullable: true })
  successorId!: string | null;

  /** Name, short name and code without diacritics, lower case: what search matches against. */
  @Column({ name: 'search_text', type: 'text' })
  searchText!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
