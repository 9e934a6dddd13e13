import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { DevTimestampClient } from '../../signing/pki/dev-timestamp-client';
import type { KeySpec } from '../../signing/pki/generate-key-pair';
import type { ObjectStore } from '../../storage/objects/object-store';
import type { Actor, Clock, DomainContext, Role } from '../context';
import { DEMO_PROVINCE_CODE } from '../directory/seed-demo-province';
import { vietnamDate } from '../directory/vietnam-date';
import { assignNumber } from '../documents/assign-number';
import { createDraft } from '../documents/create-draft';
import { numberAndSeal } from '../documents/number-and-seal';
import { signAsLeader } from '../documents/sign-as-leader';
import type { PdfDigest } from '../documents/pdf-digest';
import { recordLeaderSignature } from '../documents/record-leader-signature';
import { recordSeal } from '../documents/record-seal';
import { submitForReview } from '../documents/submit-for-review';
import { assignIncoming } from '../exchange/assign-incoming';
import { completeIncoming } from '../exchange/complete-incoming';
import { forwardForAssignment } from '../exchange/forward-for-assignment';
import { refuseIncoming } from '../exchange/refuse-incoming';
import { registerIncoming } from '../exchange/register-incoming';
import { sendDocument } from '../exchange/send-document';
import { deactivateSigningCredential } from '../signing/deactivate-signing-credential';
import { issueDevCredential } from '../signing/issue-dev-credential';
import type { SigningServices } from '../signing/signing-services';

/**
 * How many outgoing documents a demo history issues, per report level, and how many of them leave
 * without the organisation's seal (the province's published Q1/2024 figures: 33.545 of 33.557 signed at
 * province and district level, 99,92 % at commune level).
 */
export interface DemoScale {
  readonly provinceDistrict: number;
  readonly provinceDistrictUnsealed: number;
  readonly commune: number;
  readonly communeUnsealed: number;
}

export const DEMO_SCALES: Record<'full' | 'small' | 'startup', DemoScale> = {
  /** Q1/2024 as published: 33.557 / 33.545 at province and district level; 12.490 / 12.500 = 99,92 % commune. */
  full: { provinceDistrict: 33_557, provinceDistrictUnsealed: 12, commune: 12_500, communeUnsealed: 10 },
  /** 1 % of it, rounded so that the commune rate is still 99,2 %-ish and every kind of document occurs. */
  small: { provinceDistrict: 336, provinceDistrictUnsealed: 1, commune: 125, communeUnsealed: 1 },
  /** What `npm start` seeds once over the last months so that the first dashboard is not empty. */
  startup: { provinceDistrict: 120, provinceDistrictUnsealed: 1, commune: 60, communeUnsealed: 1 },
};

export interface DemoHistoryOptions {
  readonly scale: DemoScale;
  /**
   * Where every PDF the history records is put first (content-addressed), so that no row names an
   * object the store does not have: the PDF preview, search text, fixity and backup read them.
   */
  readonly objects: ObjectStore;
  /** First day (Vietnam) and the day after the last, e.g. 2024-01-01 and 2024-04-01. */
  readonly from: string;
  readonly to: string;
  /** Deterministic: the same history on every machine for the same seed. */
  readonly seed?: number;
  /** Progress lines (every 500 documents). */
  readonly log?: (line: string) => void;
  /** Nothing happens after this moment: a completion due later is left open (assigned, in hand). */
  readonly notAfter?: Date;
  /**
   * The server's signing services with the development CA (`dev`): the leader signs and the clerk
   * numbers and seals through the signing engine (signAsLeader, numberAndSeal: real PAdES signatures,
   * incremental updates), timestamped and checked for revocation at each step's moment. Without them
   * (or without `dev`) the steps record the digests of unsigned PDFs, as for an external signer.
   */
  readonly signing?: SigningServices;
  /** Key type of the demo credentials issued for the history (default ECDSA P-256; the bench compares). */
  readonly credentialKey?: KeySpec;
}

/** What was generated: the figures the report of the period must show. */
export interface DemoHistoryResult {
  readonly provinceDistrict: { readonly outgoing: number; readonly sealed: number };
  readonly commune: { readonly outgoing: number; readonly sealed: number };
  readonly received: number;
  readonly registered: number;
  readonly refused: number;
  readonly completed: number;
  readonly early: number;
  readonly onTime: number;
  readonly late: number;
  readonly ms: number;
  /** Time spent in the signing steps (signAsLeader + numberAndSeal), when the documents are signed. */
  readonly signing: { readonly signed: boolean; readonly documents: number; readonly ms: number };
}

/** Thrown when the demo province is missing (seed it first: `npm start` or seedDemoProvince). */
export class DemoHistoryError extends Error {
  constructor(
    message: string,
    readonly code: 'DEMO_PROVINCE_MISSING' | 'DEMO_PKI_TOO_RECENT' = 'DEMO_PROVINCE_MISSING',
  ) {
    super(message);
  }
}

interface UnitActors {
  readonly unitId: string;
  readonly parentId: string | null;
  readonly level: 'province' | 'district' | 'commune';
  readonly specialist: Actor;
  readonly leader: Actor;
  readonly clerk: Actor;
}

const DAY = 86_400_000;
const SUBJECTS = [
  'Về việc triển khai kế hoạch cải cách hành chính năm 2024',
  'Về việc báo cáo kết quả chuyển đổi số quý I',
  'Về việc tăng cường ứng dụng chữ ký số trong hoạt động của cơ quan nhà nước',
  'Về việc tổ chức Hội nghị sơ kết công tác văn thư, lưu trữ',
  'Về việc phòng, chống hạn hán, xâm nhập mặn mùa khô',
  'Về việc rà soát, cập nhật thủ tục hành chính trên Cổng dịch vụ công',
  'Về việc đôn đốc thu ngân sách nhà nước',
  'Về việc bảo đảm an toàn thông tin mạng',
];
const TYPES: readonly [type: string, notation: string][] = [
  ['Công văn', 'UBND-VP'],
  ['Quyết định', 'QĐ-UBND'],
  ['Kế hoạch', 'KH-UBND'],
  ['Báo cáo', 'BC-UBND'],
  ['Thông báo', 'TB-UBND'],
];

/** Deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A real, minimal PDF 1.7 (one page with the subject in its content stream) and its digest. */
export function demoPdf(text: string): { bytes: Buffer; digest: PdfDigest } {
  const safe = text
    .normalize('NFD')
    .replace(/[^\x20-\x7e]/g, '')
    .replace(/[()\\]/g, '');
  const stream = `BT /F1 12 Tf 72 770 Td (${safe}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.7\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) body += `${String(off).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  const bytes = Buffer.from(body, 'latin1');
  return { bytes, digest: { sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length } };
}

/** Which of `count` documents are sealed: all but `unsealed`, those spread evenly over the period. */
export function planSealing(count: number, unsealed: number): boolean[] {
  const stride = Math.max(1, Math.floor(count / Math.max(1, unsealed)));
  return Array.from(
    { length: count },
    (_, i) => !(unsealed > 0 && i % stride === stride - 1 && i < stride * unsealed),
  );
}

/** A clock the generator sets before each step. */
class StepClock implements Clock {
  t = new Date(0);
  now(): Date {
    return new Date(this.t.getTime());
  }
}

async function loadActors(db: DataSource): Promise<UnitActors[]> {
  const rows: {
    id: string;
    parent_id: string | null;
    level: UnitActors['level'];
    role: Role;
    user_id: string;
    username: string;
  }[] = await db.query(
    `WITH RECURSIVE tree AS (
       SELECT id, parent_id, level FROM units WHERE code = $1
       UNION ALL SELECT u.id, u.parent_id, u.level FROM units u JOIN tree t ON u.parent_id = t.id)
     SELECT t.id, t.parent_id, t.level, r.role, x.id AS user_id, x.username
       FROM tree t CROSS JOIN unnest(ARRAY['specialist', 'leader', 'clerk']) AS r(role)
       JOIN LATERAL (SELECT id, username FROM users
                      WHERE unit_id = t.id AND active AND r.role = ANY(roles) ORDER BY username LIMIT 1) x ON true
      ORDER BY t.id`,
    [DEMO_PROVINCE_CODE],
  );
  const byUnit = new Map<string, Partial<Record<Role, Actor>> & { row: (typeof rows)[number] }>();
  for (const r of rows) {
    const e = byUnit.get(r.id) ?? { row: r };
    e[r.role] = { userId: r.user_id, username: r.username, unitId: r.id, roles: [r.role] };
    byUnit.set(r.id, e);
  }
  const out: UnitActors[] = [];
  for (const e of byUnit.values()) {
    if (!e.specialist || !e.leader || !e.clerk) continue;
    out.push({
      unitId: e.row.id,
      parentId: e.row.parent_id,
      level: e.row.level,
      specialist: e.specialist,
      leader: e.leader,
      clerk: e.clerk,
    });
  }
  return out;
}

/** Working days (Mon–Fri) from `from` to the day before `to`, Vietnam dates. */
function workingDays(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t < Date.parse(`${to}T00:00:00Z`); t += DAY) {
    const d = new Date(t);
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) days.push(d.toISOString().slice(0, 10));
  }
  return days;
}

const at = (day: string, minutes: number) =>
  new Date(`${day}T08:00:00+07:00`).getTime() + Math.floor(minutes) * 60_000;

/**
 * Generates the demo province's history for a period through the domain functions, as the people of the
 * units would: a specialist drafts (a real small PDF), submits, the leader signs, the clerk numbers and
 * seals and sends; each recipient's clerk registers (or refuses) the arrival, forwards it, a leader
 * assigns it with a deadline and a specialist completes it early, on time or late. Every step runs with
 * the clock set to its moment in the period, so the rollups and the report see the history as it
 * happened.
 *
 * The domain never lets an electronic document leave without the organisation's seal; the published
 * figures have a few (12 of 33.557). Those are issued through the same chain and then marked as sent
 * without the seal (`sealed_at` cleared), the one step not taken through a domain function.
 */
export async function generateDemoHistory(db: DataSource, o: DemoHistoryOptions): Promise<DemoHistoryResult> {
  const started = Date.now();
  const rand = prng(o.seed ?? 2024);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const actors = await loadActors(db);
  if (actors.length === 0)
    throw new DemoHistoryError('The demo province is not seeded (DEMO_PROVINCE_CODE missing)');
  const upper = actors.filter((a) => a.level !== 'commune');
  const communes = actors.filter((a) => a.level === 'commune');
  const byId = new Map(actors.map((a) => [a.unitId, a]));
  const days = workingDays(o.from, o.to);
  if (days.length === 0) throw new DemoHistoryError(`No working day in ${o.from}..${o.to}`);
  const clock = new StepClock();
  // Every digest the rows will name is stored before the step that records it.
  const stored = async (text: string): Promise<PdfDigest> => {
    const pdf = demoPdf(text);
    await o.objects.put(pdf.bytes, { contentType: 'application/pdf' });
    return pdf.digest;
  };
  const ctx = (actor: Actor): DomainContext => ({
    db,
    clock,
    actor,
    requestMetadata: { userAgent: 'vanban demo history', requestId: 'demo-history' },
  });
  const totals = {
    received: 0,
    registered: 0,
    refused: 0,
    completed: 0,
    early: 0,
    onTime: 0,
    late: 0,
  };
  const plan: { issuer: UnitActors; sealed: boolean; level: 'pd' | 'c' }[] = [];
  const addPlan = (count: number, unsealed: number, from: UnitActors[], level: 'pd' | 'c') => {
    for (const sealed of planSealing(count, unsealed)) plan.push({ issuer: pick(from), sealed, level });
  };
  addPlan(o.scale.provinceDistrict, o.scale.provinceDistrictUnsealed, upper, 'pd');
  addPlan(o.scale.commune, o.scale.communeUnsealed, communes, 'c');
  // Documents in time order across the period, levels interleaved.
  const slots = plan.map((p, i) => ({ p, day: days[Math.floor((i * days.length) / plan.length)]! }));
  slots.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));

  const signer = o.signing?.dev
    ? await demoSigner(db, o.signing, clock, o.from, o.credentialKey ?? DEMO_KEY)
    : undefined;
  let signingMs = 0;
  const unsealedIds: string[] = [];
  let n = 0;
  for (const { p, day } of slots) {
    n++;
    const u = p.issuer;
    // Recipients: a commune writes to its district; the others to one or two other units.
    const recipients =
      u.level === 'commune' && u.parentId && byId.has(u.parentId)
        ? [u.parentId]
        : [...new Set([pick(upper).unitId, pick(communes).unitId])].filter((id) => id !== u.unitId);
    if (recipients.length === 0) recipients.push(communes[0]!.unitId);
    const [type, notation] = pick(TYPES);
    const subject = pick(SUBJECTS);
    let minute = rand() * 240;
    clock.t = new Date(at(day, minute));
    const draft = await createDraft(ctx(u.specialist), {
      documentType: type,
      notation,
      subject,
      recipients: recipients.map((unitId) => ({ kind: 'unit' as const, unitId })),
      pdf: await stored(`${type} ${subject} ${n}`),
    });
    clock.t = new Date(at(day, (minute += 20)));
    await submitForReview(ctx(u.specialist), { documentId: draft.id });
    clock.t = new Date(at(day, (minute += 60)));
    if (signer) {
      const credentials = await signer.credentialsOf(u);
      const t0 = performance.now();
      await signAsLeader(ctx(u.leader), signer.services, {
        documentId: draft.id,
        credentialId: credentials.leader,
        pin: signer.pin,
      });
      clock.t = new Date(at(day, (minute += 30)));
      await numberAndSeal(ctx(u.clerk), signer.services, {
        documentId: draft.id,
        credentialId: credentials.seal,
        pin: signer.pin,
      });
      signingMs += performance.now() - t0;
    } else {
      await recordLeaderSignature(ctx(u.leader), {
        documentId: draft.id,
        signedPdf: await stored(`${type} ${subject} ${n} signed`),
      });
      clock.t = new Date(at(day, (minute += 30)));
      await assignNumber(ctx(u.clerk), { documentId: draft.id });
      await recordSeal(ctx(u.clerk), {
        documentId: draft.id,
        sealedPdf: await stored(`${type} ${subject} ${n} sealed`),
      });
    }
    clock.t = new Date(at(day, minute + 10));
    await sendDocument(ctx(u.clerk), { documentId: draft.id });
    if (!p.sealed) unsealedIds.push(draft.id);

    const arrived: { id: string; recipient_unit_id: string }[] = await db.query(
      `SELECT id, recipient_unit_id FROM incoming_documents WHERE outgoing_id = $1 ORDER BY recipient_unit_id`,
      [draft.id],
    );
    for (const inc of arrived) {
      const r = byId.get(inc.recipient_unit_id);
      if (!r) continue;
      totals.received++;
      let t = clock.t.getTime() + (30 + rand() * 120) * 60_000;
      clock.t = new Date(t);
      if (rand() < 0.01) {
        await refuseIncoming(ctx(r.clerk), { incomingId: inc.id, reason: 'Gửi nhầm đơn vị' });
        totals.refused++;
        continue;
      }
      await registerIncoming(ctx(r.clerk), { incomingId: inc.id });
      totals.registered++;
      await forwardForAssignment(ctx(r.clerk), { incomingId: inc.id });
      clock.t = new Date((t += 60 * 60_000));
      const deadlineDays = 5 + Math.floor(rand() * 10);
      const deadline = vietnamDate(new Date(t + deadlineDays * DAY));
      await assignIncoming(ctx(r.leader), {
        incomingId: inc.id,
        leadUserId: r.specialist.userId,
        deadline,
        instruction: 'Đề nghị nghiên cứu, tham mưu xử lý',
      });
      // Early 55 %, on time 44 %, late under 1 % (the published shares).
      const x = rand();
      const dueMorning = new Date(`${deadline}T09:00:00+07:00`).getTime();
      let done: number;
      if (x < 0.555) {
        done = Math.max(t + 3_600_000, dueMorning - (1 + Math.floor(rand() * (deadlineDays - 1))) * DAY);
        if (vietnamDate(new Date(done)) >= deadline) done = dueMorning;
      } else if (x < 0.996) done = dueMorning + rand() * 6 * 3_600_000;
      else done = dueMorning + (1 + Math.floor(rand() * 3)) * DAY;
      if (o.notAfter && done > o.notAfter.getTime()) continue;
      clock.t = new Date(done);
      const doneDay = vietnamDate(clock.t);
      await completeIncoming(ctx(r.specialist), { incomingId: inc.id, note: 'Đã xử lý xong' });
      totals.completed++;
      if (doneDay < deadline) totals.early++;
      else if (doneDay === deadline) totals.onTime++;
      else totals.late++;
    }
    if (n % 500 === 0) o.log?.(`${n}/${slots.length} văn bản / documents, ${Date.now() - started} ms`);
  }
  if (unsealedIds.length) {
    // See above: sent without the organisation's seal (the rollup triggers take the change).
    await db.query(`UPDATE outgoing_documents SET sealed_at = NULL WHERE id = ANY($1::uuid[])`, [
      unsealedIds,
    ]);
  }
  const count = (level: 'pd' | 'c') => plan.filter((p) => p.level === level);
  return {
    provinceDistrict: {
      outgoing: count('pd').length,
      sealed: count('pd').filter((p) => p.sealed).length,
    },
    commune: { outgoing: count('c').length, sealed: count('c').filter((p) => p.sealed).length },
    ...totals,
    ms: Date.now() - started,
    signing: {
      signed: signer !== undefined,
      documents: signer ? slots.length : 0,
      ms: Math.round(signingMs),
    },
  };
}

/**
 * Key type of the demo credentials: ECDSA P-256. RSA-2048 key generation took ≈ 0,27 s a key on the shared
 * machine — 40 % of a small run, which issues ≈ 450 credentials for 461 documents (profiled).
 */
const DEMO_KEY: KeySpec = 'ec-p256';

/** The signing services of the history and the demo credentials, issued on first use per leader and unit. */
interface DemoSigner {
  readonly services: SigningServices;
  readonly pin: string;
  credentialsOf(u: UnitActors): Promise<{ leader: string; seal: string }>;
}

/**
 * Signing through the development CA at past moments: its certificates (root, issuing CA, TSA, OCSP)
 * must already be valid at the history's start (a PKI created with `validFrom`, see
 * createSigningServices), else DEMO_PKI_TOO_RECENT. Timestamps and revocation data are taken at each
 * step's moment (the step clock), not the server's. Each leader and each unit gets one development
 * credential valid from the day before the history's start (reused for every document); an existing one
 * that starts later is deactivated (by the province's admin, audited) and replaced.
 */
async function demoSigner(
  db: DataSource,
  signing: SigningServices,
  clock: StepClock,
  from: string,
  keySpec: KeySpec,
): Promise<DemoSigner> {
  const dev = signing.dev!;
  const validFrom = new Date(Date.parse(`${from}T00:00:00+07:00`) - DAY);
  const pki = dev.pki;
  for (const id of [pki.root, pki.issuingCa, pki.tsa, pki.ocsp]) {
    if (id.certificate.notBefore.getTime() > validFrom.getTime())
      throw new DemoHistoryError(
        `The development PKI starts at ${id.certificate.notBefore.toISOString()} (${id.certificate.commonName}), ` +
          `after the history's start ${from}: its signatures would not validate. Use a new DATA_DIR ` +
          `(the server creates its PKI valid from five years back).`,
        'DEMO_PKI_TOO_RECENT',
      );
  }
  const services: SigningServices = {
    ...signing,
    timestampClient: new DevTimestampClient(pki.timestampAuthority, () => clock.now()),
    revocationData: dev.revocationData(),
    // The demo PDFs are the generator's own: no isolated pre-check per step.
    checkInput: undefined,
  };
  await dev.syncRevocations();
  const [admin]: { id: string; username: string; unit_id: string }[] = await db.query(
    `SELECT x.id, x.username, x.unit_id FROM users x JOIN units u ON u.id = x.unit_id
      WHERE u.code = $1 AND 'admin' = ANY(x.roles) AND x.active ORDER BY x.username LIMIT 1`,
    [DEMO_PROVINCE_CODE],
  );
  // Credentials are issued at the real time (their end is two years from now), backdated to validFrom.
  const realClock: Clock = { now: () => new Date() };
  const meta = { userAgent: 'vanban demo history', requestId: 'demo-history' };
  const credential = async (actor: Actor, owner: { userId: string } | { unitId: string }) => {
    const c = { db, clock: realClock, actor, requestMetadata: meta };
    let cred = await issueDevCredential(c, services, owner, { validFrom, keySpec });
    if (cred.notBefore.getTime() > validFrom.getTime()) {
      if (!admin) throw new DemoHistoryError('The demo province has no admin', 'DEMO_PROVINCE_MISSING');
      const adminActor: Actor = {
        userId: admin.id,
        username: admin.username,
        unitId: admin.unit_id,
        roles: ['admin'],
      };
      await deactivateSigningCredential({ ...c, actor: adminActor }, { credentialId: cred.id });
      cred = await issueDevCredential(c, services, owner, { validFrom, keySpec });
    }
    return cred.id;
  };
  const cache = new Map<string, Promise<{ leader: string; seal: string }>>();
  return {
    services,
    pin: dev.pin,
    credentialsOf: (u) => {
      let p = cache.get(u.unitId);
      if (!p) {
        p = (async () => ({
          leader: await credential(u.leader, { userId: u.leader.userId }),
          seal: await credential(u.clerk, { unitId: u.unitId }),
        }))();
        cache.set(u.unitId, p);
      }
      return p;
    },
  };
}

/** `2024Q1` → its first day and the first day after it. */
export function quarterRange(key: string): { from: string; to: string } {
  const m = /^(\d{4})Q([1-4])$/.exec(key);
  if (!m) throw new DemoHistoryError(`Quarter must look like 2024Q1, not ${key}`);
  const y = Number(m[1]);
  const q = Number(m[2]);
  const month = (q - 1) * 3 + 1;
  const from = `${y}-${String(month).padStart(2, '0')}-01`;
  const to = q === 4 ? `${y + 1}-01-01` : `${y}-${String(month + 3).padStart(2, '0')}-01`;
  return { from, to };
}

/** The advisory lock key of the start-up seed (one seeding server at a time per database). */
const SEED_LOCK = 'vanban:demo-history:seed';

/**
 * The start-up seed: a small history over the three months before today, once (nothing when the demo
 * province already has an outgoing document). Several servers starting together on one empty database
 * seed it once: the seed holds a PostgreSQL session advisory lock; a server that cannot take it returns
 * at once (another one is seeding). Returns null when it did nothing.
 */
export async function seedRecentDemoHistory(
  db: DataSource,
  options: { clock: Clock; objects: ObjectStore; signing?: SigningServices; log?: (line: string) => void },
): Promise<DemoHistoryResult | null> {
  const lock = db.createQueryRunner();
  await lock.connect();
  try {
    const [{ got }]: { got: boolean }[] = await lock.query(
      `SELECT pg_try_advisory_lock(hashtext($1)) AS got`,
      [SEED_LOCK],
    );
    if (!got) return null;
    try {
      const has: unknown[] = await db.query(
        `SELECT 1 FROM outgoing_documents d JOIN units u ON u.id = d.unit_id
          WHERE u.code LIKE '%.H99' LIMIT 1`,
      );
      if (has.length) return null;
      const today = vietnamDate(options.clock.now());
      const from = new Date(Date.parse(`${today}T00:00:00Z`) - 90 * DAY).toISOString().slice(0, 10);
      return await generateDemoHistory(db, {
        scale: DEMO_SCALES.startup,
        from,
        to: today,
        objects: options.objects,
        notAfter: options.clock.now(),
        ...(options.signing ? { signing: options.signing } : {}),
        ...(options.log ? { log: options.log } : {}),
      });
    } finally {
      await lock.query(`SELECT pg_advisory_unlock(hashtext($1))`, [SEED_LOCK]);
    }
  } finally {
    await lock.release();
  }
}
