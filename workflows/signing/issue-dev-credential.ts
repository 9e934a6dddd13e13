import type { KeySpec } from '../../signing/pki/generate-key-pair';
import type { NameSpec } from '../../signing/pki/issue-certificate';
import { appendAuditEvent } from '../audit/append-audit-event';
import type { DomainContext } from '../context';
import { credentialRepository } from './credential-repository';
import './signing-audit-events';
import type { StoredCredential } from './signing-credential';
import { SigningError } from './signing-error';
import type { SigningServices } from './signing-services';

/**
 * Development mode only: the development CA issues a credential on first use — for a leader, a
 * personal certificate with their full name and title (`title` attribute); for a unit, the organisation
 * seal certificate (O and CN = unit name, organizationIdentifier VN:QCVN102-<code>). The PKCS#12 is
 * protected by the demo PIN (SigningServices.dev.pin). Returns the owner's active development
 * credential if one exists already (two first uses at once yield one credential).
 */
export async function issueDevCredential(
  ctx: DomainContext,
  services: SigningServices,
  owner: { readonly userId: string } | { readonly unitId: string },
  /**
   * Backdates a new certificate's start (the demo history signs at past moments; its end stays two years
   * from now, DevSigningAuthority.issue) and records the credential as in use from then, so that reports
   * of those periods count it. `keySpec`: the key type (default RSA-2048).
   */
  options: { readonly validFrom?: Date; readonly keySpec?: KeySpec } = {},
): Promise<StoredCredential> {
  const dev = services.dev;
  if (!dev) {
    throw new SigningError('DEV_PKI_UNAVAILABLE', {
      vi: 'PKI phát triển chỉ có ở chế độ phát triển',
      en: 'The development PKI exists in development mode only',
    });
  }
  const now = ctx.clock.now();
  const existing = await findDev(ctx, owner);
  if (existing) return existing;

  let subject: NameSpec;
  let unitId: string;
  let userId: string | null = null;
  if ('userId' in owner) {
    const rows: { unit_id: string; full_name: string; title: string | null; unit_name: string }[] =
      await ctx.db.query(
        `SELECT u.unit_id, u.full_name, u.title, n.name AS unit_name FROM users u JOIN units n ON n.id = u.unit_id
         WHERE u.id = $1`,
        [owner.userId],
      );
    const u = rows[0];
    if (!u) throw SigningError.ownerNotFound(owner);
    unitId = u.unit_id;
    userId = owner.userId;
    subject = [
      ['C', 'VN'],
      ['O', u.unit_name],
      ...(u.title ? ([['title', u.title]] as const) : []),
      ['CN', u.full_name],
    ];
  } else {
    const rows: { id: string; name: string; code: string }[] = await ctx.db.query(
      `SELECT id, name, code FROM units WHERE id = $1`,
      [owner.unitId],
    );
    const u = rows[0];
    if (!u) throw SigningError.ownerNotFound(owner);
    unitId = u.id;
    subject = [
      ['C', 'VN'],
      ['O', u.name],
      ['organizationIdentifier', `VN:QCVN102-${u.code}`],
      ['CN', u.name],
    ];
  }
  const issued = dev.issue(subject, now, options.validFrom, options.keySpec);
  const created = await ctx.db.transaction(async (m) => {
    const row = await credentialRepository.insert(m, {
      ownerKind: userId ? 'user' : 'unit',
      userId,
      unitId,
      kind: 'pkcs12',
      label: `${issued.certificate.commonName ?? ''} (phát triển / development)`,
      pkcs12: issued.pkcs12,
      certificate: issued.certificate,
      chain: issued.chain,
      dev: true,
      createdBy: ctx.actor.userId,
      createdAt: options.validFrom && options.validFrom < now ? options.validFrom : now,
    });
    if (!row) return undefined; // someone issued it at the same moment
    await appendAuditEvent(m, ctx, {
      type: 'SIGNING_CREDENTIAL_ADDED',
      unitId,
      payload: {
        credentialId: row.id,
        ownerKind: row.ownerKind,
        userId: row.userId,
        kind: 'pkcs12',
        certificateSha256: row.sha256,
        subject: row.subject,
        dev: true,
      },
    });
    return row;
  });
  return created ?? (await findDev(ctx, owner))!;
}

async function findDev(
  ctx: DomainContext,
  owner: { readonly userId: string } | { readonly unitId: string },
): Promise<StoredCredential | undefined> {
  const rows: { id: string }[] = await ctx.db.query(
    'userId' in owner
      ? `SELECT id FROM signing_credentials WHERE dev AND active AND owner_kind = 'user' AND user_id = $1`
      : `SELECT id FROM signing_credentials WHERE dev AND active AND owner_kind = 'unit' AND unit_id = $1`,
    ['userId' in owner ? owner.userId : owner.unitId],
  );
  return rows[0] ? credentialRepository.findById(ctx.db, rows[0].id) : undefined;
}
