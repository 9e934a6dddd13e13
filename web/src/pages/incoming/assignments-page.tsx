// #/assignments — Phân công và hạn xử lý: for leaders the unit's documents awaiting assignment (04)
// and in progress (05) with their deadlines; for specialists their own assignments in progress and
// those they completed (06). Overdue documents come first and are marked. Ported from
// assignmentsPage() of the old shell's incoming-pages.mjs.
import { api, ok } from '../../api/client';
import type { QueryOf } from '../../api/types';
import { useApi } from '../../components/use-api';
import { Card, FlashNotice, useFlash } from '../../documents/document-widgets';
import { useStrings } from '../../i18n/i18n';
import { to } from '../../router/hash-router';
import { useMe } from '../../session/session';
import { INCOMING_STRINGS, type IncomingKey } from './incoming-strings';
import { IncomingTable } from './incoming-table';

type Query = QueryOf<'/api/incoming', 'get'>;

function AssignmentList({ query, title, empty }: { query: Query; title: IncomingKey; empty: IncomingKey }) {
  const t = useStrings(INCOMING_STRINGS);
  const list = useApi(async () => {
    const page = await ok(api.GET('/api/incoming', { params: { query: { ...query, limit: 100 } } }));
    // Overdue first (a stable sort keeps the server's order otherwise).
    const items = [...page.items].sort((a, b) => Number(b.overdue) - Number(a.overdue));
    return { items, more: page.nextCursor !== null };
  }, [JSON.stringify(query)]);
  return (
    <Card title={t(title)}>
      <IncomingTable
        caption={t(title)}
        base="#/assignments"
        rows={list.status === 'ready' ? list.data.items : undefined}
        error={list.status === 'failed' ? list.error : undefined}
        onRetry={list.reload}
        empty={t(empty)}
      />
      {list.status === 'ready' && list.data.more ? (
        <p>
          <a href={to('#/inbox', { status: query.status })}>{t('seeAllInInbox')}</a>
        </p>
      ) : null}
    </Card>
  );
}

export function AssignmentsPage() {
  const t = useStrings(INCOMING_STRINGS);
  const me = useMe();
  const [flash] = useFlash();
  const roles = me.user.roles;
  return (
    <>
      <h1>{t('assignmentsTitle')}</h1>
      <p className="lead">{t('assignmentsLead')}</p>
      <FlashNotice text={flash} />
      {roles.includes('leader') ? (
        <>
          <AssignmentList query={{ status: '04' }} title="awaitingAssignment" empty="noAwaitingAssignment" />
          <AssignmentList query={{ status: '05' }} title="inProgressUnit" empty="noInProgress" />
        </>
      ) : null}
      {roles.includes('specialist') ? (
        <>
          <AssignmentList
            query={{ assignedToMe: 'true', status: '05' }}
            title="myAssignments"
            empty="noMyAssignments"
          />
          <AssignmentList
            query={{ assignedToMe: 'true', status: '06' }}
            title="myCompleted"
            empty="noMyCompleted"
          />
        </>
      ) : null}
    </>
  );
}
