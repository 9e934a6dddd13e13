// The leader's and the clerk's panels: "Ký số" with the personal credential and its PIN (or two-step
// signing when the key stays on the leader's device), "Trả lại" with a comment, and "Vào số và đóng
// dấu" with the unit's seal credential. The PIN lives only in its password field and the request
// header (X-Signing-Pin); after a wrong PIN it is kept and selected.
import { useEffect, useRef, useState, type FormEvent, type RefObject } from 'react';
import { ApiError } from '../../api/api-error';
import { api, ok } from '../../api/client';
import type { ResponseOf } from '../../api/types';
import { ActionFeedback, CheckboxField, Field, useAction } from '../../components/form';
import { ErrorNotice, Loading, Notice } from '../../components/notice';
import { useApi } from '../../components/use-api';
import { DOCUMENT_STRINGS } from '../../documents/document-strings';
import { Card, setFlash } from '../../documents/document-widgets';
import type { OutgoingDocument } from '../../documents/outgoing-document';
import { formatDate, formatDateTime } from '../../format/format';
import { useStrings } from '../../i18n/i18n';
import { navigate } from '../../router/hash-router';
import type { Done } from './draft-panels';
import { OUTGOING_STRINGS } from './outgoing-strings';

type Credential = ResponseOf<'/api/signing/my-credentials', 'get'>[number];
type Prepared = ResponseOf<'/api/outgoing/{id}/sign/prepare', 'post'>;

const PIN_ERRORS = new Set(['SIGNING_PIN_INCORRECT', 'PKCS11_LOGIN_FAILED', 'SIGNING_PIN_MISSING']);

/** The PIN header: percent-encoded UTF-8, so any character survives. */
const pinHeader = (pin: string) => ({ 'x-signing-pin': encodeURIComponent(pin) });

/** The caller's active credentials of one kind (user: personal signature; unit: the seal). */
function useCredentials(ownerKind: Credential['ownerKind']) {
  return useApi(
    async () =>
      (await ok(api.GET('/api/signing/my-credentials'))).filter((c) => c.ownerKind === ownerKind && c.active),
    [ownerKind],
  );
}

/** The credential choice, the PIN (hidden for an external key) and the development PIN hint. */
function CredentialFields({
  creds,
  credentialId,
  onCredential,
  pin,
  onPin,
  pinRef,
}: {
  creds: readonly Credential[];
  credentialId: string;
  onCredential: (id: string) => void;
  pin: string;
  onPin: (pin: string) => void;
  pinRef: RefObject<HTMLInputElement | null>;
}) {
  const o = useStrings(OUTGOING_STRINGS);
  const chosen = creds.find((c) => c.id === credentialId);
  const label = (c: Credential) => {
    const cn = /CN=([^,]+)/.exec(c.subject)?.[1] ?? c.label;
    return `${c.label} — ${cn} (${o('validUntil', { date: formatDate(String(c.notAfter)) })})`;
  };
  const lockedUntil = chosen?.pinLockedUntil ? new Date(String(chosen.pinLockedUntil)) : null;
  const hint =
    lockedUntil && lockedUntil > new Date()
      ? o('pinLocked', { time: formatDateTime(lockedUntil) })
      : chosen?.devPin
        ? o('devPinHint', { pin: chosen.devPin })
        : null;
  return (
    <>
      <Field label={o('fieldCredential')} required>
        {(a11y) => (
          <select
            {...a11y}
            name="credential"
            value={credentialId}
            onChange={(e) => onCredential(e.target.value)}
          >
            {creds.map((c) => (
              <option key={c.id} value={c.id}>
                {label(c)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {chosen?.kind !== 'external' ? (
        <Field label={o('fieldPin')} required hint={o('pinHint')}>
          {(a11y) => (
            <input
              {...a11y}
              ref={pinRef}
              type="password"
              name="pin"
              autoComplete="off"
              required
              value={pin}
              onChange={(e) => onPin(e.target.value)}
            />
          )}
        </Field>
      ) : null}
      {hint ? <p className="hint dev-hint">{hint}</p> : null}
    </>
  );
}

/** After a failed signing call: a wrong PIN is selected (to retype), anything else keeps the focus on it. */
function focusPin(pinRef: RefObject<HTMLInputElement | null>, error: unknown) {
  const input = pinRef.current;
  if (!input) return;
  input.focus();
  if (error instanceof ApiError && PIN_ERRORS.has(error.code)) input.select();
}

export function SignPanel({ doc, onDone }: { doc: OutgoingDocument; onDone: Done }) {
  const o = useStrings(OUTGOING_STRINGS);
  const creds = useCredentials('user');
  return (
    <Card title={o('signTitle')}>
      {creds.status === 'loading' ? (
        <Loading />
      ) : creds.status === 'failed' ? (
        <ErrorNotice error={creds.error} onRetry={creds.reload} />
      ) : creds.data.length === 0 ? (
        <Notice kind="warn">{o('noPersonalCredential')}</Notice>
      ) : (
        <SignForm doc={doc} creds={creds.data} onDone={onDone} />
      )}
    </Card>
  );
}

function SignForm({
  doc,
  creds,
  onDone,
}: {
  doc: OutgoingDocument;
  creds: readonly Credential[];
  onDone: Done;
}) {
  const t = useStrings(DOCUMENT_STRINGS);
  const o = useStrings(OUTGOING_STRINGS);
  const [credentialId, setCredentialId] = useState(creds[0]!.id);
  const [pin, setPin] = useState('');
  const [missing, setMissing] = useState<string>();
  const [prepared, setPrepared] = useState<Prepared>();
  const pinRef = useRef<HTMLInputElement>(null);
  const chosen = creds.find((c) => c.id === credentialId);
  const external = chosen?.kind === 'external';

  const sign = useAction(async () => {
    const signed = (await ok(
      api.POST('/api/outgoing/{id}/sign', {
        params: { path: { id: doc.id } },
        body: { credentialId },
        headers: pinHeader(pin),
      }),
    )) as OutgoingDocument;
    setPin('');
    onDone(o('signedResult', { subject: signed.subject }));
  });
  const prepare = useAction(async () => {
    setPrepared(undefined);
    setPrepared(
      await ok(
        api.POST('/api/outgoing/{id}/sign/prepare', {
          params: { path: { id: doc.id } },
          body: { credentialId },
        }),
      ),
    );
  });
  const action = external ? prepare : sign;
  useEffect(() => {
    if (sign.error !== undefined) focusPin(pinRef, sign.error);
  }, [sign.error]);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (external) {
      void prepare.run();
      return;
    }
    if (!pin) {
      sign.clearError();
      setMissing(t('missingFields', { fields: o('fieldPin') }));
      pinRef.current?.focus();
      return;
    }
    setMissing(undefined);
    void sign.run();
  };

  return (
    <>
      <form noValidate aria-label={o('signTitle')} onSubmit={onSubmit}>
        <p className="hint">{o('signExplain')}</p>
        <CredentialFields
          creds={creds}
          credentialId={credentialId}
          onCredential={(id) => {
            setCredentialId(id);
            setPrepared(undefined);
          }}
          pin={pin}
          onPin={setPin}
          pinRef={pinRef}
        />
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={action.busy}>
            {o('signButton')}
          </button>
        </div>
        {missing ? (
          <p className="alert" role="alert">
            {missing}
          </p>
        ) : null}
        <ActionFeedback
          action={action}
          busyText={external ? o('preparing') : o('signing')}
          done={
            external && prepared
              ? o('preparedResult', { time: formatDateTime(String(prepared.expiresAt)) })
              : undefined
          }
        />
      </form>
      {external && prepared ? <TwoStepForm doc={doc} prepared={prepared} onDone={onDone} /> : null}
    </>
  );
}

/** Two-step signing: the data to sign shown, the signature value (and optional chain) pasted back. */
function TwoStepForm({ doc, prepared, onDone }: { doc: OutgoingDocument; prepared: Prepared; onDone: Done }) {
  const t = useStrings(DOCUMENT_STRINGS);
  const o = useStrings(OUTGOING_STRINGS);
  const [signature, setSignature] = useState('');
  const [chain, setChain] = useState('');
  const [missing, setMissing] = useState<string>();
  const complete = useAction(async () => {
    const signed = (await ok(
      api.POST('/api/outgoing/{id}/sign/complete', {
        params: { path: { id: doc.id } },
        body: {
          sessionId: prepared.sessionId,
          signature: signature.replace(/\s+/g, ''),
          ...(chain.trim() ? { certificateChain: chain.trim() } : {}),
        },
      }),
    )) as OutgoingDocument;
    onDone(o('signedResult', { subject: signed.subject }));
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!signature.trim()) {
      complete.clearError();
      setMissing(t('missingFields', { fields: o('signatureValue') }));
      return;
    }
    setMissing(undefined);
    void complete.run();
  };
  const algorithm = `${prepared.signatureAlgorithm.scheme}/${prepared.signatureAlgorithm.hash}`;
  return (
    <form className="two-step" noValidate onSubmit={onSubmit}>
      <Field label={o('toBeSigned')} hint={o('toBeSignedHint', { algorithm })}>
        {(a11y) => <textarea {...a11y} rows={4} readOnly className="code" value={prepared.toBeSigned} />}
      </Field>
      <Field label={o('digestValue')} hint={o('digestHint', { algorithm: prepared.digestAlgorithm })}>
        {(a11y) => <input {...a11y} readOnly className="code" value={prepared.digest} />}
      </Field>
      <Field label={o('signatureValue')} required>
        {(a11y) => (
          <textarea
            {...a11y}
            rows={4}
            className="code"
            required
            value={signature}
            onChange={(e) => setSignature(e.target.value)}
          />
        )}
      </Field>
      <Field label={o('certificateChain')}>
        {(a11y) => (
          <textarea
            {...a11y}
            rows={3}
            className="code"
            value={chain}
            onChange={(e) => setChain(e.target.value)}
          />
        )}
      </Field>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={complete.busy}>
          {o('completeSigning')}
        </button>
      </div>
      {missing ? (
        <p className="alert" role="alert">
          {missing}
        </p>
      ) : null}
      <ActionFeedback action={complete} busyText={o('signing')} />
    </form>
  );
}

export function ReturnPanel({ doc }: { doc: OutgoingDocument }) {
  const t = useStrings(DOCUMENT_STRINGS);
  const o = useStrings(OUTGOING_STRINGS);
  const [comment, setComment] = useState('');
  const [missing, setMissing] = useState<string>();
  const commentRef = useRef<HTMLTextAreaElement>(null);
  const back = useAction(async () => {
    await ok(
      api.POST('/api/outgoing/{id}/return', {
        params: { path: { id: doc.id } },
        body: { comment: comment.trim() },
      }),
    );
    setFlash(o('draftReturned'));
    navigate('#/review');
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!comment.trim()) {
      back.clearError();
      setMissing(t('missingFields', { fields: o('returnComment') }));
      commentRef.current?.focus();
      return;
    }
    setMissing(undefined);
    void back.run();
  };
  return (
    <Card title={o('returnTitle')}>
      <form noValidate onSubmit={onSubmit}>
        <Field label={o('returnComment')} required>
          {(a11y) => (
            <textarea
              {...a11y}
              ref={commentRef}
              rows={3}
              name="comment"
              required
              value={comment}
              onChange={(e) => setComment(e.target.value)}
            />
          )}
        </Field>
        <div className="form-actions">
          <button type="submit" className="btn" disabled={back.busy}>
            {o('returnDraft')}
          </button>
        </div>
        {missing ? (
          <p className="alert" role="alert">
            {missing}
          </p>
        ) : null}
        <ActionFeedback action={back} busyText={t('working')} />
      </form>
    </Card>
  );
}

export function SealPanel({ doc, onDone }: { doc: OutgoingDocument; onDone: Done }) {
  const o = useStrings(OUTGOING_STRINGS);
  const creds = useCredentials('unit');
  return (
    <Card title={o('sealPanelTitle')}>
      {creds.status === 'loading' ? (
        <Loading />
      ) : creds.status === 'failed' ? (
        <ErrorNotice error={creds.error} onRetry={creds.reload} />
      ) : creds.data.length === 0 ? (
        <Notice kind="warn">{o('noSealCredential')}</Notice>
      ) : (
        <SealForm doc={doc} creds={creds.data} onDone={onDone} />
      )}
    </Card>
  );
}

function SealForm({
  doc,
  creds,
  onDone,
}: {
  doc: OutgoingDocument;
  creds: readonly Credential[];
  onDone: Done;
}) {
  const t = useStrings(DOCUMENT_STRINGS);
  const o = useStrings(OUTGOING_STRINGS);
  const [credentialId, setCredentialId] = useState(creds[0]!.id);
  const [pin, setPin] = useState('');
  const [perType, setPerType] = useState(false);
  const [missing, setMissing] = useState<string>();
  const pinRef = useRef<HTMLInputElement>(null);
  const seal = useAction(async () => {
    const sealed = (await ok(
      api.POST('/api/outgoing/{id}/number-and-seal', {
        params: { path: { id: doc.id } },
        body: { credentialId, ...(perType ? { perTypeRegister: true } : {}) },
        headers: pinHeader(pin),
      }),
    )) as OutgoingDocument;
    setPin('');
    onDone(o('sealedResult', { number: sealed.numberAndNotation, date: formatDate(sealed.issuedOn) }));
  });
  useEffect(() => {
    if (seal.error !== undefined) focusPin(pinRef, seal.error);
  }, [seal.error]);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!pin) {
      seal.clearError();
      setMissing(t('missingFields', { fields: o('fieldPin') }));
      pinRef.current?.focus();
      return;
    }
    setMissing(undefined);
    void seal.run();
  };
  return (
    <form noValidate aria-label={o('sealPanelTitle')} onSubmit={onSubmit}>
      <p className="hint">{o('sealExplain')}</p>
      <CredentialFields
        creds={creds}
        credentialId={credentialId}
        onCredential={setCredentialId}
        pin={pin}
        onPin={setPin}
        pinRef={pinRef}
      />
      <CheckboxField label={o('perTypeRegister')} checked={perType} onChange={setPerType} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={seal.busy}>
          {o('numberAndSealButton')}
        </button>
      </div>
      {missing ? (
        <p className="alert" role="alert">
          {missing}
        </p>
      ) : null}
      <ActionFeedback action={seal} busyText={o('sealing')} />
    </form>
  );
}
