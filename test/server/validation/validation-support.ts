import { createHash } from 'node:crypto';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { startJobWorker, type JobWorker } from '../../../server/jobs/job-worker';
import type { ObjectStore } from '../../../storage/objects/object-store';
import type { Role } from '../../../workflows/context';
import type { TrustSettings } from '../../../workflows/validation/server-trust';
import { validationJobHandlers } from '../../../workflows/validation/validate-batch-file';
import type { ValidationPool } from '../../../workflows/validation/validation-pool';
import type { Clock } from '../../../workflows/context';
import type { TestServer } from '../support/http-client';
import { PASSWORD, type World } from '../support/world';

export const sha256Of = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** A bearer token per role (every account of the world sits in its `own` unit). */
export async function tokensFor(server: TestServer, world: World): Promise<Record<Role, string>> {
  const tokens = {} as Record<Role, string>;
  for (const [role, user] of Object.entries(world.users) as [Role, { username: string }][])
    tokens[role] = await tokenOf(server, user.username);
  return tokens;
}

export async function tokenOf(server: TestServer, username: string): Promise<string> {
  const login = await server.json('POST', '/api/auth/login', { json: { username, password: PASSWORD } });
  if (login.status !== 200) throw new Error(`login ${username}: ${JSON.stringify(login.body)}`);
  const cookie = /vanban_session=[^;]*/.exec(login.headers.get('set-cookie') ?? '')![0];
  const token = await server.json('POST', '/api/tokens', {
    json: { name: `validation tests ${username}` },
    headers: { cookie, 'x-csrf-token': login.body.csrfToken },
  });
  return token.body.token;
}

/** POST a PDF body (raw upload). */
export async function upload(
  server: TestServer,
  path: string,
  token: string,
  pdf: Buffer,
  fileName?: string,
): Promise<{ status: number; body: any }> {
  const res = await server.fetch(path, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/pdf',
      ...(fileName ? { 'x-file-name': encodeURIComponent(fileName) } : {}),
    },
    body: pdf as unknown as BodyInit,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** Another account, in any unit (for the units the world's own accounts are not in). */
export async function userIn(db: DataSource, unitId: string, username: string, roles: Role[]): Promise<void> {
  const [{ password_hash }]: { password_hash: string }[] = await db.query(
    `SELECT password_hash FROM users WHERE username = 'bl.auditor'`,
  );
  await db.query(
    `INSERT INTO users (username, full_name, unit_id, roles, password_hash) VALUES ($1, $2, $3, $4::text[], $5)`,
    [username, `Người dùng ${username}`, unitId, roles, password_hash],
  );
}

/** An incoming record (from an external sender) of `unitId` holding the PDF, which goes to the object store. */
export async function storeIncoming(
  db: DataSource,
  objects: ObjectStore,
  unitId: string,
  pdf: Buffer,
  n: number,
): Promise<string> {
  const stored = await objects.put(pdf, { contentType: 'application/pdf' });
  await db.query(
    `INSERT INTO incoming_documents (recipient_unit_id, addressed_unit_id, external_sender_code, external_document_id,
       document_type, notation, subject, urgency, pdf_sha256, received_at)
     VALUES ($1, $1, '000.00.00.G01', $2, 'Quyết định', $3, 'Về việc ban hành quy chế', 'normal', $4, now())`,
    // Numbers below 10 are stored as Decree 30 writes them (01/QĐ-UBND), as every arrival is.
    [unitId, `ext-${n}`, `${String(n).padStart(2, '0')}/QĐ-UBND`, stored.sha256],
  );
  return stored.sha256;
}

/** An outgoing document of `unitId` (drafted by `drafterId`) whose PDF is `pdf`. */
export async function storeOutgoing(
  db: DataSource,
  objects: ObjectStore,
  unitId: string,
  drafterId: string,
  pdf: Buffer,
): Promise<string> {
  const stored = await objects.put(pdf, { contentType: 'application/pdf' });
  await db.query(
    `INSERT INTO outgoing_documents (unit_id, document_type, notation, subject, drafter_user_id, pdf_sha256, pdf_size,
       created_at, updated_at)
     VALUES ($1, 'Công văn', 'UBND-VP', 'Về việc kiểm tra chữ ký', $2, $3, $4, now(), now())`,
    [unitId, drafterId, stored.sha256, stored.size],
  );
  return stored.sha256;
}

/** The job worker of the server for the validation jobs, run on demand (`runDue`). */
export function validationWorker(
  db: DataSource,
  clock: Clock,
  deps: { objects: ObjectStore; pool: ValidationPool; trust: TrustSettings },
): JobWorker {
  return startJobWorker({
    db,
    clock,
    logger: pino({ level: 'silent' }),
    handlers: validationJobHandlers(deps),
    poll: false,
  });
}
