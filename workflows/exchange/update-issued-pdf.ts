import fs from 'node:fs';
import type { ObjectStore } from '../../storage/objects/object-store';
import type { DomainContext } from '../context';
import { guardObjectReference } from '../maintenance/guard-object-reference';
import { nestedContext } from '../signing/nested-context';
import { assertDocumentAccess } from '../documents/document-access';
import { DocumentError } from '../documents/document-error';
import { outgoingRepository } from '../documents/outgoing-repository';
import type { ValidationDeps } from '../validation/validation-deps';
import { assertOrganisationSigned } from './assert-organisation-signed';
import { updateIssuedDocument, type UpdateIssuedResult } from './update-issued-document';

/**
 * An update (business type 2) with a corrected PDF received as a file: the cheap checks first (the
 * document is visible, the actor its unit's clerk, the document issued), then the PDF must carry the
 * issuing unit's valid organisation signature like the original (assertOrganisationSigned: validated in
 * the validation processes; UPDATE_SIGNATURE_REQUIRED otherwise), so that a refused request stores
 * nothing; then the PDF goes into the object store (OBJECT_STORE_UNAVAILABLE: nothing changes) and
 * updateIssuedDocument runs its transaction, which checks everything again under the row lock.
 */
export async function updateIssuedPdf(
  ctx: DomainContext,
  input: {
    readonly documentId: string;
    readonly reason: string;
    readonly subject?: string;
    readonly file: string;
    readonly sha256: string;
    readonly size: number;
  },
  deps: { readonly objects: Pick<ObjectStore, 'put' | 'stat'>; readonly validation: ValidationDeps },
): Promise<UpdateIssuedResult> {
  const doc = await outgoingRepository.findById(ctx.db, input.documentId);
  if (!doc) throw DocumentError.notFound(input.documentId);
  await assertDocumentAccess(ctx.db, ctx.actor, doc.unitId, { act: ['clerk'] }, () =>
    DocumentError.notFound(doc.id),
  );
  if (doc.status !== 'issued' || doc.medium !== 'electronic')
    throw DocumentError.state(doc.id, doc.status, 'update');
  await assertOrganisationSigned(ctx, deps.validation, doc, {
    path: input.file,
    sha256: input.sha256,
    size: input.size,
  });
  const stored = await deps.objects.put(fs.createReadStream(input.file), {
    contentType: 'application/pdf',
    metadata: { kind: 'document-update', document: doc.id },
  });
  return ctx.db.transaction(async (m) => {
    // The same bytes may have been swept between the put and now: put them again under the lock.
    await guardObjectReference(
      m,
      deps.objects,
      { sha256: stored.sha256, contentType: 'application/pdf' },
      () => fs.createReadStream(input.file),
    );
    return updateIssuedDocument(nestedContext(ctx, m, ctx.clock.now()), {
      documentId: doc.id,
      reason: input.reason,
      subject: input.subject,
      pdf: { sha256: stored.sha256, size: stored.size },
    });
  });
}
