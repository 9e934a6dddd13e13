// Tài khoản của tôi → Thông báo: the e-mail address notifications go to, and per kind whether the bell
// and e-mail are on (PUT /api/notifications/preferences).
import { useState } from 'react';
import { api, ok } from '../api/client';
import type { ResponseOf } from '../api/types';
import { AsyncView } from '../components/async-view';
import { ActionFeedback, TextField, useAction, useFormErrors } from '../components/form';
import { useApi } from '../components/use-api';
import { defineStrings, useLanguage, useStrings } from '../i18n/i18n';

export const ACCOUNT_NOTIFICATION_STRINGS = defineStrings({
  vi: {
    notifTitle: 'Thông báo',
    notifLead: 'Chọn loại thông báo bạn muốn nhận trên chuông và qua thư điện tử.',
    notifEmail: 'Địa chỉ thư điện tử nhận thông báo',
    notifEmailHint: 'Để trống nếu không muốn nhận thư.',
    notifKind: 'Loại thông báo',
    notifInApp: 'Trên chuông',
    notifByEmail: 'Thư điện tử',
    notifSave: 'Lưu cài đặt thông báo',
    notifSaving: 'Đang lưu…',
    notifSaved: 'Đã lưu cài đặt thông báo.',
  },
  en: {
    notifTitle: 'Notifications',
    notifLead: 'Choose which notifications reach you on the bell and by e-mail.',
    notifEmail: 'E-mail address for notifications',
    notifEmailHint: 'Leave empty to receive no e-mail.',
    notifKind: 'Kind',
    notifInApp: 'Bell',
    notifByEmail: 'E-mail',
    notifSave: 'Save notification settings',
    notifSaving: 'Saving…',
    notifSaved: 'Notification settings saved.',
  },
});

type Preferences = ResponseOf<'/api/notifications/preferences', 'get'>;

export function NotificationSettings() {
  const t = useStrings(ACCOUNT_NOTIFICATION_STRINGS);
  const prefs = useApi(() => ok(api.GET('/api/notifications/preferences')), []);
  return (
    <section className="card" aria-labelledby="account-notifications">
      <h2 id="account-notifications">{t('notifTitle')}</h2>
      <p>{t('notifLead')}</p>
      <AsyncView state={prefs} onRetry={prefs.reload}>
        {(data) => <SettingsForm initial={data} />}
      </AsyncView>
    </section>
  );
}

function SettingsForm({ initial }: { initial: Preferences }) {
  const t = useStrings(ACCOUNT_NOTIFICATION_STRINGS);
  const { lang } = useLanguage();
  const [email, setEmail] = useState(initial.email ?? '');
  const [kinds, setKinds] = useState(initial.kinds);
  const [saved, setSaved] = useState(false);
  const save = useAction(async () => {
    setSaved(false);
    const result = await ok(
      api.PUT('/api/notifications/preferences', {
        body: {
          email: email.trim() === '' ? null : email.trim(),
          kinds: kinds.map((k) => ({
            kind: k.kind as never,
            inApp: k.inApp,
            email: k.email,
          })),
        },
      }),
    );
    setKinds(result.kinds);
    setSaved(true);
  });
  const errors = useFormErrors(save.error, ['email']);
  const toggle = (kind: string, channel: 'inApp' | 'email') =>
    setKinds(kinds.map((k) => (k.kind === kind ? { ...k, [channel]: !k[channel] } : k)));
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save.run();
      }}
    >
      <TextField
        label={t('notifEmail')}
        type="email"
        autoComplete="email"
        value={email}
        onChange={setEmail}
        hint={t('notifEmailHint')}
        error={errors.fields.email}
      />
      <table className="data">
        <thead>
          <tr>
            <th scope="col">{t('notifKind')}</th>
            <th scope="col">{t('notifInApp')}</th>
            <th scope="col">{t('notifByEmail')}</th>
          </tr>
        </thead>
        <tbody>
          {kinds.map((k) => (
            <tr key={k.kind}>
              <th scope="row">{k.label[lang]}</th>
              <td>
                <input
                  type="checkbox"
                  checked={k.inApp}
                  aria-label={`${k.label[lang]} — ${t('notifInApp')}`}
                  onChange={() => toggle(k.kind, 'inApp')}
                />
              </td>
              <td>
                <input
                  type="checkbox"
                  checked={k.email}
                  aria-label={`${k.label[lang]} — ${t('notifByEmail')}`}
                  onChange={() => toggle(k.kind, 'email')}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="submit" className="btn btn-primary" disabled={save.busy}>
        {t('notifSave')}
      </button>
      <ActionFeedback
        action={save}
        busyText={t('notifSaving')}
        done={saved ? t('notifSaved') : undefined}
        showError={!errors.fields.email}
      />
    </form>
  );
}
