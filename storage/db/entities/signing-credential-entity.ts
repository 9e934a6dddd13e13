import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A signing credential of a user (leader: personal signature) or a unit (organisation seal). PKCS#12
 * files are kept exactly as uploaded (encrypted by their own password, which is never stored); PKCS#11
 * keys are named by a token of the server configuration; external keys stay on the signer's device.
 */
@Entity({ name: 'signing_credentials' })
export class SigningCredentialEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'owner_kind', type: 'text' })
  ownerKind!: 'user' | 'unit';

  @Index()
  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId!: string | null;

  @Column({ name: 'unit_id', type: 'uuid' })
  unitId!: string;

  @Column({ type: 'text' })
  kind!: 'pkcs12' | 'pkcs11' | 'external';

  @Column({ type: 'text' })
  label!: string;

  @Column({ type: 'bytea', nullable: true })
  pkcs12!: Buffer | null;

  @Column({ name: 'pkcs11_token', type: 'text', nullable: true })
  pkcs11Token!: string | null;

  @Column({ name: 'certificate_pem', type: 'text' })
  certificatePem!: string;

  @Column({ name: 'chain_pem', type: 'text', default: '' })
  chainPem!: string;

  @Column({ type: 'text' })
  subject!: string;

  @Column({ type: 'text' })
  issuer!: string;

  @Column({ name: 'serial_hex', type: 'text' })
  serialHex!: string;

  @Column({ name: 'not_before', type: 'timestamptz' })
  notBefore!: Date;

  @Column({ name: 'not_after', type: 'timestamptz' })
  notAfter!: Date;

  @Column({ type: 'text' })
  sha256!: string;

  @Column({ name: 'stamp_image', type: 'bytea', nullable: true })
  stampImage!: Buffer | null;

  @Column({ name: 'stamp_image_type', type: 'text', nullable: true })
  stampImageType!: 'image/png' | 'image/jpeg' | null;

  @Column({ type: 'boolean', default: false })
  dev!: boolean;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @Column({ name: 'failed_pin_count', type: 'integer', default: 0 })
  failedPinCount!: number;

  @Column({ name: 'pin_locked_until', type: 'timestamptz', nullable: true })
  pinLockedUntil!: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @Column({ name: 'deactivated_at', type: 'timestamptz', nullable: true })
  deactivatedAt!: Date | null;

  @Column({ name: 'deactivated_by', type: 'uuid', nullable: true })
  deactivatedBy!: string | null;
}
