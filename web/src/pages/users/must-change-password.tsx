// Signed in with a one-time password (an admin's reset): only the change-password form is shown until
// the user has chosen their own password; then the app continues at the home page.
import { Notice } from '../../components/notice';
import { defineStrings, useStrings } from '../../i18n/i18n';
import { navigate } from '../../router/hash-router';
import { useSession } from '../../session/session';
import { ChangePassword } from '../account-password';

export const MUST_CHANGE_STRINGS = defineStrings({
  vi: {
    mustTitle: 'Đổi mật khẩu trước khi tiếp tục',
    mustLead:
      'Bạn vừa đăng nhập bằng mật khẩu dùng một lần do quản trị viên cấp. Hãy đặt mật khẩu của riêng bạn: nhập mật khẩu dùng một lần vào ô “Mật khẩu hiện tại”.',
  },
  en: {
    mustTitle: 'Change your password to continue',
    mustLead:
      'You signed in with a one-time password from an administrator. Choose your own password: enter the one-time password as the “Current password”.',
  },
});

export function MustChangePassword() {
  const t = useStrings(MUST_CHANGE_STRINGS);
  const { refresh } = useSession();
  return (
    <>
      <h1>{t('mustTitle')}</h1>
      <Notice kind="warn">{t('mustLead')}</Notice>
      <ChangePassword
        onChanged={() => {
          void refresh().then(() => navigate('#/'));
        }}
      />
    </>
  );
}
