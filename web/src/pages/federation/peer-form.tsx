// The form that adds a federation peer or changes one (POST / PATCH /api/federation/peers): name,
// address, organisation codes, signing certificates, TLS CAs, the edXML profile and whether the
// exchange is on. The API's refusals land at their fields: FEDERATION_PEER_INVALID names its field
// (`details.field`: baseUrl, profile.layout…), FEDERATION_PEER_CONFLICT a taken name or code.
import { useEffect, useId, useRef, useState } from 'react';
import { ApiError } from '../../api/api-error';
import { api, ok } from '../../api/client';
import type { BodyOf, ResponseOf } from '../../api/types';
import {
  ActionFeedback,
  CheckboxField,
  Field,
  TextField,
  useAction,
  useFormErrors,
} from '../../components/form';
import { Notice } from '../../components/notice';
import { useLanguage, useStrings } from '../../i18n/i18n';
import { PEER_PROFILE_LABELS } from '../../labels/labels';
import { FEDERATION_STRINGS } from './federation-strings';

export type Peer = ResponseOf<'/api/federation/peers', 'get'>[number];
export type PeerProfile = Peer['profile'];
type PeerBody = BodyOf<'/api/federation/peers', 'post'>;

/** A new peer speaks the national SDKs' conventions unless told otherwise (the API's defaults). */
export const DEFAULT_PROFILE: PeerProfile = {
  layout: 'sdk',
  attachments: 'sdk',
  statusForm: 'message-header',
  signatureAlgorithm: 'rsa-sha256',
};

const PROFILE_FIELDS = ['layout', 'attachments', 'statusForm', 'signatureAlgorithm'] as const;

const FIELDS = [
  'name',
  'baseUrl',
  'organPatterns',
  'signingCertificatesPem',
  'tlsCaPem',
  ...PROFILE_FIELDS.map((f) => `profile.${f}`),
  'enabled',
];

/** The field an error of the federation API names (its details), for useFormErrors' code table. */
function codeFields(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const field = error.details?.field;
  if (error.code === 'FEDERATION_PEER_INVALID' && typeof field === 'string')
    return { FEDERATION_PEER_INVALID: field };
  if (error.code === 'FEDERATION_PEER_CONFLICT')
    return { FEDERATION_PEER_CONFLICT: error.details?.clashes ? 'organPatterns' : 'name' };
  return {};
}

const patternsOf = (text: string) =>
  text
    .split(/[\s,;]+/)
    .map((p) => p.trim())
    .filter(Boolean);

export function PeerForm({
  peer,
  onDone,
  onCancel,
}: {
  /** The peer to change; none: a new one. */
  peer?: Peer;
  onDone: (saved: Peer, added: boolean) => void;
  onCancel: () => void;
}) {
  const t = useStrings(FEDERATION_STRINGS);
  const { lang } = useLanguage();
  const [name, setName] = useState(peer?.name ?? '');
  const [baseUrl, setBaseUrl] = useState(peer?.baseUrl ?? '');
  const [patterns, setPatterns] = useState(peer?.organPatterns.join('\n') ?? '');
  const [certificates, setCertificates] = useState('');
  const [tlsCa, setTlsCa] = useState('');
  const [systemRoots, setSystemRoots] = useState(false);
  const [profile, setProfile] = useState<PeerProfile>(peer?.profile ?? DEFAULT_PROFILE);
  const [enabled, setEnabled] = useState(peer?.enabled ?? true);
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);

  const save = useAction(async () => {
    const body: PeerBody = {
      name: name.trim(),
      baseUrl: baseUrl.trim(),
      organPatterns: patternsOf(patterns),
      signingCertificatesPem: certificates.trim(),
      enabled,
      profile,
    };
    if (!peer) {
      if (tlsCa.trim()) body.tlsCaPem = tlsCa.trim();
      return onDone(await ok(api.POST('/api/federation/peers', { body })), true);
    }
    const { signingCertificatesPem, ...change } = body;
    const patch: BodyOf<'/api/federation/peers/{id}', 'patch'> = {
      ...change,
      ...(signingCertificatesPem ? { signingCertificatesPem } : {}),
      ...(systemRoots ? { tlsCaPem: null } : tlsCa.trim() ? { tlsCaPem: tlsCa.trim() } : {}),
    };
    onDone(
      await ok(api.PATCH('/api/federation/peers/{id}', { params: { path: { id: peer.id } }, body: patch })),
      false,
    );
  });
  const errors = useFormErrors(save.error, FIELDS, codeFields(save.error));
  const setField = <F extends keyof PeerProfile>(field: F, value: PeerProfile[F]) =>
    setProfile((p) => ({ ...p, [field]: value }));

  return (
    <form
      className="card"
      aria-labelledby={headingId}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!save.busy) void save.run();
      }}
    >
      <h2 id={headingId} ref={headingRef} tabIndex={-1}>
        {peer ? t('editTitle', { name: peer.name }) : t('addTitle')}
      </h2>
      <div className="form-grid">
        <TextField
          label={t('name')}
          name="name"
          value={name}
          onChange={setName}
          error={errors.fields.name}
          required
        />
        <TextField
          label={t('baseUrl')}
          name="baseUrl"
          value={baseUrl}
          onChange={setBaseUrl}
          error={errors.fields.baseUrl}
          hint={t('baseUrlHint')}
          placeholder="https://"
          required
        />
      </div>
      <Field
        label={t('organPatterns')}
        hint={t('organPatternsHint')}
        error={errors.fields.organPatterns}
        required
      >
        {(a11y) => (
          <textarea
            {...a11y}
            name="organPatterns"
            className="code"
            rows={3}
            spellCheck={false}
            value={patterns}
            onChange={(e) => setPatterns(e.target.value)}
          />
        )}
      </Field>
      <Field
        label={t('signingCertificatesPem')}
        hint={
          peer
            ? t('keepCertificates', { subjects: peer.signingCertificates.map((c) => c.subject).join('; ') })
            : t('signingCertificatesHint')
        }
        error={errors.fields.signingCertificatesPem}
        required={!peer}
      >
        {(a11y) => (
          <textarea
            {...a11y}
            name="signingCertificatesPem"
            className="code"
            rows={4}
            spellCheck={false}
            value={certificates}
            onChange={(e) => setCertificates(e.target.value)}
          />
        )}
      </Field>
      <Field
        label={t('tlsCaPem')}
        hint={peer?.tlsCa === 'configured' ? t('keepTlsCa') : t('tlsCaHint')}
        error={errors.fields.tlsCaPem}
      >
        {(a11y) => (
          <textarea
            {...a11y}
            name="tlsCaPem"
            className="code"
            rows={3}
            spellCheck={false}
            disabled={systemRoots}
            value={tlsCa}
            onChange={(e) => setTlsCa(e.target.value)}
          />
        )}
      </Field>
      {peer?.tlsCa === 'configured' ? (
        <CheckboxField label={t('useSystemRoots')} checked={systemRoots} onChange={setSystemRoots} />
      ) : null}
      <fieldset className="card">
        <legend>{t('profileTitle')}</legend>
        <p className="hint">{t('profileHint')}</p>
        <div className="form-grid">
          {PROFILE_FIELDS.map((field) => (
            <Field
              key={field}
              label={t(field)}
              hint={t(`${field}Hint`)}
              error={errors.fields[`profile.${field}`]}
            >
              {(a11y) => (
                <select
                  {...a11y}
                  name={`profile.${field}`}
                  value={profile[field]}
                  onChange={(e) => setField(field, e.target.value as PeerProfile[typeof field])}
                >
                  {Object.entries(PEER_PROFILE_LABELS[field]).map(([value, label]) => (
                    <option key={value} value={value}>
                      {label[lang]}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          ))}
        </div>
        {profile.signatureAlgorithm === 'rsa-sha1' ? <Notice kind="warn">{t('sha1Warning')}</Notice> : null}
      </fieldset>
      <CheckboxField label={t('enabledField')} name="enabled" checked={enabled} onChange={setEnabled} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={save.busy} aria-busy={save.busy}>
          {peer ? t('save') : t('add')}
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          {t('cancel')}
        </button>
      </div>
      <ActionFeedback action={save} busyText={peer ? t('saving') : t('adding')} showError={false} />
      {errors.form ? <Notice kind="error">{errors.form}</Notice> : null}
    </form>
  );
}
