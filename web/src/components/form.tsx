// Form fields with their labels and errors, and the feedback of an action. Every control has a label;
// a field's error is linked to its control (aria-invalid, aria-describedby) and read as an alert.
import { useCallback, useEffect, useId, useRef, useState, type ReactNode, type Ref } from 'react';
import { useLanguage, useStrings } from '../i18n/i18n';
import { SHELL_STRINGS } from '../shell-strings';
import { formErrors, type FormErrors } from './form-errors';
import { useErrorText } from './notice';

/** The accessibility attributes of a control with an optional error and hint. */
export function controlProps(id: string, error?: string, hint?: string) {
  const describedBy = [error ? `${id}-error` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ');
  return { id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy || undefined };
}

/** A label, any control (rendered by `children` with the ids it needs), a hint and an error. */
export function Field({
  label,
  error,
  hint,
  required,
  className,
  children,
}: {
  label: ReactNode;
  error?: string;
  hint?: ReactNode;
  required?: boolean;
  className?: string;
  children: (props: ReturnType<typeof controlProps>) => ReactNode;
}) {
  const id = useId();
  const t = useStrings(SHELL_STRINGS);
  return (
    <div className={`field${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>
        {label}
        {required ? <span className="visually-hidden"> {t('required')}</span> : null}
      </label>
      {children(controlProps(id, error, hint ? 'hint' : undefined))}
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function TextField({
  label,
  value,
  onChange,
  error,
  hint,
  type = 'text',
  name,
  required,
  autoComplete,
  placeholder,
  className,
  inputRef,
}: {
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  hint?: ReactNode;
  type?: 'text' | 'password' | 'search' | 'date' | 'email' | 'number';
  name?: string;
  required?: boolean;
  autoComplete?: string;
  placeholder?: string;
  className?: string;
  inputRef?: Ref<HTMLInputElement>;
}) {
  return (
    <Field label={label} error={error} hint={hint} required={required} className={className}>
      {(a11y) => (
        <input
          {...a11y}
          ref={inputRef}
          type={type}
          name={name}
          value={value}
          required={required}
          autoComplete={autoComplete}
          placeholder={placeholder}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}

export function SelectField<V extends string>({
  label,
  value,
  onChange,
  options,
  error,
  name,
  className,
}: {
  label: ReactNode;
  value: V;
  onChange: (value: V) => void;
  options: readonly { value: V; label: string }[];
  error?: string;
  name?: string;
  className?: string;
}) {
  return (
    <Field label={label} error={error} className={className}>
      {(a11y) => (
        <select {...a11y} name={name} value={value} onChange={(e) => onChange(e.target.value as V)}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

export function CheckboxField({
  label,
  checked,
  onChange,
  name,
}: {
  label: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
  name?: string;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id} className="checkbox">
        <input
          id={id}
          type="checkbox"
          name={name}
          checked={checked}
          onChange={(e) => onChange(e.target.checked)}
        />{' '}
        {label}
      </label>
    </div>
  );
}

/** The field errors of the last failed action, for a form with these field names. */
export function useFormErrors(
  error: unknown,
  fields: readonly string[],
  codeFields?: Readonly<Record<string, string>>,
): FormErrors {
  const { lang } = useLanguage();
  const t = useStrings(SHELL_STRINGS);
  return formErrors(error, lang, { fields, codeFields, genericText: t('genericError') });
}

export interface Action<A extends unknown[], R> {
  /** Runs the action; answers its result, or undefined after keeping its error. */
  readonly run: (...args: A) => Promise<R | undefined>;
  readonly busy: boolean;
  readonly error: unknown;
  /** Whole seconds since the action started (for the busy line). */
  readonly elapsed: number;
  readonly clearError: () => void;
}

/**
 * One action of a page (save, sign, send): busy while it runs (disable its button with `busy`), the
 * elapsed seconds, and its error kept for ActionFeedback and the form's fields.
 */
export function useAction<A extends unknown[], R>(fn: (...args: A) => Promise<R>): Action<A, R> {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [elapsed, setElapsed] = useState(0);
  const fnRef = useRef(fn);
  useEffect(() => {
    fnRef.current = fn;
  });
  useEffect(() => {
    if (!busy) return;
    const started = Date.now();
    const timer = setInterval(() => setElapsed(Math.floor((Date.now() - started) / 1000)), 1000);
    return () => clearInterval(timer);
  }, [busy]);
  const run = useCallback(async (...args: A) => {
    setBusy(true);
    setElapsed(0);
    setError(undefined);
    try {
      return await fnRef.current(...args);
    } catch (err) {
      setError(err);
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  const clearError = useCallback(() => setError(undefined), []);
  return { run, busy, error, elapsed, clearError };
}

/**
 * The busy line (with elapsed seconds), the result (`done`) or the error of an action. The result line
 * takes focus when it appears, so a screen reader hears it and the keyboard continues from it.
 */
export function ActionFeedback({
  action,
  busyText,
  done,
  showError = true,
}: {
  action: Pick<Action<never[], unknown>, 'busy' | 'error' | 'elapsed'>;
  busyText: string;
  done?: ReactNode;
  /** false when the form shows the error at its fields instead. */
  showError?: boolean;
}) {
  const t = useStrings(SHELL_STRINGS);
  const errorText = useErrorText();
  const doneRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (done && !action.busy) doneRef.current?.focus();
  }, [done, action.busy]);
  return (
    <div className="feedback">
      {action.busy ? (
        <p className="status-line busy" role="status" aria-live="polite">
          {busyText} {action.elapsed > 0 ? t('elapsedSeconds', { s: action.elapsed }) : null}
        </p>
      ) : done ? (
        <p className="status-line done" role="status" tabIndex={-1} ref={doneRef}>
          {done}
        </p>
      ) : null}
      {showError && action.error !== undefined && !action.busy ? (
        <p className="alert" role="alert">
          {errorText(action.error)}
        </p>
      ) : null}
    </div>
  );
}
