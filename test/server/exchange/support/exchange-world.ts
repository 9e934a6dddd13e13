import pino from 'pino';
import type { DataSource } from 'typeorm';
import { documentJobHandlers } from '../../../../server/jobs/document-job-handlers';
import { startJobWorker } from '../../../../server/jobs/job-worker';
import type { Certificate } from '../../../../signing/pki/certificate';
import type { ObjectStore } from '../../../../storage/objects/object-store';
import { createApiToken } from '../../../../workflows/accounts/create-api-token';
import type { Actor, Clock, Role } from '../../../../workflows/context';
import { assignNumber } from '../../../../workflows/documents/assign-number';
import { createDraft, type DraftInput } from '../../../../workflows/documents/create-draft';
import type { OutgoingDocument } from '../../../../workflows/documents/outgoing-document';
import { recordLeaderSignature } from '../../../../workflows/documents/record-leader-signature';
import { recordSeal } from '../../../../workflows/documents/record-seal';
import { submitForReview } from '../../../../workflows/documents/submit-for-review';
import type { JobOutcome } from '../../../../workflows/exchange/run-job';
import { ctxOf, insertActor } from '../../../workflows/fixtures';
import { seedWorld, type World } from '../../support/world';

/**
 * The HTTP exchange world: seedWorld's small province (the district `own` holds one account per role,
 * `child` is its commune, `other` a sibling district), plus the sender's accounts at the province root
 * (UBND tỉnh) and a clerk and leader at `child` and `other`, each with a bearer token.
 */
export interface ExchangeWorld extends World {
  readonly actors: {
    readonly province: Record<'specialist' | 'leader' | 'clerk' | 'admin', Actor>;
    readonly own: Record<Role, Actor> & { staff: Actor };
    readonly child: Record<'clerk' | 'leader' | 'specialist', Actor>;
    readonly other: Record<'clerk' | 'leader', Actor>;
  };
  /** `authorization` header of an actor. */
  bearer(actor: Actor): Record<string, string>;
}

export async function seedExchangeWorld(db: DataSource, clock: Clock): Promise<ExchangeWorld> {
  const w = await seedWorld(db);
  const roleOf = async (unitId: string, username: string, roles: Role[]) =>
    insertActor(db, unitId, username, roles);
  const ownUsers = {} as Record<Role, Actor> & { staff: Actor };
  for (const role of Object.keys(w.users) as Role[]) {
    ownUsers[role] = {
      userId: w.users[role].id,
      username: w.users[role].username,
      unitId: w.own,
      roles: [role],
    };
  }
  ownUsers.staff = { userId: w.targetUsers.own, username: 'bl.staff', unitId: w.own, roles: ['specialist'] };
  const actors = {
    province: {
      specialist: await roleOf(w.province, 'la.specialist', ['specialist']),
      leader: await roleOf(w.province, 'la.leader', ['leader']),
      clerk: await roleOf(w.province, 'la.clerk', ['clerk']),
      admin: await roleOf(w.province, 'la.admin', ['admin']),
    },
    own: ownUsers,
    child: {
      clerk: await roleOf(w.child, 'tl.clerk', ['clerk']),
      leader: await roleOf(w.child, 'tl.leader', ['leader']),
      specialist: {
        userId: w.targetUsers.child,
        username: 'tl.specialist',
        unitId: w.child,
        roles: ['specialist'] as Role[],
      },
    },
    other: {
      clerk: await roleOf(w.other, 'cd.clerk', ['clerk']),
      leader: await roleOf(w.other, 'cd.leader', ['leader']),
    },
  };
  const tokens = new Map<string, string>();
  const all = [
    ...Object.values(actors.province),
    ...Object.values(actors.own),
    ...Object.values(actors.child),
    ...Object.values(actors.other),
  ];
  for (const a of all) {
    tokens.set(a.userId, (await createApiToken(ctxOf(db, a, clock), { name: `test ${a.username}` })).token);
  }
  return {
    ...w,
    actors,
    bearer: (a) => ({ authorization: `Bearer ${tokens.get(a.userId)!}` }),
  };
}

/**
 * A document of `author`'s unit driven to `sealed` through the domain functions (until the outgoing
 * routes exist), with `pdf` put into the object store as every revision.
 */
export async function sealedDocument(
  db: DataSource,
  objects: ObjectStore,
  clock: Clock,
  by: { specialist: Actor; leader: Actor; clerk: Actor },
  pdf: Buffer,
  draft: Partial<DraftInput> & Pick<DraftInput, 'recipients'>,
  opts: { readonly attachments?: readonly { readonly name: string; readonly bytes: Buffer }[] } = {},
): Promise<OutgoingDocument> {
  const stored = await objects.put(pdf, { contentType: 'application/pdf' });
  const signedAttachments = [];
  for (const a of opts.attachments ?? []) {
    const put = await objects.put(a.bytes, { contentType: 'application/pdf' });
    signedAttachments.push({ name: a.name, sha256: put.sha256, size: put.size });
  }
  const digest = { sha256: stored.sha256, size: stored.size };
  const doc = await createDraft(ctxOf(db, by.specialist, clock), {
    documentType: 'Quyết định',
    notation: 'QĐ-UBND',
    subject: 'Về việc ban hành Quy chế làm việc của Ủy ban nhân dân tỉnh',
    pdf: digest,
    ...draft,
  });
  await submitForReview(ctxOf(db, by.specialist, clock), { documentId: doc.id });
  await recordLeaderSignature(ctxOf(db, by.leader, clock), { documentId: doc.id, signedPdf: digest });
  await assignNumber(ctxOf(db, by.clerk, clock), { documentId: doc.id });
  return recordSeal(ctxOf(db, by.clerk, clock), { documentId: doc.id, sealedPdf: digest, signedAttachments });
}

/** Runs the server's job handlers once over every due job (validation on arrival, notices). */
export async function runJobs(
  db: DataSource,
  objects: ObjectStore,
  clock: Clock,
  anchors: readonly Certificate[],
): Promise<JobOutcome[]> {
  const worker = startJobWorker({
    db,
    clock,
    logger: pino({ level: 'silent' }),
    poll: false,
    handlers: documentJobHandlers({ objects, trustAnchors: async () => anchors }),
  });
  try {
    return await worker.runDue();
  } finally {
    await worker.stop();
  }
}
