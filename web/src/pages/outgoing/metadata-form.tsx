// Decree 30 Appendix VI metadata of a draft or a paper document: loại văn bản (Appendix III list or
// free text; the notation hint follows it), ký hiệu, trích yếu, độ khẩn, độ mật (Mật and above say why
// they will not be sent electronically), hạn xử lý, người ký (the unit's leaders) and nơi nhận.
import { useId } from 'react';
import { api, ok } from '../../api/client';
import { Field, SelectField } from '../../components/form';
import { useApi } from '../../components/use-api';
import { DOCUMENT_STRINGS } from '../../documents/document-strings';
import type { Classification, Urgency } from '../../documents/outgoing-document';
import { RecipientPicker, recipientSpecs, type ChosenRecipient } from '../../documents/recipient-picker';
import { useLanguage, useStrings } from '../../i18n/i18n';
import { CLASSIFICATION_LABELS, URGENCY_LABELS } from '../../labels/labels';
import { OUTGOING_STRINGS } from './outgoing-strings';

/**
 * Decree 30 Appendix III: the 29 document types and their abbreviations (GET /api/document-types, for
 * the list and the notation hint); none while loading or when it cannot be read (the type stays free text).
 */
export function useDocumentTypes() {
  const types = useApi(() => ok(api.GET('/api/document-types')), []);
  return types.status === 'ready' ? types.data.items : [];
}

const URGENCIES: readonly Urgency[] = ['normal', 'urgent', 'very_urgent', 'flash'];
const CLASSIFICATIONS: readonly Classification[] = ['none', 'confidential', 'secret', 'top_secret'];

export interface Metadata {
  readonly documentType: string;
  readonly notation: string;
  readonly subject: string;
  readonly urgency: Urgency;
  readonly classification: Classification;
  readonly dueDate: string;
  readonly signerUserId: string;
  readonly recipients: readonly ChosenRecipient[];
}

export const EMPTY_METADATA: Metadata = {
  documentType: '',
  notation: '',
  subject: '',
  urgency: 'normal',
  classification: 'none',
  dueDate: '',
  signerUserId: '',
  recipients: [],
};

/** The body fields whose errors the form shows (for useFormErrors). */
export const METADATA_FIELDS = [
  'documentType',
  'notation',
  'subject',
  'dueDate',
  'signerUserId',
  'recipients',
] as const;

/** The body fields POST /api/outgoing and /api/outgoing/paper take. */
export function metadataBody(m: Metadata) {
  return {
    documentType: m.documentType.trim(),
    notation: m.notation.trim(),
    subject: m.subject.trim(),
    urgency: m.urgency,
    classification: m.classification,
    ...(m.dueDate ? { dueDate: m.dueDate } : {}),
    ...(m.signerUserId ? { signerUserId: m.signerUserId } : {}),
    recipients: recipientSpecs(m.recipients),
  };
}

/** The names of the required metadata still empty (for "Vui lòng nhập: …"). */
export function missingMetadata(
  m: Metadata,
  t: (k: 'fieldDocumentType' | 'fieldNotation' | 'fieldSubject') => string,
) {
  const missing: string[] = [];
  if (!m.documentType.trim()) missing.push(t('fieldDocumentType'));
  if (!m.notation.trim()) missing.push(t('fieldNotation'));
  if (!m.subject.trim()) missing.push(t('fieldSubject'));
  return missing;
}

/** The active leaders of the caller's unit (GET /api/signers); none when it cannot be read. */
export function useSigners() {
  const signers = useApi(() => ok(api.GET('/api/signers')), []);
  return signers.status === 'ready' ? signers.data.items : [];
}

export function MetadataForm({
  value,
  onChange,
  errors = {},
  withDueDate = true,
}: {
  value: Metadata;
  onChange: (next: Metadata) => void;
  /** Field name → message (the API's VALIDATION_FAILED issues). */
  errors?: Readonly<Record<string, string>>;
  withDueDate?: boolean;
}) {
  const t = useStrings(DOCUMENT_STRINGS);
  const o = useStrings(OUTGOING_STRINGS);
  const { lang } = useLanguage();
  const signers = useSigners();
  const documentTypes = useDocumentTypes();
  const typeList = useId();
  const set = <K extends keyof Metadata>(key: K, v: Metadata[K]) => onChange({ ...value, [key]: v });
  const abbreviation = documentTypes.find((d) => d.name === value.documentType.trim())?.abbreviation;
  return (
    <div className="metadata-form">
      <datalist id={typeList}>
        {documentTypes.map((d) => (
          <option key={d.name} value={d.name} />
        ))}
      </datalist>
      <div className="form-grid">
        <Field
          label={t('fieldDocumentType')}
          required
          hint={o('documentTypeHint')}
          error={errors.documentType}
        >
          {(a11y) => (
            <input
              {...a11y}
              name="documentType"
              list={typeList}
              autoComplete="off"
              required
              value={value.documentType}
              onChange={(e) => set('documentType', e.target.value)}
            />
          )}
        </Field>
        <Field label={t('fieldNotation')} required hint={o('notationHint')} error={errors.notation}>
          {(a11y) => (
            <input
              {...a11y}
              name="notation"
              autoComplete="off"
              required
              placeholder={
                abbreviation ? `${abbreviation}-${o('notationUnitHint')}` : o('notationPlaceholder')
              }
              value={value.notation}
              onChange={(e) => set('notation', e.target.value)}
            />
          )}
        </Field>
        <Field label={t('fieldSubject')} required className="span-2" error={errors.subject}>
          {(a11y) => (
            <textarea
              {...a11y}
              name="subject"
              rows={3}
              required
              value={value.subject}
              onChange={(e) => set('subject', e.target.value)}
            />
          )}
        </Field>
        <SelectField
          label={t('fieldUrgency')}
          name="urgency"
          value={value.urgency}
          onChange={(v) => set('urgency', v)}
          options={URGENCIES.map((u) => ({ value: u, label: URGENCY_LABELS[u][lang] }))}
        />
        <SelectField
          label={t('fieldClassification')}
          name="classification"
          value={value.classification}
          onChange={(v) => set('classification', v)}
          options={CLASSIFICATIONS.map((c) => ({
            value: c,
            label: c === 'none' ? o('classificationNone') : CLASSIFICATION_LABELS[c][lang],
          }))}
        />
        {withDueDate ? (
          <Field label={t('fieldDueDate')} hint={o('dueDateHint')} error={errors.dueDate}>
            {(a11y) => (
              <input
                {...a11y}
                type="date"
                name="dueDate"
                value={value.dueDate}
                onChange={(e) => set('dueDate', e.target.value)}
              />
            )}
          </Field>
        ) : null}
        <SelectField
          label={t('fieldSigner')}
          name="signer"
          value={value.signerUserId}
          onChange={(v) => set('signerUserId', v)}
          error={errors.signerUserId}
          options={[
            { value: '', label: o('signerNone') },
            ...signers.map((s) => ({
              value: s.id,
              label: s.title ? `${s.fullName} — ${s.title}` : s.fullName,
            })),
          ]}
        />
      </div>
      {value.classification !== 'none' ? (
        <p className="alert alert-warn" role="note">
          {o('classifiedNote')}
        </p>
      ) : null}
      <RecipientPicker
        value={value.recipients}
        onChange={(recipients) => set('recipients', recipients)}
        error={errors.recipients}
      />
    </div>
  );
}
