// Đăng nhập: username and password, the API's message on failure (wrong password, locked, throttled),
// the password emptied and focused again; why the person was signed out (session expired).
import { useEffect, useRef, useState } from 'react';
import { ActionFeedback, TextField, useAction } from '../components/form';
import { LanguageButton } from '../components/layout';
import { useDocumentTitle } from '../components/use-document-title';
import { Notice } from '../components/notice';
import { defineStrings, useStrings } from '../i18n/i18n';
import { navigate } from '../router/hash-router';
import { useSession } from '../session/session';
import { SHELL_STRINGS } from '../shell-strings';

export const LOGIN_STRINGS = defineStrings({
  vi: {
    loginTitle: 'Đăng nhập',
    loginSubtitle: 'Hệ thống quản lý văn bản và chữ ký số',
    username: 'Tên đăng nhập',
    password: 'Mật khẩu',
    signIn: 'Đăng nhập',
    signingIn: 'Đang đăng nhập…',
  },
  en: {
    loginTitle: 'Sign in',
    loginSubtitle: 'Document and digital signature system',
    username: 'Username',
    password: 'Password',
    signIn: 'Sign in',
    signingIn: 'Signing in…',
  },
});

const FAVICON = `${import.meta.env.BASE_URL}favicon.svg`;

export function LoginPage() {
  const t = useStrings(LOGIN_STRINGS);
  const shell = useStrings(SHELL_STRINGS);
  const { state, login } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const usernameRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const signIn = useAction(async () => {
    try {
      await login(username.trim(), password);
      navigate('#/');
    } catch (err) {
      setPassword('');
      passwordRef.current?.focus();
      throw err;
    }
  });

  useDocumentTitle(t('loginTitle'));
  useEffect(() => usernameRef.current?.focus(), []);

  const expired = state.status === 'signed-out' && state.reason === 'expired' && signIn.error === undefined;
  return (
    <main className="login-page" id="main">
      <div className="login-card">
        <div className="login-brand">
          <img src={FAVICON} alt="" />
          {shell('appName')}
        </div>
        <h1 id="login-title">{t('loginTitle')}</h1>
        <p className="subtitle">{t('loginSubtitle')}</p>
        {expired ? <Notice kind="error">{shell('sessionExpired')}</Notice> : null}
        <form
          aria-labelledby="login-title"
          onSubmit={(e) => {
            e.preventDefault();
            void signIn.run();
          }}
        >
          <TextField
            label={t('username')}
            name="username"
            value={username}
            onChange={setUsername}
            autoComplete="username"
            required
            inputRef={usernameRef}
          />
          <TextField
            label={t('password')}
            name="password"
            type="password"
            value={password}
            onChange={setPassword}
            autoComplete="current-password"
            required
            inputRef={passwordRef}
          />
          <button type="submit" className="btn btn-primary" disabled={signIn.busy}>
            {signIn.busy ? t('signingIn') : t('signIn')}
          </button>
          <ActionFeedback action={signIn} busyText={t('signingIn')} />
        </form>
        <div className="login-lang">
          <LanguageButton />
        </div>
      </div>
    </main>
  );
}
