import { randomBytes } from 'node:crypto';
import { verifyWithKey } from '../../signing/cms/algorithms';
import { isCodedError } from '../../signing/errors';
import { Certificate } from '../../signing/pki/certificate';
import { SignError } from '../../signing/sign/sign-error';
import { Pkcs11Signer } from '../../signing/sign/signers/pkcs11-signer';
import { assertValidAt, Pkcs12Signer } from '../../signing/sign/signers/pkcs12-signer';
import { PkiError } from '../../signing/pki/pki-error';
import { appendAuditEvent } from '../audit/append-audit-event';
import { authorize } from '../accounts/authorize';
import type { DomainContext } from '../context';
import type { Queryable } from '../directory/unit-repository';
import { credentialRepository, publicCredential } from './credential-repository';
import './signing-audit-events';
import type { SigningCredential } from './signing-credential';
import { SigningError } from './signing-error';
import type { SigningServices } from './signing-services';

/** Whose credential it is: a person (personal signature) or a unit (organisation seal). */
export type CredentialOwner = { readonly userId: string } | { readonly unitId: string };

export type AddSigningCredentialInput = { readonly owner: CredentialOwner; readonly label?: string } & (
  | {
      readonly kind: 'pkcs12';
      /** The file exactly as uploaded; kept so, encrypted by its own password. */
      readonly pkcs12: Buffer;
      /** Its password, to check the key and read the certificate now; never stored. */
      readonly password: string;
    }
  | {
      readonly kind: 'pkcs11';
      /** Name of a token in the server configuration (module path, token label, key label). */
      readonly token: string;
      /** The token PIN, to check that the key signs for the certificate; never stored. */
      readonly pin: string;
      /** The certificate (and chain) when the token does not hold it. */
      readonly certificatePem?: string;
      readonly chainPem?: string;
    }
  | {
      readonly kind: 'external';
      /** The signer's certificate, optionally followed by its issuing CAs. */
      readonly certificatePem: string;
      readonly chainPem?: string;
    }
);

export const MAX_PKCS12_BYTES = 64 * 1024;

/**
 * An admin of the owner's unit (or a unit above) registers a signing credential. Refused: an
 * unreadable file or certificate, a wrong password, a key that does not match the certificate
 * (KEY_CERT_MISMATCH), a certificate expired or not yet valid now (CERT_EXPIRED / CERT_NOT_YET_VALID) or
 * revoked according to the revocation source (CERT_REVOKED: the development CRL in development mode), a
 * certificate without a signing key usage, and a certificate already registered and active.
 */
export async function addSigningCredential(
  ctx: DomainContext,
  services: SigningServices,
  input: AddSigningCredentialInput,
): Promise<SigningCredential> {
  const now = ctx.clock.now();
  const owner = await resolveOwner(ctx.db, input.owner);
  await authorize(ctx.db, ctx.actor, 'accounts.manage', {
    unitId: owner.unitId,
    notFound: () => SigningError.ownerNotFound(input.owner),
  });
  const { certificate, chain } = await readMaterial(services, input, now);
  await services.refreshRevocations?.();
  await assertUsableCertificate(services, certificate, chain, now);
  const label = (input.label ?? '').trim() || certificate.commonName || certificate.subject;
  return ctx.db.transaction(async (m) => {
    let stored;
    try {
      stored = await credentialRepository.insert(m, {
        ownerKind: 'userId' in input.owner ? 'user' : 'unit',
        userId: owner.userId,
        unitId: owner.unitId,
        kind: input.kind,
        label: label.slice(0, 300),
        pkcs12: input.kind === 'pkcs12' ? input.pkcs12 : undefined,
        pkcs11Token: input.kind === 'pkcs11' ? input.token : undefined,
        certificate,
        chain,
        createdBy: ctx.actor.userId,
        createdAt: now,
      });
    } catch (e) {
      throw duplicate(e, certificate);
    }
    await appendAuditEvent(m, ctx, {
      type: 'SIGNING_CREDENTIAL_ADDED',
      unitId: owner.unitId,
      payload: {
        credentialId: stored!.id,
        ownerKind: stored!.ownerKind,
        userId: stored!.userId,
        kind: stored!.kind,
        certificateSha256: stored!.sha256,
        subject: stored!.subject,
        dev: false,
      },
    });
    return publicCredential(stored!);
  });
}

/** The unit the credential belongs to (a person's credential belongs to their unit). */
export async function resolveOwner(
  q: Queryable,
  owner: CredentialOwner,
): Promise<{ userId: string | null; unitId: string; fullName?: string; title?: string | null }> {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  if ('userId' in owner) {
    const rows: { id: string; unit_id: string; full_name: string; title: string | null }[] = uuid.test(
      owner.userId,
    )
      ? await q.query(`SELECT id, unit_id, full_name, title FROM users WHERE id = $1 AND active`, [
          owner.userId,
        ])
      : [];
    if (!rows[0]) throw SigningError.ownerNotFound(owner);
    return { userId: rows[0].id, unitId: rows[0].unit_id, fullName: rows[0].full_name, title: rows[0].title };
  }
  const rows: { id: string }[] = uuid.test(owner.unitId)
    ? await q.query(`SELECT id FROM units WHERE id = $1`, [owner.unitId])
    : [];
  if (!rows[0]) throw SigningError.ownerNotFound(owner);
  return { userId: null, unitId: rows[0].id };
}

async function readMaterial(
  services: SigningServices,
  input: AddSigningCredentialInput,
  now: Date,
): Promise<{ certificate: Certificate; chain: Certificate[] }> {
  if (input.kind === 'pkcs12') {
    if (input.pkcs12.length === 0 || input.pkcs12.length > MAX_PKCS12_BYTES) {
      throw SigningError.credentialInvalid(
        `Tệp PKCS#12 phải từ 1 đến ${MAX_PKCS12_BYTES} byte`,
        `A PKCS#12 file must be 1 to ${MAX_PKCS12_BYTES} bytes`,
        { size: input.pkcs12.length },
      );
    }
    // Reads the key and certificate, refuses a key that does not match (KEY_CERT_MISMATCH) and a
    // certificate outside its validity now.
    const signer = Pkcs12Signer.fromBuffer(input.pkcs12, input.password, { clock: () => now });
    return { certificate: signer.certificate, chain: [...signer.chain] };
  }
  if (input.kind === 'external') {
    const [certificate, ...rest] = parsePem(input.certificatePem, 'certificatePem');
    const chain = [...rest, ...(input.chainPem ? parsePem(input.chainPem, 'chainPem') : [])];
    return { certificate: certificate!, chain: dedupe(chain, certificate!) };
  }
  const token = services.pkcs11Tokens[input.token];
  if (!token) {
    throw new SigningError(
      'SIGNING_TOKEN_NOT_FOUND',
      {
        vi: `Thiết bị ký "${input.token}" không có trong cấu hình máy chủ`,
        en: `The PKCS#11 token "${input.token}" is not in the server configuration`,
      },
      { details: { token: input.token, configured: Object.keys(services.pkcs11Tokens) } },
    );
  }
  const given = input.certificatePem ? parsePem(input.certificatePem, 'certificatePem') : [];
  const signer = Pkcs11Signer.open({
    ...token,
    pin: input.pin,
    certificate: given[0],
    chain: [...given.slice(1), ...(input.chainPem ? parsePem(input.chainPem, 'chainPem') : [])],
    clock: () => now,
  });
  try {
    // The token's key must sign for this certificate (KEY_CERT_MISMATCH otherwise).
    const probe = randomBytes(32);
    const algorithm = signer.signatureAlgorithm('sha256');
    const value = await signer.sign(probe, algorithm);
    if (!verifyWithKey(algorithm, probe, value, signer.certificate.publicKey)) {
      throw new PkiError('KEY_CERT_MISMATCH', {
        vi: 'Khóa trên thiết bị không khớp với chứng thư số',
        en: 'The key on the token does not belong to the certificate',
      });
    }
    return { certificate: signer.certificate, chain: dedupe([...signer.chain], signer.certificate) };
  } finally {
    await signer.close();
  }
}

/** Validity now, a signing key usage, and no revocation known to the revocation source. */
export async function assertUsableCertificate(
  services: SigningServices,
  certificate: Certificate,
  chain: readonly Certificate[],
  now: Date,
): Promise<void> {
  assertValidAt(certificate, now);
  const usage = certificate.keyUsage;
  if (usage && !usage.includes('digitalSignature') && !usage.includes('nonRepudiation')) {
    throw SigningError.credentialInvalid(
      'Chứng thư số không dùng để ký (thiếu digitalSignature / nonRepudiation)',
      'The certificate is not for signing (no digitalSignature / nonRepudiation key usage)',
      { keyUsage: usage },
    );
  }
  const issuer = chain.find((c) => certificate.isIssuedBy(c));
  const revoked =
    issuer && services.revocationData?.revocationOf
      ? await services.revocationData.revocationOf(certificate, issuer, now)
      : null;
  if (revoked) {
    throw new SignError(
      'CERT_REVOKED',
      {
        vi: `Chứng thư số đã bị thu hồi từ ${revoked.revokedAt.toISOString()}`,
        en: `The certificate was revoked on ${revoked.revokedAt.toISOString()}`,
      },
      { details: { reason: revoked.reason, subject: certificate.subject } },
    );
  }
}

function parsePem(pem: string, field: string): Certificate[] {
  let all: Certificate[];
  try {
    all = Certificate.parseAll(pem);
  } catch (e) {
    if (isCodedError(e)) throw SigningError.credentialInvalid(e.messageVi, e.message, { field });
    throw e;
  }
  if (all.length === 0) {
    throw SigningError.credentialInvalid('Không có chứng thư số (PEM)', 'No PEM certificate found', {
      field,
    });
  }
  return all;
}

function dedupe(chain: Certificate[], leaf: Certificate): Certificate[] {
  const out: Certificate[] = [];
  for (const c of chain) if (!c.equals(leaf) && !out.some((o) => o.equals(c))) out.push(c);
  return out;
}

function duplicate(e: unknown, certificate: Certificate): unknown {
  const pg = e as {
    code?: string;
    constraint?: string;
    driverError?: { code?: string; constraint?: string };
  };
  const code = pg.driverError?.code ?? pg.code;
  const constraint = pg.driverError?.constraint ?? pg.constraint;
  if (code !== '23505' || constraint !== 'signing_credentials_active_certificate_key') return e;
  return new SigningError(
    'SIGNING_CREDENTIAL_DUPLICATE',
    {
      vi: 'Chứng thư số này đã được đăng ký và đang sử dụng',
      en: 'This certificate is already registered and active',
    },
    { details: { certificateSha256: certificate.fingerprint('sha256').toString('hex') }, cause: e },
  );
}
