import type { Queryable } from '../directory/unit-repository';
import { VALIDATION_BATCH_FILE_JOB } from '../validation/validation-batch';

/**
 * Which of `sha256s` some row still references, over every column that names an object of the store:
 * outgoing documents (current PDF, attachments) and every version, incoming documents (PDF, validation
 * report), uploaded files, two-step signing sessions (base, prepared, result), validation batch files and
 * reports (the JSON report), edXML packages and the files of edXML arrivals, result files of incoming
 * handling notes, digitised scans (original and OCR derivative), archive handover records and the archival
 * objects of records not disposed of (locked in the store as well), and archival package exports not expired. Not counted:
 * `validation_reports.pdf_sha256`, which only identifies the file a report is about (an uploaded file is
 * not kept), and validation batch uploads past their retention (`expiredUploadsBefore`) whose job is no
 * longer pending — the sweep takes exactly those; and the columns that only describe bytes
 * (NOT_OBJECT_REFERENCES below). One query; jsonb arrays are scanned once for all.
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
       WHERE a ->> 'sha256' = ANY($1::text[])
     UNION SELECT a ->> 'sha256' FROM incoming_notes n, jsonb_array_elements(n.files) a
       WHERE a ->> 'sha256' = ANY($1::text[])
     UNION SELECT s FROM digitised_files, LATERAL (VALUES (original_sha256), (derivative_sha256)) AS v(s)
       WHERE s = ANY($1::text[])
     UNION SELECT handover_sha256 FROM archive_transfers WHERE handover_sha256 = ANY($1::text[])
     UNION SELECT o.sha256 FROM archival_objects o LEFT JOIN archival_records r ON r.id = o.record_id
       WHERE o.sha256 = ANY($1::text[]) AND r.disposed_at IS NULL
     UNION SELECT package_sha256 FROM archive_package_exports WHERE package_sha256 = ANY($1::text[])
       AND status <> 'expired'`,
    [[...sha256s], o.expiredUploadsBefore, `${VALIDATION_BATCH_FILE_JOB}:`],
  );
  return new Set(rows.map((r) => r.sha256));
}

/**
 * Columns that hold a SHA-256 but name no object the sweep could take: the hash of a file whose text or
 * verdict is kept, fixity results, certificate fingerprints. A test lists every
 * `*sha256*` column of the schema and fails on one that is neither here nor referenced
 * above, so a new table cannot let the sweep delete bytes it still needs.
 */
export const NOT_OBJECT_REFERENCES: readonly string[] = [
  'validation_reports.pdf_sha256',
  'search_texts.pdf_sha256',
  'fixity_events.sha256',
  // Fingerprints of certificates (kept as DER in their rows), not stored files.
  'signing_credentials.sha256',
  'trust_anchors.sha256',
  'edxml_packages.signer_sha256',
  'dev_pki_revocations.issuer_sha256',
];
