import { describeReport, type ReportView } from '../../signing/validate/report/describe-report';
import type { ReportLanguage } from '../../signing/validate/report/report-text';
import type { DomainContext } from '../context';
import { getValidationReport } from './get-validation-report';
import type { ReportRecord } from './record-report';
import type { ValidationDeps } from './validation-deps';

/**
 * A recorded report as the human outline (verdicts explained in plain Vietnamese or English, facts,
 * tables) that the HTML and PDF reports render — for the web page, so that all three say the same.
 */
export async function viewValidationReport(
  ctx: DomainContext,
  deps: ValidationDeps,
  id: string,
  lang: ReportLanguage,
): Promise<{ record: ReportRecord; view: ReportView }> {
  const { record, report } = await getValidationReport(ctx, deps, id);
  return { record, view: describeReport(report, lang) };
}
