import { createHash, randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Actor, Clock } from '../../../workflows/context';
import { assignNumber } from '../../../workflows/documents/assign-number';
import { createDraft, type DraftInput } from '../../../workflows/documents/create-draft';
import type { OutgoingDocument } from '../../../workflows/documents/outgoing-document';
import { recordLeaderSignature } from '../../../workflows/documents/record-leader-signature';
import { recordSeal } from '../../../workflows/documents/record-seal';
import { submitForReview } from '../../../workflows/documents/submit-for-review';
import { ctxOf, insertActor, insertUnit } from '../fixtures';

/** A PDF revision as the object store would know it: SHA-256 and size of some bytes. */
export function pdfDigest(): { sha256: string; size: number } {
  const bytes = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(64)]);
  return { sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length };
}

export interface ProvinceWorld {
  readonly rootId: string;
  readonly communeIds: readonly string[];
  readonly groupId: string;
  readonly root: { specialist: Actor; leader: Actor; clerk: Actor };
  readonly communeA: { clerk: Actor; leader: Actor; specialist: Actor; specialist2: Actor };
  readonly communeB: { clerk: Actor };
}

/**
 * A small generated province: the UBND tỉnh, two districts and `communes` commune committees split
 * between them, a group "Tất cả UBND xã", accounts at the root and at two communes.
 */
export async function generateProvince(db: DataSource, communes = 200): Promise<ProvinceWorld> {
  const rootId = await insertUnit(db, {
    code: '000.00.00.H97',
    name: 'Ủy ban nhân dân tỉnh Thử Nghiệm',
    level: 'province',
  });
  const districts = [
    await insertUnit(db, {
      code: '000.00.10.H97',
      name: 'Ủy ban nhân dân huyện Một',
      level: 'district',
      parentId: rootId,
    }),
    await insertUnit(db, {
      code: '000.00.20.H97',
      name: 'Ủy ban nhân dân huyện Hai',
      level: 'district',
      parentId: rootId,
    }),
  ];
  const rows: { id: string }[] = await db.query(
    `INSERT INTO units (code, name, level, parent_id, valid_from, search_text)
     SELECT lpad(i::text, 3, '0') || '.00.' || (CASE WHEN i % 2 = 0 THEN '10' ELSE '20' END) || '.H97',
            'Ủy ban nhân dân xã Số ' || i, 'commune', CASE WHEN i % 2 = 0 THEN $1::uuid ELSE $2::uuid END,
            '2020-01-01', 'uy ban nhan dan xa so ' || i
     FROM generate_series(1, $3::int) AS i ORDER BY i RETURNING id`,
    [districts[0], districts[1], communes],
  );
  const communeIds = rows.map((r) => r.id);
  const g: { id: string }[] = await db.query(
    `INSERT INTO unit_groups (owner_unit_id, name) VALUES ($1, 'Tất cả UBND xã') RETURNING id`,
    [rootId],
  );
  await db.query(`INSERT INTO unit_group_members (group_id, unit_id) SELECT $1, unnest($2::uuid[])`, [
    g[0]!.id,
    communeIds,
  ]);
  return {
    rootId,
    communeIds,
    groupId: g[0]!.id,
    root: {
      specialist: await insertActor(db, rootId, 'cv.tinh', ['specialist']),
      leader: await insertActor(db, rootId, 'ld.tinh', ['leader']),
      clerk: await insertActor(db, rootId, 'vt.tinh', ['clerk']),
    },
    communeA: {
      clerk: await insertActor(db, communeIds[0]!, 'vt.xa1', ['clerk']),
      leader: await insertActor(db, communeIds[0]!, 'ld.xa1', ['leader']),
      specialist: await insertActor(db, communeIds[0]!, 'cv.xa1', ['specialist']),
      specialist2: await insertActor(db, communeIds[0]!, 'cv2.xa1', ['specialist']),
    },
    communeB: { clerk: await insertActor(db, communeIds[1]!, 'vt.xa2', ['clerk']) },
  };
}

/** Drives a new document of the root unit to `sealed` through every step with the right actors. */
export async function sealedDocument(
  db: DataSource,
  w: ProvinceWorld,
  clock: Clock,
  draft: Partial<DraftInput> & Pick<DraftInput, 'recipients'>,
  opts: { perTypeRegister?: boolean } = {},
): Promise<OutgoingDocument> {
  const doc = await createDraft(ctxOf(db, w.root.specialist, clock), {
    documentType: 'Quyết định',
    notation: 'QĐ-UBND',
    subject: 'Về việc thử nghiệm quy trình văn bản',
    pdf: pdfDigest(),
    ...draft,
  });
  await submitForReview(ctxOf(db, w.root.specialist, clock), { documentId: doc.id });
  await recordLeaderSignature(ctxOf(db, w.root.leader, clock), {
    documentId: doc.id,
    signedPdf: pdfDigest(),
  });
  await assignNumber(ctxOf(db, w.root.clerk, clock), {
    documentId: doc.id,
    perTypeRegister: opts.perTypeRegister,
  });
  return recordSeal(ctxOf(db, w.root.clerk, clock), { documentId: doc.id, sealedPdf: pdfDigest() });
}

export async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    return (e as { code?: string }).code ?? String(e);
  }
  return undefined;
}
