import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Per-unit signing settings: the place name (địa danh) of the date line, when not derived from the unit. */
@Entity({ name: 'unit_signing_settings' })
export class UnitSigningSettingsEntity {
  @PrimaryColumn({ name: 'unit_id', type: 'uuid' })
  unitId!: string;

  @Column({ name: 'place_name', type: 'text', nullable: true })
  placeName!: string | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'updated_by', type: 'uuid', nullable: true })
  updatedBy!: string | null;
}
