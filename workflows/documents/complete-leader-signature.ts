import { isCodedError } from '../../signing/errors';
import { Certificate } from '../../signing/pki/certificate';
import { ExternalSigner } from '../../signing/sign/signers/external-signer';
import { appendAuditEvent } from '../audit/append-audit-event';
import type { DomainContext } from '../context';
import { credentialRepository } from '../signing/credential-repository';
import { completeExternalPdf, type ExternalPdfState } from '../signing/external-pdf-signature';
import { levelServices } from '../signing/level-services';
import { nestedContext } from '../signing/nested-context';
import { PdfWorkspace } from '../signing/pdf-workspace';
import '../signing/signing-audit-events';
import { SigningError } from '../signing/signing-error';
import type { SigningServices } from '../signing/signing-services';
import { checkOutgoingStep } from './check-outgoing-step';
import type { OutgoingDocument } from './outgoing-document';
import { recordLeaderSignature } from './record-leader-signature';
import { LEADER_STEP } from './sign-as-leader';

export interface CompleteLeaderSignatureInput {
  readonly documentId: string;
  readonly sessionId: string;
  /** The raw signature value over `toBeSigned` (RSA; ECDSA as DER or r‖s). */
  readonly signature: Buffer;
  /** Optional PEM bundle of issuing CAs to add to those registered with the credential. */
  readonly certificateChain?: string;
}

interface SessionRow {
  id: string;
  document_id: string;
  credential_id: string;
  actor_user_id: string;
  base_pdf_sha256: string;
  prepared_pdf_sha256: string;
  state: ExternalPdfState;
  expires_at: Date;
  completed_at: Date | null;
}

/**
 * Step 2 of two-step signing: the leader's device returns the signature value; in one transaction the
 * session and the document are locked, the session must be the actor's own for this document
 * (another's answers SIGNING_SESSION_NOT_FOUND), unused (SIGNING_SESSION_USED), unexpired at the
 * server clock (SIGNING_SESSION_EXPIRED), and the document unchanged since preparation
 * (SIGNING_SESSION_STALE); the signature must verify with the certificate (EXTERNAL_SIGNATURE_INVALID).
 * Then the CMS (with the signature timestamp, B-LT/B-LTA revisions per the server's leader level) goes
 * into the prepared PDF, the result into the object store, and recordLeaderSignature runs.
 */
export async function completeLeaderSignature(
  ctx: DomainContext,
  deps: SigningServices,
  input: CompleteLeaderSignatureInput,
): Promise<OutgoingDocument> {
  const now = ctx.clock.now();
  const extraChain = parseChain(input.certificateChain);
  await deps.refreshRevocations?.();
  const ws = await PdfWorkspace.create(deps.tempDir);
  try {
    return await ctx.db.transaction(async (m) => {
      const rows: SessionRow[] = /^[0-9a-f-]{36}$/i.test(input.sessionId)
        ? await m.query(
            `SELECT id, document_id, credential_id, actor_user_id, base_pdf_sha256, prepared_pdf_sha256, state,
                    expires_at, completed_at
             FROM signing_sessions WHERE id = $1 FOR UPDATE`,
            [input.sessionId],
          )
        : [];
      const s = rows[0];
      if (!s || s.actor_user_id !== ctx.actor.userId || s.document_id !== input.documentId) {
        throw SigningError.sessionNotFound(input.sessionId);
      }
      if (s.completed_at) throw SigningError.sessionUsed(s.id);
      if (now.getTime() > s.expires_at.getTime()) throw SigningError.sessionExpired(s.id, s.expires_at);
      const doc = await checkOutgoingStep(m, ctx.actor, s.document_id, LEADER_STEP, { forUpdate: true });
      if (doc.pdfSha256 !== s.base_pdf_sha256) throw SigningError.sessionStale(s.id);
      const credential = await credentialRepository.findById(m, s.credential_id);
      if (!credential?.active) throw SigningError.inactive(s.credential_id);
      const services = levelServices(deps, s.state.level);

      const prepared = await ws.fetch(deps.objects, s.prepared_pdf_sha256, 'prepared.pdf');
      const output = ws.path('signed.pdf');
      const external = new ExternalSigner({ ttlSeconds: deps.sessionTtlSeconds, clock: () => now });
      await completeExternalPdf(
        {
          input: prepared,
          output,
          state: s.state,
          signature: input.signature,
          chain: extraChain,
          ...services,
        },
        external,
      );
      const stored = await ws.store(deps.objects, output);
      const inner = nestedContext(ctx, m, now);
      const result = await recordLeaderSignature(inner, { documentId: doc.id, signedPdf: stored });
      await m.query(`UPDATE signing_sessions SET completed_at = $2, result_pdf_sha256 = $3 WHERE id = $1`, [
        s.id,
        now,
        stored.sha256,
      ]);
      await appendAuditEvent(m, inner, {
        type: 'DOCUMENT_SIGNED',
        unitId: doc.unitId,
        payload: {
          documentId: doc.id,
          role: 'leader',
          level: s.state.level,
          credentialId: credential.id,
          certificateSha256: credential.sha256,
          sha256: stored.sha256,
          fieldName: s.state.fieldName,
          twoStep: true,
        },
      });
      return result;
    });
  } finally {
    await ws.dispose();
  }
}

function parseChain(pem: string | undefined): Certificate[] {
  if (!pem) return [];
  try {
    return Certificate.parseAll(pem);
  } catch (e) {
    if (isCodedError(e)) {
      throw SigningError.credentialInvalid(e.messageVi, e.message, { field: 'certificateChain' });
    }
    throw e;
  }
}
