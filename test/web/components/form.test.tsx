import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../web/src/api/api-error';
import { formErrors } from '../../../web/src/components/form-errors';
import { ActionFeedback, TextField, useAction, useFormErrors } from '../../../web/src/components/form';
import { renderWithLanguage } from '../support/render';

const validationFailed = new ApiError(400, {
  code: 'VALIDATION_FAILED',
  message: 'Invalid input',
  messageVi: 'Dữ liệu không hợp lệ',
  details: {
    in: 'body',
    issues: [
      { path: 'subject', code: 'too_small', message: 'Too short', messageVi: 'Quá ngắn' },
      { path: 'recipients.0.code', code: 'invalid_format', message: 'Bad code', messageVi: 'Mã không đúng' },
      { path: 'other', code: 'x', message: 'Other', messageVi: 'Khác' },
    ],
  },
});

describe('field errors from the API codes', () => {
  it("puts VALIDATION_FAILED issues at their fields (nested paths at the field's name), the rest on the form", () => {
    const vi = formErrors(validationFailed, 'vi', { fields: ['subject', 'recipients'], genericText: 'Lỗi' });
    expect(vi.fields).toEqual({ subject: 'Quá ngắn', recipients: 'Mã không đúng' });
    expect(vi.form).toBe('Dữ liệu không hợp lệ');
    const en = formErrors(validationFailed, 'en', {
      fields: ['subject', 'recipients', 'other'],
      genericText: 'Error',
    });
    expect(en.fields).toEqual({ subject: 'Too short', recipients: 'Bad code', other: 'Other' });
    expect(en.form).toBeUndefined();
  });

  it('gives a code to the field the page names for it, and anything else to the form', () => {
    const taken = new ApiError(409, {
      code: 'USERNAME_TAKEN',
      message: 'Taken',
      messageVi: 'Tên đăng nhập đã có',
    });
    expect(
      formErrors(taken, 'vi', {
        fields: ['username'],
        codeFields: { USERNAME_TAKEN: 'username' },
        genericText: '',
      }),
    ).toEqual({
      fields: { username: 'Tên đăng nhập đã có' },
      form: undefined,
    });
    expect(formErrors(new Error('boom'), 'vi', { fields: [], genericText: 'Đã có lỗi' })).toEqual({
      fields: {},
      form: 'Đã có lỗi',
    });
    expect(formErrors(undefined, 'vi', { fields: [], genericText: '' })).toEqual({
      fields: {},
      form: undefined,
    });
  });
});

function SubjectForm({ submit }: { submit: () => Promise<string> }) {
  const [subject, setSubject] = useState('');
  const [done, setDone] = useState<string>();
  const save = useAction(async () => setDone(await submit()));
  const errors = useFormErrors(save.error, ['subject']);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void save.run();
      }}
    >
      <TextField
        label="Trích yếu"
        value={subject}
        onChange={setSubject}
        error={errors.fields.subject}
        required
      />
      <button type="submit" disabled={save.busy}>
        Lưu
      </button>
      <ActionFeedback action={save} busyText="Đang lưu…" done={done} showError={false} />
      {errors.form ? <p role="alert">{errors.form}</p> : null}
    </form>
  );
}

describe('forms', () => {
  it('labels every control, links its error to it and keeps what was typed after a failure', async () => {
    renderWithLanguage(<SubjectForm submit={() => Promise.reject(validationFailed)} />);
    const input = screen.getByLabelText(/Trích yếu/);
    await userEvent.type(input, 'Về việc');
    await userEvent.click(screen.getByRole('button', { name: 'Lưu' }));
    const error = await screen.findByText('Quá ngắn');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')).toContain(error.id);
    expect((input as HTMLInputElement).value).toBe('Về việc');
    expect(screen.getByText('Dữ liệu không hợp lệ').getAttribute('role')).toBe('alert');
  });

  it('disables the button while the action runs and announces the result, which takes focus', async () => {
    let finish: (v: string) => void = () => {};
    renderWithLanguage(<SubjectForm submit={() => new Promise((resolve) => (finish = resolve))} />);
    await userEvent.type(screen.getByLabelText(/Trích yếu/), 'Về việc');
    await userEvent.click(screen.getByRole('button', { name: 'Lưu' }));
    expect((screen.getByRole('button', { name: 'Lưu' }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByRole('status').textContent).toContain('Đang lưu…');
    await act(async () => finish('Đã lưu dự thảo.'));
    const done = await screen.findByText('Đã lưu dự thảo.');
    expect(document.activeElement).toBe(done);
    expect((screen.getByRole('button', { name: 'Lưu' }) as HTMLButtonElement).disabled).toBe(false);
  });
});
