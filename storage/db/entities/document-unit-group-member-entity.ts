import { Entity, PrimaryColumn } from 'typeorm';

/** Membership of a unit in a recipient group. */
@Entity({ name: 'unit_group_members' })
export class DocumentUnitGroupMemberEntity {
  @PrimaryColumn({ name: 'group_id', type: 'uuid' })
  groupId!: string;

  @PrimaryColumn({ name: 'unit_id', type: 'uuid' })
  unitId!: string;
}
