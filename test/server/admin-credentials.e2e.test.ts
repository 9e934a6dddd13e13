import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { generateKeyPair } from '../../signing/pki/generate-key-pair';
import { issueCertificate, randomSerial } from '../../signing/pki/issue-certificate';
import { writePkcs12 } from '../../signing/pki/write-pkcs12';
import { readPkcs12 } from '../../signing/pki/read-pkcs12';
import { drawSealPng } from '../../signing/sign/appearance/draw-png';
import {
  importKey,
  SOFTHSM_MODULE,
  softHsmToken,
  TOKEN_LABEL,
  USER_PIN,
} from '../signing/sign/signers/softhsm-fixture';
import { useTestDatabase } from '../support/postgres';
import { rgbPng } from './signing/png-fixtures';
import { expectAccessible } from './support/axe-check';
import { startDocumentsBrowser, type DocumentsBrowser } from './support/documents-browser';

/**
 * Issue 14 item 14 in Chromium, as the district admin would do it: 'Chứng thư ký số' in the menu,
 * a PKCS#12 file registered for the unit's seal (a wrong password refused with the server's message),
 * its expiry shown, a file that is not an image refused, the red seal PNG (with transparency) uploaded,
 * and the credential deactivated; a PKCS#11 key on a SoftHSM2 token registered with its PIN (a wrong PIN
 * refused). axe-core in vi.
 */
describe('admin: signing credentials and stamp images through the UI in Chromium', function () {
  this.timeout(300_000);
  const t = useTestDatabase();
  let b: DocumentsBrowser;
  let page: Page;

  before(async () => {
    softHsmToken();
    b = await startDocumentsBrowser(t.db, {
      signing: {
        pkcs11Tokens: {
          'hsm-page': { modulePath: SOFTHSM_MODULE, tokenLabel: TOKEN_LABEL, keyLabel: 'vanban-page-seal' },
        },
      },
    });
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

    // A text file is not an image, an opaque PNG would cover the text, a 100 px seal is too small: the
    // server's refusals show with the measured values; then the red seal PNG.
    const images = page.getByRole('form', { name: 'Ảnh chữ ký hoặc con dấu' });
    await images.getByLabel('Chứng thư').selectOption(stored.id);
    const picker = images.getByLabel(
      'Tệp ảnh (PNG nền trong suốt hoặc JPEG, mỗi cạnh 150–2000 điểm ảnh, tối đa 1 MB)',
    );
    await picker.setInputFiles({
      name: 'dau.png',
      mimeType: 'image/png',
      buffer: Buffer.from('not a picture'),
    });
    await images.getByRole('button', { name: 'Tải ảnh lên' }).click();
    await images.getByRole('alert').waitFor();
    await picker.setInputFiles({
      name: 'dau-nen-trang.png',
      mimeType: 'image/png',
      buffer: rgbPng(300, 300),
    });
    await images.getByRole('button', { name: 'Tải ảnh lên' }).click();
    await images.getByRole('alert').filter({ hasText: 'không có nền trong suốt' }).waitFor();
    await picker.setInputFiles({ name: 'dau-nho.png', mimeType: 'image/png', buffer: drawSealPng(100) });
    await images.getByRole('button', { name: 'Tải ảnh lên' }).click();
    const small = images.getByRole('alert').filter({ hasText: '100 × 100 điểm ảnh' });
    await small.waitFor();
    expect(await small.textContent()).to.contain('từ 150 đến 2000 điểm ảnh');
    expect(
      (await t.db.query(`SELECT stamp_image FROM signing_credentials WHERE id = $1`, [stored.id]))[0]
        .stamp_image,
    ).to.equal(null);
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

  it('registers a PKCS#11 key of the server’s allowed list with the token PIN (SoftHSM2)', async () => {
    const issued = b.app.dev!.issue(
      [
        ['C', 'VN'],
        ['O', 'Ủy ban nhân dân huyện Bến Lức'],
        ['CN', 'Ủy ban nhân dân huyện Bến Lức - HSM'],
      ],
      b.state.clock.now(),
    );
    importKey(readPkcs12(issued.pkcs12, b.app.dev!.pin).key, issued.certificate, 'vanban-page-seal', 'e9');

    await b.logIn('bl.admin');
    await b.menu().getByText('Chứng thư ký số', { exact: true }).click();
    const form = page.getByRole('form', {
      name: 'Đăng ký khóa PKCS#11 (HSM, USB token) cho con dấu cơ quan',
    });
    const token = form.getByLabel('Khóa PKCS#11');
    await token.waitFor();
    expect(await token.locator('option').allTextContents()).to.deep.equal([
      `hsm-page — thư viện ${SOFTHSM_MODULE}, token “${TOKEN_LABEL}”, khóa vanban-page-seal`,
    ]);
    await form.getByLabel('Mã PIN của token').fill('000000');
    await form.getByLabel('Tên gợi nhớ').fill('Dấu HSM huyện Bến Lức');
    await expectAccessible(page, 'signing credentials, PKCS#11 (vi)');
    await form.getByRole('button', { name: 'Đăng ký khóa PKCS#11' }).click();
    await form.getByRole('alert').waitFor();
    expect(
      await t.db.query(`SELECT id FROM signing_credentials WHERE label = 'Dấu HSM huyện Bến Lức'`),
    ).to.deep.equal([]);
    await form.getByLabel('Mã PIN của token').fill(USER_PIN);
    await form.getByRole('button', { name: 'Đăng ký khóa PKCS#11' }).click();
    await b.status('Đã đăng ký khóa PKCS#11 Dấu HSM huyện Bến Lức.').waitFor();
    await page
      .getByRole('table', { name: 'Chứng thư ký số' })
      .locator('tr', { hasText: 'Dấu HSM huyện Bến Lức' })
      .waitFor();
    const rows = await t.db.query(
      `SELECT kind, pkcs11_token, pkcs12, unit_id, owner_kind FROM signing_credentials
        WHERE label = 'Dấu HSM huyện Bến Lức'`,
    );
    expect(rows).to.deep.equal([
      { kind: 'pkcs11', pkcs11_token: 'hsm-page', pkcs12: null, unit_id: b.world.own, owner_kind: 'unit' },
    ]);
  });
});
