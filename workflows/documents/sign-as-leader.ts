import { signPdf } from '../../signing/sign/sign-pdf';
import { appendAuditEvent } from '../audit/append-audit-event';
import type { DomainContext } from '../context';
import { SIGNING_INPUT_LIMITS } from '../signing/check-signing-input';
import { credentialForSigning } from '../signing/credential-for-signing';
import { draftRewriteAllowed } from '../signing/draft-fields';
import { levelServices } from '../signing/level-services';
import { nestedContext } from '../signing/nested-context';
import { openCredentialSigner } from '../signing/open-credential-signer';
import { PdfWorkspace } from '../signing/pdf-workspace';
import '../signing/signing-audit-events';
import type { SigningServices } from '../signing/signing-services';
import { checkOutgoingStep } from './check-outgoing-step';
import type { OutgoingDocument } from './outgoing-document';
import { recordLeaderSignature } from './record-leader-signature';
import { leaderAppearance, type LeaderAppearance } from './leader-appearance';

export interface SignAsLeaderInput {
  readonly documentId: string;
  readonly credentialId: string;
  /** The PKCS#12 password or token PIN, typed by the leader; never stored or logged. */
  readonly pin: string | undefined;
  readonly appearance?: LeaderAppearance;
}

export const LEADER_STEP = { action: 'sign', roles: ['leader'], from: ['in_review'] } as const;

/**
 * The leader signs a document under review with a personal credential held by the server (Decree 30
 * Art. 13; DESIGN.md §4 step 2): the current PDF is streamed from the object store to a temporary
 * file, signed by `signPdf` (role leader, the server's leader level; a draft without number and date
 * fields gets them first, from the stamp profile), put back into the object store, and then
 * `recordLeaderSignature` runs — the object is put before the transaction commits, so a crash leaves at
 * worst an unreferenced object. The document row is locked throughout, so a concurrent return or a
 * second signature waits and then finds the document moved on. A wrong PIN, a revoked or expired
 * certificate change nothing.
 */
export async function signAsLeader(
  ctx: DomainContext,
  deps: SigningServices,
  input: SignAsLeaderInput,
): Promise<OutgoingDocument> {
  const now = ctx.clock.now();
  const level = deps.levels.leader;
  const services = levelServices(deps, level);
  const before = await checkOutgoingStep(ctx.db, ctx.actor, input.documentId, LEADER_STEP);
  const credential = await credentialForSigning(ctx.db, ctx.actor, input.credentialId, { personal: true });
  const ws = await PdfWorkspace.create(deps.tempDir);
  // The draft is checked (another process, under limits) before the key is opened and the row locked;
  // again inside the transaction only if the PDF changed in between.
  const check = async (doc: { pdfSha256: string; pdfSize: number }, name: string) => {
    const file = await ws.fetch(deps.objects, doc.pdfSha256, name);
    await deps.checkInput?.(file, { role: 'leader', draftFields: doc.pdfSize <= deps.draftFieldsMaxBytes });
    return file;
  };
  let opened: Awaited<ReturnType<typeof openCredentialSigner>> | undefined;
  try {
    const checked = await check(before, 'draft.pdf');
    opened = await openCredentialSigner(ctx, deps, credential, input.pin, now);
    await deps.refreshRevocations?.();
    const signer = opened.signer;
    return await ctx.db.transaction(async (m) => {
      const doc = await checkOutgoingStep(m, ctx.actor, input.documentId, LEADER_STEP, { forUpdate: true });
      const source = doc.pdfSha256 === before.pdfSha256 ? checked : await check(doc, 'draft-2.pdf');
      const draftFields = draftRewriteAllowed(doc, source, deps);
      const output = ws.path('signed.pdf');
      const signed = await signPdf({
        input: source,
        output,
        signer,
        role: 'leader',
        level,
        signingTime: now,
        ...services,
        limits: SIGNING_INPUT_LIMITS,
        appearance: {
          ...(await leaderAppearance(m, ctx.actor.userId, credential, deps, input.appearance)),
          draftFields,
        },
      });
      const stored = await ws.store(deps.objects, output);
      const inner = nestedContext(ctx, m, now);
      const result = await recordLeaderSignature(inner, { documentId: doc.id, signedPdf: stored });
      await appendAuditEvent(m, inner, {
        type: 'DOCUMENT_SIGNED',
        unitId: doc.unitId,
        payload: {
          documentId: doc.id,
          role: 'leader',
          level,
          credentialId: credential.id,
          certificateSha256: credential.sha256,
          sha256: stored.sha256,
          fieldName: signed.fieldName,
        },
      });
      return result;
    });
  } finally {
    await opened?.close();
    await ws.dispose();
  }
}
