import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A host whose CRL and OCSP services validations may contact (online revocation checking). */
@Entity({ name: 'revocation_hosts' })
export class RevocationHostEntity {
  @PrimaryColumn({ type: 'text' })
  host!: string;

  @Column({ name: 'added_by', type: 'uuid', nullable: true })
  addedBy!: string | null;

  @Column({ name: 'added_at', type: 'timestamptz' })
  addedAt!: Date;
}
