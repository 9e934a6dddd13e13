// The verdict of the signature check on arrival: while the job runs, "Đang kiểm tra" (the page
// refreshes itself); then the verdict with what it means, when it was checked, a file that could not
// be read, unsigned changes after the last signature, and each signature (field, kind, signer, result,
// ETSI sub-indication in words, claimed signing time in Vietnam's time).
import { Badge, VerdictBadge } from '../../components/badge';
import { formatDateTime } from '../../format/format';
import { useLanguage, useStrings } from '../../i18n/i18n';
import { Card } from '../../documents/document-widgets';
import {
  isIndication,
  subIndicationText,
  type ArrivalValidation,
  type DoneValidation,
  type SignatureResult,
} from './incoming-document';
import { INCOMING_STRINGS, type IncomingKey } from './incoming-strings';

const EXPLAIN: Readonly<Record<DoneValidation['indication'], IncomingKey>> = {
  TOTAL_PASSED: 'verdictPassedExplain',
  TOTAL_FAILED: 'verdictFailedExplain',
  INDETERMINATE: 'verdictIndeterminateExplain',
  UNSIGNED: 'verdictUnsignedExplain',
};

const SUMMARY_CLASS: Readonly<Record<DoneValidation['indication'], string>> = {
  TOTAL_PASSED: 'verdict-passed',
  TOTAL_FAILED: 'verdict-failed',
  INDETERMINATE: 'verdict-indeterminate',
  UNSIGNED: 'verdict-unsigned',
};

function IndicationBadge({ indication }: { indication: string }) {
  const t = useStrings(INCOMING_STRINGS);
  if (isIndication(indication)) return <VerdictBadge verdict={indication} />;
  return <Badge tone="warn">{t('otherIndication')}</Badge>;
}

function SignatureTable({ signatures }: { signatures: readonly SignatureResult[] }) {
  const t = useStrings(INCOMING_STRINGS);
  const { lang } = useLanguage();
  return (
    // Wider than the column on most screens: it scrolls, so the keyboard can reach it (focusable, named).
    <div className="table-scroll" tabIndex={0} role="region" aria-label={t('signaturesTable')}>
      <table className="data signatures">
        <caption className="visually-hidden">{t('signaturesTable')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('sigField')}</th>
            <th scope="col">{t('sigKind')}</th>
            <th scope="col">{t('sigSigner')}</th>
            <th scope="col">{t('sigResult')}</th>
            <th scope="col">{t('sigDetail')}</th>
            <th scope="col">{t('sigTime')}</th>
          </tr>
        </thead>
        <tbody>
          {signatures.map((s) => (
            <tr key={s.fieldName}>
              <td className="code">{s.fieldName}</td>
              <td>{t(s.kind === 'document-timestamp' ? 'sigKindTimestamp' : 'sigKindSignature')}</td>
              <td>{s.signerName ?? '—'}</td>
              <td>
                <IndicationBadge indication={s.indication} />
              </td>
              <td>{s.subIndication ? subIndicationText(s.subIndication, lang) : '—'}</td>
              {/* ISO 8601 from the API; a time the server could not read is shown as the file gives it. */}
              <td>
                {s.claimedSigningTime
                  ? formatDateTime(s.claimedSigningTime)
                  : (s.claimedSigningTimeRaw ?? '—')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function VerdictCard({ validation }: { validation: ArrivalValidation }) {
  const t = useStrings(INCOMING_STRINGS);
  if (validation.state === 'pending')
    return (
      <Card title={t('verdictTitle')} className="verdict-card">
        <p className="status-line busy" role="status">
          <VerdictBadge verdict="pending" /> {t('verdictPendingExplain')}
        </p>
      </Card>
    );
  const v = validation;
  return (
    <Card title={t('verdictTitle')} className="verdict-card">
      <p className={`verdict-summary ${SUMMARY_CLASS[v.indication]}`} role="status">
        <VerdictBadge verdict={v.indication} /> {t(EXPLAIN[v.indication])}
      </p>
      <p className="hint">{t('validatedAt', { time: formatDateTime(v.validatedAt) })}</p>
      {v.error ? <p className="alert">{t('verdictError', { code: v.error })}</p> : null}
      {v.unsignedRevisions > 0 ? (
        <p className="alert alert-warn">{t('unsignedRevisions', { count: v.unsignedRevisions })}</p>
      ) : null}
      {v.signatures.length ? <SignatureTable signatures={v.signatures} /> : null}
    </Card>
  );
}
