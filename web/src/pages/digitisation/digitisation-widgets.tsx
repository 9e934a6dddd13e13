// Pieces the digitisation pages share: the status badge, the scan upload (raw body with its media
// type, name in X-File-Name), and the record type from the API.
import { upload, type UploadProgress } from '../../api/upload';
import type { ResponseOf } from '../../api/types';
import { useStrings } from '../../i18n/i18n';
import { DIGITISATION_STRINGS } from './digitisation-strings';
import './digitisation.css';

export type DigitisedRecord = ResponseOf<'/api/digitisation/records/{id}', 'get'>;
export type RecordStatus = DigitisedRecord['status'];

const STATUS_KEY = {
  draft: 'statusDraft',
  queued: 'statusQueued',
  processing: 'statusProcessing',
  done: 'statusDone',
  failed: 'statusFailed',
} as const;

const STATUS_TONE: Record<RecordStatus, string> = {
  draft: 'info',
  queued: 'info',
  processing: 'warn',
  done: 'ok',
  failed: 'urgent',
};

export function StatusBadge({ status }: { status: RecordStatus }) {
  const t = useStrings(DIGITISATION_STRINGS);
  return <span className={`badge badge-${STATUS_TONE[status]}`}>{t(STATUS_KEY[status])}</span>;
}

/** Whether the job is still to finish: the pages poll the record meanwhile. */
export const isRunning = (s: RecordStatus) => s === 'queued' || s === 'processing';

/** The media type of a scan: the browser's, or from its extension (the server reads the bytes anyway). */
function scanType(file: File): string {
  if (file.type) return file.type;
  if (/\.pdf$/i.test(file.name)) return 'application/pdf';
  if (/\.tiff?$/i.test(file.name)) return 'image/tiff';
  if (/\.jpe?g$/i.test(file.name)) return 'image/jpeg';
  return 'application/octet-stream';
}

/** POSTs one scan as the raw body of POST /api/digitisation/records/:id/files. */
export function uploadScan(
  recordId: string,
  file: File,
  onProgress?: (p: UploadProgress) => void,
): Promise<DigitisedRecord> {
  const type = scanType(file);
  const body = file.type === type ? file : new Blob([file], { type });
  return upload<DigitisedRecord>(`/api/digitisation/records/${recordId}/files`, body, {
    headers: { 'x-file-name': encodeURIComponent(file.name) },
    onProgress,
  });
}
