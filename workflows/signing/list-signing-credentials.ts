import { authorize } from '../accounts/authorize';
import type { DomainContext } from '../context';
import { credentialRepository, publicCredential } from './credential-repository';
import type { CredentialOwnerKind, SigningCredential } from './signing-credential';
import { SigningError } from './signing-error';

export interface ListSigningCredentialsInput {
  /** Default: the actor's unit. */
  readonly unitId?: string;
  readonly userId?: string;
  readonly ownerKind?: CredentialOwnerKind;
  readonly activeOnly?: boolean;
  readonly limit?: number;
  readonly cursor?: string;
}

/** An admin lists the signing credentials of a unit (own unit and below; another unit answers 404). */
export async function listSigningCredentials(
  ctx: DomainContext,
  input: ListSigningCredentialsInput,
): Promise<{ items: SigningCredential[]; nextCursor: string | null }> {
  const unitId = input.unitId ?? ctx.actor.unitId;
  await authorize(ctx.db, ctx.actor, 'accounts.manage', {
    unitId,
    notFound: () => SigningError.ownerNotFound({ unitId }),
  });
  const limit = Math.min(Math.max(input.limit ?? 50, 1), 200);
  const rows = await credentialRepository.list(ctx.db, {
    unitIds: [unitId],
    userId: input.userId,
    ownerKind: input.ownerKind,
    activeOnly: input.activeOnly,
    limit: limit + 1,
    cursor: decodeCursor(input.cursor),
  });
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(publicCredential),
    nextCursor: rows.length > limit && last ? encodeCursor(last.createdAt, last.id) : null,
  };
}

function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(`${createdAt.toISOString()}|${id}`).toString('base64url');
}

function decodeCursor(cursor: string | undefined): { createdAt: Date; id: string } | undefined {
  if (!cursor) return undefined;
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(at ?? '');
  if (Number.isNaN(createdAt.getTime()) || !/^[0-9a-f-]{36}$/i.test(id ?? '')) {
    throw SigningError.credentialInvalid('Con trỏ trang không hợp lệ', 'Invalid cursor', { field: 'cursor' });
  }
  return { createdAt, id: id! };
}
