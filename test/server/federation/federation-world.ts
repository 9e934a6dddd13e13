import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { createApp } from '../../../server/app';
import { edxmlJobHandlers } from '../../../server/jobs/edxml-job-handlers';
import { startJobWorker, type JobWorker } from '../../../server/jobs/job-worker';
import { signPdf } from '../../../signing/sign/sign-pdf';
import { createObjectStore } from '../../../storage/objects/create-object-store';
import type { ObjectStore } from '../../../storage/objects/object-store';
import { createApiToken } from '../../../workflows/accounts/create-api-token';
import type { Actor } from '../../../workflows/context';
import { assignNumber } from '../../../workflows/documents/assign-number';
import { createDraft } from '../../../workflows/documents/create-draft';
import type {
  OutgoingDocument,
  RecipientSpec,
  Urgency,
} from '../../../workflows/documents/outgoing-document';
import { recordLeaderSignature } from '../../../workflows/documents/record-leader-signature';
import { recordSeal } from '../../../workflows/documents/record-seal';
import { submitForReview } from '../../../workflows/documents/submit-for-review';
import { sendDocument } from '../../../workflows/exchange/send-document';
import { createPeer } from '../../../workflows/federation/create-peer';
import type { FederationDeps } from '../../../workflows/federation/federation-deps';
import { httpsPeerTransport } from '../../../workflows/federation/peer-transport';
import { testPki } from '../../signing/pki/dev-pki-fixture';
import { a4Draft, CORPUS, SEAL_TIME, signers } from '../../signing/sign/sign-fixture';
import { createTestDatabase, type TestDatabase } from '../../support/postgres';
import {
  EDXML_TIME,
  systemIdentity,
  type SystemIdentity,
} from '../../workflows/exchange/edxml/edxml-fixture';
import { ctxOf, FixedClock, insertActor, insertUnit } from '../../workflows/fixtures';
import { tlsTestPki, type TlsIdentity } from './tls-test-pki';

export const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

export interface HttpAnswer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: any;
  readonly raw: Buffer;
}

/** One province's VanBan server on loopback HTTPS, with its own database, object store and worker. */
export class Province {
  server?: https.Server;
  port = 0;
  private tokens = new Map<string, string>();

  constructor(
    readonly label: string,
    readonly tdb: TestDatabase,
    readonly objects: ObjectStore,
    readonly identity: SystemIdentity,
    readonly tls: TlsIdentity,
    readonly caPem: string,
    readonly clock: FixedClock,
    readonly deps: FederationDeps,
    readonly app: ReturnType<typeof createApp>,
    readonly worker: JobWorker,
    readonly units: {
      readonly root: string;
      readonly unit: string;
      readonly unitCode: string;
      readonly rootCode: string;
    },
    readonly actors: { clerk: Actor; leader: Actor; specialist: Actor; admin: Actor },
    private readonly dir: string,
  ) {}

  get db(): DataSource {
    return this.tdb.db;
  }
  get baseUrl(): string {
    return `https://127.0.0.1:${this.port}`;
  }
  ctx(actor: Actor) {
    return ctxOf(this.db, actor, this.clock);
  }

  /** Listens on 127.0.0.1 (the same port again after a stop, so the peer configuration stays right). */
  async start(): Promise<void> {
    const s = https.createServer({ key: this.tls.keyPem, cert: this.tls.certPem }, this.app);
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server = s;
    this.port = (s.address() as AddressInfo).port;
  }

  /** The server goes away: connections refused until start(). */
  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  async close(): Promise<void> {
    await this.worker.stop();
    await this.stop();
    await this.objects.close();
    await this.tdb.drop();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  async token(actor: Actor): Promise<string> {
    let t = this.tokens.get(actor.userId);
    if (!t) {
      t = (await createApiToken(this.ctx(actor), { name: 'kiểm thử liên thông' })).token;
      this.tokens.set(actor.userId, t);
    }
    return t;
  }

  /** An HTTPS request to this server, trusting the loopback CA; `as` signs in with a bearer token. */
  async request(
    method: string,
    urlPath: string,
    o: { as?: Actor; body?: Buffer | string; contentType?: string } = {},
  ): Promise<HttpAnswer> {
    const headers: Record<string, string> = {};
    if (o.as) headers.authorization = `Bearer ${await this.token(o.as)}`;
    if (o.body !== undefined) headers['content-type'] = o.contentType ?? 'application/xml';
    return httpsRequest(`${this.baseUrl}${urlPath}`, { method, headers, body: o.body, ca: this.caPem });
  }

  /** Runs the due jobs of this server's worker once (deterministic: no polling, no sleeping). */
  runJobs() {
    return this.worker.runDue();
  }
}

export function httpsRequest(
  url: string,
  o: { method: string; headers?: Record<string, string>; body?: Buffer | string; ca?: string },
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const lib = u.protocol === 'https:' ? https : http;
    const req = lib.request(
      u,
      { method: o.method, headers: o.headers, agent: false, ...(o.ca ? { ca: o.ca } : {}) },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const raw = Buffer.concat(chunks);
          let body: unknown = raw.toString('utf8');
          try {
            body = JSON.parse(body as string);
          } catch {
            /* not JSON */
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, raw });
        });
      },
    );
    req.on('error', reject);
    req.end(o.body);
  });
}

async function province(
  label: string,
  p: { rootCode: string; rootName: string; unitCode: string; unitName: string },
  identity: SystemIdentity,
  tls: TlsIdentity,
  caPem: string,
  clock: FixedClock,
): Promise<Province> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `vanban-fed-${label}-`));
  const tdb = await createTestDatabase();
  const objects = await createObjectStore({ kind: 'local', root: path.join(dir, 'objects') });
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const deps: FederationDeps = {
    objects,
    signer: async () => identity.signer,
    transport: httpsPeerTransport({ timeoutMs: 15_000 }),
  };
  const app = createApp({
    db: tdb.db,
    objects,
    clock,
    logger,
    config: {
      bodyLimitBytes: 1024 * 1024,
      trustProxy: false,
      cookieSecure: true,
      devMode: false,
      mode: 'production',
    },
    federation: {
      signer: deps.signer,
      transport: deps.transport,
      maxBytes: 20 * 1024 * 1024,
      inboxRequiresTls: true,
      inboxConcurrency: 4,
    },
  });
  const worker = startJobWorker({ db: tdb.db, clock, logger, handlers: edxmlJobHandlers(deps), poll: false });
  const root = await insertUnit(tdb.db, { code: p.rootCode, name: p.rootName, level: 'province' });
  const unit =
    p.unitCode === p.rootCode
      ? root
      : await insertUnit(tdb.db, { code: p.unitCode, name: p.unitName, level: 'district', parentId: root });
  const prefix = label.toLowerCase();
  const actors = {
    clerk: await insertActor(tdb.db, unit, `${prefix}.vanthu`, ['clerk']),
    leader: await insertActor(tdb.db, unit, `${prefix}.lanhdao`, ['leader']),
    specialist: await insertActor(tdb.db, unit, `${prefix}.chuyenvien`, ['specialist']),
    admin: await insertActor(tdb.db, root, `${prefix}.quantri`, ['admin']),
  };
  await tdb.db.query(`UPDATE users SET full_name = $2, title = $3 WHERE id = $1`, [
    actors.leader.userId,
    label === 'A' ? 'Nguyễn Văn An' : 'Trần Văn Bình',
    'Chủ tịch',
  ]);
  const prov = new Province(
    label,
    tdb,
    objects,
    identity,
    tls,
    caPem,
    clock,
    deps,
    app,
    worker,
    { root, unit, unitCode: p.unitCode, rootCode: p.rootCode },
    actors,
    dir,
  );
  await prov.start();
  return prov;
}

/**
 * Province A (Tỉnh Thử Nghiệm, H97: the UBND tỉnh issues) and province B (Tỉnh Hai, H98: the UBND huyện
 * Một receives), each configured as the other's peer: organisation patterns, HTTPS base URL, the other's
 * XML-signing certificate, and the loopback CA for TLS. One clock for both, moved by the test.
 */
export async function twoProvinces(): Promise<{ a: Province; b: Province; clock: FixedClock }> {
  const clock = new FixedClock(EDXML_TIME);
  const tls = tlsTestPki();
  const a = await province(
    'A',
    {
      rootCode: '000.00.00.H97',
      rootName: 'Ủy ban nhân dân tỉnh Thử Nghiệm',
      unitCode: '000.00.00.H97',
      unitName: 'Ủy ban nhân dân tỉnh Thử Nghiệm',
    },
    systemIdentity('Ủy ban nhân dân tỉnh Thử Nghiệm'),
    tls.server('vanban.h97.test'),
    tls.caPem,
    clock,
  );
  const b = await province(
    'B',
    {
      rootCode: '000.00.00.H98',
      rootName: 'Ủy ban nhân dân tỉnh Hai',
      unitCode: '000.00.10.H98',
      unitName: 'Ủy ban nhân dân huyện Một',
    },
    systemIdentity('Ủy ban nhân dân tỉnh Hai'),
    tls.server('vanban.h98.test'),
    tls.caPem,
    clock,
  );
  for (const [self, other, name, pattern] of [
    [a, b, 'Tỉnh Hai', '*.H98'],
    [b, a, 'Tỉnh Thử Nghiệm', '*.H97'],
  ] as const) {
    await createPeer(self.ctx(self.actors.admin), {
      name,
      organPatterns: [pattern],
      baseUrl: other.baseUrl,
      signingCertificatesPem: other.identity.certificate.toPem(),
      tlsCaPem: tls.caPem,
    });
  }
  return { a, b, clock };
}

let sealedPromise: Promise<{ sealed: Buffer; annex: Buffer }> | undefined;

/** A real sealed PDF (organisation signature of the development PKI) and a signed annex from the corpus. */
export function sealedFiles(): Promise<{ sealed: Buffer; annex: Buffer }> {
  sealedPromise ??= (async () => {
    const pki = await testPki();
    const { org } = signers(pki, SEAL_TIME);
    const r = await signPdf({
      input: await a4Draft(),
      signer: org,
      role: 'org',
      level: 'B-B',
      signingTime: SEAL_TIME,
    });
    return { sealed: r.bytes!, annex: fs.readFileSync(path.join(CORPUS, 'node-signpdf', 'signed-once.pdf')) };
  })();
  return sealedPromise;
}

/** Drafts, signs, numbers, seals (real PDF and annex in A's object store) and sends a document of A's unit. */
export async function issueDocument(
  a: Province,
  o: {
    recipients: readonly RecipientSpec[];
    subject?: string;
    urgency?: Urgency;
    replacesId?: string;
    replaceReason?: string;
    send?: boolean;
    /** Another sealed PDF than the shared one. */
    sealed?: Buffer;
  },
): Promise<OutgoingDocument> {
  const files = await sealedFiles();
  const sealed = o.sealed ?? files.sealed;
  const annex = files.annex;
  const draft = await a4Draft();
  for (const b of [draft, sealed, annex]) await a.objects.put(b, { contentType: 'application/pdf' });
  const digest = (b: Buffer) => ({ sha256: sha256(b), size: b.length });
  const doc = await createDraft(a.ctx(a.actors.specialist), {
    documentType: 'Quyết định',
    notation: 'QĐ-UBND',
    subject: o.subject ?? 'Về việc thử nghiệm liên thông văn bản điện tử giữa hai tỉnh',
    urgency: o.urgency ?? 'normal',
    signerUserId: a.actors.leader.userId,
    recipients: o.recipients,
    pdf: digest(draft),
    ...(o.replacesId ? { replacesId: o.replacesId } : {}),
    ...(o.replaceReason ? { replaceReason: o.replaceReason } : {}),
  });
  await submitForReview(a.ctx(a.actors.specialist), { documentId: doc.id });
  await recordLeaderSignature(a.ctx(a.actors.leader), { documentId: doc.id, signedPdf: digest(draft) });
  await assignNumber(a.ctx(a.actors.clerk), { documentId: doc.id });
  const sealedDoc = await recordSeal(a.ctx(a.actors.clerk), {
    documentId: doc.id,
    sealedPdf: digest(sealed),
    signedAttachments: [{ name: 'Phụ lục 1.pdf', ...digest(annex) }],
  });
  if (o.send === false) return sealedDoc;
  return (await sendDocument(a.ctx(a.actors.clerk), { documentId: doc.id })).document;
}
