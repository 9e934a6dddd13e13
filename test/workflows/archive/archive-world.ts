import { createHash, randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { ObjectStore } from '../../../storage/objects/object-store';
import type { Actor } from '../../../workflows/context';
import { insertActor, insertUnit } from '../fixtures';

/** A province (UBND tỉnh) and one commune with the accounts the archive needs. */
export interface ArchiveWorld {
  readonly rootId: string;
  readonly communeId: string;
  readonly otherCommuneId: string;
  readonly root: { clerk: Actor; archivist: Actor; admin: Actor; leader: Actor };
  readonly commune: {
    specialist: Actor;
    specialist2: Actor;
    leader: Actor;
    archivist: Actor;
    archivist2: Actor;
    clerk: Actor;
  };
  readonly other: { archivist: Actor; specialist: Actor };
}

export async function archiveWorld(db: DataSource, suffix = ''): Promise<ArchiveWorld> {
  const rootId = await insertUnit(db, {
    code: `000.00.00.H9${suffix || '5'}`,
    name: 'Ủy ban nhân dân tỉnh Lưu Trữ',
    level: 'province',
  });
  const communeId = await insertUnit(db, {
    code: `001.00.00.H9${suffix || '5'}`,
    name: 'Ủy ban nhân dân xã Hồ Sơ',
    level: 'commune',
    parentId: rootId,
  });
  const otherCommuneId = await insertUnit(db, {
    code: `002.00.00.H9${suffix || '5'}`,
    name: 'Ủy ban nhân dân xã Bên Cạnh',
    level: 'commune',
    parentId: rootId,
  });
  const u = (unit: string, name: string, roles: Actor['roles'][number][]) =>
    insertActor(db, unit, `${name}${suffix}`, roles);
  return {
    rootId,
    communeId,
    otherCommuneId,
    root: {
      clerk: await u(rootId, 'vt.tinh', ['clerk']),
      archivist: await u(rootId, 'lt.tinh', ['archivist']),
      admin: await u(rootId, 'qt.tinh', ['admin']),
      leader: await u(rootId, 'ld.tinh', ['leader']),
    },
    commune: {
      specialist: await u(communeId, 'cv.xa', ['specialist']),
      specialist2: await u(communeId, 'cv2.xa', ['specialist']),
      leader: await u(communeId, 'ld.xa', ['leader']),
      archivist: await u(communeId, 'lt.xa', ['archivist']),
      archivist2: await u(communeId, 'lt2.xa', ['archivist']),
      clerk: await u(communeId, 'vt.xa', ['clerk']),
    },
    other: {
      archivist: await u(otherCommuneId, 'lt.ben', ['archivist']),
      specialist: await u(otherCommuneId, 'cv.ben', ['specialist']),
    },
  };
}

async function storedPdf(objects: ObjectStore, label: string): Promise<{ sha256: string; size: number }> {
  const bytes = Buffer.concat([
    Buffer.from(`%PDF-1.7\n% ${label}\n`),
    randomBytes(48),
    Buffer.from('\n%%EOF\n'),
  ]);
  const s = await objects.put(bytes, { contentType: 'application/pdf' });
  expectSha(bytes, s.sha256);
  return { sha256: s.sha256, size: s.size };
}

function expectSha(bytes: Buffer, sha256: string): void {
  if (createHash('sha256').update(bytes).digest('hex') !== sha256)
    throw new Error('store hashed differently');
}

let numberSeq = 0;

/**
 * An issued outgoing document of `unitId` (rows written directly: the archive only reads them), with
 * two PDF revisions and an attachment in the object store. `status` other than issued for refusals.
 */
export async function issuedOutgoing(
  db: DataSource,
  objects: ObjectStore,
  o: {
    unitId: string;
    drafter: Actor;
    signer?: Actor;
    issuedOn: string;
    subject?: string;
    status?: string;
    recipients?: string[];
  },
): Promise<{ id: string; pdfSha256: string; revisions: string[]; attachment: string }> {
  const year = Number(o.issuedOn.slice(0, 4));
  const reg: { id: string }[] = await db.query(
    `INSERT INTO registers (unit_id, direction, year, series) VALUES ($1, 'outgoing', $2, 'normal')
     ON CONFLICT (unit_id, direction, year, document_type, series) DO UPDATE SET next_number = registers.next_number RETURNING id`,
    [o.unitId, year],
  );
  const drafted = await storedPdf(objects, 'drafted');
  const sealed = await storedPdf(objects, 'sealed');
  const attachment = await storedPdf(objects, 'attachment');
  const issued = (o.status ?? 'issued') === 'issued';
  const rows: { id: string }[] = await db.query(
    `INSERT INTO outgoing_documents (unit_id, document_type, notation, subject, urgency, status, drafter_user_id,
       signer_user_id, register_id, year, number, issued_on, pdf_sha256, pdf_size, attachments, recipients,
       created_at, updated_at, issued_at)
     VALUES ($1, 'Quyết định', 'QĐ-UBND', $2, 'urgent', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14,
       CASE WHEN $3 = 'issued' THEN $14::timestamptz END) RETURNING id`,
    [
      o.unitId,
      o.subject ?? 'Về việc phê duyệt kế hoạch lưu trữ năm',
      o.status ?? 'issued',
      o.drafter.userId,
      o.signer?.userId ?? null,
      issued ? reg[0]!.id : null,
      issued ? year : null,
      issued ? ++numberSeq : null,
      issued ? o.issuedOn : null,
      sealed.sha256,
      sealed.size,
      JSON.stringify([{ name: 'Phụ lục.pdf', sha256: attachment.sha256, size: attachment.size }]),
      JSON.stringify((o.recipients ?? []).map((unitId) => ({ kind: 'unit', unitId }))),
      new Date(`${o.issuedOn}T02:00:00Z`),
    ],
  );
  const id = rows[0]!.id;
  await db.query(
    `INSERT INTO document_versions (document_id, seq, step, sha256, size, created_at)
     VALUES ($1, 1, 'drafted', $2, $3, now()), ($1, 2, 'sealed', $4, $5, now())`,
    [id, drafted.sha256, drafted.size, sealed.sha256, sealed.size],
  );
  return {
    id,
    pdfSha256: sealed.sha256,
    revisions: [drafted.sha256, sealed.sha256],
    attachment: attachment.sha256,
  };
}

/** A registered incoming document (status 03) of `recipientUnitId`, delivered from an outgoing one. */
export async function registeredIncoming(
  db: DataSource,
  objects: ObjectStore,
  o: { recipientUnitId: string; outgoingId: string; receivedAt: string; statusCode?: string },
): Promise<{ id: string; pdfSha256: string }> {
  const pdf = await storedPdf(objects, 'incoming');
  const registered = (o.statusCode ?? '03') !== '01';
  const rows: { id: string }[] = await db.query(
    `INSERT INTO incoming_documents (recipient_unit_id, addressed_unit_id, outgoing_id, document_type, notation, subject,
       urgency, pdf_sha256, status_code, received_at, registered_at, year, incoming_number)
     VALUES ($1, $1, $2, 'Công văn', '05/UBND-VP', 'Về việc nộp lưu hồ sơ năm 2025', 'normal', $3, $4, $5, $6, $7, $8)
     RETURNING id`,
    [
      o.recipientUnitId,
      o.outgoingId,
      pdf.sha256,
      o.statusCode ?? '03',
      o.receivedAt,
      registered ? o.receivedAt : null,
      registered ? Number(o.receivedAt.slice(0, 4)) : null,
      registered ? ++numberSeq : null,
    ],
  );
  return { id: rows[0]!.id, pdfSha256: pdf.sha256 };
}
