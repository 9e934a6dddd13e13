// Trang chủ: greeting, what waits for the person (counters of GET /api/home/counters, each a link to the
// list it counts), the person's unit and roles, links to the pages of their menu.
import { api, ok } from '../api/client';
import { AsyncView } from '../components/async-view';
import { useApi } from '../components/use-api';
import { formatDate, formatNumber } from '../format/format';
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
    todoTitle: 'Việc cần làm',
    todoNone: 'Không có việc nào đang chờ bạn.',
    toSign: 'Chờ tôi ký',
    toSeal: 'Chờ cấp số, đóng dấu',
    toRegister: 'Văn bản đến chờ vào sổ',
    toAssign: 'Chờ phân công',
    overdue: 'Quá hạn xử lý',
    dueThisWeek: 'Đến hạn trong tuần (đến {date})',
  },
  en: {
    homeTitle: 'Welcome, {name}',
    homeLead: 'You are working at {unit}.',
    yourUnit: 'Unit',
    yourRoles: 'Your roles',
    quickLinks: 'Quick links',
    todoTitle: 'To do',
    todoNone: 'Nothing is waiting for you.',
    toSign: 'Waiting for my signature',
    toSeal: 'To number and seal',
    toRegister: 'Incoming to register',
    toAssign: 'To assign',
    overdue: 'Overdue',
    dueThisWeek: 'Due this week (by {date})',
  },
});

/** The counters of the person's roles; each opens the list it counts. */
function TodoCounters() {
  const t = useStrings(HOME_STRINGS);
  const { lang } = useLanguage();
  const counters = useApi(() => ok(api.GET('/api/home/counters')), []);
  return (
    <section className="card home-todo" aria-labelledby="home-todo">
      <h2 id="home-todo">{t('todoTitle')}</h2>
      <AsyncView state={counters} onRetry={counters.reload}>
        {(data) =>
          data.items.length === 0 ? (
            <p>{t('todoNone')}</p>
          ) : (
            <ul className="counters plain" aria-label={t('todoTitle')}>
              {data.items.map((c) => (
                <li key={c.key}>
                  <a
                    className={`counter${c.key === 'overdue' && c.count > 0 ? ' counter-overdue' : ''}`}
                    href={c.link}
                  >
                    <span className="stat">{formatNumber(c.count, lang)}</span>{' '}
                    <span>{t(c.key, { date: formatDate(data.dueBy) })}</span>
                  </a>
                </li>
              ))}
            </ul>
          )
        }
      </AsyncView>
    </section>
  );
}

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
      <TodoCounters />
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
