// Quản trị tài khoản (#/users, issue 14 item 12): search and filters (unit with its subtree, role, state),
// server-side pages, create and edit forms, lock / unlock, and a password reset whose one-time password
// is shown once. Admins manage; auditors read. `#/users?unit=…` opens another unit.
import { useMemo, useState } from 'react';
import { api, ok } from '../api/client';
import type { ResponseOf, Role } from '../api/types';
import { Badge } from '../components/badge';
import { DataTable, type Column } from '../components/data-table';
import { ActionFeedback, CheckboxField, SelectField, TextField, useAction } from '../components/form';
import { useApi } from '../components/use-api';
import { useLanguage, useStrings } from '../i18n/i18n';
import { ROLE_LABELS } from '../labels/labels';
import { useMe } from '../session/session';
import { roleNames } from './home-page';
import type { PageProps } from './page-props';
import { OneTimePassword } from './users/one-time-password';
import { ALL_ROLES, UserForm, type UserFormValues } from './users/user-form';
import { USERS_STRINGS } from './users/users-strings';

export { USERS_STRINGS };

type UserRow = ResponseOf<'/api/users', 'get'>['items'][number];
type StateFilter = '' | 'active' | 'locked';
interface Filters {
  readonly q: string;
  readonly unit: string;
  readonly subtree: boolean;
  readonly role: '' | Role;
  readonly state: StateFilter;
}

const PAGE_SIZE = 50;

export function UsersPage({ params }: PageProps) {
  const t = useStrings(USERS_STRINGS);
  const { lang } = useLanguage();
  const me = useMe();
  const isAdmin = me.user.roles.includes('admin');
  const [draft, setDraft] = useState<Filters>({
    q: '',
    unit: params.get('unit') ?? me.user.unit.id,
    subtree: true,
    role: '',
    state: '',
  });
  const [filters, setFilters] = useState<Filters>(draft);
  // Cursors of the pages seen so far: cursors[i] opens page i + 1.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const page = cursors.length;
  const [editing, setEditing] = useState<UserRow | null>(null);
  const [creating, setCreating] = useState(false);
  const [otp, setOtp] = useState<{ username: string; password: string } | null>(null);
  const [done, setDone] = useState<string | undefined>(undefined);

  const units = useApi(
    () => ok(api.GET('/api/units', { params: { query: { activeAt: 'today', limit: 500 } } })),
    [],
  );
  /** The caller's unit and the units below it (all of them for a root province-level unit). */
  const reachable = useMemo(() => {
    if (units.status !== 'ready') return [{ id: me.user.unit.id, name: me.user.unit.name }];
    const all = units.data.items;
    const byParent = new Map<string | null, typeof all>();
    for (const u of all) byParent.set(u.parentId, [...(byParent.get(u.parentId) ?? []), u]);
    const own = all.find((u) => u.id === me.user.unit.id);
    const roots =
      own && own.parentId === null && own.level === 'province'
        ? (byParent.get(null) ?? [])
        : own
          ? [own]
          : [];
    const out: { id: string; name: string }[] = [];
    const walk = (u: (typeof all)[number], depth: number) => {
      out.push({ id: u.id, name: `${'— '.repeat(depth)}${u.name}` });
      for (const c of byParent.get(u.id) ?? []) walk(c, depth + 1);
    };
    for (const r of roots) walk(r, 0);
    return out.length > 0 ? out : [{ id: me.user.unit.id, name: me.user.unit.name }];
  }, [units, me.user.unit]);
  const unitName = useMemo(() => {
    const m = new Map<string, string>();
    if (units.status === 'ready') for (const u of units.data.items) m.set(u.id, u.name);
    return m;
  }, [units]);

  const cursor = cursors[cursors.length - 1];
  const users = useApi(
    () =>
      ok(
        api.GET('/api/users', {
          params: {
            query: {
              unit: filters.unit,
              subtree: filters.subtree ? 'true' : 'false',
              q: filters.q.trim() || undefined,
              role: filters.role || undefined,
              state: filters.state || undefined,
              limit: PAGE_SIZE,
              cursor,
            },
          },
        }),
      ),
    [filters, cursor],
  );

  const act = useAction(async (u: UserRow, what: 'lock' | 'unlock' | 'reset') => {
    setDone(undefined);
    const path = { params: { path: { id: u.id } } };
    if (what === 'reset') {
      const r = await ok(api.POST('/api/users/{id}/reset-password', path));
      setOtp({ username: u.username, password: r.oneTimePassword });
    } else if (what === 'lock') {
      await ok(api.POST('/api/users/{id}/lock', path));
      setDone(t('lockDone', { username: u.username }));
    } else {
      await ok(api.POST('/api/users/{id}/unlock', path));
      setDone(t('unlockDone', { username: u.username }));
    }
    users.reload();
  });

  const columns: Column<UserRow>[] = [
    {
      key: 'username',
      header: t('colUsername'),
      cell: (u) => u.username,
      sortValue: (u) => u.username,
      className: 'code',
    },
    { key: 'fullName', header: t('colFullName'), cell: (u) => u.fullName, sortValue: (u) => u.fullName },
    { key: 'title', header: t('colTitle'), cell: (u) => u.title ?? '—', sortValue: (u) => u.title },
    {
      key: 'unit',
      header: t('colUnit'),
      cell: (u) => unitName.get(u.unitId) ?? '—',
      sortValue: (u) => unitName.get(u.unitId),
    },
    { key: 'roles', header: t('colRoles'), cell: (u) => roleNames(u.roles, lang) },
    {
      key: 'state',
      header: t('colState'),
      cell: (u) => (
        <>
          {u.active ? (
            <Badge tone="ok">{t('accountActive')}</Badge>
          ) : (
            <Badge tone="ended">{t('accountDisabled')}</Badge>
          )}
          {u.mustChangePassword ? (
            <>
              {' '}
              <Badge tone="warn">{t('mustChange')}</Badge>
            </>
          ) : null}
        </>
      ),
      sortValue: (u) => (u.active ? 0 : 1),
    },
  ];
  if (isAdmin) {
    columns.push({
      key: 'actions',
      header: t('colActions'),
      cell: (u) => (
        <span className="row-actions">
          <button
            type="button"
            className="btn btn-small"
            aria-label={`${t('edit')} ${u.username}`}
            onClick={() => {
              setCreating(false);
              setEditing(u);
            }}
          >
            {t('edit')}
          </button>{' '}
          {u.id === me.user.id ? null : (
            <>
              <button
                type="button"
                className="btn btn-small"
                aria-label={`${u.active ? t('lock') : t('unlock')} ${u.username}`}
                disabled={act.busy}
                onClick={() => void act.run(u, u.active ? 'lock' : 'unlock')}
              >
                {u.active ? t('lock') : t('unlock')}
              </button>{' '}
              <button
                type="button"
                className="btn btn-small"
                aria-label={`${t('reset')} ${u.username}`}
                disabled={act.busy}
                onClick={() => void act.run(u, 'reset')}
              >
                {t('reset')}
              </button>
            </>
          )}
        </span>
      ),
    });
  }

  const formUnits = reachable;
  const toBody = (v: UserFormValues) => ({
    fullName: v.fullName,
    title: v.title.trim() || null,
    email: v.email.trim() || null,
    unitId: v.unitId,
    roles: [...v.roles],
  });

  return (
    <>
      <h1>{t('usersTitle')}</h1>
      <p className="lead">{t('usersLead')}</p>
      <section className="card" aria-labelledby="users-filters">
        <h2 id="users-filters">{t('filtersTitle')}</h2>
        <form
          role="search"
          className="filters"
          onSubmit={(e) => {
            e.preventDefault();
            setFilters(draft);
            setCursors([undefined]);
          }}
        >
          <TextField
            label={t('searchLabel')}
            type="search"
            name="q"
            value={draft.q}
            onChange={(q) => setDraft({ ...draft, q })}
          />
          <SelectField
            label={t('filterUnit')}
            name="unit"
            value={draft.unit}
            onChange={(unit) => setDraft({ ...draft, unit })}
            options={reachable.map((u) => ({ value: u.id, label: u.name }))}
          />
          <CheckboxField
            label={t('filterSubtree')}
            checked={draft.subtree}
            onChange={(subtree) => setDraft({ ...draft, subtree })}
          />
          <SelectField<'' | Role>
            label={t('filterRole')}
            name="role"
            value={draft.role}
            onChange={(role) => setDraft({ ...draft, role })}
            options={[
              { value: '', label: t('anyRole') },
              ...ALL_ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r][lang] })),
            ]}
          />
          <SelectField<StateFilter>
            label={t('filterState')}
            name="state"
            value={draft.state}
            onChange={(state) => setDraft({ ...draft, state })}
            options={[
              { value: '', label: t('anyState') },
              { value: 'active', label: t('accountActive') },
              { value: 'locked', label: t('accountDisabled') },
            ]}
          />
          <button type="submit" className="btn btn-primary">
            {t('searchSubmit')}
          </button>
        </form>
      </section>
      {isAdmin && !creating ? (
        <p>
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => {
              setEditing(null);
              setCreating(true);
            }}
          >
            {t('createOpen')}
          </button>
        </p>
      ) : null}
      {otp ? (
        <OneTimePassword username={otp.username} password={otp.password} onClose={() => setOtp(null)} />
      ) : null}
      {creating ? (
        <UserForm
          heading={t('createTitle')}
          withUsername
          units={formUnits}
          initial={{
            username: '',
            fullName: '',
            title: '',
            email: '',
            unitId: filters.unit,
            roles: ['specialist'],
          }}
          submitText={t('createSubmit')}
          busyText={t('createBusy')}
          onCancel={() => setCreating(false)}
          onSubmit={async (v) => {
            const created = await ok(
              api.POST('/api/users', { body: { username: v.username.trim(), ...toBody(v) } }),
            );
            const r = await ok(
              api.POST('/api/users/{id}/reset-password', { params: { path: { id: created.id } } }),
            );
            setCreating(false);
            setOtp({ username: created.username, password: r.oneTimePassword });
            users.reload();
          }}
        />
      ) : null}
      {editing ? (
        <UserForm
          key={editing.id}
          heading={t('editTitle', { username: editing.username })}
          withUsername={false}
          units={formUnits}
          initial={{
            username: editing.username,
            fullName: editing.fullName,
            title: editing.title ?? '',
            email: editing.email ?? '',
            unitId: editing.unitId,
            roles: editing.roles,
          }}
          submitText={t('editSubmit')}
          busyText={t('editBusy')}
          onCancel={() => setEditing(null)}
          onSubmit={async (v) => {
            const saved = await ok(
              api.PATCH('/api/users/{id}', { params: { path: { id: editing.id } }, body: toBody(v) }),
            );
            setEditing(null);
            setDone(t('editDone', { username: saved.username }));
            users.reload();
          }}
        />
      ) : null}
      <ActionFeedback action={act} busyText={t('busyAction')} done={done} />
      <DataTable
        caption={t('usersTitle')}
        columns={columns}
        rows={users.status === 'ready' ? users.data.items : undefined}
        error={users.status === 'failed' ? users.error : undefined}
        onRetry={users.reload}
        rowKey={(u) => u.id}
        empty={t('noUsers')}
        pager={{
          page,
          onPrevious: page > 1 ? () => setCursors(cursors.slice(0, -1)) : undefined,
          onNext:
            users.status === 'ready' && users.data.nextCursor
              ? () => setCursors([...cursors, users.data.nextCursor ?? undefined])
              : undefined,
        }}
      />
    </>
  );
}
