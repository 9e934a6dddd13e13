import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { signPdf, type PadesLevel, type SignRole } from '../../signing/sign/sign-pdf';
import { appendAuditEvent } from '../audit/append-audit-event';
import { hasRole } from '../accounts/authorize';
import { AccessError } from '../accounts/access-error';
import type { DomainContext } from '../context';
import { SIGNING_INPUT_LIMITS } from './check-signing-input';
import { credentialRepository } from './credential-repository';
import { levelServices } from './level-services';
import { openCredentialSigner } from './open-credential-signer';
import { PdfWorkspace } from './pdf-workspace';
import './signing-audit-events';
import { SigningError } from './signing-error';
import type { SigningServices } from './signing-services';

export interface SignUploadedPdfInput {
  /** The uploaded PDF, as a file (the HTTP layer streams the body to a temporary file). */
  readonly path: string;
  readonly sha256: string;
  readonly credentialId: string;
  readonly pin: string | undefined;
  /** leader with a personal credential; org or attachment with a unit's seal credential. */
  readonly role: SignRole;
  /** Default: the server's level for the role (leader, seal, attachment). */
  readonly level?: PadesLevel;
  /** Number and date to fill (role org), e.g. "Số: 12/QĐ-UBND" and "Long An, ngày 03 tháng 3 năm 2026". */
  readonly fill?: { readonly number?: string; readonly date?: string };
  /** Attachment marker: number and notation of the main document. */
  readonly documentNumber?: string;
  readonly visible?: boolean;
  readonly reason?: string;
  readonly location?: string;
  readonly title?: string;
  /** Leader: add the number/date fields to an unsigned draft first (default true). */
  readonly draftFields?: boolean;
}

export interface SignedUpload {
  /** The signed file in a private temporary directory; `dispose()` removes it. */
  readonly path: string;
  readonly size: number;
  readonly sha256: string;
  dispose(): Promise<void>;
}

/**
 * The signing engine as a service, for integrations that sign files outside a workflow
 * (POST /api/signing/sign): sign an uploaded PDF with a credential the actor may use — their own
 * personal credential (role leader), or a seal credential of their unit if they are a clerk or leader
 * (roles org, attachment). The result is not kept by the server; the audit trail records who signed
 * what (input and output SHA-256), never the PIN. Refusals as for the workflow steps; a PDF that
 * cannot be read within SIGNING_INPUT_LIMITS is refused with the PDF engine's code, found by
 * `deps.checkInput` in another process before the key is opened.
 */
export async function signUploadedPdf(
  ctx: DomainContext,
  deps: SigningServices,
  input: SignUploadedPdfInput,
): Promise<SignedUpload> {
  const now = ctx.clock.now();
  const credential = await credentialRepository.findById(ctx.db, input.credentialId);
  const personal = credential?.ownerKind === 'user' && credential.userId === ctx.actor.userId;
  const ofUnit = credential?.ownerKind === 'unit' && credential.unitId === ctx.actor.unitId;
  if (!credential || (!personal && !ofUnit)) throw SigningError.credentialNotFound(input.credentialId);
  if (ofUnit && !hasRole(ctx.actor, 'clerk', 'leader')) throw AccessError.forbidden('signing.seal');
  if (personal !== (input.role === 'leader')) {
    throw SigningError.credentialInvalid(
      'Chứng thư cá nhân ký với vai trò lãnh đạo; chứng thư của cơ quan ký đóng dấu (org) hoặc phụ lục (attachment)',
      'A personal credential signs as leader; a unit seal credential signs as org or attachment',
      { role: input.role, ownerKind: credential.ownerKind },
    );
  }
  const level =
    input.level ??
    (input.role === 'leader'
      ? deps.levels.leader
      : input.role === 'org'
        ? deps.levels.seal
        : deps.levels.attachment);
  const services = levelServices(deps, level);
  // A hostile file is refused here, parsed in another process under limits, before the key is opened.
  await deps.checkInput?.(input.path, {
    role: input.role,
    draftFields: input.role === 'leader' && input.draftFields !== false,
  });
  const opened = await openCredentialSigner(ctx, deps, credential, input.pin, now);
  await deps.refreshRevocations?.();
  const ws = await PdfWorkspace.create(deps.tempDir);
  try {
    const output = ws.path('signed.pdf');
    await signPdf({
      input: input.path,
      output,
      signer: opened.signer,
      role: input.role,
      level,
      signingTime: now,
      ...services,
      limits: SIGNING_INPUT_LIMITS,
      reason: input.reason,
      location: input.location,
      fill: input.fill,
      appearance: {
        visible: input.visible,
        title: input.title,
        documentNumber: input.documentNumber,
        image:
          input.role === 'attachment'
            ? undefined
            : (credential.stampImage ??
              (input.role === 'leader' ? deps.defaultImages?.signature : deps.defaultImages?.seal)),
        profile: deps.stampProfile,
        draftFields: input.draftFields,
      },
    });
    const { sha256, size } = await digestOf(output);
    await ctx.db.transaction((m) =>
      appendAuditEvent(m, ctx, {
        type: 'PDF_SIGNED',
        unitId: credential.unitId,
        payload: {
          credentialId: credential.id,
          role: input.role,
          level,
          inputSha256: input.sha256,
          outputSha256: sha256,
        },
      }),
    );
    return { path: output, size, sha256, dispose: () => ws.dispose() };
  } catch (e) {
    await ws.dispose();
    throw e;
  } finally {
    await opened.close();
  }
}

async function digestOf(file: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  await pipeline(
    createReadStream(file),
    new Writable({
      write(chunk: Buffer, _enc, done) {
        hash.update(chunk);
        size += chunk.length;
        done();
      },
    }),
  );
  return { sha256: hash.digest('hex'), size };
}
