import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { PDFDocument } from 'pdf-lib';
import { ocrJobHandlers } from '../../../server/jobs/ocr-job';
import { startJobWorker } from '../../../server/jobs/job-worker';
import { createDataSource } from '../../../storage/db/data-source';
import { LocalObjectStore } from '../../../storage/objects/local-object-store';
import { countDigitisedRecords } from '../../../workflows/digitisation/count-digitised-records';
import {
  DEFAULT_DIGITISATION_LIMITS,
  type DigitisationLimits,
} from '../../../workflows/digitisation/digitisation-limits';
import { inspectScan, pdfIsSigned } from '../../../workflows/digitisation/inspect-scan';
import {
  addScan,
  createDigitisedRecord,
  getDigitisedRecord,
  listDigitisedRecords,
  openScanFile,
  startOcr,
} from '../../../workflows/digitisation/records';
import { ocrmypdfEngine, type OcrEngine } from '../../../workflows/digitisation/run-ocr';
import { runTool, ToolError } from '../../../workflows/digitisation/run-tool';
import type { Actor } from '../../../workflows/context';
import { searchDocuments } from '../../../workflows/search/search-documents';
import { useTestDatabase } from '../../support/postgres';
import { codeOf, generateProvince, type ProvinceWorld } from '../exchange/province-world';
import { ctxOf, FixedClock, insertActor } from '../fixtures';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'ocr');
const SIGNED = path.join(
  __dirname,
  '..',
  '..',
  'fixtures',
  'corpus',
  'node-signpdf',
  'issue-209-reason-includes-trailer-word.pdf',
);
const PY = '/usr/bin/python3';
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** An image with Pillow: `frames` pages, at `dpi` (null: no density recorded). */
function image(
  dir: string,
  name: string,
  o: { frames?: number; dpi: number | null; format: 'TIFF' | 'JPEG' },
) {
  const file = path.join(dir, name);
  execFileSync(PY, [
    '-I',
    '-c',
    String.raw`
import sys
from PIL import Image
src, dst, fmt, frames, dpi = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
im = Image.open(src).convert('L')
kw = {} if dpi == 'none' else {'dpi': (int(dpi), int(dpi))}
if fmt == 'JPEG' and dpi == 'none':
    kw['dpi'] = (1, 1)
ims = [im] * frames
ims[0].save(dst, fmt, save_all=frames > 1, append_images=ims[1:], **kw)
`,
    path.join(FIXTURES, 'quyet-dinh-300-clean.tif'),
    file,
    o.format,
    String(o.frames ?? 1),
    o.dpi === null ? 'none' : String(o.dpi),
  ]);
  return file;
}

/** A PDF holding one scanned image drawn so that it measures `dpi` on the page. */
async function scanPdf(dir: string, name: string, jpg: string, dpi: number): Promise<string> {
  const doc = await PDFDocument.create();
  const img = await doc.embedJpg(fs.readFileSync(jpg));
  const w = (img.width * 72) / dpi;
  const h = (img.height * 72) / dpi;
  doc.addPage([w, h]).drawImage(img, { x: 0, y: 0, width: w, height: h });
  const file = path.join(dir, name);
  fs.writeFileSync(file, await doc.save());
  return file;
}

const head = (file: string) => fs.readFileSync(file).subarray(0, 1024);
const limits = { minDpi: 200, maxPages: 10, timeoutMs: 30_000 };

describe('workflows/digitisation: scans of paper records, OCR job, search entry, counts', function () {
  this.timeout(300_000);
  const t = useTestDatabase();
  const clock = new FixedClock(new Date('2026-03-02T09:10:00+07:00'));
  let w: ProvinceWorld;
  let objects: LocalObjectStore;
  let dir: string;
  let archivist: Actor;
  const testLimits: DigitisationLimits = {
    ...DEFAULT_DIGITISATION_LIMITS,
    maxPagesPerRecord: 6,
    ocrAttempts: 3,
  };

  const worker = (engine?: OcrEngine) =>
    startJobWorker({
      db: t.db,
      clock,
      logger: pino({ level: 'silent' }),
      poll: false,
      handlers: ocrJobHandlers({ db: t.db, objects, limits: testLimits, engine }),
    });

  const upload = async (actor: Actor, recordId: string, file: string, fileName = path.basename(file)) => {
    const bytes = fs.readFileSync(file);
    return addScan(ctxOf(t.db, actor, clock), objects, testLimits, recordId, {
      path: file,
      size: bytes.length,
      sha256: sha(bytes),
      fileName,
    });
  };

  const newRecord = (
    actor: Actor,
    title = 'Quyết định thành lập Ban chỉ đạo phòng, chống thiên tai năm 2024',
  ) =>
    createDigitisedRecord(ctxOf(t.db, actor, clock), {
      title,
      origin: 'paper_original',
      documentNumber: '15/QĐ-UBND',
      documentDate: '2024-05-20',
      issuer: 'UBND tỉnh Đồng Nai',
    });

  before(async () => {
    w = await generateProvince(t.db, 2);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-digitisation-'));
    objects = await LocalObjectStore.open({ root: path.join(dir, 'objects'), clock });
    archivist = await insertActor(t.db, w.communeIds[0]!, 'lt.xa1', ['archivist']);
  });
  after(async () => {
    await objects.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('inspectScan: format, pages and resolution from the file itself', () => {
    it('reads a TIFF at 300 dpi and a JPEG at 200 dpi, and a multi-page TIFF page by page', async () => {
      const tif = path.join(FIXTURES, 'cong-van-300-clean.tif');
      expect(await inspectScan(tif, head(tif), limits)).to.deep.equal({
        format: 'tiff',
        pages: 1,
        dpi: 300,
        signed: false,
      });
      const jpg = path.join(FIXTURES, 'cong-van-200-jpeg.jpg');
      expect(await inspectScan(jpg, head(jpg), limits)).to.include({ format: 'jpeg', pages: 1, dpi: 200 });
      const multi = image(dir, 'three.tif', { frames: 3, dpi: 300, format: 'TIFF' });
      expect(await inspectScan(multi, head(multi), limits)).to.include({
        format: 'tiff',
        pages: 3,
        dpi: 300,
      });
      expect(await codeOf(inspectScan(multi, head(multi), { ...limits, maxPages: 2 }))).to.equal(
        'DIGITISATION_TOO_MANY_PAGES',
      );
    });

    it('refuses below 200 dpi with the measured resolution, in Vietnamese and English', async () => {
      const low = path.join(FIXTURES, 'low-150.jpg');
      const e = (await inspectScan(low, head(low), limits).catch((x: unknown) => x)) as {
        code: string;
        details: Record<string, unknown>;
        messageVi: string;
        message: string;
      };
      expect(e.code).to.equal('DIGITISATION_RESOLUTION_TOO_LOW');
      expect(e.details).to.deep.equal({ dpi: 150, minDpi: 200, page: 1 });
      expect(e.messageVi).to.contain('150 dpi').and.contain('200 dpi');
      expect(e.message).to.contain('150 dpi');
    });

    it('measures a PDF by its images against the page size (pdfimages -list)', async () => {
      const jpg = path.join(FIXTURES, 'cong-van-300-jpeg.jpg');
      const good = await scanPdf(dir, 'good.pdf', jpg, 300);
      expect(await inspectScan(good, head(good), limits)).to.deep.equal({
        format: 'pdf',
        pages: 1,
        dpi: 300,
        signed: false,
      });
      // The same 300 dpi pixels drawn twice as large on the page: 150 dpi, refused.
      const stretched = await scanPdf(dir, 'stretched.pdf', jpg, 150);
      const e = (await inspectScan(stretched, head(stretched), limits).catch((x: unknown) => x)) as {
        code: string;
        details: { dpi: number };
      };
      expect(e.code).to.equal('DIGITISATION_RESOLUTION_TOO_LOW');
      expect(e.details.dpi).to.equal(150);
    });

    it('refuses a page image beyond the pixel limit, image or PDF, with its size', async () => {
      const tif = path.join(FIXTURES, 'cong-van-300-clean.tif');
      const e = (await inspectScan(tif, head(tif), { ...limits, maxPixels: 1_000_000 }).catch(
        (x: unknown) => x,
      )) as {
        code: string;
        details: { pixels: number; page: number };
      };
      expect(e.code).to.equal('DIGITISATION_IMAGE_TOO_LARGE');
      expect(e.details.page).to.equal(1);
      expect(e.details.pixels).to.be.greaterThan(1_000_000);
      const pdf = await scanPdf(dir, 'big.pdf', path.join(FIXTURES, 'cong-van-300-jpeg.jpg'), 300);
      expect(await codeOf(inspectScan(pdf, head(pdf), { ...limits, maxPixels: 1_000_000 }))).to.equal(
        'DIGITISATION_IMAGE_TOO_LARGE',
      );
      expect(await codeOf(inspectScan(pdf, head(pdf), limits))).to.equal(undefined);
    });

    it('refuses an image without a recorded resolution, an unknown format and unreadable bytes', async () => {
      const none = image(dir, 'nodpi.jpg', { dpi: null, format: 'JPEG' });
      expect(await codeOf(inspectScan(none, head(none), limits))).to.equal('DIGITISATION_RESOLUTION_UNKNOWN');
      const png = path.join(dir, 'x.png');
      fs.writeFileSync(png, Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'));
      expect(await codeOf(inspectScan(png, head(png), limits))).to.equal('DIGITISATION_FORMAT_UNSUPPORTED');
      const broken = path.join(dir, 'broken.tif');
      fs.writeFileSync(broken, Buffer.concat([Buffer.from('49492a00', 'hex'), Buffer.alloc(64, 7)]));
      expect(await codeOf(inspectScan(broken, head(broken), limits))).to.equal('DIGITISATION_UNREADABLE');
    });

    it('finds the signature of a signed PDF', async () => {
      expect(await inspectScan(SIGNED, head(SIGNED), limits)).to.include({ format: 'pdf', signed: true });
    });
  });

  it('runTool kills a tool at its time limit', async () => {
    const e = await runTool('sleep', ['5'], { timeoutMs: 200 }).catch((x: unknown) => x);
    expect(e).to.be.instanceOf(ToolError);
    expect((e as ToolError).timedOut).to.equal(true);
  });

  it('uploads scans of one record, OCRs them in a job into PDF/A beside the untouched originals, indexes the text and counts the record', async () => {
    const clerk = w.communeA.clerk;
    const record = await newRecord(clerk);
    expect(record).to.include({ status: 'draft', pagesTotal: 0, canManage: true });
    const tif = path.join(FIXTURES, 'quyet-dinh-300-skew.tif');
    const jpg = path.join(FIXTURES, 'cong-van-300-jpeg.jpg');
    await upload(clerk, record.id, tif, 'Trang 1 — quyết định.tif');
    const two = await upload(archivist, record.id, jpg);
    expect(two.files.map((f) => [f.seq, f.mediaType, f.pages, f.dpi, f.signed])).to.deep.equal([
      [1, 'image/tiff', 1, 300, false],
      [2, 'image/jpeg', 1, 300, false],
    ]);
    expect(two.pagesTotal).to.equal(2);
    // Below the floor: refused, nothing recorded.
    expect(await codeOf(upload(clerk, record.id, path.join(FIXTURES, 'low-150.jpg')))).to.equal(
      'DIGITISATION_RESOLUTION_TOO_LOW',
    );
    expect((await getDigitisedRecord(ctxOf(t.db, clerk, clock), record.id)).files).to.have.length(2);

    const queued = await startOcr(ctxOf(t.db, clerk, clock), testLimits, record.id);
    expect(queued).to.include({ status: 'queued', pagesDone: 0, pagesTotal: 2 });
    expect(await codeOf(upload(clerk, record.id, tif))).to.equal('DIGITISATION_STATE_CONFLICT');

    // Progress is committed file by file, while the job's own transaction is still open.
    const seen: number[] = [];
    const spying: OcrEngine = async (file, scan, o) => {
      const [row] = (await t.db.query(`SELECT status, pages_done FROM digitised_records WHERE id = $1`, [
        record.id,
      ])) as { status: string; pages_done: number }[];
      seen.push(row!.pages_done);
      expect(row!.status).to.equal('processing');
      return ocrmypdfEngine(file, scan, o);
    };
    const jobs = worker(spying);
    expect(await jobs.runDue()).to.deep.equal(['done']);
    await jobs.stop();
    expect(seen).to.deep.equal([0, 1]);

    const done = await getDigitisedRecord(ctxOf(t.db, clerk, clock), record.id);
    expect(done).to.include({ status: 'done', pagesDone: 2, pagesTotal: 2, error: null });
    expect(done.digitisedAt?.toISOString()).to.equal(clock.now().toISOString());
    expect(done.text).to.contain('Ban chỉ đạo').and.contain('Kính gửi');
    for (const [i, f] of done.files.entries()) {
      expect(f.textMethod).to.equal('ocr');
      // The original stays byte for byte what was uploaded.
      const original = await objects.getBuffer(f.originalSha256);
      expect(sha(original)).to.equal(sha(fs.readFileSync(i === 0 ? tif : jpg)));
      // The derivative is a PDF/A with the text layer.
      const derivative = await objects.getBuffer(f.derivativeSha256!);
      expect(derivative.subarray(0, 5).toString()).to.equal('%PDF-');
      expect(derivative.toString('latin1')).to.match(/pdfaid:part/);
      expect(f.derivativeSize).to.equal(derivative.length);
      const opened = await openScanFile(ctxOf(t.db, clerk, clock), record.id, f.id, 'derivative');
      expect(opened).to.include({ sha256: f.derivativeSha256, mediaType: 'application/pdf' });
    }
    const [entry] = (await t.db.query(
      `SELECT unit_id, title, number, body FROM search_entries WHERE source_kind = 'scan' AND source_id = $1`,
      [record.id],
    )) as { unit_id: string; title: string; number: string; body: string }[];
    expect(entry).to.include({ unit_id: w.communeIds[0], title: record.title });
    expect(entry!.body).to.contain('Ban chỉ đạo').and.contain('Kính gửi');

    // The audit trail: who opened it, each scan, the queueing, the job's result.
    const audit = (await t.db.query(
      `SELECT type, actor_user_id AS actor FROM audit_events WHERE payload->>'recordId' = $1 ORDER BY seq`,
      [record.id],
    )) as { type: string; actor: string | null }[];
    expect(audit).to.deep.equal([
      { type: 'DIGITISED_RECORD_CREATED', actor: clerk.userId },
      { type: 'DIGITISED_SCAN_ADDED', actor: clerk.userId },
      { type: 'DIGITISED_SCAN_ADDED', actor: archivist.userId },
      { type: 'DIGITISED_OCR_QUEUED', actor: clerk.userId },
      { type: 'DIGITISED_OCR_DONE', actor: null },
    ]);

    // One search finds it by its recognised words, with or without diacritics; not for a specialist.
    for (const q of ['ban chi dao thien tai', 'Kính gửi Ủy ban nhân dân các huyện']) {
      const found = await searchDocuments(ctxOf(t.db, w.root.clerk, clock), { q });
      expect(
        found.hits.map((h) => [h.kind, h.id]),
        q,
      ).to.deep.include(['scan', record.id]);
    }
    const specialist = await searchDocuments(ctxOf(t.db, w.communeA.specialist, clock), {
      q: 'ban chi dao thien tai',
    });
    expect(specialist.hits.map((h) => h.id)).to.not.include(record.id);

    const from = new Date('2026-03-01T00:00:00+07:00');
    const to = new Date('2026-04-01T00:00:00+07:00');
    expect(
      await countDigitisedRecords(t.db.manager, { unitIds: [w.communeIds[0]!, w.communeIds[1]!], from, to }),
    ).to.deep.equal([
      { unitId: w.communeIds[0], records: 1, pages: 2 },
      { unitId: w.communeIds[1], records: 0, pages: 0 },
    ]);
    expect(
      await countDigitisedRecords(t.db.manager, {
        unitIds: [w.communeIds[0]!],
        from: to,
        to: new Date('2026-05-01'),
      }),
    ).to.deep.equal([{ unitId: w.communeIds[0], records: 0, pages: 0 }]);
  });

  it('reports OCR progress page by page within a multi-page scan', async () => {
    const clerk = w.communeA.clerk;
    const record = await newRecord(clerk, 'Hồ sơ ba trang');
    await upload(clerk, record.id, image(dir, 'three-pages.tif', { frames: 3, dpi: 200, format: 'TIFF' }));
    await startOcr(ctxOf(t.db, clerk, clock), testLimits, record.id);
    const reported: number[] = [];
    const written: number[] = [];
    const pagesDone = async () =>
      (
        (await t.db.query(`SELECT pages_done FROM digitised_records WHERE id = $1`, [record.id])) as {
          pages_done: number;
        }[]
      )[0]!.pages_done;
    const jobs = worker(async (file, scan, o) => {
      const out = await ocrmypdfEngine(file, scan, {
        ...o,
        onPage: (n) => {
          reported.push(n);
          o.onPage?.(n);
        },
      });
      // The job writes each report in order; the last one has landed before the result is recorded.
      for (let i = 0; i < 200 && (await pagesDone()) < 3; i++) await new Promise((r) => setImmediate(r));
      written.push(await pagesDone());
      return out;
    });
    expect(await jobs.runDue()).to.deep.equal(['done']);
    await jobs.stop();
    expect(reported).to.deep.equal([1, 2, 3]);
    expect(written).to.deep.equal([3]);
    const done = await getDigitisedRecord(ctxOf(t.db, clerk, clock), record.id);
    expect(done).to.include({ status: 'done', pagesDone: 3, pagesTotal: 3 });
    expect(done.text!.match(/Ban chỉ đạo có nhiệm vụ/g)).to.have.length(3);
  });

  it('never rewrites a signed PDF: its own text is extracted, no derivative', async () => {
    const clerk = w.communeA.clerk;
    const record = await newRecord(clerk, 'Văn bản đã ký số');
    await upload(clerk, record.id, SIGNED);
    await startOcr(ctxOf(t.db, clerk, clock), testLimits, record.id);
    const given: { signed: boolean }[] = [];
    const jobs = worker(async (file, scan, o) => {
      given.push(scan);
      return ocrmypdfEngine(file, scan, o);
    });
    expect(await jobs.runDue()).to.deep.equal(['done']);
    await jobs.stop();
    expect(given).to.deep.equal([{ format: 'pdf', signed: true }]);
    const done = await getDigitisedRecord(ctxOf(t.db, clerk, clock), record.id);
    expect(done.files[0]).to.include({ signed: true, textMethod: 'text-layer', derivativeSha256: null });
    const expected = execFileSync('pdftotext', ['-enc', 'UTF-8', SIGNED, '-']).toString().trim();
    expect(done.text).to.equal(expected.normalize('NFC'));
    expect(done.text).to.contain('All PRs are welcome');
    expect(sha(await objects.getBuffer(done.files[0]!.originalSha256))).to.equal(
      sha(fs.readFileSync(SIGNED)),
    );
  });

  it('what ocrmypdf itself does with a signed PDF: refuses it (15+) or — Debian 12’s 14.x — rewrites it, breaking the signature; hence our own check', async () => {
    const version = (await runTool('ocrmypdf', ['--version'], { timeoutMs: 30_000 })).stdout.trim();
    const out = path.join(dir, 'signed-ocr.pdf');
    const result = await runTool('ocrmypdf', ['-l', 'vie', '--skip-text', '--quiet', SIGNED, out], {
      timeoutMs: 120_000,
    }).then(
      () => 'rewritten',
      (e: unknown) => (e instanceof ToolError ? `refused ${e.exitCode}` : String(e)),
    );
    if (Number(version.split('.')[0]) >= 15) {
      expect(result).to.match(/^refused/);
    } else {
      expect(result).to.equal('rewritten');
      // The rewritten file has lost its signature altogether.
      expect(pdfIsSigned(fs.readFileSync(out))).to.equal(false);
      const sig = spawnSync('pdfsig', [out], { encoding: 'utf8' });
      expect(`${sig.stdout}${sig.stderr}`).to.match(/does not contain any signatures/);
    }
  });

  it('a crash mid-job changes nothing and the job retries; the result then lands whole', async () => {
    const clerk = w.communeA.clerk;
    const record = await newRecord(clerk, 'Công văn báo cáo tình hình quản lý đất đai');
    await upload(clerk, record.id, path.join(FIXTURES, 'cong-van-200-clean.tif'));
    await upload(clerk, record.id, path.join(FIXTURES, 'quyet-dinh-200-clean.tif'));
    await startOcr(ctxOf(t.db, clerk, clock), testLimits, record.id);
    let calls = 0;
    const crashing: OcrEngine = async (file, scan, o) => {
      calls++;
      if (calls === 2) throw new Error('ocrmypdf killed (simulated crash)');
      return ocrmypdfEngine(file, scan, o);
    };
    const jobs = worker(crashing);
    expect(await jobs.runDue()).to.deep.equal(['retry']);
    const mid = await getDigitisedRecord(ctxOf(t.db, clerk, clock), record.id);
    expect(mid).to.include({ status: 'processing', pagesDone: 1, text: null });
    expect(mid.error).to.contain('simulated crash');
    expect(mid.files.map((f) => f.derivativeSha256)).to.deep.equal([null, null]);
    const [{ n }] = (await t.db.query(
      `SELECT count(*)::int AS n FROM search_entries WHERE source_kind = 'scan' AND source_id = $1`,
      [record.id],
    )) as { n: number }[];
    expect(n).to.equal(0);

    clock.advance(60_000);
    expect(await jobs.runDue()).to.deep.equal(['done']);
    await jobs.stop();
    const done = await getDigitisedRecord(ctxOf(t.db, clerk, clock), record.id);
    expect(done).to.include({ status: 'done', pagesDone: 2, error: null });
    expect(done.files.every((f) => f.derivativeSha256 !== null)).to.equal(true);
    expect(done.text).to.contain('Kính gửi').and.contain('Quyết định này');
  });

  it('keeps the job’s transaction alive while the tools run longer than the idle-in-transaction timeout', async () => {
    const clerk = w.communeA.clerk;
    const record = await newRecord(clerk, 'Hồ sơ nhận dạng lâu');
    await upload(clerk, record.id, path.join(FIXTURES, 'cong-van-200-clean.tif'));
    await startOcr(ctxOf(t.db, clerk, clock), testLimits, record.id);
    // The jobs' pool as the server configures it, with an idle-in-transaction limit of one second.
    const jobsDb = createDataSource(t.url, {
      poolSize: 4,
      timeouts: { connectMs: 3000, statementMs: 60_000, idleInTransactionMs: 1000 },
    });
    await jobsDb.initialize();
    const slow = (keepAliveMs: number) =>
      startJobWorker({
        db: jobsDb,
        clock,
        logger: pino({ level: 'silent' }),
        poll: false,
        handlers: ocrJobHandlers({
          db: jobsDb,
          objects,
          limits: testLimits,
          keepAliveMs,
          // Three seconds of "recognition": three times the idle limit.
          engine: async (file, scan, o) => {
            await new Promise((r) => setTimeout(r, 3000));
            return ocrmypdfEngine(file, scan, o);
          },
        }),
      });
    try {
      // Without the keep-alive the session is ended under the job: nothing is recorded, it retries.
      const dead = slow(3_600_000);
      expect(await dead.runDue()).to.deep.equal(['retry']);
      await dead.stop();
      expect((await getDigitisedRecord(ctxOf(t.db, clerk, clock), record.id)).status).to.equal('processing');
      clock.advance(60_000);
      const alive = slow(300);
      expect(await alive.runDue()).to.deep.equal(['done']);
      await alive.stop();
      expect((await getDigitisedRecord(ctxOf(t.db, clerk, clock), record.id)).status).to.equal('done');
    } finally {
      await jobsDb.destroy();
    }
  });

  it('fails the record for good after the last attempt, with the reason', async () => {
    const clerk = w.communeA.clerk;
    const record = await newRecord(clerk, 'Hồ sơ hỏng');
    await upload(clerk, record.id, path.join(FIXTURES, 'cong-van-200-clean.tif'));
    await startOcr(ctxOf(t.db, clerk, clock), { ...testLimits, ocrAttempts: 1 }, record.id);
    const jobs = worker(async () => {
      throw new ToolError('ocrmypdf', null, '', true);
    });
    expect(await jobs.runDue()).to.deep.equal(['failed']);
    await jobs.stop();
    const failed = await getDigitisedRecord(ctxOf(t.db, clerk, clock), record.id);
    expect(failed.status).to.equal('failed');
    expect(failed.error).to.contain('timed out');
    const [event] = (await t.db.query(
      `SELECT payload FROM audit_events WHERE type = 'DIGITISED_OCR_FAILED' AND payload->>'recordId' = $1`,
      [record.id],
    )) as { payload: { error: string; attempts: number } }[];
    expect(event!.payload).to.include({ attempts: 1 });
    expect(event!.payload.error).to.contain('timed out');
    // A failed record takes new scans and may be run again.
    expect((await upload(clerk, record.id, path.join(FIXTURES, 'quyet-dinh-200-clean.tif'))).status).to.equal(
      'draft',
    );
  });

  it('bounds a record by pages and needs files before OCR', async () => {
    const clerk = w.communeA.clerk;
    const record = await newRecord(clerk, 'Hồ sơ nhiều trang');
    expect(await codeOf(startOcr(ctxOf(t.db, clerk, clock), testLimits, record.id))).to.equal(
      'DIGITISATION_NO_FILES',
    );
    const five = image(dir, 'five.tif', { frames: 5, dpi: 300, format: 'TIFF' });
    await upload(clerk, record.id, five);
    expect(await codeOf(upload(clerk, record.id, path.join(FIXTURES, 'quyet-dinh-300-clean.tif')))).to.equal(
      undefined,
    );
    expect(await codeOf(upload(clerk, record.id, path.join(FIXTURES, 'cong-van-300-clean.tif')))).to.equal(
      'DIGITISATION_TOO_MANY_PAGES',
    );
  });

  it('keeps records to their unit: other units do not see them, specialists may not upload', async () => {
    const record = await newRecord(w.communeA.clerk, 'Hồ sơ riêng của xã');
    const tif = path.join(FIXTURES, 'cong-van-300-clean.tif');
    expect(await codeOf(getDigitisedRecord(ctxOf(t.db, w.communeB.clerk, clock), record.id))).to.equal(
      'DIGITISATION_RECORD_NOT_FOUND',
    );
    expect(await codeOf(upload(w.communeB.clerk, record.id, tif))).to.equal('DIGITISATION_RECORD_NOT_FOUND');
    expect(await codeOf(upload(w.communeA.specialist, record.id, tif))).to.equal('FORBIDDEN');
    expect(await codeOf(newRecord(w.communeA.specialist))).to.equal('FORBIDDEN');
    // The province's clerk oversees the commune; the commune's leader reads it.
    expect((await getDigitisedRecord(ctxOf(t.db, w.root.clerk, clock), record.id)).canManage).to.equal(true);
    const seen = await getDigitisedRecord(ctxOf(t.db, w.communeA.leader, clock), record.id);
    expect(seen.canManage).to.equal(false);
    const listed = await listDigitisedRecords(ctxOf(t.db, w.communeA.leader, clock), {});
    expect(listed.items.map((r) => r.id)).to.include(record.id);
    expect(
      await codeOf(listDigitisedRecords(ctxOf(t.db, w.communeB.clerk, clock), { unitId: w.communeIds[0] })),
    ).to.equal('NOT_FOUND');
  });
});
