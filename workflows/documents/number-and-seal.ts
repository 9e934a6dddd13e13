import type { EntityManager } from 'typeorm';
import { signPdf, type PadesLevel } from '../../signing/sign/sign-pdf';
import { appendAuditEvent } from '../audit/append-audit-event';
import type { DomainContext } from '../context';
import { vietnamDate } from '../directory/vietnam-date';
import { SIGNING_INPUT_LIMITS } from '../signing/check-signing-input';
import { credentialForSigning } from '../signing/credential-for-signing';
import { dateLine } from '../signing/date-line';
import { documentNumberText } from '../signing/document-number-text';
import { hasDraftFields } from '../signing/draft-fields';
import { levelServices } from '../signing/level-services';
import { nestedContext } from '../signing/nested-context';
import { openCredentialSigner } from '../signing/open-credential-signer';
import { PdfWorkspace } from '../signing/pdf-workspace';
import { placeNameOf } from '../signing/place-name';
import '../signing/signing-audit-events';
import { SigningError } from '../signing/signing-error';
import type { SigningServices } from '../signing/signing-services';
import { assignNumber } from './assign-number';
import { checkOutgoingStep } from './check-outgoing-step';
import { DocumentError } from './document-error';
import { assertHasRecipients } from './edit-draft';
import type { OutgoingDocument } from './outgoing-document';
import { recordSeal } from './record-seal';

export interface NumberAndSealInput {
  readonly documentId: string;
  /** A seal credential of the document's unit. */
  readonly credentialId: string;
  /** The PKCS#12 password or token PIN, typed by the clerk; never stored or logged. */
  readonly pin: string | undefined;
  /** B-LT or B-LTA (the server's `sealLevels`); default the server's seal level. */
  readonly level?: PadesLevel;
  /** Number from the unit's register for this document type instead of its shared register. */
  readonly perTypeRegister?: boolean;
}

export const SEAL_STEP = { action: 'number', roles: ['clerk'], from: ['signed'] } as const;

/**
 * The clerk's step of Decree 30 (Art. 15–16; DESIGN.md §4 steps 3–4), all in ONE transaction:
 * lock the document, lock the register row and read the next number, fill "Số: 05/QĐ-UBND" and
 * "Long An, ngày 03 tháng 3 năm 2026" into the fields and apply the organisation seal (role org, B-LT or
 * B-LTA) in the same incremental update, sign every attachment (role attachment, marker with number and
 * time), put the results into the object store, then assignNumber and recordSeal (as SAVEPOINTs of this
 * transaction) and the audit events. If anything fails — a revoked certificate, the TSA, the object
 * store — the transaction rolls back and the register gives the number back: the series stays gapless
 * and unique (the register row lock queues concurrent clerks of the unit); at worst an object nobody
 * references remains in the store. The audit chain's lock is taken only at the end, after signing.
 */
export async function numberAndSeal(
  ctx: DomainContext,
  deps: SigningServices,
  input: NumberAndSealInput,
): Promise<OutgoingDocument> {
  const now = ctx.clock.now();
  const level = input.level ?? deps.levels.seal;
  if (!deps.sealLevels.includes(level)) throw SigningError.levelInvalid(level, deps.sealLevels);
  const services = levelServices(deps, level);
  const attachmentServices = levelServices(deps, deps.levels.attachment);
  const before = await checkOutgoingStep(ctx.db, ctx.actor, input.documentId, SEAL_STEP);
  // No recipients, no number: refused before the PIN is tried and the register locked.
  assertHasRecipients(before);
  const credential = await credentialForSigning(ctx.db, ctx.actor, input.credentialId, {
    sealOf: before.unitId,
  });
  const ws = await PdfWorkspace.create(deps.tempDir);
  // The signed PDF and the attachments (uploaded by the drafter) are checked in another process under
  // limits before the key is opened and the register locked; inside the transaction only what changed.
  const checked = new Set<string>();
  const check = async (sha256: string, name: string, role: 'org' | 'attachment') => {
    const file = await ws.fetch(deps.objects, sha256, name);
    if (!checked.has(`${role}:${sha256}`)) {
      await deps.checkInput?.(file, { role, draftFields: false });
      checked.add(`${role}:${sha256}`);
    }
    return file;
  };
  let opened: Awaited<ReturnType<typeof openCredentialSigner>> | undefined;
  try {
    await check(before.pdfSha256, 'check.pdf', 'org');
    for (const [i, a] of before.attachments.entries())
      await check(a.sha256, `check-attachment-${i}.pdf`, 'attachment');
    opened = await openCredentialSigner(ctx, deps, credential, input.pin, now);
    await deps.refreshRevocations?.();
    const signer = opened.signer;
    return await ctx.db.transaction(async (m) => {
      const doc = await checkOutgoingStep(m, ctx.actor, input.documentId, SEAL_STEP, { forUpdate: true });
      const source = await check(doc.pdfSha256, 'signed.pdf', 'org');
      if (!hasDraftFields(source, deps.stampProfile)) throw SigningError.fieldsMissing(doc.id);
      const number = await lockNextNumber(m, doc, now, input.perTypeRegister ?? false);
      const numberText = documentNumberText(number, doc.notation);
      const image = credential.stampImage ?? deps.defaultImages?.seal;

      const output = ws.path('sealed.pdf');
      const sealed = await signPdf({
        input: source,
        output,
        signer,
        role: 'org',
        level,
        signingTime: now,
        ...services,
        limits: SIGNING_INPUT_LIMITS,
        fill: { number: `Số: ${numberText}`, date: dateLine(await placeNameOf(m, doc.unitId), now) },
        appearance: { image, profile: deps.stampProfile },
      });
      const stored = await ws.store(deps.objects, output);

      const signedAttachments: { name: string; sha256: string; size: number; fieldName: string }[] = [];
      for (const [i, a] of doc.attachments.entries()) {
        const from = await check(a.sha256, `attachment-${i}.pdf`, 'attachment');
        const to = ws.path(`attachment-${i}-signed.pdf`);
        const r = await signPdf({
          input: from,
          output: to,
          signer,
          role: 'attachment',
          level: deps.levels.attachment,
          signingTime: now,
          ...attachmentServices,
          limits: SIGNING_INPUT_LIMITS,
          appearance: { documentNumber: numberText, profile: deps.stampProfile },
        });
        signedAttachments.push({
          name: a.name,
          ...(await ws.store(deps.objects, to)),
          fieldName: r.fieldName,
        });
      }

      const inner = nestedContext(ctx, m, now);
      const numbered = await assignNumber(inner, {
        documentId: doc.id,
        perTypeRegister: input.perTypeRegister,
      });
      if (numbered.number !== number) {
        // Impossible while this transaction holds the register row; refuse rather than print a wrong number.
        throw new Error(`register moved under its lock: printed ${number}, allocated ${numbered.number}`);
      }
      const result = await recordSeal(inner, {
        documentId: doc.id,
        sealedPdf: stored,
        signedAttachments: signedAttachments.map(({ name, sha256, size }) => ({ name, sha256, size })),
      });
      const common = {
        documentId: doc.id,
        credentialId: credential.id,
        certificateSha256: credential.sha256,
      };
      await appendAuditEvent(m, inner, {
        type: 'DOCUMENT_SIGNED',
        unitId: doc.unitId,
        payload: { ...common, role: 'org', level, sha256: stored.sha256, fieldName: sealed.fieldName },
      });
      for (const a of signedAttachments) {
        await appendAuditEvent(m, inner, {
          type: 'DOCUMENT_SIGNED',
          unitId: doc.unitId,
          payload: {
            ...common,
            role: 'attachment',
            level: deps.levels.attachment,
            sha256: a.sha256,
            fieldName: a.fieldName,
            attachment: a.name,
          },
        });
      }
      return result;
    });
  } finally {
    await opened?.close();
    await ws.dispose();
  }
}

/**
 * Locks the register row assignNumber will take the number from (same scope: unit × year in Vietnam ×
 * optional type × series) and returns its next number, creating the register on first use. The lock
 * is held until the transaction ends, so the number printed in the PDF is the one assignNumber
 * allocates later in the same transaction.
 */
async function lockNextNumber(
  m: EntityManager,
  doc: OutgoingDocument,
  now: Date,
  perTypeRegister: boolean,
): Promise<number> {
  const year = Number(vietnamDate(now).slice(0, 4));
  const key = [
    doc.unitId,
    'outgoing',
    year,
    perTypeRegister ? doc.documentType : '',
    doc.classification === 'none' ? 'normal' : 'classified',
  ];
  await m.query(
    `INSERT INTO registers (unit_id, direction, year, document_type, series) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT ON CONSTRAINT registers_scope_key DO NOTHING`,
    key,
  );
  const rows: { next_number: number }[] = await m.query(
    `SELECT next_number FROM registers
     WHERE unit_id = $1 AND direction = $2 AND year = $3 AND document_type = $4 AND series = $5 FOR UPDATE`,
    key,
  );
  if (!rows[0]) throw DocumentError.state(doc.id, doc.status, 'number');
  return rows[0].next_number;
}
