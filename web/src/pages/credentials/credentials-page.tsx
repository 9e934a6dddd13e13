// Chứng thư ký số (#/signing-credentials, admins; issue 14 item 14): the unit's signing credentials
// (leaders' personal ones and the unit's seals) with their validity and expiry, the stamp image of each
// (the leader's signature or the red seal: PNG with transparency or JPEG, 150–2000 px a side, checked by
// the server, its refusal with the measured values shown), a PKCS#12 file registered for the unit's seal or a person, and deactivation.
import { useState } from 'react';
import { api, ok } from '../../api/client';
import type { ResponseOf } from '../../api/types';
import { upload } from '../../api/upload';
import { AsyncView } from '../../components/async-view';
import { Badge } from '../../components/badge';
import { DataTable } from '../../components/data-table';
import { FilePicker } from '../../components/file-picker';
import { ActionFeedback, Field, SelectField, TextField, useAction } from '../../components/form';
import { useApi } from '../../components/use-api';
import { formatDate } from '../../format/format';
import { defineStrings, useStrings } from '../../i18n/i18n';
import { useMe } from '../../session/session';

type Credential = ResponseOf<'/api/signing/credentials', 'get'>['items'][number];

export const CREDENTIAL_STRINGS = defineStrings({
  vi: {
    title: 'Chứng thư ký số',
    lead: 'Chứng thư ký số của lãnh đạo và con dấu của cơ quan: thời hạn, ảnh chữ ký, ảnh con dấu.',
    colOwner: 'Loại',
    colLabel: 'Tên',
    colSubject: 'Chủ thể',
    colValidTo: 'Hết hạn',
    colImage: 'Ảnh chữ ký / con dấu',
    colStatus: 'Trạng thái',
    personal: 'Chữ ký cá nhân',
    seal: 'Con dấu cơ quan',
    active: 'Đang dùng',
    inactive: 'Ngừng sử dụng',
    expired: 'Đã hết hạn',
    expiresSoon: 'Còn {days} ngày',
    hasImage: 'Đã có ảnh',
    noImage: 'Chưa có ảnh',
    none: 'Đơn vị chưa có chứng thư ký số.',
    imageTitle: 'Ảnh chữ ký hoặc con dấu',
    imageFor: 'Chứng thư',
    imageFile: 'Tệp ảnh (PNG nền trong suốt hoặc JPEG, mỗi cạnh 150–2000 điểm ảnh, tối đa 1 MB)',
    imageHint: 'hoặc kéo thả tệp ảnh vào đây',
    imageUpload: 'Tải ảnh lên',
    imageUploading: 'Đang tải ảnh…',
    imageDone: 'Đã lưu ảnh cho {label}.',
    p12Title: 'Đăng ký chứng thư PKCS#12 cho con dấu cơ quan',
    p12File: 'Tệp PKCS#12 (.p12, .pfx)',
    p12Hint: 'hoặc kéo thả tệp .p12 vào đây',
    p12Password: 'Mật khẩu tệp PKCS#12',
    p12Label: 'Tên gợi nhớ',
    p12Add: 'Đăng ký',
    p12Adding: 'Đang kiểm tra và đăng ký…',
    p12Done: 'Đã đăng ký chứng thư {label}.',
    deactivate: 'Ngừng sử dụng {label}',
    deactivated: 'Đã ngừng sử dụng chứng thư.',
    p11Title: 'Đăng ký khóa PKCS#11 (HSM, USB token) cho con dấu cơ quan',
    p11Lead:
      'Chỉ các khóa đã khai báo trên máy chủ (SIGNING_PKCS11_TOKENS). Mã PIN dùng để kiểm tra bằng một chữ ký thử, không được lưu.',
    p11None: 'Máy chủ chưa khai báo khóa PKCS#11 nào.',
    p11Token: 'Khóa PKCS#11',
    p11Option: '{name} — thư viện {modulePath}, token “{tokenLabel}”, khóa {key}',
    p11Pin: 'Mã PIN của token',
    p11Label: 'Tên gợi nhớ',
    p11Certificate: 'Chứng thư (PEM), nếu token không chứa chứng thư',
    p11Add: 'Đăng ký khóa PKCS#11',
    p11Adding: 'Đang thử ký và đăng ký…',
    p11Done: 'Đã đăng ký khóa PKCS#11 {label}.',
  },
  en: {
    title: 'Signing credentials',
    lead: 'The leaders’ signing credentials and the organisation’s seals: validity, signature and seal images.',
    colOwner: 'Kind',
    colLabel: 'Name',
    colSubject: 'Subject',
    colValidTo: 'Expires',
    colImage: 'Signature / seal image',
    colStatus: 'Status',
    personal: 'Personal signature',
    seal: 'Organisation seal',
    active: 'In use',
    inactive: 'Deactivated',
    expired: 'Expired',
    expiresSoon: '{days} days left',
    hasImage: 'Image set',
    noImage: 'No image',
    none: 'The unit has no signing credential.',
    imageTitle: 'Signature or seal image',
    imageFor: 'Credential',
    imageFile: 'Image file (PNG with transparency or JPEG, 150–2000 pixels a side, at most 1 MB)',
    imageHint: 'or drop the image file here',
    imageUpload: 'Upload image',
    imageUploading: 'Uploading the image…',
    imageDone: 'Image saved for {label}.',
    p12Title: 'Register a PKCS#12 credential for the organisation seal',
    p12File: 'PKCS#12 file (.p12, .pfx)',
    p12Hint: 'or drop the .p12 file here',
    p12Password: 'PKCS#12 file password',
    p12Label: 'Label',
    p12Add: 'Register',
    p12Adding: 'Checking and registering…',
    p12Done: 'Credential {label} registered.',
    deactivate: 'Deactivate {label}',
    deactivated: 'The credential was deactivated.',
    p11Title: 'Register a PKCS#11 key (HSM, USB token) for the organisation seal',
    p11Lead:
      'Only the tokens the server declares (SIGNING_PKCS11_TOKENS). The PIN is checked with a probe signature and never stored.',
    p11None: 'The server declares no PKCS#11 token.',
    p11Token: 'PKCS#11 token',
    p11Option: '{name} — module {modulePath}, token “{tokenLabel}”, key {key}',
    p11Pin: 'Token PIN',
    p11Label: 'Label',
    p11Certificate: 'Certificate (PEM), if the token holds none',
    p11Add: 'Register the PKCS#11 key',
    p11Adding: 'Probing and registering…',
    p11Done: 'PKCS#11 key {label} registered.',
  },
});

const DAY = 86_400_000;

export function CredentialsPage() {
  const t = useStrings(CREDENTIAL_STRINGS);
  const me = useMe();
  // The moment of the answer: the expiry counts days from it.
  const list = useApi(
    async () => ({
      ...(await ok(api.GET('/api/signing/credentials', { params: { query: { limit: 200 } } }))),
      now: Date.now(),
    }),
    [],
  );
  const [done, setDone] = useState<string>();
  const deactivate = useAction(async (c: Credential) => {
    await ok(api.POST('/api/signing/credentials/{id}/deactivate', { params: { path: { id: c.id } } }));
    setDone(t('deactivated'));
    list.reload();
  });
  const validTo = (c: Credential, now: number) => {
    const left = Math.floor((Date.parse(String(c.notAfter)) - now) / DAY);
    return (
      <>
        {formatDate(String(c.notAfter))}{' '}
        {left < 0 ? (
          <Badge tone="ended">{t('expired')}</Badge>
        ) : left <= 60 ? (
          <Badge tone="warn">{t('expiresSoon', { days: left })}</Badge>
        ) : null}
      </>
    );
  };
  return (
    <>
      <h1>{t('title')}</h1>
      <p className="lead">{t('lead')}</p>
      <ActionFeedback action={deactivate} busyText="" done={done} />
      <AsyncView state={list} onRetry={list.reload}>
        {(data) => (
          <>
            <DataTable
              caption={t('title')}
              rows={data.items}
              rowKey={(c) => c.id}
              empty={t('none')}
              columns={[
                {
                  key: 'owner',
                  header: t('colOwner'),
                  cell: (c) => (c.ownerKind === 'unit' ? t('seal') : t('personal')),
                },
                { key: 'label', header: t('colLabel'), cell: (c) => c.label },
                { key: 'subject', header: t('colSubject'), cell: (c) => c.subject },
                { key: 'validTo', header: t('colValidTo'), cell: (c) => validTo(c, data.now) },
                {
                  key: 'image',
                  header: t('colImage'),
                  cell: (c) => (c.hasStampImage ? t('hasImage') : t('noImage')),
                },
                {
                  key: 'status',
                  header: t('colStatus'),
                  cell: (c) =>
                    c.active ? (
                      <>
                        <Badge tone="ok">{t('active')}</Badge>{' '}
                        <button
                          type="button"
                          className="btn"
                          disabled={deactivate.busy}
                          onClick={() => {
                            setDone(undefined);
                            void deactivate.run(c);
                          }}
                        >
                          {t('deactivate', { label: c.label })}
                        </button>
                      </>
                    ) : (
                      <Badge tone="ended">{t('inactive')}</Badge>
                    ),
                },
              ]}
            />
          </>
        )}
      </AsyncView>
      {/* Outside the list's loading state: a reload after an upload keeps the form and its result. */}
      <ImageForm
        credentials={list.status === 'ready' ? list.data.items.filter((c) => c.active) : []}
        onDone={list.reload}
      />
      <Pkcs12Form unitId={me.user.unit.id} onDone={list.reload} />
      <Pkcs11Form unitId={me.user.unit.id} onDone={list.reload} />
    </>
  );
}

function ImageForm({ credentials, onDone }: { credentials: Credential[]; onDone: () => void }) {
  const t = useStrings(CREDENTIAL_STRINGS);
  const [chosenId, setId] = useState('');
  const id = credentials.some((c) => c.id === chosenId) ? chosenId : (credentials[0]?.id ?? '');
  const [files, setFiles] = useState<File[]>([]);
  const [done, setDone] = useState<string>();
  const action = useAction(async () => {
    const file = files[0];
    const c = credentials.find((x) => x.id === id);
    if (!file || !c) return;
    const type = file.type === 'image/jpeg' ? 'image/jpeg' : 'image/png';
    await upload(`/api/signing/credentials/${c.id}/image`, new Blob([file], { type }), { method: 'PUT' });
    setDone(t('imageDone', { label: c.label }));
    setFiles([]);
    onDone();
  });
  return (
    <form
      className="card"
      aria-label={t('imageTitle')}
      onSubmit={(e) => {
        e.preventDefault();
        setDone(undefined);
        void action.run();
      }}
    >
      <h2>{t('imageTitle')}</h2>
      <SelectField
        label={t('imageFor')}
        value={id}
        onChange={setId}
        options={credentials.map((c) => ({
          value: c.id,
          label: `${c.label} (${c.ownerKind === 'unit' ? t('seal') : t('personal')})`,
        }))}
      />
      <FilePicker
        label={t('imageFile')}
        hint={t('imageHint')}
        files={files}
        pdfOnly={false}
        onChange={setFiles}
        name="image"
      />
      <button type="submit" className="btn btn-primary" disabled={action.busy || files.length === 0 || !id}>
        {t('imageUpload')}
      </button>
      <ActionFeedback action={action} busyText={t('imageUploading')} done={done} />
    </form>
  );
}

function Pkcs12Form({ unitId, onDone }: { unitId: string; onDone: () => void }) {
  const t = useStrings(CREDENTIAL_STRINGS);
  const [files, setFiles] = useState<File[]>([]);
  const [password, setPassword] = useState('');
  const [label, setLabel] = useState('');
  const [done, setDone] = useState<string>();
  const action = useAction(async () => {
    const file = files[0];
    if (!file) return;
    const query = new URLSearchParams({ unitId, ...(label.trim() ? { label: label.trim() } : {}) });
    const added = await upload<Credential>(
      `/api/signing/credentials/pkcs12?${query}`,
      new Blob([file], { type: 'application/x-pkcs12' }),
      { headers: { 'X-Signing-Pin': encodeURIComponent(password) } },
    );
    setDone(t('p12Done', { label: added.label }));
    setFiles([]);
    setPassword('');
    setLabel('');
    onDone();
  });
  return (
    <form
      className="card"
      aria-label={t('p12Title')}
      onSubmit={(e) => {
        e.preventDefault();
        setDone(undefined);
        void action.run();
      }}
    >
      <h2>{t('p12Title')}</h2>
      <FilePicker
        label={t('p12File')}
        hint={t('p12Hint')}
        files={files}
        pdfOnly={false}
        onChange={setFiles}
        name="pkcs12"
      />
      <TextField
        label={t('p12Password')}
        type="password"
        value={password}
        autoComplete="off"
        onChange={setPassword}
      />
      <TextField label={t('p12Label')} value={label} onChange={setLabel} />
      <button type="submit" className="btn btn-primary" disabled={action.busy || files.length === 0}>
        {t('p12Add')}
      </button>
      <ActionFeedback action={action} busyText={t('p12Adding')} done={done} />
    </form>
  );
}

function Pkcs11Form({ unitId, onDone }: { unitId: string; onDone: () => void }) {
  const t = useStrings(CREDENTIAL_STRINGS);
  const tokens = useApi(async () => ok(api.GET('/api/signing/pkcs11-tokens')), []);
  const [chosen, setChosen] = useState('');
  const [pin, setPin] = useState('');
  const [label, setLabel] = useState('');
  const [certificatePem, setCertificatePem] = useState('');
  const [done, setDone] = useState<string>();
  const items = tokens.status === 'ready' ? tokens.data.items : [];
  const token = items.some((x) => x.name === chosen) ? chosen : (items[0]?.name ?? '');
  const action = useAction(async () => {
    if (!token) return;
    const added = await ok(
      api.POST('/api/signing/credentials', {
        body: {
          kind: 'pkcs11',
          unitId,
          token,
          ...(label.trim() ? { label: label.trim() } : {}),
          ...(certificatePem.trim() ? { certificatePem: certificatePem.trim() } : {}),
        },
        headers: { 'X-Signing-Pin': encodeURIComponent(pin) },
      }),
    );
    setDone(t('p11Done', { label: added.label }));
    setPin('');
    setLabel('');
    setCertificatePem('');
    onDone();
  });
  return (
    <form
      className="card"
      aria-label={t('p11Title')}
      onSubmit={(e) => {
        e.preventDefault();
        setDone(undefined);
        void action.run();
      }}
    >
      <h2>{t('p11Title')}</h2>
      <p>{t('p11Lead')}</p>
      <AsyncView state={tokens} onRetry={tokens.reload}>
        {(data) =>
          data.items.length === 0 ? (
            <p>{t('p11None')}</p>
          ) : (
            <>
              <SelectField
                label={t('p11Token')}
                value={token}
                onChange={setChosen}
                options={data.items.map((x) => ({
                  value: x.name,
                  label: t('p11Option', {
                    name: x.name,
                    modulePath: x.modulePath,
                    tokenLabel: x.tokenLabel,
                    key: x.keyLabel ?? x.keyId ?? '',
                  }),
                }))}
              />
              <TextField
                label={t('p11Pin')}
                type="password"
                value={pin}
                autoComplete="off"
                required
                onChange={setPin}
              />
              <TextField label={t('p11Label')} value={label} onChange={setLabel} />
              <Field label={t('p11Certificate')}>
                {(a11y) => (
                  <textarea
                    {...a11y}
                    rows={4}
                    spellCheck={false}
                    value={certificatePem}
                    onChange={(e) => setCertificatePem(e.target.value)}
                  />
                )}
              </Field>
              <button type="submit" className="btn btn-primary" disabled={action.busy || !token || !pin}>
                {t('p11Add')}
              </button>
            </>
          )
        }
      </AsyncView>
      <ActionFeedback action={action} busyText={t('p11Adding')} done={done} />
    </form>
  );
}
