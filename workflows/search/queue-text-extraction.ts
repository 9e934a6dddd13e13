import type { Queryable } from '../directory/unit-repository';

/** Job kind: extract the text layer of one stored PDF (payload `{ sha256 }`) and reindex its documents. */
export const SEARCH_TEXT_JOB = 'search.extract_text';

/**
 * Queues the text extraction of the PDFs of these documents that have none yet (one job per PDF, by
 * its hash: a PDF delivered to 200 units is read once). Called by the reindex functions, so it commits
 * with the document change.
 */
export async function queueTextExtraction(
  q: Queryable,
  table: 'outgoing_documents' | 'incoming_documents',
  ids: readonly string[],
): Promise<void> {
  await q.query(
    `INSERT INTO jobs (kind, payload, run_at, dedupe_key, max_attempts)
     SELECT DISTINCT '${SEARCH_TEXT_JOB}', jsonb_build_object('sha256', d.pdf_sha256), now(),
            '${SEARCH_TEXT_JOB}:' || d.pdf_sha256, 3
     FROM ${table} d
     WHERE d.id = ANY($1::uuid[]) AND NOT EXISTS (SELECT 1 FROM search_texts t WHERE t.pdf_sha256 = d.pdf_sha256)
     ON CONFLICT (dedupe_key) DO NOTHING`,
    [ids],
  );
}
