// Pieces the validation pages share: the tabs (file, batches, trust), a verdict box coloured by its
// tone, the verdict badge of a batch file (label and code: "Hợp lệ (TOTAL_PASSED)"), and the raw PDF
// upload of the validation routes (with progress).
import type { ReactNode } from 'react';
import { upload, type UploadProgress } from '../../api/upload';
import { useLanguage, useStrings } from '../../i18n/i18n';
import {
  BATCH_VERDICT_LABELS,
  BATCH_VERDICT_TONE,
  VALIDATION_STRINGS,
  type BatchVerdict,
  type ReportTone,
} from './validation-strings';
import './validation.css';

export type ValidationTab = 'file' | 'batches' | 'trust';

const TABS: readonly { hash: string; tab: ValidationTab; key: 'tabFile' | 'tabBatches' | 'tabTrust' }[] = [
  { hash: '#/validation', tab: 'file', key: 'tabFile' },
  { hash: '#/validation/batches', tab: 'batches', key: 'tabBatches' },
  { hash: '#/validation/trust', tab: 'trust', key: 'tabTrust' },
];

export function ValidationTabs({ active }: { active?: ValidationTab }) {
  const t = useStrings(VALIDATION_STRINGS);
  return (
    <nav className="tabs" aria-label={t('tabs')}>
      {TABS.map((tab) => (
        <a key={tab.tab} href={tab.hash} aria-current={active === tab.tab ? 'page' : undefined}>
          {t(tab.key)}
        </a>
      ))}
    </nav>
  );
}

/** The headline and its explanation, coloured by the verdict's tone. */
export function VerdictBox({
  tone,
  headline,
  explanation,
  announce,
}: {
  tone: ReportTone;
  headline: ReactNode;
  explanation: ReactNode;
  /** The document's verdict is announced (role="status"); a signature's is not. */
  announce?: boolean;
}) {
  return (
    <div className={`verdict tone-${tone}`} role={announce ? 'status' : undefined}>
      <strong>{headline}</strong>
      <p>{explanation}</p>
    </div>
  );
}

/** A batch file's verdict: its label with the code beside it. */
export function BatchVerdictBadge({ verdict }: { verdict: BatchVerdict | null }) {
  const { lang } = useLanguage();
  if (!verdict) return <>—</>;
  return (
    <span className={`badge badge-${BATCH_VERDICT_TONE[verdict]}`}>
      {BATCH_VERDICT_LABELS[verdict][lang]} ({verdict})
    </span>
  );
}

/** POSTs a PDF as the raw body of a validation route (its name in X-File-Name). */
export function uploadPdf<T>(url: string, file: File, onProgress?: (p: UploadProgress) => void): Promise<T> {
  const body = file.type === 'application/pdf' ? file : new Blob([file], { type: 'application/pdf' });
  return upload<T>(url, body, {
    headers: { 'x-file-name': encodeURIComponent(file.name) },
    onProgress,
  });
}

/** Revocation evidence the auditor holds, sent with the PDF: CRL files (DER or PEM), OCSP responses (DER). */
export interface EvidenceFiles {
  readonly crls: readonly File[];
  readonly ocsps: readonly File[];
}

/**
 * POSTs a PDF to POST /api/validation/validate: the raw body when there is no evidence, otherwise a
 * multipart form (part `file`, repeatable `crl` and `ocsp`).
 */
export function uploadPdfWithEvidence<T>(
  url: string,
  file: File,
  evidence: EvidenceFiles,
  onProgress?: (p: UploadProgress) => void,
): Promise<T> {
  if (!evidence.crls.length && !evidence.ocsps.length) return uploadPdf<T>(url, file, onProgress);
  const form = new FormData();
  form.append('file', file, file.name);
  for (const crl of evidence.crls) form.append('crl', crl, crl.name);
  for (const ocsp of evidence.ocsps) form.append('ocsp', ocsp, ocsp.name);
  return upload<T>(url, form, { onProgress });
}
