import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import type { Page } from 'playwright-core';
import { ocrJobHandlers } from '../../server/jobs/ocr-job';
import { startJobWorker, type JobWorker } from '../../server/jobs/job-worker';
import type { OcrEngine } from '../../workflows/digitisation/run-ocr';
import { ocrmypdfEngine } from '../../workflows/digitisation/run-ocr';
import { useTestDatabase } from '../support/postgres';
import { expectAccessible } from './support/axe-check';
import { startDocumentsBrowser, type DocumentsBrowser } from './support/documents-browser';
import { ensureWebBuild, WEB_APP } from './support/web-browser';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'ocr');

/**
 * Issue 12 item 7 over HTTP and in Chromium. The API: a scan below 200 dpi answers 422
 * DIGITISATION_RESOLUTION_TOO_LOW with the measured dpi in both languages; other formats 415; no
 * session 401; a specialist 403; another unit's record 404; the routes are in the OpenAPI document.
 * The page: the district clerk opens 'Số hóa tài liệu' from the menu, creates a record from a TIFF
 * scan, sees the OCR job's progress (pages done / total) move to 'Đã số hóa', the recognised
 * Vietnamese text and the searchable PDF/A download, which the search then finds; axe-core on both
 * pages in both languages.
 */
describe('digitisation of paper records: API and page in Chromium', function () {
  this.timeout(300_000);
  const t = useTestDatabase();
  let b: DocumentsBrowser;
  let page: Page;
  let worker: JobWorker;
  /** Held: the job waits at its first page until the test has seen the progress at 0. */
  let gate: { promise: Promise<void>; open: () => void };
  const newGate = () => {
    let open!: () => void;
    const promise = new Promise<void>((resolve) => (open = resolve));
    return { promise, open };
  };

  before(async () => {
    ensureWebBuild();
    b = await startDocumentsBrowser(t.db);
    page = b.page;
    gate = newGate();
    const engine: OcrEngine = async (file, scan, o) => {
      await gate.promise;
      return ocrmypdfEngine(file, scan, o);
    };
    worker = startJobWorker({
      db: t.db,
      clock: b.state.clock,
      logger: pino({ level: 'silent' }),
      pollMs: 250,
      handlers: ocrJobHandlers({ db: t.db, objects: b.app.objects, engine }),
    });
  });
  after(async () => {
    gate?.open();
    await worker?.stop();
    if (b) expect(b.problems, b.problems.join('\n')).to.deep.equal([]);
    await b?.close();
  });

  const url = (hash = '') => `${b.app.baseUrl}${WEB_APP}${hash}`;

  const upload = async (user: string | null, recordId: string, file: string, type: string) =>
    b.app.fetch(`/api/digitisation/records/${recordId}/files`, {
      method: 'POST',
      headers: {
        ...(user ? { authorization: `Bearer ${await b.token(user)}` } : {}),
        'content-type': type,
        'x-file-name': encodeURIComponent(path.basename(file)),
      },
      body: new Uint8Array(fs.readFileSync(file)),
    });

  it('answers bad scans and callers with codes in Vietnamese and English, never 500', async () => {
    const created = await b.app.json('POST', '/api/digitisation/records', {
      token: await b.token('bl.clerk'),
      json: { title: 'Công văn năm 2019 (bản giấy)', origin: 'old_archive' },
    });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    const id = created.body.id as string;

    const low = await upload('bl.clerk', id, path.join(FIXTURES, 'low-150.jpg'), 'image/jpeg');
    const lowBody = (await low.json()) as {
      error: { code: string; message: string; messageVi: string; details: { dpi: number } };
    };
    expect(low.status).to.equal(422);
    expect(lowBody.error.code).to.equal('DIGITISATION_RESOLUTION_TOO_LOW');
    expect(lowBody.error.details.dpi).to.equal(150);
    expect(lowBody.error.messageVi).to.contain('150 dpi');
    expect(lowBody.error.message).to.contain('150 dpi');

    const png = path.join(b.files, 'scan.png');
    fs.writeFileSync(png, Buffer.from('89504e470d0a1a0a0000000d4948445200', 'hex'));
    const unsupported = await upload('bl.clerk', id, png, 'application/octet-stream');
    expect(unsupported.status).to.equal(415);
    expect(((await unsupported.json()) as { error: { code: string } }).error.code).to.equal(
      'DIGITISATION_FORMAT_UNSUPPORTED',
    );
    // Hostile or broken files: refused with a code, never a 500.
    const hostile: [string, Buffer, string, number, string][] = [
      ['empty.tif', Buffer.alloc(0), 'image/tiff', 415, 'DIGITISATION_FORMAT_UNSUPPORTED'],
      ['cut.jpg', Buffer.from('ffd8ffe000104a464946', 'hex'), 'image/jpeg', 422, 'DIGITISATION_UNREADABLE'],
      [
        'broken.tif',
        Buffer.concat([Buffer.from('49492a00ffffff7f', 'hex'), Buffer.alloc(32)]),
        'image/tiff',
        422,
        'DIGITISATION_UNREADABLE',
      ],
      [
        'broken.pdf',
        Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >>\n%%EOF\n'),
        'application/pdf',
        422,
        'DIGITISATION_UNREADABLE',
      ],
    ];
    for (const [name, bytes, type, code, error] of hostile) {
      const file = path.join(b.files, name);
      fs.writeFileSync(file, bytes);
      const r = await upload('bl.clerk', id, file, type);
      const body = (await r.json()) as { error: { code: string; messageVi: string } };
      expect([r.status, body.error.code], name).to.deep.equal([code, error]);
      expect(body.error.messageVi, name).to.match(/[ạ-ỹđ]/);
    }
    const badId = await b.app.json('GET', '/api/digitisation/records/not-a-uuid', {
      token: await b.token('bl.clerk'),
    });
    expect(badId.status).to.equal(400);

    const tif = path.join(FIXTURES, 'cong-van-300-clean.tif');
    expect((await upload(null, id, tif, 'image/tiff')).status).to.equal(401);
    expect((await upload('bl.specialist', id, tif, 'image/tiff')).status).to.equal(403);
    // The other district's clerk does not learn that the record exists.
    await t.db.query(
      `INSERT INTO users (username, full_name, unit_id, roles, password_hash)
       SELECT 'kh.clerk', 'Đặng Văn Khoa', $1, ARRAY['clerk'], password_hash FROM users WHERE username = 'bl.clerk'`,
      [b.world.other],
    );
    const other = await upload('kh.clerk', id, tif, 'image/tiff');
    expect(other.status).to.equal(404);
    expect(((await other.json()) as { error: { code: string } }).error.code).to.equal(
      'DIGITISATION_RECORD_NOT_FOUND',
    );
    const noFiles = await b.app.json('POST', `/api/digitisation/records/${id}/ocr`, {
      token: await b.token('bl.clerk'),
    });
    expect([noFiles.status, noFiles.body.error.code]).to.deep.equal([409, 'DIGITISATION_NO_FILES']);
    const badBody = await b.app.json('POST', '/api/digitisation/records', {
      token: await b.token('bl.clerk'),
      json: { title: '', origin: 'moon' },
    });
    expect(badBody.status).to.equal(400);

    const openapi = await b.app.json('GET', '/api/openapi.json');
    expect(Object.keys(openapi.body.paths)).to.include.members([
      '/api/digitisation/records',
      '/api/digitisation/records/{id}/files',
      '/api/digitisation/records/{id}/ocr',
    ]);
  });

  it('lets the clerk upload a scan, follow the OCR progress and read the searchable result', async () => {
    await b.logIn('bl.clerk');
    await b.menu().getByText('Số hóa tài liệu', { exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Số hóa tài liệu giấy' }).waitFor();
    await expectAccessible(page, 'digitisation list (vi)');

    const form = page.getByRole('form', { name: 'Hồ sơ số hóa mới' });
    const title = 'Quyết định thành lập Ban chỉ đạo phòng, chống thiên tai năm 2024';
    await form.getByLabel('Tên hồ sơ, trích yếu').fill(title);
    await form.getByLabel('Nguồn').selectOption('paper_original');
    await form.getByLabel('Số, ký hiệu (nếu có)').fill('15/QĐ-UBND');
    await form.getByLabel('Bản quét').setInputFiles(path.join(FIXTURES, 'quyet-dinh-300-skew.tif'));
    await form.getByRole('button', { name: 'Tải lên và nhận dạng chữ' }).click();

    // The record page: queued or started, nothing recognised yet while the job is held.
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    await b.status('Đã nhận dạng 0/1 trang').waitFor();
    expect(await page.getByRole('table', { name: 'Các bản quét' }).textContent())
      .to.contain('quyet-dinh-300-skew.tif')
      .and.contain('300 dpi');
    await expectAccessible(page, 'digitisation record, running (vi)');
    gate.open();

    await b.status('Đã nhận dạng 1/1 trang').waitFor({ timeout: 180_000 });
    await page.getByText('Đã số hóa', { exact: true }).waitFor();
    const text = await page.locator('pre.ocr-text').textContent();
    expect(text).to.contain('Ban chỉ đạo').and.contain('Quyết định này có hiệu lực');
    const link = page.getByRole('link', { name: /PDF\/A tìm kiếm được/ });
    const href = await link.getAttribute('href');
    const pdf = await page.evaluate(async (h) => {
      const r = await fetch(h!);
      return { status: r.status, type: r.headers.get('content-type'), head: (await r.text()).slice(0, 5) };
    }, href);
    expect(pdf).to.deep.equal({ status: 200, type: 'application/pdf', head: '%PDF-' });
    await expectAccessible(page, 'digitisation record, done (vi)');

    // The search finds the scan by its recognised words, without diacritics.
    const found = await b.app.json('GET', `/api/search?q=${encodeURIComponent('ban chi dao thien tai')}`, {
      token: await b.token('bl.clerk'),
    });
    if (found.status !== 404) {
      expect(found.status, JSON.stringify(found.body)).to.equal(200);
      expect(JSON.stringify(found.body.hits)).to.contain(title);
    }

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 2, name: 'Recognised text' }).waitFor();
    await b.status('1/1 pages recognised').waitFor();
    await expectAccessible(page, 'digitisation record (en)');
    await page.getByRole('link', { name: '← Digitised records' }).click();
    await page.getByRole('heading', { level: 1, name: 'Digitisation of paper records' }).waitFor();
    expect(await page.getByRole('table', { name: "The unit's digitised records" }).textContent())
      .to.contain(title)
      .and.contain('Digitised')
      .and.contain('1/1');
    await expectAccessible(page, 'digitisation list (en)');
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
  });

  it('shows the measured resolution when a scan is refused, and gives a specialist no entry', async () => {
    await page.goto(url('#/digitisation'));
    const form = page.getByRole('form', { name: 'Hồ sơ số hóa mới' });
    await form.getByLabel('Tên hồ sơ, trích yếu').fill('Bản quét mờ');
    await form.getByLabel('Bản quét').setInputFiles(path.join(FIXTURES, 'low-150.jpg'));
    await form.getByRole('button', { name: 'Tải lên và nhận dạng chữ' }).click();
    await form.getByRole('alert').filter({ hasText: '150 dpi' }).waitFor();
    expect(await form.getByRole('alert').textContent()).to.contain('thấp hơn mức tối thiểu 200 dpi');

    await b.logIn('bl.specialist');
    expect(await b.menu().getByText('Số hóa tài liệu', { exact: true }).count()).to.equal(0);
  });
});
