// Seam between the OCR job (server/jobs/ocr-job.ts) and notifications (workflows/notifications/notify.ts):
// the people who uploaded a record's scans hear of the OCR's end — done or failed for good — on the bell,
// in the job's own transaction; a failure that is retried tells no one yet; others in the unit hear nothing.
import { expect } from 'chai';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { OCR_DONE_KIND, OCR_FAILED_KIND, ocrJobHandlers } from '../../server/jobs/ocr-job';
import { startJobWorker } from '../../server/jobs/job-worker';
import { LocalObjectStore } from '../../storage/objects/local-object-store';
import type { Actor } from '../../workflows/context';
import {
  DEFAULT_DIGITISATION_LIMITS,
  type DigitisationLimits,
} from '../../workflows/digitisation/digitisation-limits';
import { addScan, createDigitisedRecord, startOcr } from '../../workflows/digitisation/records';
import type { OcrEngine } from '../../workflows/digitisation/run-ocr';
import { ToolError } from '../../workflows/digitisation/run-tool';
import { useTestDatabase } from '../support/postgres';
import { generateProvince, type ProvinceWorld } from '../workflows/exchange/province-world';
import { ctxOf, FixedClock, insertActor } from '../workflows/fixtures';

const SCAN = path.join(__dirname, '..', 'fixtures', 'ocr', 'cong-van-200-clean.tif');

interface Row {
  user_id: string;
  kind: string;
  subject_vi: string;
  subject_en: string;
  link: string;
}

describe('integration: the OCR job notifies the uploaders (DIGITISATION × notifications)', function () {
  this.timeout(120_000);
  const t = useTestDatabase();
  const clock = new FixedClock(new Date('2026-03-02T09:10:00+07:00'));
  const limits: DigitisationLimits = { ...DEFAULT_DIGITISATION_LIMITS, ocrAttempts: 2 };
  let w: ProvinceWorld;
  let dir: string;
  let objects: LocalObjectStore;
  let archivist: Actor;
  let bystander: Actor;

  before(async () => {
    w = await generateProvince(t.db, 2);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-integration-ocr-'));
    objects = await LocalObjectStore.open({ root: path.join(dir, 'objects'), clock });
    archivist = await insertActor(t.db, w.communeIds[0]!, 'lt.integration', ['archivist']);
    bystander = await insertActor(t.db, w.communeIds[0]!, 'vt.integration', ['clerk']);
  });
  after(async () => {
    await objects.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const worker = (engine: OcrEngine) =>
    startJobWorker({
      db: t.db,
      clock,
      logger: pino({ level: 'silent' }),
      poll: false,
      handlers: ocrJobHandlers({ db: t.db, objects, limits, engine }),
    });

  /** A record opened by the clerk, its scan added by the archivist, OCR queued by the archivist. */
  async function queuedRecord(title: string): Promise<string> {
    const clerk = w.communeA.clerk;
    const record = await createDigitisedRecord(ctxOf(t.db, clerk, clock), {
      unitId: w.communeIds[0]!,
      title,
      origin: 'paper_original',
    });
    const bytes = fs.readFileSync(SCAN);
    await addScan(ctxOf(t.db, archivist, clock), objects, limits, record.id, {
      path: SCAN,
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      fileName: 'cong-van.tif',
    });
    await startOcr(ctxOf(t.db, archivist, clock), limits, record.id);
    return record.id;
  }

  const notices = async (recordId: string): Promise<Row[]> =>
    (await t.db.query(
      `SELECT user_id, kind, subject_vi, subject_en, link FROM notifications WHERE link = $1 ORDER BY user_id`,
      [`#/digitisation/${recordId}`],
    )) as Row[];

  it('tells the record’s creator and the scan’s uploader, once, when the OCR is done', async () => {
    expect(w.communeA.clerk.unitId).to.equal(w.communeIds[0]);
    const recordId = await queuedRecord('Công văn về quản lý đất đai');
    const jobs = worker(async () => ({ derivative: null, text: 'Kính gửi UBND xã', method: 'text-layer' }));
    expect(await jobs.runDue()).to.deep.equal(['done']);
    await jobs.stop();
    const rows = await notices(recordId);
    expect(rows.map((r) => r.user_id).sort()).to.deep.equal(
      [w.communeA.clerk.userId, archivist.userId].sort(),
    );
    for (const r of rows) {
      expect(r.kind).to.equal(OCR_DONE_KIND);
      expect(r.subject_vi).to.equal('Đã số hóa xong hồ sơ: Công văn về quản lý đất đai');
      expect(r.subject_en).to.equal('Record digitised: Công văn về quản lý đất đai');
    }
    expect(rows.map((r) => r.user_id)).not.to.include(bystander.userId);
  });

  it('tells no one while a failed OCR is retried, and tells the uploaders when it fails for good', async () => {
    const recordId = await queuedRecord('Hồ sơ quét hỏng');
    const jobs = worker(async () => {
      throw new ToolError('ocrmypdf', 1, 'tesseract crashed', false);
    });
    expect(await jobs.runDue()).to.deep.equal(['retry']);
    expect(await notices(recordId)).to.deep.equal([]);
    clock.advance(3_600_000);
    expect(await jobs.runDue()).to.deep.equal(['failed']);
    await jobs.stop();
    const rows = await notices(recordId);
    expect(rows.map((r) => r.user_id).sort()).to.deep.equal(
      [w.communeA.clerk.userId, archivist.userId].sort(),
    );
    expect(rows.map((r) => [r.kind, r.subject_vi, r.subject_en])).to.deep.equal([
      [OCR_FAILED_KIND, 'Nhận dạng chữ không thành công: Hồ sơ quét hỏng', 'OCR failed: Hồ sơ quét hỏng'],
      [OCR_FAILED_KIND, 'Nhận dạng chữ không thành công: Hồ sơ quét hỏng', 'OCR failed: Hồ sơ quét hỏng'],
    ]);
  });
});
