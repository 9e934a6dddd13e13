import type { DomainContext } from '../context';
import { changeIncoming } from './change-incoming';
import type { IncomingDocument } from './incoming-document';

/** The clerk passes a registered document to the leaders for assignment (03 → 04). */
export async function forwardForAssignment(
  ctx: DomainContext,
  input: { readonly incomingId: string },
): Promise<IncomingDocument> {
  return changeIncoming(
    ctx,
    input.incomingId,
    { action: 'forward', roles: ['clerk'], on: 'status', from: ['03'], to: '04' },
    async () => ({}),
  );
}
