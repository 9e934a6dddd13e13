/* global document, URLSearchParams */
// The shell: asks GET /api/me, shows the login page or the layout (top bar, navigation by role, the
// page for the current #/ route), and the language switch.
import { api, setCsrfToken, whenUnauthenticated } from './api.mjs';
import { h, replace } from './dom.mjs';
import { language, setLanguage, t } from './i18n.mjs';
import { menuFor } from './menu.mjs';
import { accountPage, auditPage, homePage, unitPage, unitsPage, usersPage } from './pages.mjs';
import { VALIDATION_ROUTES } from './validation-page.mjs';
import { DOCUMENT_ROUTES } from './document-routes.mjs';

const root = document.getElementById('app');
let me = null;
let notice = '';

const ROUTES = [
  { pattern: /^#\/?$/, page: homePage },
  { pattern: /^#\/units$/, page: unitsPage },
  { pattern: /^#\/units\/([0-9a-f-]{36})$/, page: unitPage },
  { pattern: /^#\/users$/, page: usersPage, key: 'navUsers' },
  { pattern: /^#\/audit$/, page: auditPage, key: 'navAudit' },
  { pattern: /^#\/account$/, page: accountPage },
  ...VALIDATION_ROUTES,
  ...DOCUMENT_ROUTES,
];

function languageButton(onSwitch) {
  return h(
    'button',
    {
      type: 'button',
      className: 'btn btn-lang',
      lang: language() === 'vi' ? 'en' : 'vi',
      title: t('switchLanguageLabel'),
      onclick: () => {
        setLanguage(language() === 'vi' ? 'en' : 'vi');
        onSwitch();
      },
    },
    t('switchLanguage'),
  );
}

function renderLogin() {
  document.title = `${t('loginTitle')} — VanBan`;
  const error = h('p', { className: 'alert', role: 'alert', id: 'login-error' }, notice);
  notice = '';
  const username = h('input', {
    id: 'login-username',
    name: 'username',
    autocomplete: 'username',
    required: true,
  });
  const password = h('input', {
    id: 'login-password',
    name: 'password',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
  });
  const submit = h('button', { type: 'submit', className: 'btn btn-primary' }, t('signIn'));
  const form = h(
    'form',
    {
      'aria-labelledby': 'login-title',
      onsubmit: async (e) => {
        e.preventDefault();
        submit.disabled = true;
        submit.textContent = t('signingIn');
        error.textContent = '';
        try {
          const session = await api('POST', '/api/auth/login', {
            username: username.value.trim(),
            password: password.value,
          });
          setCsrfToken(session.csrfToken);
          me = await api('GET', '/api/me');
          globalThis.location.hash = '#/';
          render();
        } catch (err) {
          error.textContent = language() === 'en' ? err.message : (err.messageVi ?? t('genericError'));
          submit.disabled = false;
          submit.textContent = t('signIn');
          password.value = '';
          password.focus();
        }
      },
    },
    h('div', { className: 'field' }, h('label', { for: 'login-username' }, t('username')), username),
    h('div', { className: 'field' }, h('label', { for: 'login-password' }, t('password')), password),
    submit,
  );
  replace(
    root,
    h(
      'main',
      { className: 'login-page', id: 'main' },
      h(
        'div',
        { className: 'login-card' },
        h('div', { className: 'login-brand' }, h('img', { src: '/favicon.svg', alt: '' }), t('appName')),
        h('h1', { id: 'login-title' }, t('loginTitle')),
        h('p', { className: 'subtitle' }, t('loginSubtitle')),
        error,
        form,
        h('div', { className: 'login-lang' }, languageButton(renderLogin)),
      ),
    ),
  );
  username.focus();
}

async function logout() {
  try {
    await api('POST', '/api/auth/logout');
  } finally {
    me = null;
    setCsrfToken(null);
    globalThis.location.hash = '';
    renderLogin();
  }
}

function renderShell() {
  const hash = globalThis.location.hash || '#/';
  const [path, search = ''] = hash.split('?');
  const params = new URLSearchParams(search);
  const menu = menuFor(me.user.roles);
  const allowed = (route) => !route.key || menu.some((m) => m.key === route.key);
  let match = null;
  let route = ROUTES.find((r) => (match = r.pattern.exec(path)) && allowed(r));
  if (!route) {
    route = ROUTES[0];
    match = [];
  }
  const active =
    menu.filter((m) => path === m.hash || (m.hash !== '#/' && path.startsWith(m.hash))).at(-1) ?? menu[0];

  const main = h('main', { id: 'main', tabindex: '-1' });
  replace(
    root,
    h(
      'header',
      { className: 'topbar' },
      h(
        'div',
        { className: 'brand' },
        h('img', { src: '/favicon.svg', alt: '' }),
        h('span', {}, t('appName'), ' ', h('small', {}, '· ', t('appTagline'))),
      ),
      h('div', { className: 'spacer' }),
      h('div', { className: 'who' }, h('strong', {}, me.user.fullName), me.user.unit.name),
      languageButton(render),
      h('button', { type: 'button', className: 'btn btn-ghost', onclick: logout }, t('signOut')),
    ),
    h(
      'div',
      { className: 'shell' },
      h(
        'nav',
        { className: 'sidenav', 'aria-label': t('navMain') },
        h(
          'ul',
          {},
          menu.map((m) =>
            h(
              'li',
              {},
              h('a', { href: m.hash, 'aria-current': m === active ? 'page' : undefined }, t(m.key)),
            ),
          ),
        ),
      ),
      main,
    ),
  );
  document.title = `${t(active.key)} — VanBan`;
  route.page(main, me, params, match[1]);
}

function render() {
  document.documentElement.lang = language();
  if (me) renderShell();
  else renderLogin();
}

whenUnauthenticated((err) => {
  if (!me) return;
  me = null;
  setCsrfToken(null);
  notice = err.code === 'SESSION_EXPIRED' ? t('sessionExpired') : '';
  renderLogin();
});

globalThis.addEventListener('hashchange', () => {
  if (me) renderShell();
});

(async () => {
  try {
    me = await api('GET', '/api/me');
    setCsrfToken(me.csrfToken);
  } catch {
    me = null;
  }
  render();
})();
