import type { SigningServices } from '../../../workflows/signing/signing-services';
import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import pino from 'pino';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { documentJobHandlers } from '../../../server/jobs/document-job-handlers';
import { startJobWorker, type JobWorker } from '../../../server/jobs/job-worker';
import {
  signingAppState,
  startSigningApp,
  tokenFor,
  type SigningApp,
  type SigningAppState,
} from '../signing/signing-app';
import { ensureWebBuild, recordPageProblems, WEB_APP } from './web-browser';
import { PASSWORD, seedWorld, type World } from './world';

const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOT_DIR = process.env.VANBAN_SCREENSHOT_DIR ?? os.tmpdir();

/**
 * What the document pages' browser tests share: seedWorld's province (the district `own` drafts,
 * its commune `child` receives) with a clerk and a leader at the commune, the app in development mode
 * (development CA, PIN 123456), the server's job worker (validation on arrival trusting the development
 * root), the district's group "Tất cả UBND xã", and headless Chromium (in Vietnam's time zone) on the
 * web app (built when stale) with helpers driving the pages.
 */
export interface DocumentsBrowser {
  readonly world: World;
  readonly state: SigningAppState;
  readonly app: SigningApp;
  readonly page: Page;
  /** Console errors, page errors and requests leaving loopback seen so far. */
  readonly problems: string[];
  /** A temporary directory for files the test uploads. */
  readonly files: string;
  /** Bearer token of a user (API seeding only). */
  token(username: string): Promise<string>;
  logIn(username: string): Promise<void>;
  menu(): Locator;
  status(text: string | RegExp): Locator;
  /** Drops a PDF on the drop zone of the file input labelled `zoneLabel` (drag and drop from the desktop). */
  dropPdf(zoneLabel: string, name: string, bytes: Buffer): Promise<void>;
  shot(name: string): Promise<void>;
  close(): Promise<void>;
}

export async function startDocumentsBrowser(
  db: DataSource,
  options: { readonly signing?: Partial<SigningServices> } = {},
): Promise<DocumentsBrowser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} missing: apt-get install -y chromium`);
  ensureWebBuild();
  const world = await seedWorld(db);
  await db.query(`UPDATE users SET title = 'Chủ tịch' WHERE id = $1`, [world.users.leader.id]);
  const [{ password_hash }] = await db.query(`SELECT password_hash FROM users WHERE id = $1`, [
    world.users.clerk.id,
  ]);
  for (const [username, fullName, role, title] of [
    ['tl.clerk', 'Trương Thị Ngọc Lan', 'clerk', null],
    ['tl.leader', 'Lâm Văn Phúc', 'leader', 'Chủ tịch'],
  ] as const) {
    await db.query(
      `INSERT INTO users (username, full_name, title, unit_id, roles, password_hash)
       VALUES ($1, $2, $3, $4, $5::text[], $6)`,
      [username, fullName, title, world.child, [role], password_hash],
    );
  }
  const state = signingAppState();
  // Validation trusts the development root as the job worker does (an issued document's corrected PDF
  // must carry the unit's valid seal: issue 10 item 9).
  const app = await startSigningApp(db, state, {
    config: { validation: { devRootPath: path.join(state.pkiDir, 'root-ca.pem') } },
    signing: options.signing,
  });
  const worker: JobWorker = startJobWorker({
    db,
    clock: state.clock,
    logger: pino({ level: 'silent' }),
    pollMs: 250,
    handlers: documentJobHandlers({
      objects: app.objects,
      trustAnchors: async () => [app.dev!.pki.root.certificate],
    }),
  });
  const tokens = new Map<string, string>();
  const token = async (username: string) => {
    if (!tokens.has(username)) tokens.set(username, await tokenFor(app, username));
    return tokens.get(username)!;
  };
  const group = await app.json('POST', '/api/unit-groups', {
    token: await token('bl.admin'),
    json: { name: 'Tất cả UBND xã', select: { level: 'commune' } },
  });
  expect(group.status, JSON.stringify(group.body)).to.equal(201);

  const files = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-docs-e2e-'));
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-chromium-'));
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1280, height: 900 },
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(20_000);
  // The first GET /api/me (401) and the API's refusals the tests provoke (4xx) are expected answers.
  const problems = await recordPageProblems(context, page, /status of (400|401|403|409|422)/);

  const menu = () =>
    page.getByRole('navigation', { name: /Điều hướng chính|Main navigation/ }).getByRole('link');
  return {
    world,
    state,
    app,
    page,
    problems,
    files,
    token,
    menu,
    status: (text) => page.getByRole('status').filter({ hasText: text }),
    async logIn(username) {
      if (await page.getByRole('button', { name: 'Đăng xuất' }).count()) {
        await page.getByRole('button', { name: 'Đăng xuất' }).click();
      } else {
        await page.goto(`${app.baseUrl}${WEB_APP}`);
      }
      await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
      await page.getByLabel('Tên đăng nhập').fill(username);
      await page.getByLabel('Mật khẩu').fill(PASSWORD);
      await page.getByRole('button', { name: 'Đăng nhập' }).click();
      // The home page's greeting (the navigation may be collapsed on a narrow screen).
      await page.getByRole('heading', { level: 1, name: /^Xin chào/ }).waitFor();
    },
    async dropPdf(zoneLabel, name, bytes) {
      const zone = page.locator('.drop-zone', { has: page.getByLabel(zoneLabel) });
      const dataTransfer = await page.evaluateHandle(
        ({ fileName, b64 }) => {
          const dt = new DataTransfer();
          const raw = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
          dt.items.add(new File([raw], fileName, { type: 'application/pdf' }));
          return dt;
        },
        { fileName: name, b64: bytes.toString('base64') },
      );
      await zone.dispatchEvent('drop', { dataTransfer });
    },
    async shot(name) {
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, `vanban-${name}.png`), fullPage: true });
    },
    async close() {
      await context.close();
      await worker.stop();
      await app.close();
      for (const dir of [profile, files, state.dir]) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A one-page PDF with a line of text (an attachment, a scan, a revised draft). */
export async function onePager(text: string): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595.28, 841.89]);
  page.drawText(text, { x: 70, y: 700, size: 12, font: await doc.embedFont(StandardFonts.TimesRoman) });
  return Buffer.from(await doc.save());
}
