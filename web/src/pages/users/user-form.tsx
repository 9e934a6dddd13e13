// The create and edit forms of an account: username (create only), full name, title, e-mail, unit and
// roles. Errors of the API (USERNAME_TAKEN, EMAIL_INVALID, …) are shown at their fields.
import { useState } from 'react';
import type { Role } from '../../api/types';
import { ActionFeedback, SelectField, TextField, useAction, useFormErrors } from '../../components/form';
import { Notice } from '../../components/notice';
import { useLanguage, useStrings } from '../../i18n/i18n';
import { ROLE_LABELS } from '../../labels/labels';
import { USERS_STRINGS } from './users-strings';

export const ALL_ROLES: readonly Role[] = ['specialist', 'leader', 'clerk', 'archivist', 'auditor', 'admin'];

export interface UserFormValues {
  readonly username: string;
  readonly fullName: string;
  readonly title: string;
  readonly email: string;
  readonly unitId: string;
  readonly roles: readonly Role[];
}

export function UserForm({
  heading,
  initial,
  units,
  withUsername,
  submitText,
  busyText,
  onSubmit,
  onCancel,
}: {
  heading: string;
  initial: UserFormValues;
  units: readonly { id: string; name: string }[];
  withUsername: boolean;
  submitText: string;
  busyText: string;
  onSubmit: (values: UserFormValues) => Promise<void>;
  onCancel: () => void;
}) {
  const t = useStrings(USERS_STRINGS);
  const { lang } = useLanguage();
  const [v, setV] = useState(initial);
  const save = useAction(() => onSubmit(v));
  const errors = useFormErrors(save.error, ['username', 'fullName', 'title', 'email', 'unitId', 'roles'], {
    USERNAME_TAKEN: 'username',
    USERNAME_INVALID: 'username',
    FULL_NAME_INVALID: 'fullName',
    EMAIL_INVALID: 'email',
    ROLE_INVALID: 'roles',
    UNIT_NOT_FOUND: 'unitId',
    UNIT_DISSOLVED: 'unitId',
  });
  const set = (patch: Partial<UserFormValues>) => setV((old) => ({ ...old, ...patch }));
  const headingId = withUsername ? 'user-create' : 'user-edit';
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{heading}</h2>
      {withUsername ? <p>{t('createHint')}</p> : null}
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save.run();
        }}
      >
        {withUsername ? (
          <TextField
            label={t('fieldUsername')}
            value={v.username}
            onChange={(username) => set({ username })}
            autoComplete="off"
            required
            error={errors.fields.username}
          />
        ) : null}
        <TextField
          label={t('fieldFullName')}
          value={v.fullName}
          onChange={(fullName) => set({ fullName })}
          required
          error={errors.fields.fullName}
        />
        <TextField label={t('fieldTitle')} value={v.title} onChange={(title) => set({ title })} />
        <TextField
          label={t('fieldEmail')}
          type="email"
          value={v.email}
          onChange={(email) => set({ email })}
          error={errors.fields.email}
        />
        <SelectField
          label={t('fieldUnit')}
          value={v.unitId}
          onChange={(unitId) => set({ unitId })}
          options={units.map((u) => ({ value: u.id, label: u.name }))}
          error={errors.fields.unitId}
        />
        <fieldset className="field">
          <legend>{t('fieldRoles')}</legend>
          {ALL_ROLES.map((r) => (
            <label key={r} className="checkbox">
              <input
                type="checkbox"
                name="roles"
                value={r}
                checked={v.roles.includes(r)}
                onChange={(e) =>
                  set({ roles: e.target.checked ? [...v.roles, r] : v.roles.filter((x) => x !== r) })
                }
              />{' '}
              {ROLE_LABELS[r][lang]}
            </label>
          ))}
          {errors.fields.roles ? (
            <p className="field-error" role="alert">
              {errors.fields.roles}
            </p>
          ) : null}
        </fieldset>
        <div className="actions">
          <button type="submit" className="btn btn-primary" disabled={save.busy}>
            {submitText}
          </button>{' '}
          <button type="button" className="btn" onClick={onCancel}>
            {t('cancel')}
          </button>
        </div>
        {errors.form ? <Notice kind="error">{errors.form}</Notice> : null}
        <ActionFeedback action={save} busyText={busyText} showError={false} />
      </form>
    </section>
  );
}
