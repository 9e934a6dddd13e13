import type { DomainContext } from '../context';
import { DocumentError } from '../documents/document-error';
import { changeIncoming } from './change-incoming';
import type { IncomingDocument } from './incoming-document';

/** The clerk returns an arrived document (01 → 02): invalid signature, misaddressed, ...; a reason is required. */
export async function refuseIncoming(
  ctx: DomainContext,
  input: { readonly incomingId: string; readonly reason: string },
): Promise<IncomingDocument> {
  const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
  if (!reason) throw DocumentError.invalid('reason', 'Cần ghi lý do trả lại', 'A reason is required');
  return changeIncoming(
    ctx,
    input.incomingId,
    { action: 'refuse', roles: ['clerk'], on: 'status', from: ['01'], to: '02', note: reason },
    async () => ({ refusal_reason: reason }),
  );
}
