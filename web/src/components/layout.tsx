// The shell around every page once signed in: top bar (name, unit, language, sign out), navigation by
// role, and the page in <main>. At 800 px and below the menu collapses behind a "Danh mục" button
// (aria-expanded), and closes again when a page is chosen.
import { useId, useState, type ReactNode } from 'react';
import { useLanguage, useStrings } from '../i18n/i18n';
import { activeEntry, menuFor } from '../menu';
import { navigate, to, useHashLocation } from '../router/hash-router';
import { useMe, useSession } from '../session/session';
import { SHELL_STRINGS } from '../shell-strings';
import { Bell } from './bell';
import { useDocumentTitle } from './use-document-title';

const FAVICON = `${import.meta.env.BASE_URL}favicon.svg`;

export function LanguageButton() {
  const { lang, setLang } = useLanguage();
  const t = useStrings(SHELL_STRINGS);
  return (
    <button
      type="button"
      className="btn btn-lang"
      lang={lang === 'vi' ? 'en' : 'vi'}
      title={t('switchLanguageLabel')}
      onClick={() => setLang(lang === 'vi' ? 'en' : 'vi')}
    >
      {t('switchLanguage')}
    </button>
  );
}

/** The search box of the top bar, for every role: opens #/search with what was typed. */
function TopSearch() {
  const t = useStrings(SHELL_STRINGS);
  const id = useId();
  const [q, setQ] = useState('');
  return (
    <form
      role="search"
      className="topbar-search"
      onSubmit={(e) => {
        e.preventDefault();
        navigate(to('#/search', { q: q.trim() }));
      }}
    >
      <label htmlFor={id}>{t('topSearchLabel')}</label>
      <input id={id} type="search" name="q" value={q} onChange={(e) => setQ(e.target.value)} />
    </form>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const me = useMe();
  const { logout } = useSession();
  const t = useStrings(SHELL_STRINGS);
  const { path } = useHashLocation();
  // Open for the page it was opened on: choosing another page closes it.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === path;
  const navId = useId();
  const menu = menuFor(me.user.roles);
  const active = activeEntry(menu, path);

  useDocumentTitle(active ? t(active.key) : t('appName'));

  return (
    <>
      <a
        className="skip-link"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        {t('skipToContent')}
      </a>
      <header className="topbar">
        <div className="brand">
          <img src={FAVICON} alt="" />
          <span>
            {t('appName')} <small>· {t('appTagline')}</small>
          </span>
        </div>
        <button
          type="button"
          className="btn btn-ghost menu-toggle"
          aria-expanded={open}
          aria-controls={navId}
          onClick={() => setOpenOn(open ? null : path)}
        >
          {t('menu')}
        </button>
        <div className="spacer" />
        <TopSearch />
        <Bell />
        <div className="who">
          <strong>{me.user.fullName}</strong>
          {me.user.unit.name}
        </div>
        <LanguageButton />
        <button type="button" className="btn btn-ghost" onClick={() => void logout()}>
          {t('signOut')}
        </button>
      </header>
      <div className="shell">
        <nav className={`sidenav${open ? ' open' : ''}`} id={navId} aria-label={t('navMain')}>
          <ul>
            {menu.map((m) => (
              <li key={m.hash}>
                <a href={m.hash} aria-current={m === active ? 'page' : undefined}>
                  {t(m.key)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <main id="main" tabIndex={-1}>
          {children}
        </main>
      </div>
    </>
  );
}
