// Chứng thư tin cậy (#/validation/trust): the anchors every validation trusts (subject, source, SHA-256,
// validity) and the revocation hosts. Auditors and admins read them; only an admin of the top-level unit
// (no parent: trust is province-wide, the server refuses others) gets the controls: remove an anchor an
// admin added, add one from pasted PEM or from a certificate file (PEM, DER or a PKCS#7 bundle .p7b, shown
// as PEM before it is added; each certificate of a bundle becomes an anchor), and set the CRL/OCSP hosts.
import { useId, useState } from 'react';
import { api, ok } from '../../api/client';
import { AsyncView } from '../../components/async-view';
import { DataTable, type Column } from '../../components/data-table';
import { FilePicker } from '../../components/file-picker';
import { ActionFeedback, Field, TextField, useAction, useFormErrors } from '../../components/form';
import { Notice } from '../../components/notice';
import { useApi } from '../../components/use-api';
import { useDocumentTitle } from '../../components/use-document-title';
import { formatDateTime } from '../../format/format';
import { useLanguage, useStrings } from '../../i18n/i18n';
import { useMe } from '../../session/session';
import {
  ANCHOR_SOURCE_LABELS,
  TRUST_MODE_LABELS,
  VALIDATION_STRINGS,
  type TrustAnchor,
  type TrustConfiguration,
} from './validation-strings';
import { ValidationTabs } from './validation-widgets';

const PKCS7_SIGNED_DATA = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02];

/** One DER element at `at`: its tag, where its contents start and where it ends. */
function derElement(b: Uint8Array, at: number): { at: number; tag: number; start: number; end: number } {
  const tag = b[at]!;
  let len = b[at + 1]!;
  let start = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4) throw new Error('unsupported DER length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[start + i]!;
    start += n;
  }
  const end = start + len;
  if (end > b.length) throw new Error('DER element past the end');
  return { at, tag, start, end };
}

/** The elements inside a constructed DER element. */
function derChildren(b: Uint8Array, e: { start: number; end: number }) {
  const out: ReturnType<typeof derElement>[] = [];
  for (let at = e.start; at < e.end;) {
    const c = derElement(b, at);
    out.push(c);
    at = c.end;
  }
  return out;
}

/**
 * The certificates of a PKCS#7 bundle (.p7b, .p7c: SignedData without content, as CAs publish
 * chains) in DER, or undefined when the bytes are not one.
 */
export function pkcs7Certificates(der: Uint8Array): Uint8Array[] | undefined {
  try {
    const outer = derElement(der, 0);
    if (outer.tag !== 0x30) return undefined;
    const [type, content] = derChildren(der, outer);
    if (!type || !content || content.tag !== 0xa0) return undefined;
    const oid = der.subarray(type.at, type.end);
    if (oid.length !== PKCS7_SIGNED_DATA.length || !PKCS7_SIGNED_DATA.every((v, i) => oid[i] === v))
      return undefined;
    const signedData = derChildren(der, content)[0];
    if (!signedData || signedData.tag !== 0x30) return undefined;
    const certificates = derChildren(der, signedData).find((c) => c.tag === 0xa0);
    if (!certificates) return [];
    return derChildren(der, certificates)
      .filter((c) => c.tag === 0x30)
      .map((c) => der.subarray(c.at, c.end));
  } catch {
    return undefined;
  }
}

function toPem(der: Uint8Array): string {
  let binary = '';
  for (const b of der) binary += String.fromCharCode(b);
  const lines = btoa(binary).match(/.{1,64}/g) ?? [];
  return ['-----BEGIN CERTIFICATE-----', ...lines, '-----END CERTIFICATE-----'].join('\n');
}

function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text.replace(/\s+/g, '')), (c) => c.charCodeAt(0));
}

/**
 * A certificate file as PEM: PEM text as it is, DER wrapped in base64 lines, a PKCS#7 bundle (.p7b,
 * DER or `-----BEGIN PKCS7-----`) as its certificates' PEM blocks one after another.
 */
export async function certificatePem(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  const armoured = /-----BEGIN PKCS7-----([\s\S]*?)-----END PKCS7-----/.exec(text);
  const der = armoured ? fromBase64(armoured[1]!) : text.includes('-----BEGIN') ? undefined : bytes;
  if (!der) return text.trim();
  const bundle = pkcs7Certificates(der);
  if (bundle) {
    if (bundle.length === 0) throw new Error('no certificate in the bundle');
    return bundle.map(toPem).join('\n');
  }
  return toPem(der);
}

/** The PEM certificate blocks of a text (one anchor is added per block). */
export function pemBlocks(text: string): string[] {
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g);
  return blocks && blocks.length > 1 ? blocks : [text];
}

/** Whether the person may change trust (an admin of a unit without a parent); undefined until known. */
function useTrustManager(): boolean | undefined {
  const me = useMe();
  const isAdmin = me.user.roles.includes('admin');
  const unit = useApi(
    () =>
      isAdmin
        ? ok(api.GET('/api/units/{id}', { params: { path: { id: me.user.unit.id } } }))
        : Promise.resolve(undefined),
    [isAdmin, me.user.unit.id],
  );
  if (!isAdmin) return false;
  if (unit.status === 'loading') return undefined;
  return unit.status === 'ready' && unit.data?.parentId === null;
}

type Done = 'added' | 'removed' | 'saved';

export function ValidationTrustPage() {
  const t = useStrings(VALIDATION_STRINGS);
  const { lang } = useLanguage();
  useDocumentTitle(t('tabTrust'));
  const manager = useTrustManager();
  const trust = useApi(() => ok(api.GET('/api/admin/trust')), []);
  const [done, setDone] = useState<Done>();

  const remove = useAction(async (anchor: TrustAnchor) => {
    setDone(undefined);
    await ok(
      api.DELETE('/api/admin/trust/anchors/{sha256}', { params: { path: { sha256: anchor.sha256 } } }),
    );
    trust.reload();
    setDone('removed');
  });

  const columns: Column<TrustAnchor>[] = [
    {
      key: 'subject',
      header: t('colSubject'),
      cell: (a) => {
        const description = lang === 'vi' ? a.descriptionVi : a.description;
        return (
          <>
            {a.subject}
            {description ? <div className="reasons">{description}</div> : null}
          </>
        );
      },
    },
    { key: 'source', header: t('colSource'), cell: (a) => ANCHOR_SOURCE_LABELS[a.source][lang] },
    { key: 'sha256', header: t('colSha256'), cell: (a) => a.sha256, className: 'hash hash-cell' },
    {
      key: 'validity',
      header: t('colValidity'),
      cell: (a) => t('validityRange', { from: formatDateTime(a.notBefore), to: formatDateTime(a.notAfter) }),
    },
  ];
  if (manager)
    columns.push({
      key: 'actions',
      header: t('colActions'),
      cell: (a) =>
        a.removable ? (
          <button
            type="button"
            className="btn"
            disabled={remove.busy}
            aria-label={t('removeAnchor', { subject: a.subject })}
            onClick={() => void remove.run(a)}
          >
            {t('remove')}
          </button>
        ) : null,
    });

  return (
    <>
      <h1>{t('title')}</h1>
      <p className="lead">{t('trustLead')}</p>
      <ValidationTabs active="trust" />
      <ActionFeedback action={remove} busyText={t('removing')} done={done ? t(done) : undefined} />
      <AsyncView state={trust} onRetry={trust.reload}>
        {(data) => (
          <>
            <p>{TRUST_MODE_LABELS[data.mode][lang]}</p>
            <section aria-labelledby="trust-anchors-title">
              <h2 id="trust-anchors-title">{t('anchors')}</h2>
              <div id="trust-anchors">
                <DataTable
                  caption={t('anchors')}
                  columns={columns}
                  rows={data.anchors}
                  rowKey={(a) => a.sha256}
                  empty="—"
                />
              </div>
            </section>
            {manager ? (
              <>
                <AddAnchorForm
                  onAdded={() => {
                    trust.reload();
                    remove.clearError();
                    setDone('added');
                  }}
                />
                <HostsForm
                  key={data.revocationHosts.join('\n')}
                  trust={data}
                  onSaved={() => {
                    trust.reload();
                    remove.clearError();
                    setDone('saved');
                  }}
                />
              </>
            ) : manager === false ? (
              <>
                <p className="hint" id="trust-read-only">
                  {t('readOnly')}
                </p>
                <h2>{t('hostsTitle')}</h2>
                <p>
                  {data.revocationHosts.length
                    ? t('hostsAllowed', { hosts: data.revocationHosts.join(', ') })
                    : t('hostsNone')}
                </p>
              </>
            ) : null}
          </>
        )}
      </AsyncView>
    </>
  );
}

function AddAnchorForm({ onAdded }: { onAdded: () => void }) {
  const t = useStrings(VALIDATION_STRINGS);
  const [pem, setPem] = useState('');
  const [label, setLabel] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [unreadable, setUnreadable] = useState<string>();
  const add = useAction(async () => {
    const trimmed = label.trim();
    // A bundle (.p7b or several PEM blocks): each certificate becomes an anchor, numbered in its label.
    const blocks = pemBlocks(pem);
    for (const [i, block] of blocks.entries()) {
      const named = trimmed && blocks.length > 1 ? `${trimmed} (${i + 1}/${blocks.length})` : trimmed;
      await ok(
        api.POST('/api/admin/trust/anchors', { body: { pem: block, ...(named ? { label: named } : {}) } }),
      );
    }
    setPem('');
    setLabel('');
    setFiles([]);
    onAdded();
  });
  const errors = useFormErrors(add.error, ['pem', 'label'], {
    TRUST_ANCHOR_INVALID: 'pem',
    TRUST_ANCHOR_DUPLICATE: 'pem',
  });
  const choose = async (chosen: File[]) => {
    setFiles(chosen);
    setUnreadable(undefined);
    const file = chosen[0];
    if (!file) return;
    try {
      setPem(await certificatePem(file));
    } catch {
      setUnreadable(t('pemFileUnreadable', { name: file.name }));
    }
  };
  return (
    <form
      className="card"
      aria-labelledby="trust-add-title"
      onSubmit={(e) => {
        e.preventDefault();
        if (!add.busy) void add.run();
      }}
    >
      <h2 id="trust-add-title">{t('addTitle')}</h2>
      <Field label={t('addAnchor')} hint={t('pemHint')} error={errors.fields.pem} required>
        {(a11y) => (
          <textarea
            {...a11y}
            name="pem"
            className="pem"
            spellCheck={false}
            required
            value={pem}
            onChange={(e) => setPem(e.target.value)}
          />
        )}
      </Field>
      <FilePicker
        label={t('pemFile')}
        hint={t('pemFileHint')}
        files={files}
        pdfOnly={false}
        onChange={(chosen) => void choose(chosen)}
        name="certificate"
      />
      {unreadable ? <Notice kind="error">{unreadable}</Notice> : null}
      <TextField
        label={t('label')}
        name="label"
        value={label}
        error={errors.fields.label}
        onChange={setLabel}
      />
      <button type="submit" className="btn btn-primary" disabled={add.busy} aria-busy={add.busy}>
        {t('add')}
      </button>
      <ActionFeedback action={add} busyText={t('adding')} showError={false} />
      {errors.form ? <Notice kind="error">{errors.form}</Notice> : null}
    </form>
  );
}

function HostsForm({ trust, onSaved }: { trust: TrustConfiguration; onSaved: () => void }) {
  const t = useStrings(VALIDATION_STRINGS);
  const [hosts, setHosts] = useState(trust.revocationHosts.join('\n'));
  const save = useAction(async () => {
    await ok(
      api.PUT('/api/admin/trust/revocation-hosts', { body: { hosts: hosts.split(/\s+/).filter(Boolean) } }),
    );
    onSaved();
  });
  const errors = useFormErrors(save.error, ['hosts'], {
    REVOCATION_HOST_INVALID: 'hosts',
    REVOCATION_HOST_PRIVATE: 'hosts',
  });
  const id = useId();
  return (
    <form
      className="card"
      aria-labelledby={id}
      onSubmit={(e) => {
        e.preventDefault();
        if (!save.busy) void save.run();
      }}
    >
      <h2 id={id}>{t('hostsTitle')}</h2>
      <Field label={t('hosts')} error={errors.fields.hosts} hint={hosts.trim() ? undefined : t('hostsNone')}>
        {(a11y) => (
          <textarea
            {...a11y}
            name="hosts"
            className="pem"
            spellCheck={false}
            value={hosts}
            onChange={(e) => setHosts(e.target.value)}
          />
        )}
      </Field>
      <button type="submit" className="btn" disabled={save.busy} aria-busy={save.busy}>
        {t('save')}
      </button>
      <ActionFeedback action={save} busyText={t('saving')} showError={false} />
      {errors.form ? <Notice kind="error">{errors.form}</Notice> : null}
    </form>
  );
}
