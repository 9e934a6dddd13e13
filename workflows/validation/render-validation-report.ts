import { renderHtmlReport } from '../../signing/validate/report/render-html-report';
import { renderPdfReport } from '../../signing/validate/report/render-pdf-report';
import type { ReportLanguage } from '../../signing/validate/report/report-text';
import type { DomainContext } from '../context';
import { getValidationReport } from './get-validation-report';
import type { ValidationDeps } from './validation-deps';

export type ReportFormat = 'json' | 'html' | 'pdf';

export interface RenderedReport {
  readonly contentType: string;
  /** A download name: `bao-cao-kiem-tra-<hash prefix>.<ext>`. */
  readonly fileName: string;
  readonly body: Buffer;
}

/** A recorded report as a download: the JSON itself, or the human report (HTML, PDF) in vi or en. */
export async function renderValidationReport(
  ctx: DomainContext,
  deps: ValidationDeps,
  id: string,
  format: ReportFormat,
  lang: ReportLanguage = 'vi',
): Promise<RenderedReport> {
  const { report } = await getValidationReport(ctx, deps, id);
  const base = `${lang === 'vi' ? 'bao-cao-kiem-tra' : 'validation-report'}-${report.file.sha256.slice(0, 12)}`;
  if (format === 'json')
    return {
      contentType: 'application/json; charset=utf-8',
      fileName: `${base}.json`,
      body: Buffer.from(JSON.stringify(report, null, 2) + '\n'),
    };
  if (format === 'html')
    return {
      contentType: 'text/html; charset=utf-8',
      fileName: `${base}.html`,
      body: Buffer.from(renderHtmlReport(report, lang)),
    };
  return {
    contentType: 'application/pdf',
    fileName: `${base}.pdf`,
    body: await renderPdfReport(report, lang),
  };
}
