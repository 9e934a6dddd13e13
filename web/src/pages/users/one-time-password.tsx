// The one-time password of a reset, shown once: the password, a copy button and the warning.
import { useState } from 'react';
import { Notice } from '../../components/notice';
import { useStrings } from '../../i18n/i18n';
import { USERS_STRINGS } from './users-strings';

export function OneTimePassword({
  username,
  password,
  onClose,
}: {
  username: string;
  password: string;
  onClose: () => void;
}) {
  const t = useStrings(USERS_STRINGS);
  const [copied, setCopied] = useState(false);
  return (
    <section className="card" aria-labelledby="one-time-password" role="region">
      <h2 id="one-time-password">{t('otpTitle', { username })}</h2>
      <Notice kind="warn">{t('otpWarning')}</Notice>
      <p>
        <code className="one-time-password" data-testid="one-time-password">
          {password}
        </code>{' '}
        <button
          type="button"
          className="btn"
          onClick={() => {
            void navigator.clipboard?.writeText(password).then(
              () => setCopied(true),
              () => setCopied(false),
            );
          }}
        >
          {copied ? t('copied') : t('copy')}
        </button>
      </p>
      <p>
        <button type="button" className="btn btn-primary" onClick={onClose}>
          {t('otpDone')}
        </button>
      </p>
    </section>
  );
}
