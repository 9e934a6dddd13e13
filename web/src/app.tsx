// The app: language, session, then the login page or the layout with the page of the current route.
import { Layout } from './components/layout';
import { Loading } from './components/notice';
import { LanguageProvider } from './i18n/i18n';
import { LoginPage } from './pages/login-page';
import { MustChangePassword } from './pages/users/must-change-password';
import { resolveRoute } from './routes';
import { useHashLocation } from './router/hash-router';
import { SessionProvider, useSession } from './session/session';

function CurrentPage() {
  const { path, params } = useHashLocation();
  const { state } = useSession();
  if (state.status !== 'signed-in') return null;
  // After an admin's reset the one-time password opens only the change-password form.
  if (state.me.user.mustChangePassword) return <MustChangePassword />;
  const { route, id } = resolveRoute(path, state.me.user.roles);
  return <>{route.page({ params, id })}</>;
}

function Screen() {
  const { state } = useSession();
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'signed-out') return <LoginPage />;
  return (
    <Layout>
      <CurrentPage />
    </Layout>
  );
}

export function App() {
  return (
    <LanguageProvider>
      <SessionProvider>
        <Screen />
      </SessionProvider>
    </LanguageProvider>
  );
}
