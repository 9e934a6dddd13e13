import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { generateKeyPair } from '../../signing/pki/generate-key-pair';
import { issueCertificate, randomSerial } from '../../signing/pki/issue-certificate';
import { writePkcs12 } from '../../signing/pki/write-pkcs12';
import { drawSealPng } from '../../signing/sign/appearance/draw-png';
import { useTestDatabase } from '../support/postgres';
import { expectAccessible } from './support/axe-check';
import { startDocumentsBrowser, type DocumentsBrowser } from './support/documents-browser';

/**
 * Issue 14 item 14 in Chromium, as the district admin would do it: 'Chứng thư ký số' in the menu,
 * a PKCS#12 file registered for the unit's seal (a wrong password refused with the server's message),
 * its expiry shown, a file that is not an image refused, the red seal PNG (with transparency) uploaded,
 * and the credential deactivated. axe-core in vi.
 */
describe('admin: signing credentials and stamp images through the UI in Chromium', function () {
  this.timeout(300_000);
  const t = useTestDatabase();
  let b: DocumentsBrowser;
  let page: Page;

  before(async () => {
    b = await startDocumentsBrowser(t.db);
    page = b.page;
  });
  after(async () => {
    if (b) expect(b.problems, b.problems.join('\n')).to.deep.equal([]);
    await b?.close();
  });

  it('registers a PKCS#12 seal, shows its expiry, uploads the seal image and deactivates it', async () => {
    const now = b.state.clock.now();
    const ca = b.app.dev!.pki.issuingCa;
    const keys = generateKeyPair('rsa-2048');
    const certificate = issueCertificate({
      subject: [
        ['C', 'VN'],
        ['O', 'Ủy ban nhân dân huyện Bến Lức'],
        ['CN', 'Ủy ban nhân dân huyện Bến Lức'],
      ],
      publicKey: keys.publicKey,
      issuer: ca.certificate,
      signingKey: ca.key,
      serialNumber: randomSerial(),
      notBefore: new Date(now.getTime() - 3600_000),
      notAfter: new Date('2026-12-31T12:00:00+07:00'),
      keyUsage: ['digitalSignature', 'nonRepudiation'],
    });
    const p12 = writePkcs12({
      key: keys.privateKey,
      certificate,
      chain: [ca.certificate],
      password: 'Mật khẩu dấu',
    });

    await b.logIn('bl.admin');
    await b.menu().getByText('Chứng thư ký số', { exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Chứng thư ký số' }).waitFor();
    const form = page.getByRole('form', { name: 'Đăng ký chứng thư PKCS#12 cho con dấu cơ quan' });
    await form.getByLabel('Tệp PKCS#12 (.p12, .pfx)').setInputFiles({
      name: 'dau-ubnd.p12',
      mimeType: 'application/x-pkcs12',
      buffer: p12,
    });
    await form.getByLabel('Mật khẩu tệp PKCS#12').fill('sai mat khau');
    await form.getByLabel('Tên gợi nhớ').fill('Dấu UBND huyện Bến Lức');
    await expectAccessible(page, 'signing credentials (vi)');
    await form.getByRole('button', { name: 'Đăng ký' }).click();
    await form.getByRole('alert').waitFor();
    expect(
      await t.db.query(`SELECT id FROM signing_credentials WHERE label = 'Dấu UBND huyện Bến Lức'`),
    ).to.deep.equal([]);
    await form.getByLabel('Mật khẩu tệp PKCS#12').fill('Mật khẩu dấu');
    await form.getByRole('button', { name: 'Đăng ký' }).click();
    await b.status('Đã đăng ký chứng thư Dấu UBND huyện Bến Lức.').waitFor();
    const row = page
      .getByRole('table', { name: 'Chứng thư ký số' })
      .locator('tr', { hasText: 'Dấu UBND huyện Bến Lức' });
    await row.waitFor();
    const text = await row.textContent();
    expect(text).to.contain('Con dấu cơ quan').and.contain('31/12/2026').and.contain('Chưa có ảnh');
    const [stored] = await t.db.query(
      `SELECT id, unit_id, owner_kind FROM signing_credentials WHERE label = 'Dấu UBND huyện Bến Lức'`,
    );
    expect(stored).to.include({ unit_id: b.world.own });

    // A text file is not an image: the server's refusal shows; then the red seal PNG.
    const images = page.getByRole('form', { name: 'Ảnh chữ ký hoặc con dấu' });
    await images.getByLabel('Chứng thư').selectOption(stored.id);
    const picker = images.getByLabel('Tệp ảnh (PNG nền trong suốt hoặc JPEG, tối đa 1 MB)');
    await picker.setInputFiles({
      name: 'dau.png',
      mimeType: 'image/png',
      buffer: Buffer.from('not a picture'),
    });
    await images.getByRole('button', { name: 'Tải ảnh lên' }).click();
    await images.getByRole('alert').waitFor();
    await picker.setInputFiles({ name: 'dau.png', mimeType: 'image/png', buffer: drawSealPng(200) });
    await images.getByRole('button', { name: 'Tải ảnh lên' }).click();
    await b.status('Đã lưu ảnh cho Dấu UBND huyện Bến Lức.').waitFor();
    await row.getByText('Đã có ảnh').waitFor();
    const [{ has }] = await t.db.query(
      `SELECT stamp_image IS NOT NULL AS has FROM signing_credentials WHERE id = $1`,
      [stored.id],
    );
    expect(has).to.equal(true);

    await row.getByRole('button', { name: 'Ngừng sử dụng Dấu UBND huyện Bến Lức' }).click();
    await b.status('Đã ngừng sử dụng chứng thư.').waitFor();
    await row.getByText('Ngừng sử dụng', { exact: true }).waitFor();
    const [{ active }] = await t.db.query(`SELECT active FROM signing_credentials WHERE id = $1`, [
      stored.id,
    ]);
    expect(active).to.equal(false);
  });
});
