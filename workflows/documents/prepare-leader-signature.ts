import type { SignatureAlgorithm } from '../../signing/cms/algorithms';
import { Certificate } from '../../signing/pki/certificate';
import { ExternalSigner } from '../../signing/sign/signers/external-signer';
import { appendAuditEvent } from '../audit/append-audit-event';
import type { DomainContext } from '../context';
import { credentialForSigning } from '../signing/credential-for-signing';
import { draftRewriteAllowed } from '../signing/draft-fields';
import { prepareExternalPdf } from '../signing/external-pdf-signature';
import { levelServices } from '../signing/level-services';
import { PdfWorkspace } from '../signing/pdf-workspace';
import '../signing/signing-audit-events';
import { SigningError } from '../signing/signing-error';
import type { SigningServices } from '../signing/signing-services';
import { checkOutgoingStep } from './check-outgoing-step';
import { leaderAppearance, type LeaderAppearance } from './leader-appearance';
import { LEADER_STEP } from './sign-as-leader';

/** What the client's key must sign, and until when. */
export interface PreparedLeaderSignature {
  readonly sessionId: string;
  readonly documentId: string;
  readonly digestAlgorithm: 'sha256' | 'sha384' | 'sha512';
  readonly signatureAlgorithm: SignatureAlgorithm;
  /** Base64 DER of the CMS signed attributes (RFC 5652 §5.4): sign these bytes with the key. */
  readonly toBeSigned: string;
  /** Base64 hash of `toBeSigned` with `digestAlgorithm`, for tokens that sign a precomputed digest. */
  readonly digest: string;
  readonly expiresAt: Date;
  readonly certificatePem: string;
}

/**
 * Step 1 of two-step signing by a leader whose key is on their own device (an `external` credential):
 * the server writes the signature revision into a copy of the current PDF (the same bytes a server-held
 * key would give, /Contents left empty), stores it in the object store, and keeps the CMS preparation
 * in `signing_sessions` (surviving restarts; expires after the server's session lifetime). The client
 * signs `toBeSigned` and calls completeLeaderSignature. Nothing about the document changes yet.
 */
export async function prepareLeaderSignature(
  ctx: DomainContext,
  deps: SigningServices,
  input: {
    readonly documentId: string;
    readonly credentialId: string;
    readonly appearance?: LeaderAppearance;
  },
): Promise<PreparedLeaderSignature> {
  const now = ctx.clock.now();
  const level = deps.levels.leader;
  levelServices(deps, level); // refuse now rather than at completion
  const doc = await checkOutgoingStep(ctx.db, ctx.actor, input.documentId, LEADER_STEP);
  const credential = await credentialForSigning(ctx.db, ctx.actor, input.credentialId, { personal: true });
  if (credential.kind !== 'external') throw SigningError.notExternal(credential.id);
  const certificate = Certificate.from(credential.certificatePem);
  const chain = credential.chainPem ? Certificate.parseAll(credential.chainPem) : [];
  const external = new ExternalSigner({ ttlSeconds: deps.sessionTtlSeconds, clock: () => now });
  const ws = await PdfWorkspace.create(deps.tempDir);
  try {
    const source = await ws.fetch(deps.objects, doc.pdfSha256, 'draft.pdf');
    // A hostile draft is refused in another process under limits (issue 10 items 4, 5).
    await deps.checkInput?.(source, { role: 'leader', draftFields: doc.pdfSize <= deps.draftFieldsMaxBytes });
    const draftFields = draftRewriteAllowed(doc, source, deps);
    const prepared = ws.path('prepared.pdf');
    const state = await prepareExternalPdf(
      {
        input: source,
        output: prepared,
        certificate,
        chain,
        role: 'leader',
        level,
        signingTime: now,
        appearance: {
          ...(await leaderAppearance(ctx.db, ctx.actor.userId, credential, deps, input.appearance)),
          draftFields,
        },
      },
      external,
    );
    const stored = await ws.store(deps.objects, prepared);
    const expiresAt = new Date(now.getTime() + deps.sessionTtlSeconds * 1000);
    const sessionId = await ctx.db.transaction(async (m) => {
      const rows: { id: string }[] = await m.query(
        `INSERT INTO signing_sessions
           (document_id, credential_id, actor_user_id, unit_id, purpose, base_pdf_sha256, prepared_pdf_sha256,
            prepared_pdf_size, state, created_at, expires_at)
         VALUES ($1, $2, $3, $4, 'leader', $5, $6, $7, $8::jsonb, $9, $10) RETURNING id`,
        [
          doc.id,
          credential.id,
          ctx.actor.userId,
          doc.unitId,
          doc.pdfSha256,
          stored.sha256,
          stored.size,
          JSON.stringify(state),
          now,
          expiresAt,
        ],
      );
      const id = rows[0]!.id;
      await appendAuditEvent(m, ctx, {
        type: 'SIGNING_SESSION_PREPARED',
        unitId: doc.unitId,
        payload: {
          sessionId: id,
          documentId: doc.id,
          credentialId: credential.id,
          preparedSha256: stored.sha256,
          expiresAt: expiresAt.toISOString(),
        },
      });
      return id;
    });
    return {
      sessionId,
      documentId: doc.id,
      digestAlgorithm: state.cms.digestAlgorithm,
      signatureAlgorithm: state.cms.signatureAlgorithm,
      toBeSigned: state.cms.dataToSign,
      digest: state.cms.digest,
      expiresAt,
      certificatePem: credential.certificatePem,
    };
  } finally {
    await ws.dispose();
  }
}
