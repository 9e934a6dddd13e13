import type { Readable } from 'node:stream';
import type { ObjectStore } from '../../storage/objects/object-store';
import type { DomainContext } from '../context';
import { DocumentError } from '../documents/document-error';
import { getEdxmlIncoming } from './get-edxml-incoming';

/**
 * One file of an incoming document received over edXML (the main PDF or an attachment, by SHA-256), for
 * download: readable where the incoming document is (getEdxmlIncoming); a digest that is not one of its
 * files answers INCOMING_NOT_FOUND like an unknown document.
 */
export async function openEdxmlIncomingFile(
  ctx: DomainContext,
  objects: ObjectStore,
  input: { readonly incomingId: string; readonly sha256: string },
): Promise<{ stream: Readable; name: string; contentType: string; size: number }> {
  const facts = await getEdxmlIncoming(ctx, { incomingId: input.incomingId });
  const file =
    input.sha256 === facts.pdfSha256
      ? {
          name: `${facts.documentId
            .split(',')
            .pop()!
            .replace(/[\\/]+/g, '-')}.pdf`,
          contentType: 'application/pdf',
        }
      : facts.attachments.find((a) => a.sha256 === input.sha256);
  if (!file) throw DocumentError.incomingNotFound(input.incomingId);
  const stat = await objects.stat(input.sha256);
  if (!stat) throw DocumentError.incomingNotFound(input.incomingId);
  return {
    stream: await objects.get(input.sha256),
    name: file.name,
    contentType: file.contentType,
    size: stat.size,
  };
}
