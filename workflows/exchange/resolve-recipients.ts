import type { EntityManager } from 'typeorm';
import { isCodedError } from '../../signing/errors';
import { resolveSuccessor } from '../directory/resolve-successor';
import { DocumentError } from '../documents/document-error';
import type { RecipientSpec } from '../documents/outgoing-document';
import { ExchangeError } from './exchange-error';
import { canReadGroupsOf } from './unit-group-access';

export interface ResolvedRecipients {
  /** One per receiving unit (deduplicated): the unit named (or a group member) and the unit that receives. */
  readonly units: readonly { readonly addressedUnitId: string; readonly recipientUnitId: string }[];
  /** External organisations by QCVN 102:2016 identifier code, for edXML delivery. */
  readonly external: readonly { readonly code: string; readonly name?: string }[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UNIT_CODE = /^[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[GH][0-9]{2}$/;

/**
 * Turns the drafter's recipient list into receiving units on `date` (Vietnam): groups expand to their
 * members (only groups the sending unit may read, else UNIT_GROUP_NOT_FOUND); a unit dissolved or merged before `date` routes to its successor (resolveSuccessor); an unknown
 * unit or group, or a unit that ended without successor, is a clear error naming it. The sender itself is
 * not a recipient. Units are looked up in one query; only ended units take the successor walk.
 */
export async function resolveRecipients(
  m: EntityManager,
  senderUnitId: string,
  specs: readonly RecipientSpec[],
  date: string,
): Promise<ResolvedRecipients> {
  const addressed: string[] = [];
  const external = new Map<string, { code: string; name?: string }>();
  for (const s of specs) {
    if (s.kind === 'unit') {
      if (!UUID.test(s.unitId)) throw unknownRecipient({ unitId: s.unitId });
      addressed.push(s.unitId);
    } else if (s.kind === 'group') {
      const rows: { unit_id: string | null; owner_unit_id: string }[] = UUID.test(s.groupId)
        ? await m.query(
            `SELECT gm.unit_id, g.owner_unit_id FROM unit_groups g LEFT JOIN unit_group_members gm ON gm.group_id = g.id
             WHERE g.id = $1`,
            [s.groupId],
          )
        : [];
      if (rows.length === 0) throw unknownRecipient({ groupId: s.groupId });
      // Only a group the sending unit may read (its own, a unit above's or below's): another unit's group
      // would reveal its members in tracking. Its existence is not confirmed either.
      if (!(await groupReadableByUnit(m, senderUnitId, rows[0]!.owner_unit_id)))
        throw ExchangeError.groupNotFound(s.groupId);
      for (const r of rows) if (r.unit_id) addressed.push(r.unit_id);
    } else if (s.kind === 'external') {
      const code = typeof s.code === 'string' ? s.code.trim() : '';
      if (!UNIT_CODE.test(code)) throw unknownRecipient({ code: s.code });
      external.set(code, { code, ...(s.name ? { name: s.name } : {}) });
    } else {
      throw unknownRecipient({ spec: s as unknown });
    }
  }

  const unique = [...new Set(addressed)];
  const found: { id: string; ended: boolean }[] = unique.length
    ? await m.query(
        `SELECT id, (valid_to IS NOT NULL AND valid_to <= $2::date) AS ended FROM units WHERE id = ANY($1::uuid[])`,
        [unique, date],
      )
    : [];
  const byId = new Map(found.map((u) => [u.id, u.ended]));
  const units = new Map<string, { addressedUnitId: string; recipientUnitId: string }>();
  for (const id of unique) {
    const ended = byId.get(id);
    if (ended === undefined) throw unknownRecipient({ unitId: id });
    let recipientUnitId = id;
    if (ended) {
      try {
        recipientUnitId = (await resolveSuccessor(m, id, date)).id;
      } catch (e) {
        if (isCodedError(e) && e.code === 'UNIT_DISSOLVED') {
          throw new DocumentError(
            'RECIPIENT_DISSOLVED',
            {
              vi: 'Đơn vị nhận đã giải thể và không có đơn vị kế thừa',
              en: 'The recipient unit was dissolved and has no successor',
            },
            { unitId: id },
            e,
          );
        }
        throw e;
      }
    }
    if (recipientUnitId === senderUnitId || units.has(recipientUnitId)) continue;
    units.set(recipientUnitId, { addressedUnitId: id, recipientUnitId });
  }
  return { units: [...units.values()], external: [...external.values()] };
}

/** canReadGroupsOf for the unit itself: the rule depends only on the unit, not the account. */
function groupReadableByUnit(m: EntityManager, unitId: string, ownerUnitId: string): Promise<boolean> {
  return canReadGroupsOf(m, { userId: '', username: '', unitId, roles: [] }, ownerUnitId);
}

function unknownRecipient(details: Record<string, unknown>): DocumentError {
  return new DocumentError(
    'RECIPIENT_UNKNOWN',
    { vi: 'Nơi nhận không tồn tại trong danh bạ', en: 'The recipient does not exist in the directory' },
    details,
  );
}
