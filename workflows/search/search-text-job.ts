import type { EntityManager } from 'typeorm';
import type { ObjectStore } from '../../storage/objects/object-store';
import type { JobHandler } from '../exchange/job';
import { DEFAULT_EXTRACT_LIMITS, extractPdfText, type ExtractLimits } from './extract-pdf-text';
import { reindexByPdf } from './reindex-documents';

export { SEARCH_TEXT_JOB } from './queue-text-extraction';

/** Largest PDF whose text is extracted; a larger one is indexed by its metadata alone. */
export const SEARCH_TEXT_MAX_BYTES = 64 * 1024 * 1024;

/**
 * The handler: reads the PDF from the object store (bounded), runs pdftotext (bounded in pages, characters
 * and time), stores the text by hash in `search_texts` and reindexes every document with that PDF — in
 * the job's transaction.
 */
export function searchTextJob(deps: {
  readonly objects: Pick<ObjectStore, 'getBuffer' | 'stat'>;
  readonly limits?: ExtractLimits;
}): JobHandler {
  return async (m: EntityManager, job, now) => {
    const sha256 = String(job.payload.sha256 ?? '');
    if (!/^[0-9a-f]{64}$/.test(sha256)) return;
    const [known] = (await m.query(`SELECT 1 FROM search_texts WHERE pdf_sha256 = $1`, [
      sha256,
    ])) as unknown[];
    if (known) return;
    const stat = await deps.objects.stat(sha256);
    let row: { status: string; text: string };
    if (!stat) return; // gone (a draft's superseded version): nothing to index
    if (stat.size > SEARCH_TEXT_MAX_BYTES) row = { status: 'too_large', text: '' };
    else {
      const pdf = await deps.objects.getBuffer(sha256, { maxBytes: SEARCH_TEXT_MAX_BYTES });
      const r = await extractPdfText(pdf, deps.limits ?? DEFAULT_EXTRACT_LIMITS);
      row = { status: r.status, text: r.text };
    }
    await m.query(
      `INSERT INTO search_texts (pdf_sha256, status, text, extracted_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (pdf_sha256) DO NOTHING`,
      [sha256, row.status, row.text, now],
    );
    await reindexByPdf(m, sha256);
  };
}
