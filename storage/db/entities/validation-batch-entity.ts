import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A batch of files an auditor validates together (each file runs as a job). */
@Entity({ name: 'validation_batches' })
@Index(['unitId', 'createdAt'])
export class ValidationBatchEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'unit_id', type: 'uuid' })
  unitId!: string;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'boolean', default: false })
  online!: boolean;

  /** Validation time of every file; null: when each file is validated. */
  @Column({ name: 'validation_time', type: 'timestamptz', nullable: true })
  validationTime!: Date | null;

  /** CRLs (DER) the auditor gave with the batch, used for every file (migration 1765300000000). */
  @Column({ name: 'revocation_crls', type: 'bytea', array: true, default: () => "'{}'" })
  revocationCrls!: Buffer[];

  /** OCSP responses (DER) the auditor gave with the batch, used for every file. */
  @Column({ name: 'revocation_ocsps', type: 'bytea', array: true, default: () => "'{}'" })
  revocationOcsps!: Buffer[];

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
