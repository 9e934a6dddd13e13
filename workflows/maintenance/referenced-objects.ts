import type { Queryable } from '../directory/unit-repository';
import { VALIDATION_BATCH_FILE_JOB } from '../validation/validation-batch';

/**
 * Which of `sha256s` some row still references, over every column that names an object of the store:
 * outgoing documents (current PDF, attachments) and every version, incoming documents (PDF, validation
 * report), uploaded files, two-step signing sessions (base, prepared, result), validation batch files and
 * reports (the JSON report), edXML packages and the files of edXML arrivals. Not counted:
 * `validation_reports.pdf_sha256`, which only identifies the file a report is about (an uploaded file is
 * not kept), and validation batch uploads past their retention (`expiredUploadsBefore`) whose job is no
 * longer pending — the sweep takes exactly those. One query; jsonb arrays are scanned once for all.
 */
export async function referencedObjects(
  q: Queryable,
  sha256s: readonly string[],
  o: { readonly expiredUploadsBefore: Date },
): Promise<Set<string>> {
  if (sha256s.length === 0) return new Set();
  const rows: { sha256: string }[] = await q.query(
    `SELECT pdf_sha256 AS sha256 FROM outgoing_documents WHERE pdf_sha256 = ANY($1::text[])
     UNION SELECT a ->> 'sha256' FROM outgoing_documents o, jsonb_array_elements(o.attachments) a
       WHERE a ->> 'sha256' = ANY($1::text[])
     UNION SELECT sha256 FROM document_versions WHERE sha256 = ANY($1::text[])
     UNION SELECT pdf_sha256 FROM incoming_documents WHERE pdf_sha256 = ANY($1::text[])
     UNION SELECT validation ->> 'reportSha256' FROM incoming_documents
       WHERE validation ->> 'reportSha256' = ANY($1::text[])
     UNION SELECT sha256 FROM uploaded_files WHERE sha256 = ANY($1::text[])
     UNION SELECT s FROM signing_sessions, LATERAL (VALUES (base_pdf_sha256), (prepared_pdf_sha256),
       (result_pdf_sha256)) AS v(s) WHERE s = ANY($1::text[])
     UNION SELECT f.pdf_sha256 FROM validation_batch_files f WHERE f.pdf_sha256 = ANY($1::text[])
       AND NOT (f.source = 'upload' AND f.added_at < $2 AND NOT EXISTS (
         SELECT 1 FROM jobs j WHERE j.dedupe_key = $3 || f.id::text AND j.done_at IS NULL AND j.failed_at IS NULL))
     UNION SELECT report_sha256 FROM validation_reports WHERE report_sha256 = ANY($1::text[])
     UNION SELECT sha256 FROM edxml_packages WHERE sha256 = ANY($1::text[])
     UNION SELECT a ->> 'sha256' FROM edxml_incoming x, jsonb_array_elements(x.attachments) a
       WHERE a ->> 'sha256' = ANY($1::text[])`,
    [[...sha256s], o.expiredUploadsBefore, `${VALIDATION_BATCH_FILE_JOB}:`],
  );
  return new Set(rows.map((r) => r.sha256));
}
