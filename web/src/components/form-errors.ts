// Field errors from the API's machine-readable answer: VALIDATION_FAILED lists `details.issues[]`
// (`{ path, code, message, messageVi }`, path like `recipients.0.code`); other codes name their field
// through the page's own table (e.g. `{ USERNAME_TAKEN: 'username' }`). What no field claims stays a
// form-level error.
import { ApiError, type Language } from '../api/api-error';

export interface FormErrors {
  /** Field name → message, in the person's language. */
  readonly fields: Readonly<Record<string, string>>;
  /** The message no field claimed (or undefined). */
  readonly form: string | undefined;
}

interface Issue {
  readonly path: string;
  readonly message: string;
  readonly messageVi: string;
}

function issuesOf(error: ApiError): Issue[] {
  const issues = error.details?.issues;
  if (!Array.isArray(issues)) return [];
  return issues.filter(
    (i): i is Issue =>
      !!i &&
      typeof i === 'object' &&
      typeof i.path === 'string' &&
      typeof i.message === 'string' &&
      typeof i.messageVi === 'string',
  );
}

/**
 * Splits an error into field messages and a form message. `fields`: the form's field names (an issue
 * whose path starts with one belongs to it: `recipients.0.code` → `recipients`); `codeFields`: codes
 * that belong to one field.
 */
export function formErrors(
  error: unknown,
  lang: Language,
  options: { fields: readonly string[]; codeFields?: Readonly<Record<string, string>>; genericText: string },
): FormErrors {
  if (error === undefined || error === null) return { fields: {}, form: undefined };
  if (!(error instanceof ApiError)) return { fields: {}, form: options.genericText };
  const fields: Record<string, string> = {};
  const field = options.codeFields?.[error.code];
  if (field && options.fields.includes(field))
    return { fields: { [field]: error.text(lang) }, form: undefined };
  if (error.code === 'VALIDATION_FAILED') {
    let unclaimed = false;
    for (const issue of issuesOf(error)) {
      const name = options.fields.find((f) => issue.path === f || issue.path.startsWith(`${f}.`));
      const text = lang === 'en' ? issue.message : issue.messageVi;
      if (name) fields[name] = fields[name] ? `${fields[name]} ${text}` : text;
      else unclaimed = true;
    }
    if (Object.keys(fields).length > 0) return { fields, form: unclaimed ? error.text(lang) : undefined };
  }
  return { fields, form: error.text(lang) };
}
