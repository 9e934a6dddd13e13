import type { DomainContext } from '../context';
import { appendAuditEvent } from '../audit/append-audit-event';
import './exchange-audit-events';
import { ExchangeError } from './exchange-error';
import { loadGroup } from './unit-group-access';

/** Statuses in which a document has not been sent yet and still resolves its groups at sending time. */
const UNSENT = ['draft', 'in_review', 'returned', 'signed', 'numbered', 'sealed'];

/**
 * An admin deletes a group. Refused (UNIT_GROUP_IN_USE) while a document not yet sent names it, since
 * that send would then fail; documents already sent are not affected (their incoming records exist).
 */
export async function deleteUnitGroup(
  ctx: DomainContext,
  input: { readonly groupId: string },
): Promise<void> {
  await ctx.db.transaction(async (m) => {
    const group = await loadGroup(m, ctx.actor, input.groupId, 'manage', { forUpdate: true });
    const using: { id: string }[] = await m.query(
      `SELECT id FROM outgoing_documents WHERE status = ANY($1::text[]) AND recipients @> $2::jsonb LIMIT 5`,
      [UNSENT, JSON.stringify([{ kind: 'group', groupId: group.id }])],
    );
    if (using.length) {
      throw new ExchangeError(
        'UNIT_GROUP_IN_USE',
        {
          vi: 'Nhóm đang được dùng làm nơi nhận của văn bản chưa gửi',
          en: 'The group is a recipient of documents not sent yet',
        },
        { groupId: group.id, documentIds: using.map((u) => u.id) },
      );
    }
    await m.query(`DELETE FROM unit_groups WHERE id = $1`, [group.id]);
    await appendAuditEvent(m, ctx, {
      type: 'UNIT_GROUP_DELETED',
      unitId: group.ownerUnitId,
      payload: { groupId: group.id, name: group.name, members: group.memberCount },
    });
  });
}
