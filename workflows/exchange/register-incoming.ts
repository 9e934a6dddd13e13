import type { DomainContext } from '../context';
import { vietnamDate } from '../directory/vietnam-date';
import { allocateNumber } from '../documents/allocate-number';
import { changeIncoming } from './change-incoming';
import type { IncomingDocument } from './incoming-document';
import { chooseRegistration } from './register-books';

/**
 * The clerk accepts an arrived document (01 → 03) and registers it with the next incoming number of the
 * unit's incoming register for the year (Decree 30 Art. 22: sequential per year, gapless) — of the book
 * the clerk chose (per type or classified, numbered per book and year), and names the leader it is
 * presented to.
 */
export async function registerIncoming(
  ctx: DomainContext,
  input: {
    readonly incomingId: string;
    /** The incoming register book chosen (register-books.ts); none: the unit's shared register. */
    readonly bookId?: string;
    /** The leader the clerk presents the document to. */
    readonly presentToUserId?: string;
  },
): Promise<IncomingDocument> {
  return changeIncoming(
    ctx,
    input.incomingId,
    { action: 'register', roles: ['clerk'], on: 'status', from: ['01'], to: '03' },
    async (m, doc, now) => {
      const year = Number(vietnamDate(now).slice(0, 4));
      const scope = await chooseRegistration(m, doc, input);
      const { registerId, number } = await allocateNumber(m, {
        unitId: doc.recipientUnitId,
        direction: 'incoming',
        year,
        documentType: scope.documentType,
        series: scope.series,
      });
      if (scope.bookId || input.presentToUserId) {
        await m.query(
          `INSERT INTO incoming_registrations (incoming_id, register_book_id, presented_to_user_id, created_at)
           VALUES ($1, $2, $3, $4)`,
          [doc.id, scope.bookId, input.presentToUserId ?? null, now],
        );
      }
      return { register_id: registerId, year, incoming_number: number, registered_at: now };
    },
  );
}
