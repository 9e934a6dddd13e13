import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { createApp, type AppConfig } from '../../../server/app';
import { DRAFT_FIELDS_MAX_BYTES } from '../../../server/signing/create-signing-services';
import { drawSealPng, drawSignaturePng } from '../../../signing/sign/appearance/draw-png';
import { createObjectStore } from '../../../storage/objects/create-object-store';
import type { ObjectStore } from '../../../storage/objects/object-store';
import { DevSigningAuthority } from '../../../workflows/signing/dev-signing-authority';
import type { SigningServices } from '../../../workflows/signing/signing-services';
import { FixedClock } from '../../workflows/fixtures';
import { PASSWORD, type World } from '../support/world';

/** Where a signing app keeps its state: reused by a second app to simulate a restart. */
export interface SigningAppState {
  readonly dir: string;
  readonly objectsDir: string;
  readonly pkiDir: string;
  readonly clock: FixedClock;
}

export function signingAppState(start = '2026-03-03T09:00:00+07:00'): SigningAppState {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-signing-app-'));
  return {
    dir,
    objectsDir: path.join(dir, 'objects'),
    pkiDir: path.join(dir, 'pki'),
    clock: new FixedClock(new Date(start)),
  };
}

export interface SigningApp {
  readonly baseUrl: string;
  readonly objects: ObjectStore;
  readonly signing: SigningServices;
  readonly dev: DevSigningAuthority | undefined;
  readonly logLines: string[];
  fetch(p: string, init?: RequestInit): Promise<Response>;
  json(
    method: string,
    p: string,
    o?: { json?: unknown; token?: string; headers?: Record<string, string> },
  ): Promise<{ status: number; headers: Headers; body: any }>;
  close(): Promise<void>;
}

/**
 * createApp as the server builds it in development mode (the development CA of `state.pkiDir`, its
 * in-process TSA and revocation data, generated images) or in production mode (no dev PKI, optional
 * services), listening on 127.0.0.1 on a port known before the PKI is opened, so that the
 * certificates it issues name this server's /pki/dev URLs.
 */
export async function startSigningApp(
  db: DataSource,
  state: SigningAppState,
  options: {
    mode?: 'development' | 'production';
    signing?: Partial<SigningServices>;
    config?: Partial<AppConfig>;
  } = {},
): Promise<SigningApp> {
  const mode = options.mode ?? 'development';
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const objects = await createObjectStore({ kind: 'local', root: state.objectsDir });
  const dev =
    mode === 'development'
      ? await DevSigningAuthority.open(db, {
          dir: state.pkiDir,
          baseUrl: `${baseUrl}/pki/dev`,
          clock: state.clock,
        })
      : undefined;
  const signing: SigningServices = {
    objects,
    mode,
    levels: { leader: 'B-T', seal: 'B-LTA', attachment: 'B-LT' },
    sealLevels: ['B-LT', 'B-LTA'],
    pkcs11Tokens: {},
    sessionTtlSeconds: 900,
    draftFieldsMaxBytes: DRAFT_FIELDS_MAX_BYTES,
    ...(dev
      ? {
          timestampClient: dev.timestampClient(),
          revocationData: dev.revocationData(),
          refreshRevocations: () => dev.syncRevocations(),
          defaultImages: { signature: drawSignaturePng(), seal: drawSealPng() },
          dev,
        }
      : {}),
    ...options.signing,
  };
  const logLines: string[] = [];
  const logger = pino(
    { level: 'info' },
    {
      write: (line: string) => {
        logLines.push(line);
        // VANBAN_TEST_LOGS=1 shows the server's errors while debugging a test.
        if (process.env.VANBAN_TEST_LOGS && line.includes('"level":50')) process.stderr.write(line);
      },
    },
  );
  const app = createApp({
    db,
    objects,
    clock: state.clock,
    logger,
    signing,
    config: { bodyLimitBytes: 1024 * 1024, trustProxy: false, cookieSecure: false, mode, ...options.config },
  });
  server.on('request', app);
  const fetchIt = (p: string, init?: RequestInit) => fetch(baseUrl + p, { redirect: 'manual', ...init });
  return {
    baseUrl,
    objects,
    signing,
    dev,
    logLines,
    fetch: fetchIt,
    async json(method, p, o = {}) {
      const headers: Record<string, string> = { ...o.headers };
      if (o.token) headers.authorization = `Bearer ${o.token}`;
      let body: string | undefined;
      if (o.json !== undefined) {
        headers['content-type'] ??= 'application/json';
        body = JSON.stringify(o.json);
      }
      const res = await fetchIt(p, { method, headers, body });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        /* not JSON */
      }
      return { status: res.status, headers: res.headers, body: parsed };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await objects.close();
    },
  };
}

/** A bearer token per username (logged in with the world's password). */
export async function tokenFor(app: SigningApp, username: string): Promise<string> {
  const login = await app.json('POST', '/api/auth/login', { json: { username, password: PASSWORD } });
  if (login.status !== 200)
    throw new Error(`login ${username}: ${login.status} ${JSON.stringify(login.body)}`);
  const cookie = /vanban_session=[^;]*/.exec(login.headers.get('set-cookie') ?? '')![0];
  const token = await app.json('POST', '/api/tokens', {
    json: { name: `test ${username}` },
    headers: { cookie, 'x-csrf-token': login.body.csrfToken },
  });
  return token.body.token as string;
}

/** Uploads a PDF as `token`'s user; returns the file id. */
export async function uploadPdf(
  app: SigningApp,
  token: string,
  pdf: Buffer,
  fileName?: string,
): Promise<string> {
  const res = await app.fetch('/api/files', {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/pdf',
      ...(fileName ? { 'x-file-name': encodeURIComponent(fileName) } : {}),
    },
    body: new Uint8Array(pdf),
  });
  const body = (await res.json()) as { id: string };
  if (res.status !== 201) throw new Error(`upload: ${res.status} ${JSON.stringify(body)}`);
  return body.id;
}

/** A second clerk (or any account) in the world's own unit, with the world's password. */
export async function addAccount(
  db: DataSource,
  world: World,
  username: string,
  roles: string[],
  fullName: string,
  title: string | null = null,
): Promise<string> {
  const [{ password_hash }] = await db.query(`SELECT password_hash FROM users WHERE id = $1`, [
    world.users.clerk.id,
  ]);
  const rows: { id: string }[] = await db.query(
    `INSERT INTO users (username, full_name, title, unit_id, roles, password_hash)
     VALUES ($1, $2, $3, $4, $5::text[], $6) RETURNING id`,
    [username, fullName, title, world.own, roles, password_hash],
  );
  return rows[0]!.id;
}
