import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { Page } from 'playwright-core';
import { createApp } from '../../server/app';
import { createObjectStore } from '../../storage/objects/create-object-store';
import type { ObjectStore } from '../../storage/objects/object-store';
import { hashPassword } from '../../workflows/accounts/password-hash';
import { systemIdentity, type SystemIdentity } from '../workflows/exchange/edxml/edxml-fixture';
import { FixedClock } from '../workflows/fixtures';
import { useTestDatabase } from '../support/postgres';
import { expectAccessible } from './support/axe-check';
import { TestServer } from './support/http-client';
import { openWebBrowser, WEB_APP, type WebBrowser } from './support/web-browser';
import { PASSWORD, seedWorld, type World } from './support/world';

const PEER = 'Ủy ban nhân dân tỉnh Hai';

/**
 * The federation page of the React app (#/federation) in headless Chromium against the real
 * server and PostgreSQL: the province's administrator sees this server's signing certificate, adds a
 * peer whose packages are signed RSA-SHA1 (the page warns what that lets in), meets the API's refusal of
 * an http address at that field, changes the peer's layout, stops the exchange; the rows show the
 * profile's labels, never its codes; the database and the audit trail hold each change. A district's
 * administrator gets the not-allowed notice and no control. axe-core on each state in vi and en.
 */
describe('federation page of the React app in Chromium', function () {
  this.timeout(180_000);
  const t = useTestDatabase();
  let world: World;
  let objects: ObjectStore;
  let server: TestServer;
  let dir: string;
  let browser: WebBrowser;
  let page: Page;
  let us: SystemIdentity;
  let them: SystemIdentity;

  before(async () => {
    world = await seedWorld(t.db);
    // The province's own administrator (the seeded admin is the district's).
    const hash = await hashPassword(PASSWORD, { N: 2 ** 10, r: 8, p: 1 });
    await t.db.query(
      `INSERT INTO users (username, full_name, unit_id, roles, password_hash)
       VALUES ('la.admin', 'Lâm Thị Quản Trị', $1, '{admin}', $2)`,
      [world.province, hash],
    );
    us = systemIdentity('Ủy ban nhân dân tỉnh Long An');
    them = systemIdentity(PEER);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-next-federation-'));
    objects = await createObjectStore({ kind: 'local', root: path.join(dir, 'objects') });
    const app = createApp({
      db: t.db,
      objects,
      clock: new FixedClock(new Date('2025-07-01T09:00:00+07:00')),
      logger: pino({ level: 'silent' }),
      config: { bodyLimitBytes: 1024 * 1024, trustProxy: false, cookieSecure: false, devMode: true },
      federation: { signer: async () => us.signer },
    });
    server = await TestServer.start(app);
    // The API's refusals (400 on the http address, 403 for the district) are expected in the console.
    browser = await openWebBrowser({ expectedStatuses: /status of (400|401|403)/ });
    page = browser.page;
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await objects?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const url = (hash = '') => `${server.baseUrl}${WEB_APP}${hash}`;
  const menu = () =>
    page.getByRole('navigation', { name: /Điều hướng chính|Main navigation/ }).getByRole('link');
  const peerRow = async () =>
    (
      await t.db.query(
        `SELECT base_url, enabled, organ_patterns, profile FROM federation_peers WHERE name = $1`,
        [PEER],
      )
    )[0] as
      | { base_url: string; enabled: boolean; organ_patterns: string[]; profile: Record<string, string> }
      | undefined;

  async function logIn(username: string) {
    await page.goto(url());
    const signOut = page.getByRole('button', { name: 'Đăng xuất' });
    await page.getByRole('heading', { name: 'Đăng nhập' }).or(signOut).waitFor();
    if (await signOut.count()) await signOut.click();
    await page.getByLabel('Tên đăng nhập').fill(username);
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('heading', { level: 1, name: /^Xin chào/ }).waitFor();
  }

  it("shows the province's administrator no peer yet and this server's signing certificate", async () => {
    await logIn('la.admin');
    expect(await menu().allTextContents()).to.include('Liên thông');
    await menu().filter({ hasText: 'Liên thông' }).click();
    await page.getByRole('heading', { level: 1, name: 'Liên thông văn bản' }).waitFor();
    await page.getByText('Chưa cấu hình hệ thống liên thông nào.').waitFor();
    const certificate = page.getByRole('region', { name: 'Chứng thư ký gói tin của máy chủ này' });
    await certificate.getByText(us.certificate.subject).waitFor();
    expect(await certificate.getByLabel('Chứng thư (PEM)').inputValue()).to.equal(us.certificate.toPem());
    await expectAccessible(page, 'federation, no peer (vi)');
  });

  it('adds a peer signing RSA-SHA1: the page warns, the row shows the labelled profile, the database holds it', async () => {
    await page.getByRole('button', { name: 'Thêm hệ thống liên thông' }).click();
    const form = page.getByRole('form', { name: 'Thêm hệ thống liên thông' });
    await form.getByLabel('Tên hệ thống').fill(PEER);
    await form.getByLabel('Địa chỉ máy chủ (https)').fill('https://vanban.h98.example/');
    await form.getByLabel('Mã cơ quan do hệ thống này phụ trách').fill('*.H98\n000.00.10.H99');
    await form.getByLabel('Chứng thư ký gói tin của hệ thống (PEM)').fill(them.certificate.toPem());
    await form.getByLabel('Thuật toán chữ ký').selectOption({ label: 'RSA-SHA1 (thuật toán yếu)' });
    await form.getByRole('status').filter({ hasText: 'RSA-SHA1 là thuật toán yếu' }).waitFor();
    await expectAccessible(page, 'federation, add form (vi)');
    await form.getByRole('button', { name: 'Thêm hệ thống liên thông' }).click();

    await page
      .getByRole('status')
      .filter({ hasText: `Đã thêm hệ thống liên thông ${PEER}.` })
      .waitFor();
    const row = page.getByRole('row').filter({ hasText: PEER });
    expect(
      await row
        .getByRole('cell')
        .evaluateAll((cells) =>
          cells.slice(1, 6).map((c) => (c as HTMLElement).innerText.replace(/\s+/g, ' ')),
        ),
    ).to.deep.equal([
      'https://vanban.h98.example',
      '*.H98 000.00.10.H99',
      'Bố cục gói tin Bố cục của SDK quốc gia (gốc edXML, edXMLManifest) Tệp đính kèm PDF, Word, Excel giữ nguyên; tệp khác nén ZIP Thông điệp trạng thái Trạng thái trong MessageHeader (SDK quốc gia) Thuật toán chữ ký RSA-SHA1 (thuật toán yếu)',
      `${them.certificate.subject} (hiệu lực đến ${vnDay(them.certificate.notAfter)}) TLS: kho chứng thư gốc của hệ thống`,
      'Đang liên thông',
    ]);
    expect(await peerRow()).to.deep.include({
      base_url: 'https://vanban.h98.example',
      enabled: true,
      organ_patterns: ['*.H98', '000.00.10.H99'],
    });
    expect((await peerRow())!.profile).to.include({ signatureAlgorithm: 'rsa-sha1' });
    await expectAccessible(page, 'federation, one peer (vi)');
  });

  it("edits the peer: the API's refusal of an http address shows at that field, what was typed stays; then the layout changes", async () => {
    await page.getByRole('button', { name: `Sửa ${PEER}` }).click();
    const form = page.getByRole('form', { name: `Sửa hệ thống liên thông: ${PEER}` });
    const address = form.getByLabel('Địa chỉ máy chủ (https)');
    await address.fill('http://vanban.h98.example');
    await form
      .getByLabel('Bố cục gói tin')
      .selectOption({ label: 'Bố cục cũ của VanBan (gốc edXMLEnvelope)' });
    await form.getByRole('button', { name: 'Lưu thay đổi' }).click();

    const error = form.getByRole('alert');
    await error.waitFor();
    expect(await error.textContent()).to.equal(
      'Địa chỉ phải là https, không kèm tài khoản, tham số hay phân đoạn',
    );
    expect(await address.getAttribute('aria-invalid')).to.equal('true');
    expect(await address.getAttribute('aria-describedby')).to.contain(await error.getAttribute('id'));
    expect(await address.inputValue()).to.equal('http://vanban.h98.example');
    expect((await peerRow())!.base_url).to.equal('https://vanban.h98.example');
    await expectAccessible(page, 'federation, field error (vi)');

    await address.fill('https://lien-thong.h98.example');
    await form.getByRole('button', { name: 'Lưu thay đổi' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Đã lưu hệ thống liên thông ${PEER}.` })
      .waitFor();
    await page.getByRole('row').filter({ hasText: PEER }).getByText('Bố cục cũ của VanBan').waitFor();
    const saved = (await peerRow())!;
    expect(saved.base_url).to.equal('https://lien-thong.h98.example');
    expect(saved.profile).to.include({ layout: 'envelope', signatureAlgorithm: 'rsa-sha1' });
  });

  it('stops the exchange with the peer (never deleted), audited, and reads the same in English', async () => {
    await page.getByRole('button', { name: `Ngừng liên thông ${PEER}` }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Đã ngừng liên thông với ${PEER}.` })
      .waitFor();
    await page.getByRole('row').filter({ hasText: PEER }).getByText('Đã ngừng').waitFor();
    expect((await peerRow())!.enabled).to.equal(false);
    const audit: { changes: Record<string, unknown> }[] = await t.db.query(
      `SELECT payload->'changes' AS changes FROM audit_events WHERE type = 'FEDERATION_PEER_UPDATED' ORDER BY seq`,
    );
    expect(audit.map((a) => a.changes)).to.deep.equal([
      {
        baseUrl: 'https://lien-thong.h98.example',
        profile: {
          layout: 'envelope',
          attachments: 'sdk',
          statusForm: 'message-header',
          signatureAlgorithm: 'rsa-sha1',
        },
      },
      { enabled: false },
    ]);

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Document federation' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: PEER });
    await row.getByText("VanBan's earlier layout (edXMLEnvelope root)").waitFor();
    await row.getByText('RSA-SHA1 (weak algorithm)').waitFor();
    await row.getByText('Stopped').waitFor();
    await expectAccessible(page, 'federation, one peer (en)');
    await page.getByRole('button', { name: `Edit ${PEER}` }).click();
    await page.getByRole('form', { name: `Edit federation peer: ${PEER}` }).waitFor();
    await expectAccessible(page, 'federation, edit form (en)');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
  });

  it("tells a district's administrator they may not see federation, with no control", async () => {
    await logIn('bl.admin');
    await menu().filter({ hasText: 'Liên thông' }).click();
    await page.getByRole('heading', { level: 1, name: 'Liên thông văn bản' }).waitFor();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).to.equal('Bạn không có quyền xem nội dung này.');
    expect(await page.getByRole('button', { name: 'Thêm hệ thống liên thông' }).count()).to.equal(0);
    expect(await page.getByRole('table').count()).to.equal(0);
    await expectAccessible(page, 'federation, not allowed (vi)');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByText('You are not allowed to see this.').waitFor();
    await expectAccessible(page, 'federation, not allowed (en)');
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
  });

  it('ran under the strict CSP with no error and nothing leaving loopback', () => {
    expect(browser.problems).to.deep.equal([]);
  });
});

/** The calendar day of an instant in Vietnam, as the page writes it. */
function vnDay(d: Date): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Ho_Chi_Minh',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    })
      .formatToParts(d)
      .map((x) => [x.type, x.value]),
  );
  return `${p.day}/${p.month}/${p.year}`;
}
