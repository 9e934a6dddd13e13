import type { DomainContext } from '../context';
import { changeIncoming } from './change-incoming';
import type { IncomingDocument } from './incoming-document';

/** The recipient's clerk accepts (13 → 15) or refuses (13 → 16, reason required by practice) a recall. */
export async function answerRecall(
  ctx: DomainContext,
  input: { readonly incomingId: string; readonly accept: boolean; readonly note?: string },
): Promise<IncomingDocument> {
  return changeIncoming(
    ctx,
    input.incomingId,
    {
      action: input.accept ? 'accept recall' : 'refuse recall',
      roles: ['clerk'],
      on: 'recall',
      from: ['13'],
      to: input.accept ? '15' : '16',
      ...(input.note ? { note: input.note } : {}),
    },
    async () => ({}),
  );
}
