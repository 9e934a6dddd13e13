import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const UNIT_HISTORY_KINDS = [
  'created',
  'renamed',
  'reparented',
  'merged',
  'absorbed',
  'dissolved',
] as const;
export type UnitHistoryKind = (typeof UNIT_HISTORY_KINDS)[number];

/**
 * One reorganisation event of a unit. For `renamed` and `reparented` the row keeps the previous value
 * together with the period it held (`periodFrom` inclusive, `periodTo` exclusive), so the structure in
 * force on any past date can be rebuilt.
 */
@Entity({ name: 'unit_history' })
@Index(['unitId', 'effectiveOn'])
export class UnitHistoryEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'unit_id', type: 'uuid' })
  unitId!: string;

  @Column({ type: 'text' })
  kind!: UnitHistoryKind;

  @Column({ name: 'effective_on', type: 'date' })
  effectiveOn!: string;

  @Column({ name: 'period_from', type: 'date', nullable: true })
  periodFrom!: string | null;

  @Column({ name: 'period_to', type: 'date', nullable: true })
  periodTo!: string | null;

  @Column({ name: 'old_name', type: 'text', nullable: true })
  oldName!: string | null;

  @Column({ name: 'old_short_name', type: 'text', nullable: true })
  oldShortName!: string | null;

  @Column({ name: 'new_name', type: 'text', nullable: true })
  newName!: string | null;

  @Column({ name: 'old_parent_id', type: 'uuid', nullable: true })
  oldParentId!: string | null;

  @Column({ name: 'new_parent_id', type: 'uuid', nullable: true })
  newParentId!: string | null;

  @Column({ name: 'successor_id', type: 'uuid', nullable: true })
  successorId!: string | null;

  /** Merged: the target; absorbed: the sources. */
  @Column({ name: 'related_unit_ids', type: 'uuid', array: true })
  relatedUnitIds!: string[];

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;

  @Column({ name: 'recorded_by', type: 'uuid', nullable: true })
  recordedBy!: string | null;
}
