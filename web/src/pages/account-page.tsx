// Tài khoản của tôi: who is signed in, their unit (link to the directory), roles, how they signed in.
import { defineStrings, useLanguage, useStrings } from '../i18n/i18n';
import { useMe } from '../session/session';
import { NotificationSettings } from './account-notifications';
import { ChangePassword } from './account-password';
import { roleNames } from './home-page';

export const ACCOUNT_STRINGS = defineStrings({
  vi: {
    accountTitle: 'Tài khoản của tôi',
    username: 'Tên đăng nhập',
    fullName: 'Họ và tên',
    jobTitle: 'Chức vụ',
    unit: 'Đơn vị',
    roles: 'Vai trò',
    signedInWith: 'Phương thức đăng nhập',
    authSession: 'Phiên web',
    authBearer: 'Mã truy cập (API)',
  },
  en: {
    accountTitle: 'My account',
    username: 'Username',
    fullName: 'Full name',
    jobTitle: 'Title',
    unit: 'Unit',
    roles: 'Roles',
    signedInWith: 'Signed in with',
    authSession: 'Web session',
    authBearer: 'API token',
  },
});

export function AccountPage() {
  const me = useMe();
  const t = useStrings(ACCOUNT_STRINGS);
  const { lang } = useLanguage();
  const u = me.user;
  return (
    <>
      <h1>{t('accountTitle')}</h1>
      <section className="card">
        <dl className="props">
          <dt>{t('username')}</dt>
          <dd className="code">{u.username}</dd>
          <dt>{t('fullName')}</dt>
          <dd>{u.fullName}</dd>
          <dt>{t('jobTitle')}</dt>
          <dd>{u.title ?? '—'}</dd>
          <dt>{t('unit')}</dt>
          <dd>
            <a href={`#/units/${u.unit.id}`}>{u.unit.name}</a>
          </dd>
          <dt>{t('roles')}</dt>
          <dd>{roleNames(u.roles, lang)}</dd>
          <dt>{t('signedInWith')}</dt>
          <dd>{me.authMethod === 'bearer' ? t('authBearer') : t('authSession')}</dd>
        </dl>
      </section>
      {me.authMethod === 'bearer' ? null : <ChangePassword />}
      {me.authMethod === 'bearer' ? null : <NotificationSettings />}
    </>
  );
}
