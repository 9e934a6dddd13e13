import type { EntityManager } from 'typeorm';
import { POLICY } from '../accounts/authorize';
import { upsertSearchEntry } from './search-index';

/** The fields of a digitised record that its search entry carries. */
export interface ScanEntrySource {
  readonly id: string;
  readonly unit_id: string;
  readonly title: string;
  readonly origin: string;
  readonly document_number: string | null;
  readonly document_date: Date | null;
  readonly issuer: string | null;
}

/**
 * The search entry (kind 'scan') of a digitised record whose OCR is done, with the OCR text as its body.
 * One function for the two writers: the OCR job when it finishes (server/jobs/ocr-job.ts) and the index
 * rebuild (rebuild-search-index.ts), so `vanban search rebuild --check` compares like with like.
 */
export async function indexScan(m: EntityManager, r: ScanEntrySource, text: string): Promise<void> {
  await upsertSearchEntry(m, {
    sourceKind: 'scan',
    sourceId: r.id,
    unitId: r.unit_id,
    title: r.title,
    ...(r.document_number ? { number: r.document_number } : {}),
    ...(r.issuer ? { issuer: r.issuer } : {}),
    ...(r.document_date ? { issuedAt: r.document_date, year: r.document_date.getUTCFullYear() } : {}),
    documentType: r.origin === 'old_archive' ? 'Tài liệu lưu trữ số hóa' : 'Bản gốc giấy số hóa',
    status: 'digitised',
    body: text,
    // Found by those who may open the record (POLICY 'digitisation.read'), in its unit and above.
    readers: { roles: POLICY['digitisation.read'].roles },
  });
}
