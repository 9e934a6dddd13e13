import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A certificate revoked by the development CA (served in its CRL and by its OCSP responder). */
@Entity({ name: 'dev_pki_revocations' })
export class DevPkiRevocationEntity {
  /** SHA-256 fingerprint of the issuing CA certificate, so that a recreated dev PKI starts clean. */
  @PrimaryColumn({ name: 'issuer_sha256', type: 'text' })
  issuerSha256!: string;

  @PrimaryColumn({ name: 'serial_hex', type: 'text' })
  serialHex!: string;

  @Column({ name: 'revoked_at', type: 'timestamptz' })
  revokedAt!: Date;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'recorded_by', type: 'uuid', nullable: true })
  recordedBy!: string | null;
}
