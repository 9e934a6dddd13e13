// Trang chủ: greeting, the person's unit and roles, links to the pages of their menu.
import { useLanguage, useStrings, defineStrings } from '../i18n/i18n';
import { ROLE_LABELS } from '../labels/labels';
import { menuFor } from '../menu';
import { useMe } from '../session/session';
import { SHELL_STRINGS } from '../shell-strings';
import type { Role } from '../api/types';
import type { Language } from '../i18n/i18n';

export const HOME_STRINGS = defineStrings({
  vi: {
    homeTitle: 'Xin chào, {name}',
    homeLead: 'Bạn đang làm việc tại {unit}.',
    yourUnit: 'Đơn vị',
    yourRoles: 'Vai trò của bạn',
    quickLinks: 'Truy cập nhanh',
  },
  en: {
    homeTitle: 'Welcome, {name}',
    homeLead: 'You are working at {unit}.',
    yourUnit: 'Unit',
    yourRoles: 'Your roles',
    quickLinks: 'Quick links',
  },
});

export function roleNames(roles: readonly Role[], lang: Language): string {
  return roles.map((r) => ROLE_LABELS[r][lang]).join(', ');
}

export function HomePage() {
  const me = useMe();
  const t = useStrings(HOME_STRINGS);
  const shell = useStrings(SHELL_STRINGS);
  const { lang } = useLanguage();
  const links = menuFor(me.user.roles).filter((m) => m.hash !== '#/');
  return (
    <>
      <h1>{t('homeTitle', { name: me.user.fullName })}</h1>
      <p className="lead">{t('homeLead', { unit: me.user.unit.name })}</p>
      <div className="cards">
        <section className="card" aria-labelledby="home-unit">
          <h2 id="home-unit">{t('yourUnit')}</h2>
          <p>{me.user.unit.name}</p>
          <p className="code">{me.user.unit.code}</p>
        </section>
        <section className="card" aria-labelledby="home-roles">
          <h2 id="home-roles">{t('yourRoles')}</h2>
          <p>{roleNames(me.user.roles, lang)}</p>
        </section>
        <section className="card" aria-labelledby="home-links">
          <h2 id="home-links">{t('quickLinks')}</h2>
          <ul>
            {links.map((m) => (
              <li key={m.hash}>
                <a href={m.hash}>{shell(m.key)}</a>
              </li>
            ))}
          </ul>
        </section>
      </div>
    </>
  );
}
