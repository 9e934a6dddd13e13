import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { expect } from 'chai';
import { PDFDocument } from 'pdf-lib';
import { defaultFontPath } from '../../../signing/sign/appearance/stamp-font';
import { createObjectStore } from '../../../storage/objects/create-object-store';
import type { ObjectStore } from '../../../storage/objects/object-store';
import { systemClock } from '../../../workflows/context';
import type { Job } from '../../../workflows/exchange/job';
import { extractPdfText } from '../../../workflows/search/extract-pdf-text';
import { reindexOutgoing } from '../../../workflows/search/reindex-documents';
import { searchDocuments } from '../../../workflows/search/search-documents';
import { SEARCH_TEXT_JOB, searchTextJob } from '../../../workflows/search/search-text-job';
import { useTestDatabase } from '../../support/postgres';
import { seedWorld, type World } from '../../server/support/world';

/** A PDF whose text layer holds `lines` (Vietnamese, DejaVu Serif embedded). */
async function textPdf(lines: string[]): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(fs.readFileSync(defaultFontPath()), { subset: true });
  const page = doc.addPage([595, 842]);
  lines.forEach((l, i) => page.drawText(l, { x: 50, y: 780 - i * 20, size: 12, font }));
  return Buffer.from(await doc.save());
}

describe('workflows/search PDF text layer (pdftotext job)', () => {
  const t = useTestDatabase();
  let w: World;
  let objects: ObjectStore;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-search-text-'));

  before(async () => {
    w = await seedWorld(t.db);
    objects = await createObjectStore({ kind: 'local', root: path.join(dir, 'objects') });
  });
  after(async () => {
    await objects.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('extracts Vietnamese text with pdftotext, bounded; garbage is failed, not a crash', async () => {
    const pdf = await textPdf(['Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh chịu trách nhiệm thi hành.']);
    const r = await extractPdfText(pdf);
    expect(r.status).to.equal('done');
    expect(r.text).to.include('Chánh Văn phòng Ủy ban nhân dân tỉnh');
    const short = await extractPdfText(pdf, { maxPages: 1, maxChars: 10, timeoutMs: 10_000 });
    expect(short.text.length).to.be.at.most(10);
    expect((await extractPdfText(Buffer.from('%PDF-1.7 not really'))).status).to.equal('failed');
  });

  it('queues one job per PDF with the document write, and the job makes the body searchable', async () => {
    const pdf = await textPdf(['Điều 1. Phê duyệt phương án di dời dân cư vùng sạt lở bờ sông Vàm Cỏ Đông.']);
    const { sha256 } = await objects.put(pdf);
    const [{ id }] = (await t.db.query(
      `INSERT INTO outgoing_documents (unit_id, document_type, notation, subject, status, drafter_user_id,
         pdf_sha256, pdf_size, created_at, updated_at)
       VALUES ($1, 'Tờ trình', 'TTr-UBND', 'Tờ trình về phương án di dời', 'in_review', $2, $3, $4, now(), now())
       RETURNING id`,
      [w.own, w.users.specialist.id, sha256, pdf.length],
    )) as { id: string }[];
    await t.db.transaction((m) => reindexOutgoing(m, id!));
    const jobs = (await t.db.query(
      `SELECT id, kind, payload, run_at, attempts, max_attempts FROM jobs WHERE kind = $1`,
      [SEARCH_TEXT_JOB],
    )) as { id: string; kind: string; payload: Record<string, unknown> }[];
    expect(jobs.map((j) => j.payload)).to.deep.equal([{ sha256 }]);

    const ctx = {
      db: t.db,
      clock: systemClock,
      actor: { userId: w.users.clerk.id, username: 'bl.clerk', unitId: w.own, roles: ['clerk' as const] },
      requestMetadata: {},
    };
    expect((await searchDocuments(ctx, { q: 'sat lo vam co dong' })).total).to.equal(0);
    const job = {
      ...jobs[0]!,
      runAt: new Date(),
      attempts: 1,
      maxAttempts: 3,
      lockedBy: 'x',
      lockedUntil: null,
    } as Job;
    await t.db.transaction((m) => searchTextJob({ objects })(m, job, new Date()));
    const r = await searchDocuments(ctx, { q: 'sat lo vam co dong' });
    expect(r.hits.map((h) => h.id)).to.deep.equal([id]);
    expect(
      r.hits[0]!.snippet.filter((s) => s.mark)
        .map((s) => s.text)
        .join(' '),
    ).to.include('sạt lở');

    // Reindexing again queues nothing: the text of that PDF is known.
    await t.db.transaction((m) => reindexOutgoing(m, id!));
    const again = (await t.db.query(`SELECT count(*)::int AS n FROM jobs WHERE kind = $1`, [
      SEARCH_TEXT_JOB,
    ])) as {
      n: number;
    }[];
    expect(again[0]!.n).to.equal(1);
  });
});
