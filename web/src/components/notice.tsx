// Notices: an error (role="alert", read out at once), a result or progress (role="status"). The API's
// errors show in the person's language; a 403 says the person may not see it, never the raw code.
import type { ReactNode } from 'react';
import { ApiError } from '../api/api-error';
import { useLanguage, useStrings } from '../i18n/i18n';
import { SHELL_STRINGS } from '../shell-strings';

export type NoticeKind = 'error' | 'ok' | 'warn' | 'info';

export function Notice({ kind, children, id }: { kind: NoticeKind; children: ReactNode; id?: string }) {
  const className = {
    error: 'alert',
    ok: 'alert alert-ok',
    warn: 'alert alert-warn',
    info: 'alert alert-info',
  }[kind];
  return (
    <p className={className} role={kind === 'error' ? 'alert' : 'status'} id={id}>
      {children}
    </p>
  );
}

/** The text of any error for a person: the API's message, forbidden, or the generic one. */
export function useErrorText(): (error: unknown) => string {
  const { lang } = useLanguage();
  const t = useStrings(SHELL_STRINGS);
  return (error: unknown) => {
    if (error instanceof ApiError) {
      if (error.status === 403 && error.code === 'FORBIDDEN') return t('forbidden');
      return error.text(lang);
    }
    return t('genericError');
  };
}

/** An error notice, with a retry button when given one. */
export function ErrorNotice({ error, onRetry, id }: { error: unknown; onRetry?: () => void; id?: string }) {
  const text = useErrorText();
  const t = useStrings(SHELL_STRINGS);
  return (
    <div className="notice-block">
      <Notice kind="error" id={id}>
        {text(error)}
      </Notice>
      {onRetry ? (
        <button type="button" className="btn" onClick={onRetry}>
          {t('retry')}
        </button>
      ) : null}
    </div>
  );
}

export function Loading() {
  const t = useStrings(SHELL_STRINGS);
  return (
    <p className="loading" role="status">
      {t('loading')}
    </p>
  );
}
