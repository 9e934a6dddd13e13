// Theo dõi nơi nhận: per recipient its edXML status with the label (01 Đã đến … 06 Hoàn thành, 02 with
// the reason, 13/15/16 recall), incoming number, arrival time, every event with its time and note,
// deadline and handling result; deliveries to organisations outside this system. "Làm mới" reloads.
import { api, ok } from '../../api/client';
import type { ResponseOf } from '../../api/types';
import { ErrorNotice, Loading } from '../../components/notice';
import { useApi } from '../../components/use-api';
import { Badge } from '../../components/badge';
import { IncomingStatusBadge } from '../../documents/document-badges';
import { DOCUMENT_STRINGS, type DocumentKey } from '../../documents/document-strings';
import { Card } from '../../documents/document-widgets';
import { formatDate, formatDateTime } from '../../format/format';
import { useLanguage, useStrings } from '../../i18n/i18n';
import { EDXML_STATUS_LABELS, labelOf } from '../../labels/labels';
import { OUTGOING_STRINGS, type OutgoingKey } from './outgoing-strings';

type Tracking = ResponseOf<'/api/outgoing/{id}/recipients', 'get'>;
type Delivery = Tracking['external'][number]['delivery'];

const DELIVERY: Readonly<Record<Delivery, OutgoingKey>> = {
  queued: 'delivery_queued',
  delivered: 'delivery_delivered',
  failed: 'delivery_failed',
};

const HANDLING: Readonly<Record<string, DocumentKey>> = {
  early: 'handling_early',
  on_time: 'handling_on_time',
  late: 'handling_late',
};

const OTHER_STATUS = { vi: 'Trạng thái khác', en: 'Other status' } as const;

export function TrackingCard({ documentId }: { documentId: string }) {
  const t = useStrings(DOCUMENT_STRINGS);
  const o = useStrings(OUTGOING_STRINGS);
  const tracking = useApi(async () => {
    const data = await ok(api.GET('/api/outgoing/{id}/recipients', { params: { path: { id: documentId } } }));
    return { data, at: new Date() };
  }, [documentId]);
  const refreshing = tracking.status === 'loading';
  return (
    <Card title={o('trackingTitle')} className="tracking-card">
      <div className="toolbar">
        <button
          type="button"
          className="btn"
          disabled={refreshing}
          aria-busy={refreshing || undefined}
          onClick={tracking.reload}
        >
          {t('refresh')}
        </button>
        <span className="hint" aria-live="polite">
          {tracking.status === 'ready'
            ? t('refreshedAt', { time: formatDateTime(tracking.data.at, { seconds: true }) })
            : null}
        </span>
      </div>
      <div className="tracking-body">
        {tracking.status === 'loading' ? (
          <Loading />
        ) : tracking.status === 'failed' ? (
          <ErrorNotice error={tracking.error} />
        ) : (
          <TrackingTables tr={tracking.data.data} />
        )}
      </div>
    </Card>
  );
}

function TrackingTables({ tr }: { tr: Tracking }) {
  const t = useStrings(DOCUMENT_STRINGS);
  const o = useStrings(OUTGOING_STRINGS);
  const { lang } = useLanguage();
  const codes = Object.keys(tr.summary.byStatus).sort();
  return (
    <>
      <p className="summary-line">
        {o('recipientTotal', { count: tr.summary.total })}
        {tr.document.dueDate ? (
          <span className="tracking-due">
            {' '}
            · {o('trackingDueDate', { date: formatDate(tr.document.dueDate) })}
          </span>
        ) : null}
        {codes.map((code) => (
          <span key={code}>
            {' '}
            <Badge tone="info">
              <span className="code">{code}</span> {labelOf(EDXML_STATUS_LABELS, code, lang, OTHER_STATUS)}:{' '}
              {tr.summary.byStatus[code]}
            </Badge>
          </span>
        ))}
      </p>
      {tr.recipients.length ? (
        <div className="table-scroll">
          <table className="data tracking">
            <caption className="visually-hidden">{o('trackingTitle')}</caption>
            <thead>
              <tr>
                {(
                  [
                    'recipientCol',
                    'statusCol',
                    'incomingNumberCol',
                    'receivedAtCol',
                    'historyCol',
                    'deadlineCol',
                    'handlingCol',
                  ] as const
                ).map((k) => (
                  <th key={k} scope="col">
                    {t(k)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {tr.recipients.map((r) => (
                <tr key={r.incomingId} data-unit={r.unit.code}>
                  <td>
                    {r.unit.name}
                    <br />
                    <small className="code">{r.unit.code}</small>
                    {r.addressedUnit && r.addressedUnit.id !== r.unit.id ? (
                      <small className="routed"> {o('routedFrom', { name: r.addressedUnit.name })}</small>
                    ) : null}
                  </td>
                  <td>
                    <IncomingStatusBadge code={r.statusCode} label={r.status} />
                    {r.recallCode && r.recall ? (
                      <>
                        <br />
                        <IncomingStatusBadge code={r.recallCode} label={r.recall} />
                      </>
                    ) : null}
                    {r.refusalReason ? (
                      <p className="comment">
                        {o('refusalReason')}: {r.refusalReason}
                      </p>
                    ) : null}
                  </td>
                  <td>{r.incomingNumberText ?? '—'}</td>
                  <td>{formatDateTime(String(r.receivedAt)) || '—'}</td>
                  <td>
                    <ol className="events">
                      {r.events.map((ev, i) => (
                        <li key={i} data-code={ev.code}>
                          <span className="code">{ev.code}</span> {ev.label[lang]} —{' '}
                          <time dateTime={String(ev.at)}>{formatDateTime(String(ev.at))}</time>
                          {ev.note ? <span className="note"> ({ev.note})</span> : null}
                        </li>
                      ))}
                    </ol>
                  </td>
                  <td>{formatDate(r.deadline) || '—'}</td>
                  <td>
                    {r.handlingResult && HANDLING[r.handlingResult] ? t(HANDLING[r.handlingResult]!) : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="empty">{o('noRecipientsYet')}</p>
      )}
      {tr.external.length ? (
        <div className="table-scroll">
          <table className="data">
            <caption>{t('externalRecipients')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('externalCode')}</th>
                <th scope="col">{t('externalName')}</th>
                <th scope="col">{o('deliveryCol')}</th>
                <th scope="col">{o('attemptsCol')}</th>
                <th scope="col">{o('sentAtCol')}</th>
              </tr>
            </thead>
            <tbody>
              {tr.external.map((x) => (
                <tr key={x.code}>
                  <td className="code">{x.code}</td>
                  <td>{x.name ?? '—'}</td>
                  <td>
                    {o(DELIVERY[x.delivery])}
                    {x.failure?.permanent ? (
                      <small className="comment">
                        {' '}
                        {o('deliveryRefused', { code: x.failure.peerCode ?? String(x.failure.peerStatus) })}
                        {x.failure.peerMessage ? ` ${x.failure.peerMessage}` : ''}
                      </small>
                    ) : x.lastError ? (
                      <small className="comment"> {x.lastError}</small>
                    ) : null}
                  </td>
                  <td>{String(x.attempts)}</td>
                  <td>{x.deliveredAt ? formatDateTime(String(x.deliveredAt)) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}
