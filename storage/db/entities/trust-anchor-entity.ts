import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A CA certificate an admin added to the validation trust list (the shipped roots are files, not rows). */
@Entity({ name: 'trust_anchors' })
export class TrustAnchorEntity {
  /** SHA-256 of the DER. */
  @PrimaryColumn({ type: 'text' })
  sha256!: string;

  @Column({ type: 'text' })
  subject!: string;

  @Column({ type: 'bytea' })
  der!: Buffer;

  @Column({ type: 'text', nullable: true })
  label!: string | null;

  @Column({ name: 'not_before', type: 'timestamptz' })
  notBefore!: Date;

  @Column({ name: 'not_after', type: 'timestamptz' })
  notAfter!: Date;

  @Column({ name: 'added_by', type: 'uuid', nullable: true })
  addedBy!: string | null;

  @Column({ name: 'added_at', type: 'timestamptz' })
  addedAt!: Date;
}
