// Liên thông văn bản (#/federation): the systems this server exchanges edXML with, each with its
// address, organisation codes, signing certificates and edXML profile (layout, attachments, status
// form, signature algorithm); add one, change it, stop or restart the exchange (peers are never
// deleted). The API answers only to administrators of the top-level unit (403 for anyone else), so
// whoever sees the list may change it. Below: this server's signing certificate, for the other side.
import { useEffect, useRef, useState } from 'react';
import { api, ok } from '../../api/client';
import { AsyncView } from '../../components/async-view';
import { Badge } from '../../components/badge';
import { DataTable, type Column } from '../../components/data-table';
import { ActionFeedback, Field, useAction } from '../../components/form';
import { useApi } from '../../components/use-api';
import { formatDayOf } from '../../format/format';
import { useLanguage, useStrings } from '../../i18n/i18n';
import { PEER_PROFILE_LABELS } from '../../labels/labels';
import { FEDERATION_STRINGS } from './federation-strings';
import { PeerForm, type Peer } from './peer-form';

type Editing = { readonly peer?: Peer } | undefined;

export function FederationPage() {
  const t = useStrings(FEDERATION_STRINGS);
  const peers = useApi(() => ok(api.GET('/api/federation/peers')), []);
  const [editing, setEditing] = useState<Editing>();
  const [result, setResult] = useState<string>();
  const resultRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (result) resultRef.current?.focus();
  }, [result]);

  const toggle = useAction(async (peer: Peer) => {
    setResult(undefined);
    await ok(
      api.PATCH('/api/federation/peers/{id}', {
        params: { path: { id: peer.id } },
        body: { enabled: !peer.enabled },
      }),
    );
    peers.reload();
    return peer;
  });
  const [toggled, setToggled] = useState<Peer>();

  const open = (next: Editing) => {
    setResult(undefined);
    setToggled(undefined);
    toggle.clearError();
    setEditing(next);
  };

  return (
    <>
      <h1>{t('title')}</h1>
      <p className="lead">{t('lead')}</p>
      <AsyncView state={peers} onRetry={peers.reload}>
        {(list) => (
          <>
            {result ? (
              <p className="status-line done" role="status" tabIndex={-1} ref={resultRef}>
                {result}
              </p>
            ) : null}
            {editing ? (
              <PeerForm
                key={editing.peer?.id ?? 'new'}
                peer={editing.peer}
                onCancel={() => setEditing(undefined)}
                onDone={(saved, added) => {
                  setEditing(undefined);
                  setResult(t(added ? 'added' : 'saved', { name: saved.name }));
                  peers.reload();
                }}
              />
            ) : (
              <div className="toolbar">
                <button type="button" className="btn btn-primary" onClick={() => open({})}>
                  {t('add')}
                </button>
              </div>
            )}
            <section aria-labelledby="federation-peers-title">
              <h2 id="federation-peers-title">{t('peersTitle')}</h2>
              <ActionFeedback
                action={toggle}
                busyText={toggled?.enabled ? t('disabling') : t('enabling')}
                done={
                  toggled && !toggle.error
                    ? t(toggled.enabled ? 'disabledDone' : 'enabledDone', { name: toggled.name })
                    : undefined
                }
              />
              <PeerTable
                peers={list}
                busy={toggle.busy}
                onEdit={(peer) => open({ peer })}
                onToggle={(peer) => {
                  setResult(undefined);
                  setToggled(peer);
                  void toggle.run(peer);
                }}
              />
            </section>
            <ServerCertificate />
          </>
        )}
      </AsyncView>
    </>
  );
}

function PeerTable({
  peers,
  busy,
  onEdit,
  onToggle,
}: {
  peers: readonly Peer[];
  busy: boolean;
  onEdit: (peer: Peer) => void;
  onToggle: (peer: Peer) => void;
}) {
  const t = useStrings(FEDERATION_STRINGS);
  const { lang } = useLanguage();
  const columns: Column<Peer>[] = [
    { key: 'name', header: t('colName'), cell: (p) => p.name, sortValue: (p) => p.name },
    { key: 'address', header: t('colAddress'), cell: (p) => p.baseUrl, className: 'code' },
    {
      key: 'codes',
      header: t('colCodes'),
      cell: (p) => (
        <ul>
          {p.organPatterns.map((code) => (
            <li key={code} className="code">
              {code}
            </li>
          ))}
        </ul>
      ),
    },
    {
      key: 'profile',
      header: t('colProfile'),
      cell: (p) => (
        <dl>
          <dt>{t('layout')}</dt>
          <dd>{PEER_PROFILE_LABELS.layout[p.profile.layout][lang]}</dd>
          <dt>{t('attachments')}</dt>
          <dd>{PEER_PROFILE_LABELS.attachments[p.profile.attachments][lang]}</dd>
          <dt>{t('statusForm')}</dt>
          <dd>{PEER_PROFILE_LABELS.statusForm[p.profile.statusForm][lang]}</dd>
          <dt>{t('signatureAlgorithm')}</dt>
          <dd>
            {p.profile.signatureAlgorithm === 'rsa-sha1' ? (
              <Badge tone="warn">{PEER_PROFILE_LABELS.signatureAlgorithm['rsa-sha1'][lang]}</Badge>
            ) : (
              PEER_PROFILE_LABELS.signatureAlgorithm[p.profile.signatureAlgorithm][lang]
            )}
          </dd>
        </dl>
      ),
    },
    {
      key: 'certificates',
      header: t('colCertificates'),
      cell: (p) => (
        <ul>
          {p.signingCertificates.map((c) => (
            <li key={c.sha256}>
              {c.subject} ({t('validUntil', { date: formatDayOf(String(c.notAfter)) })})
            </li>
          ))}
          <li>{p.tlsCa === 'configured' ? t('tlsConfigured') : t('tlsSystem')}</li>
        </ul>
      ),
    },
    {
      key: 'state',
      header: t('colState'),
      cell: (p) =>
        p.enabled ? <Badge tone="ok">{t('enabled')}</Badge> : <Badge tone="ended">{t('disabled')}</Badge>,
      sortValue: (p) => (p.enabled ? 0 : 1),
    },
    {
      key: 'actions',
      header: t('colActions'),
      cell: (p) => (
        <div className="form-actions">
          <button type="button" className="btn btn-small" onClick={() => onEdit(p)}>
            {t('edit')} <span className="visually-hidden">{p.name}</span>
          </button>
          <button
            type="button"
            className={`btn btn-small${p.enabled ? ' btn-danger' : ''}`}
            disabled={busy}
            onClick={() => onToggle(p)}
          >
            {p.enabled ? t('disable') : t('enable')} <span className="visually-hidden">{p.name}</span>
          </button>
        </div>
      ),
    },
  ];
  return (
    <DataTable
      caption={t('peersTitle')}
      columns={columns}
      rows={peers}
      rowKey={(p) => p.id}
      empty={t('noPeers')}
      initialSort={{ key: 'name', direction: 'ascending' }}
    />
  );
}

/** This server's edXML signing certificate (FEDERATION_SIGNER_UNAVAILABLE when none is configured). */
function ServerCertificate() {
  const t = useStrings(FEDERATION_STRINGS);
  const certificate = useApi(() => ok(api.GET('/api/federation/signing-certificate')), []);
  return (
    <section className="card" aria-labelledby="federation-certificate-title">
      <h2 id="federation-certificate-title">{t('certificateTitle')}</h2>
      <p className="hint">{t('certificateLead')}</p>
      <AsyncView state={certificate} onRetry={certificate.reload}>
        {(c) => (
          <>
            <dl className="props">
              <dt>{t('certificateSubject')}</dt>
              <dd>{c.subject}</dd>
              <dt>{t('certificateSha256')}</dt>
              <dd className="code">{c.sha256}</dd>
              <dt>{t('certificateNotAfter')}</dt>
              <dd>{formatDayOf(String(c.notAfter))}</dd>
            </dl>
            <Field label={t('certificatePem')}>
              {(a11y) => <textarea {...a11y} className="code" rows={6} readOnly value={c.pem} />}
            </Field>
          </>
        )}
      </AsyncView>
    </section>
  );
}
