import { Column, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** A named list of recipient units (e.g. "Tất cả UBND xã") owned by one unit; members in unit_group_members. */
@Entity({ name: 'unit_groups' })
@Unique('unit_groups_owner_name_key', ['ownerUnitId', 'name'])
export class DocumentUnitGroupEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'owner_unit_id', type: 'uuid' })
  ownerUnitId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
