import type { Certificate } from '../../signing/pki/certificate';
import type { Queryable } from '../directory/unit-repository';
import type {
  CredentialKind,
  CredentialOwnerKind,
  SigningCredential,
  StoredCredential,
} from './signing-credential';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface CredentialRow {
  id: string;
  owner_kind: CredentialOwnerKind;
  user_id: string | null;
  unit_id: string;
  kind: CredentialKind;
  label: string;
  pkcs12: Buffer | null;
  pkcs11_token: string | null;
  certificate_pem: string;
  chain_pem: string;
  subject: string;
  issuer: string;
  serial_hex: string;
  not_before: Date;
  not_after: Date;
  sha256: string;
  stamp_image: Buffer | null;
  dev: boolean;
  active: boolean;
  failed_pin_count: number;
  pin_locked_until: Date | null;
  created_at: Date;
  deactivated_at: Date | null;
}

const COLUMNS = `id, owner_kind, user_id, unit_id, kind, label, pkcs12, pkcs11_token, certificate_pem, chain_pem,
  subject, issuer, serial_hex, not_before, not_after, sha256, stamp_image, dev, active, failed_pin_count,
  pin_locked_until, created_at, deactivated_at`;

function toStored(r: CredentialRow): StoredCredential {
  return {
    id: r.id,
    ownerKind: r.owner_kind,
    userId: r.user_id,
    unitId: r.unit_id,
    kind: r.kind,
    label: r.label,
    pkcs11Token: r.pkcs11_token,
    subject: r.subject,
    issuer: r.issuer,
    serialHex: r.serial_hex,
    notBefore: r.not_before,
    notAfter: r.not_after,
    sha256: r.sha256,
    certificatePem: r.certificate_pem,
    chainPem: r.chain_pem,
    hasStampImage: r.stamp_image !== null,
    dev: r.dev,
    active: r.active,
    pinLockedUntil: r.pin_locked_until,
    createdAt: r.created_at,
    deactivatedAt: r.deactivated_at,
    pkcs12: r.pkcs12,
    stampImage: r.stamp_image,
    failedPinCount: r.failed_pin_count,
  };
}

/** The public view: drops the PKCS#12 bytes, the image bytes and the PIN counter. */
export function publicCredential(c: StoredCredential): SigningCredential {
  const { pkcs12: _p, stampImage: _s, failedPinCount: _f, ...rest } = c;
  void _p;
  void _s;
  void _f;
  return rest;
}

export interface NewCredential {
  readonly ownerKind: CredentialOwnerKind;
  readonly userId: string | null;
  readonly unitId: string;
  readonly kind: CredentialKind;
  readonly label: string;
  readonly pkcs12?: Buffer;
  readonly pkcs11Token?: string;
  readonly certificate: Certificate;
  readonly chain: readonly Certificate[];
  readonly dev?: boolean;
  readonly createdBy: string | null;
  readonly createdAt: Date;
}

/** SQL for signing credentials; returns plain objects. */
export const credentialRepository = {
  async findById(
    q: Queryable,
    id: string,
    opts: { forUpdate?: boolean } = {},
  ): Promise<StoredCredential | undefined> {
    if (!UUID.test(id)) return undefined;
    const rows: CredentialRow[] = await q.query(
      `SELECT ${COLUMNS} FROM signing_credentials WHERE id = $1${opts.forUpdate ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] ? toStored(rows[0]) : undefined;
  },

  /**
   * Inserts a credential. `onDevConflict`: for development credentials, return undefined instead of
   * failing when the owner already has an active one (two first uses at once).
   */
  async insert(q: Queryable, c: NewCredential): Promise<StoredCredential | undefined> {
    const cert = c.certificate;
    const rows: CredentialRow[] = await q.query(
      `INSERT INTO signing_credentials
         (owner_kind, user_id, unit_id, kind, label, pkcs12, pkcs11_token, certificate_pem, chain_pem, subject,
          issuer, serial_hex, not_before, not_after, sha256, dev, created_at, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
       ${c.dev ? 'ON CONFLICT (owner_kind, (COALESCE(user_id, unit_id))) WHERE dev AND active DO NOTHING' : ''}
       RETURNING ${COLUMNS}`,
      [
        c.ownerKind,
        c.userId,
        c.unitId,
        c.kind,
        c.label,
        c.pkcs12 ?? null,
        c.pkcs11Token ?? null,
        cert.toPem(),
        c.chain.map((x) => x.toPem()).join(''),
        cert.subject,
        cert.issuer,
        cert.serialHex.toLowerCase(),
        cert.notBefore,
        cert.notAfter,
        cert.fingerprint('sha256').toString('hex'),
        c.dev ?? false,
        c.createdAt,
        c.createdBy,
      ],
    );
    return rows[0] ? toStored(rows[0]) : undefined;
  },

  /** Credentials of units (all given) and users, newest first. */
  async list(
    q: Queryable,
    filter: {
      unitIds?: readonly string[];
      userId?: string;
      ownerKind?: CredentialOwnerKind;
      activeOnly?: boolean;
      limit: number;
      cursor?: { createdAt: Date; id: string };
    },
  ): Promise<StoredCredential[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    if (filter.unitIds) where.push(`unit_id = ANY(${p(filter.unitIds)}::uuid[])`);
    if (filter.userId) where.push(`user_id = ${p(filter.userId)}`);
    if (filter.ownerKind) where.push(`owner_kind = ${p(filter.ownerKind)}`);
    if (filter.activeOnly) where.push('active');
    if (filter.cursor)
      where.push(`(created_at, id) < (${p(filter.cursor.createdAt)}, ${p(filter.cursor.id)}::uuid)`);
    const rows: CredentialRow[] = await q.query(
      `SELECT ${COLUMNS} FROM signing_credentials ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY created_at DESC, id DESC LIMIT ${p(filter.limit)}`,
      params,
    );
    return rows.map(toStored);
  },

  async deactivate(q: Queryable, id: string, by: string, at: Date): Promise<StoredCredential> {
    const rows: [CredentialRow[], number] = await q.query(
      `UPDATE signing_credentials SET active = false, deactivated_at = $2, deactivated_by = $3
       WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, at, by],
    );
    return toStored(rows[0][0]!);
  },

  async setStampImage(
    q: Queryable,
    id: string,
    image: { bytes: Buffer; type: 'image/png' | 'image/jpeg' } | null,
  ): Promise<StoredCredential> {
    const rows: [CredentialRow[], number] = await q.query(
      `UPDATE signing_credentials SET stamp_image = $2, stamp_image_type = $3 WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, image?.bytes ?? null, image?.type ?? null],
    );
    return toStored(rows[0][0]!);
  },

  /**
   * Counts a wrong PIN; the `maxAttempts`-th in a row locks the credential until `lockUntil` and starts
   * the count again. Returns the lock time when this attempt locked it, and the wrong PINs now counted
   * (0 after a lock).
   */
  async recordWrongPin(
    q: Queryable,
    id: string,
    lockUntil: Date,
    maxAttempts: number,
  ): Promise<{ lockedUntil: Date | null; failedCount: number }> {
    const rows: [{ pin_locked_until: Date | null; locked: boolean; failed_pin_count: number }[], number] =
      await q.query(
        `UPDATE signing_credentials
            SET failed_pin_count = CASE WHEN failed_pin_count + 1 >= $3 THEN 0 ELSE failed_pin_count + 1 END,
                pin_locked_until = CASE WHEN failed_pin_count + 1 >= $3 THEN $2 ELSE pin_locked_until END
          WHERE id = $1
          RETURNING pin_locked_until, (pin_locked_until = $2) AS locked, failed_pin_count`,
        [id, lockUntil, maxAttempts],
      );
    const row = rows[0][0];
    return {
      lockedUntil: row?.locked ? row.pin_locked_until : null,
      failedCount: row?.failed_pin_count ?? 0,
    };
  },

  async resetWrongPins(q: Queryable, id: string): Promise<void> {
    await q.query(
      `UPDATE signing_credentials SET failed_pin_count = 0, pin_locked_until = NULL
       WHERE id = $1 AND (failed_pin_count <> 0 OR pin_locked_until IS NOT NULL)`,
      [id],
    );
  },
};
