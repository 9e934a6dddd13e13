// What the outgoing panels and forms share: the check that names the missing fields (an alert, the
// action's last error cleared, the first missing field focused), the required text area of a
// reason, comment or subject, and the frame of a page that is one form (new draft, paper document).
import { useState, type FormEvent, type ReactNode, type RefObject } from 'react';
import { Field } from '../../components/form';
import { DOCUMENT_STRINGS } from '../../documents/document-strings';
import { BackLink } from '../../documents/document-widgets';
import { useStrings } from '../../i18n/i18n';

/**
 * `check(action, names, focus)` before running an action: with names missing it clears the action's
 * error, shows them in `notice` (role="alert"), focuses `focus` and answers false; else it clears
 * the notice and answers true.
 */
export function useMissing() {
  const t = useStrings(DOCUMENT_STRINGS);
  const [missing, setMissing] = useState<string>();
  const check = (
    action: { readonly clearError: () => void },
    names: readonly string[],
    focus?: RefObject<HTMLElement | null>,
  ): boolean => {
    if (names.length) {
      action.clearError();
      setMissing(t('missingFields', { fields: names.join(', ') }));
      focus?.current?.focus();
      return false;
    }
    setMissing(undefined);
    return true;
  };
  const notice = missing ? (
    <p className="alert" role="alert">
      {missing}
    </p>
  ) : null;
  return { check, notice };
}

/** A required text area of three rows (a reason, a comment, a subject). */
export function RequiredTextarea({
  label,
  name,
  value,
  onChange,
  inputRef,
}: {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  inputRef?: RefObject<HTMLTextAreaElement | null>;
}) {
  return (
    <Field label={label} required>
      {(a11y) => (
        <textarea
          {...a11y}
          ref={inputRef}
          rows={3}
          name={name}
          required
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}

/** A page that is one form: the breadcrumb back to `back`, the heading (which names the form), the lead. */
export function FormPage({
  id,
  title,
  lead,
  back,
  onSubmit,
  children,
}: {
  /** The heading's id (the form's aria-labelledby). */
  id: string;
  title: string;
  lead: string;
  back: { readonly hash: string; readonly text: string };
  onSubmit: (e: FormEvent<HTMLFormElement>) => void;
  children: ReactNode;
}) {
  return (
    <>
      <BackLink hash={back.hash} text={back.text} current={title} />
      <h1 id={id}>{title}</h1>
      <p className="lead">{lead}</p>
      <form className="document-form" aria-labelledby={id} noValidate onSubmit={onSubmit}>
        {children}
      </form>
    </>
  );
}
