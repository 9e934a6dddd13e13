// Tài khoản của tôi → Đổi mật khẩu: the current password, the new one twice (POST /api/me/password).
// The API checks the current password and the policy; the other sessions end, this one stays.
import { useState } from 'react';
import { api, ok } from '../api/client';
import { ActionFeedback, TextField, useAction, useFormErrors } from '../components/form';
import { Notice } from '../components/notice';
import { defineStrings, useStrings } from '../i18n/i18n';

export const ACCOUNT_PASSWORD_STRINGS = defineStrings({
  vi: {
    pwTitle: 'Đổi mật khẩu',
    pwLead: 'Mật khẩu mới có ít nhất 10 ký tự và không chứa tên đăng nhập.',
    pwCurrent: 'Mật khẩu hiện tại',
    pwNew: 'Mật khẩu mới',
    pwRepeat: 'Nhập lại mật khẩu mới',
    pwMismatch: 'Hai lần nhập mật khẩu mới không khớp',
    pwSubmit: 'Đổi mật khẩu',
    pwBusy: 'Đang đổi mật khẩu…',
    pwDone: 'Đã đổi mật khẩu. Các phiên đăng nhập khác của bạn đã kết thúc.',
  },
  en: {
    pwTitle: 'Change password',
    pwLead: 'The new password has at least 10 characters and does not contain the username.',
    pwCurrent: 'Current password',
    pwNew: 'New password',
    pwRepeat: 'Repeat the new password',
    pwMismatch: 'The two new passwords differ',
    pwSubmit: 'Change password',
    pwBusy: 'Changing the password…',
    pwDone: 'Password changed. Your other sessions have ended.',
  },
});

export function ChangePassword({ onChanged }: { onChanged?: () => void } = {}) {
  const t = useStrings(ACCOUNT_PASSWORD_STRINGS);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const [done, setDone] = useState(false);
  const change = useAction(async () => {
    await ok(api.POST('/api/me/password', { body: { currentPassword: current, password: next } }));
    setCurrent('');
    setNext('');
    setRepeat('');
    setDone(true);
    onChanged?.();
  });
  const errors = useFormErrors(change.error, ['currentPassword', 'password'], {
    PASSWORD_INCORRECT: 'currentPassword',
    PASSWORD_TOO_WEAK: 'password',
  });
  return (
    <section className="card" aria-labelledby="account-password">
      <h2 id="account-password">{t('pwTitle')}</h2>
      <p>{t('pwLead')}</p>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setDone(false);
          if (next !== repeat) {
            setMismatch(true);
            return;
          }
          setMismatch(false);
          void change.run();
        }}
      >
        <TextField
          label={t('pwCurrent')}
          type="password"
          autoComplete="current-password"
          value={current}
          onChange={setCurrent}
          required
          error={errors.fields.currentPassword}
        />
        <TextField
          label={t('pwNew')}
          type="password"
          autoComplete="new-password"
          value={next}
          onChange={setNext}
          required
          error={errors.fields.password}
        />
        <TextField
          label={t('pwRepeat')}
          type="password"
          autoComplete="new-password"
          value={repeat}
          onChange={setRepeat}
          required
          error={mismatch ? t('pwMismatch') : undefined}
        />
        <button type="submit" className="btn btn-primary" disabled={change.busy}>
          {t('pwSubmit')}
        </button>
        {errors.form ? <Notice kind="error">{errors.form}</Notice> : null}
        <ActionFeedback
          action={change}
          busyText={t('pwBusy')}
          done={done ? t('pwDone') : undefined}
          showError={false}
        />
      </form>
    </section>
  );
}
