import type { ObjectStore } from '../../storage/objects/object-store';
import type { DomainContext } from '../context';
import { assertElectronicExchange } from '../documents/assert-electronic-exchange';
import { assertDocumentAccess } from '../documents/document-access';
import { DocumentError } from '../documents/document-error';
import { outgoingRepository } from '../documents/outgoing-repository';
import { assertContentStored } from './assert-content-stored';
import { sendDocument, type SendResult } from './send-document';

/**
 * Sending as the HTTP API does it: first the checks that need no lock (who, what, state), then that the
 * sealed PDF and its attachments are in the object store and the store answers, and only then the one
 * sending transaction (sendDocument: every incoming record, status event and job, or nothing). With the
 * store down the send fails with OBJECT_STORE_UNAVAILABLE before anything is written, and a retry once
 * it is back delivers to every recipient exactly once; recipients never get a record whose PDF cannot
 * be fetched.
 */
export async function sendStoredDocument(
  ctx: DomainContext,
  input: { readonly documentId: string },
  deps: { readonly objects: Pick<ObjectStore, 'stat'> },
): Promise<SendResult> {
  const doc = await outgoingRepository.findById(ctx.db, input.documentId);
  if (!doc) throw DocumentError.notFound(input.documentId);
  await assertDocumentAccess(ctx.db, ctx.actor, doc.unitId, { act: ['clerk'] }, () =>
    DocumentError.notFound(doc.id),
  );
  assertElectronicExchange(doc);
  if (doc.status !== 'sealed' && doc.status !== 'issued')
    throw DocumentError.state(doc.id, doc.status, 'send');
  await assertContentStored(deps.objects, doc);
  return sendDocument(ctx, input);
}
