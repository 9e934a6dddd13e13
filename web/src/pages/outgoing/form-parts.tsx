// What the outgoing panels and forms share: the check that names the missing fields (an alert, the
// action's last error cleared, the first missing field focused) and the required text area of a
// reason, comment or subject.
import { useState, type RefObject } from 'react';
import { Field } from '../../components/form';
import { DOCUMENT_STRINGS } from '../../documents/document-strings';
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
