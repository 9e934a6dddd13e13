import type { DomainContext } from '../context';
import { vietnamDate } from '../directory/vietnam-date';
import { allocateNumber } from '../documents/allocate-number';
import { changeIncoming } from './change-incoming';
import type { IncomingDocument } from './incoming-document';

/**
 * The clerk accepts an arrived document (01 → 03) and registers it with the next incoming number of the
 * unit's incoming register for the year (Decree 30 Art. 22: sequential per year, gapless).
 */
export async function registerIncoming(
  ctx: DomainContext,
  input: { readonly incomingId: string },
): Promise<IncomingDocument> {
  return changeIncoming(
    ctx,
    input.incomingId,
    { action: 'register', roles: ['clerk'], on: 'status', from: ['01'], to: '03' },
    async (m, doc, now) => {
      const year = Number(vietnamDate(now).slice(0, 4));
      const { registerId, number } = await allocateNumber(m, {
        unitId: doc.recipientUnitId,
        direction: 'incoming',
        year,
        series: 'normal',
      });
      return { register_id: registerId, year, incoming_number: number, registered_at: now };
    },
  );
}
