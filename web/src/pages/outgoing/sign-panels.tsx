// The leader's and the clerk's panels: "Ký số" with the personal credential and its PIN (or two-step
// signing when the key stays on the leader's device), "Trả lại" with a comment, and "Vào số và đóng
// dấu" with the unit's seal credential. The PIN lives only in its password field and the request
// header (X-Signing-Pin); after a wrong PIN it is kept and selected.
import { useEffect, useRef, useState, type FormEvent, type ReactNode, type RefObject } from 'react';
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
import { RequiredTextarea, useMissing } from './form-parts';
import { OUTGOING_STRINGS } from './outgoing-strings';

type Credential = ResponseOf<'/api/signing/my-credentials', 'get'>[number];
type Prepared = ResponseOf<'/api/outgoing/{id}/sign/prepare', 'post'>;

const PIN_ERRORS = new Set(['SIGNING_PIN_INCORRECT', 'PKCS11_LOGIN_FAILED', 'SIGNING_PIN_MISSING']);

/** The PIN header: percent-encoded UTF-8, so any character survives. */
const pinHeader = (pin: string) => ({ 'x-signing-pin': encodeURIComponent(pin) });

/**
 * A signing panel's card: the caller's active credentials of one kind (user: personal signature;
 * unit: the seal) loaded, a warning (`none`) when there are none, else the form given them.
 */
function CredentialCard({
  title,
  ownerKind,
  none,
  children,
}: {
  title: string;
  ownerKind: Credential['ownerKind'];
  none: string;
  children: (creds: readonly Credential[]) => ReactNode;
}) {
  const creds = useApi(
    async () =>
      (await ok(api.GET('/api/signing/my-credentials'))).filter((c) => c.ownerKind === ownerKind && c.active),
    [ownerKind],
  );
  return (
    <Card title={title}>
      {creds.status === 'loading' ? (
        <Loading />
      ) : creds.status === 'failed' ? (
        <ErrorNotice error={creds.error} onRetry={creds.reload} />
      ) : creds.data.length === 0 ? (
        <Notice kind="warn">{none}</Notice>
      ) : (
        children(creds.data)
      )}
    </Card>
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
function useFocusPin(pinRef: RefObject<HTMLInputElement | null>, error: unknown) {
  useEffect(() => {
    const input = pinRef.current;
    if (error === undefined || !input) return;
    input.focus();
    if (error instanceof ApiError && PIN_ERRORS.has(error.code)) input.select();
  }, [pinRef, error]);
}

/** The form of a signing panel, given the caller's credentials of its kind. */
interface CredentialFormProps {
  doc: OutgoingDocument;
  creds: readonly Credential[];
  onDone: Done;
}

/** The credential chosen (the first at first), the PIN typed and the PIN field. */
function useCredentialPin(creds: readonly Credential[]) {
  const [credentialId, setCredentialId] = useState(creds[0]!.id);
  const [pin, setPin] = useState('');
  const pinRef = useRef<HTMLInputElement>(null);
  return { credentialId, setCredentialId, pin, setPin, pinRef };
}

export function SignPanel({ doc, onDone }: { doc: OutgoingDocument; onDone: Done }) {
  const o = useStrings(OUTGOING_STRINGS);
  return (
    <CredentialCard title={o('signTitle')} ownerKind="user" none={o('noPersonalCredential')}>
      {(creds) => <SignForm doc={doc} creds={creds} onDone={onDone} />}
    </CredentialCard>
  );
}

function SignForm({ doc, creds, onDone }: CredentialFormProps) {
  const o = useStrings(OUTGOING_STRINGS);
  const { credentialId, setCredentialId, pin, setPin, pinRef } = useCredentialPin(creds);
  const { check, notice } = useMissing();
  const [prepared, setPrepared] = useState<Prepared>();
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
  useFocusPin(pinRef, sign.error);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (external) {
      void prepare.run();
      return;
    }
    if (check(sign, pin ? [] : [o('fieldPin')], pinRef)) void sign.run();
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
        {notice}
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
  const o = useStrings(OUTGOING_STRINGS);
  const [signature, setSignature] = useState('');
  const [chain, setChain] = useState('');
  const { check, notice } = useMissing();
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
    if (check(complete, signature.trim() ? [] : [o('signatureValue')])) void complete.run();
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
      {notice}
      <ActionFeedback action={complete} busyText={o('signing')} />
    </form>
  );
}

export function ReturnPanel({ doc }: { doc: OutgoingDocument }) {
  const t = useStrings(DOCUMENT_STRINGS);
  const o = useStrings(OUTGOING_STRINGS);
  const [comment, setComment] = useState('');
  const { check, notice } = useMissing();
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
    if (check(back, comment.trim() ? [] : [o('returnComment')], commentRef)) void back.run();
  };
  return (
    <Card title={o('returnTitle')}>
      <form noValidate onSubmit={onSubmit}>
        <RequiredTextarea
          label={o('returnComment')}
          name="comment"
          value={comment}
          onChange={setComment}
          inputRef={commentRef}
        />
        <div className="form-actions">
          <button type="submit" className="btn" disabled={back.busy}>
            {o('returnDraft')}
          </button>
        </div>
        {notice}
        <ActionFeedback action={back} busyText={t('working')} />
      </form>
    </Card>
  );
}

export function SealPanel({ doc, onDone }: { doc: OutgoingDocument; onDone: Done }) {
  const o = useStrings(OUTGOING_STRINGS);
  return (
    <CredentialCard title={o('sealPanelTitle')} ownerKind="unit" none={o('noSealCredential')}>
      {(creds) => <SealForm doc={doc} creds={creds} onDone={onDone} />}
    </CredentialCard>
  );
}

function SealForm({ doc, creds, onDone }: CredentialFormProps) {
  const o = useStrings(OUTGOING_STRINGS);
  const { credentialId, setCredentialId, pin, setPin, pinRef } = useCredentialPin(creds);
  const [perType, setPerType] = useState(false);
  const { check, notice } = useMissing();
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
  useFocusPin(pinRef, seal.error);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (check(seal, pin ? [] : [o('fieldPin')], pinRef)) void seal.run();
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
      {notice}
      <ActionFeedback action={seal} busyText={o('sealing')} />
      {seal.error instanceof ApiError && seal.error.code === 'RECIPIENTS_EMPTY' ? (
        <p className="hint">{o('recipientsEmptyHint')}</p>
      ) : null}
    </form>
  );
}
