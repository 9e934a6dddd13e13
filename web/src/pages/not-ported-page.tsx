// A page still served by the current app while the port goes on: a link to the same hash route there,
// so nothing is lost. Each of these routes gets its React page from the engineers porting it.
import { useStrings } from '../i18n/i18n';
import { useHashLocation } from '../router/hash-router';
import { SHELL_STRINGS, type ShellKey } from '../shell-strings';

/** The current app (served at `/`) at the same hash route, query included. */
export function currentAppHref(hash: string): string {
  return `/${hash}`;
}

export function NotPortedPage({ page }: { page: ShellKey }) {
  const t = useStrings(SHELL_STRINGS);
  useHashLocation();
  const hash = globalThis.location.hash || '#/';
  return (
    <>
      <h1>{t(page)}</h1>
      <section className="card" aria-labelledby="not-ported">
        <h2 id="not-ported">{t('notPortedTitle')}</h2>
        <p>{t('notPortedLead', { page: t(page) })}</p>
        <p>
          <a className="btn btn-primary" href={currentAppHref(hash)}>
            {t('openCurrentApp')}
          </a>
        </p>
      </section>
    </>
  );
}
