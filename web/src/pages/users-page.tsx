// Quản trị tài khoản: the accounts of the admin's unit (or `#/users?unit=…`), sortable by column.
import { api, ok } from '../api/client';
import type { ResponseOf } from '../api/types';
import { Badge } from '../components/badge';
import { DataTable, type Column } from '../components/data-table';
import { useApi } from '../components/use-api';
import { defineStrings, useLanguage, useStrings } from '../i18n/i18n';
import { roleNames } from './home-page';
import type { PageProps } from './page-props';

export const USERS_STRINGS = defineStrings({
  vi: {
    usersTitle: 'Quản trị tài khoản',
    usersLead: 'Tài khoản của đơn vị bạn.',
    colUsername: 'Tên đăng nhập',
    colFullName: 'Họ và tên',
    colTitle: 'Chức vụ',
    colRoles: 'Vai trò',
    colState: 'Trạng thái',
    accountActive: 'Hoạt động',
    accountDisabled: 'Đã khóa',
    noUsers: 'Không có tài khoản nào.',
  },
  en: {
    usersTitle: 'Accounts',
    usersLead: 'Accounts of your unit.',
    colUsername: 'Username',
    colFullName: 'Full name',
    colTitle: 'Title',
    colRoles: 'Roles',
    colState: 'State',
    accountActive: 'Active',
    accountDisabled: 'Disabled',
    noUsers: 'No accounts.',
  },
});

type UserRow = ResponseOf<'/api/users', 'get'>['items'][number];

export function UsersPage({ params }: PageProps) {
  const t = useStrings(USERS_STRINGS);
  const { lang } = useLanguage();
  const unit = params.get('unit') ?? undefined;
  const users = useApi(() => ok(api.GET('/api/users', { params: { query: { unit, limit: 200 } } })), [unit]);
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
    { key: 'roles', header: t('colRoles'), cell: (u) => roleNames(u.roles, lang) },
    {
      key: 'state',
      header: t('colState'),
      cell: (u) =>
        u.active ? (
          <Badge tone="ok">{t('accountActive')}</Badge>
        ) : (
          <Badge tone="ended">{t('accountDisabled')}</Badge>
        ),
      sortValue: (u) => (u.active ? 0 : 1),
    },
  ];
  return (
    <>
      <h1>{t('usersTitle')}</h1>
      <p className="lead">{t('usersLead')}</p>
      <DataTable
        caption={t('usersTitle')}
        columns={columns}
        rows={users.status === 'ready' ? users.data.items : undefined}
        error={users.status === 'failed' ? users.error : undefined}
        onRetry={users.reload}
        rowKey={(u) => u.id}
        empty={t('noUsers')}
        pageSize={50}
      />
    </>
  );
}
