import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Peer } from '../../../web/src/pages/federation/peer-form';
import { FederationPage } from '../../../web/src/pages/federation/federation-page';
import { fakeApi, renderSignedIn, status, withRoles } from '../support/render';

const ADMIN = withRoles(['admin']);

const peer = (over: Partial<Peer> = {}): Peer => ({
  id: '00000000-0000-4000-8000-0000000000f1',
  name: 'Tỉnh Hai',
  organPatterns: ['*.H98', '000.00.10.H99'],
  baseUrl: 'https://vanban.h98.example',
  signingCertificates: [
    {
      subject: 'CN=UBND tỉnh Hai — hệ thống quản lý văn bản',
      sha256: 'ab'.repeat(32),
      notBefore: '2026-01-01T00:00:00.000Z',
      notAfter: '2027-12-31T20:00:00.000Z',
    },
  ],
  tlsCa: 'system',
  enabled: true,
  profile: {
    layout: 'sdk',
    attachments: 'sdk',
    statusForm: 'message-header',
    signatureAlgorithm: 'rsa-sha256',
  },
  createdAt: '2026-12-01T02:00:00.000Z',
  updatedAt: '2026-12-01T02:00:00.000Z',
  ...over,
});

const CERTIFICATE = {
  pem: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
  subject: 'CN=Ủy ban nhân dân tỉnh Long An (000.00.00.H41) — liên thông văn bản edXML',
  sha256: 'cd'.repeat(32),
  notAfter: '2028-06-30T17:30:00.000Z',
};

const cells = (row: HTMLElement) => [...row.querySelectorAll('td')].map((c) => c.textContent);
const bodyOf = async (requests: Request[], method: string) => {
  const r = requests.filter((q) => q.method === method).at(-1)!;
  return { body: (await r.clone().json()) as Record<string, unknown>, csrf: r.headers.get('x-csrf-token') };
};

describe('FederationPage', () => {
  it('shows loading, then each peer with its address, codes, certificates and labelled edXML profile, and this server’s certificate', async () => {
    fakeApi({
      'GET /api/me': ADMIN,
      'GET /api/federation/peers': [
        peer(),
        peer({
          id: '00000000-0000-4000-8000-0000000000f2',
          name: 'Bộ Nội vụ',
          organPatterns: ['000.00.00.G09'],
          baseUrl: 'https://edoc.bnv.example/lien-thong',
          tlsCa: 'configured',
          enabled: false,
          profile: {
            layout: 'envelope',
            attachments: 'zip',
            statusForm: 'status',
            signatureAlgorithm: 'rsa-sha1',
          },
        }),
      ],
      'GET /api/federation/signing-certificate': CERTIFICATE,
    });
    renderSignedIn(<FederationPage />);
    await screen.findByText('Đang tải…');

    const table = await screen.findByRole('table', { name: 'Hệ thống liên thông' });
    const rows = within(table).getAllByRole('row');
    // Sorted by name (the sortable columns carry their sort mark).
    expect(rows[0]!.textContent).toBe(
      'Tên hệ thống ▲Địa chỉ máy chủMã cơ quanHồ sơ edXMLChứng thư ký gói tinTrạng thái ↕Thao tác',
    );
    // Bộ Nội vụ first.
    expect(cells(rows[1]!).slice(0, 6)).toEqual([
      'Bộ Nội vụ',
      'https://edoc.bnv.example/lien-thong',
      '000.00.00.G09',
      'Bố cục gói tinBố cục cũ của VanBan (gốc edXMLEnvelope)Tệp đính kèmMọi tệp nén ZIP' +
        'Thông điệp trạng tháiThông điệp edXML:StatusThuật toán chữ kýRSA-SHA1 (thuật toán yếu)',
      'CN=UBND tỉnh Hai — hệ thống quản lý văn bản (hiệu lực đến 01/01/2028)TLS: CA riêng đã cấu hình',
      'Đã ngừng',
    ]);
    expect(cells(rows[2]!).slice(0, 6)).toEqual([
      'Tỉnh Hai',
      'https://vanban.h98.example',
      '*.H98000.00.10.H99',
      'Bố cục gói tinBố cục của SDK quốc gia (gốc edXML, edXMLManifest)Tệp đính kèmPDF, Word, Excel giữ nguyên; tệp khác nén ZIP' +
        'Thông điệp trạng tháiTrạng thái trong MessageHeader (SDK quốc gia)Thuật toán chữ kýRSA-SHA256',
      'CN=UBND tỉnh Hai — hệ thống quản lý văn bản (hiệu lực đến 01/01/2028)TLS: kho chứng thư gốc của hệ thống',
      'Đang liên thông',
    ]);
    // The weak algorithm is a warning badge; no raw value of the profile reaches the screen.
    expect(within(rows[1]!).getByText('RSA-SHA1 (thuật toán yếu)').className).toContain('badge-warn');
    for (const raw of ['rsa-sha1', 'message-header', 'envelope', 'zip'])
      expect(within(table).queryByText(raw)).toBeNull();
    // Each row's buttons name their peer.
    expect(within(rows[1]!).getByRole('button', { name: 'Bật lại liên thông Bộ Nội vụ' })).toBeTruthy();
    expect(within(rows[2]!).getByRole('button', { name: 'Ngừng liên thông Tỉnh Hai' })).toBeTruthy();
    expect(within(rows[2]!).getByRole('button', { name: 'Sửa Tỉnh Hai' })).toBeTruthy();

    const certificate = screen.getByRole('region', { name: 'Chứng thư ký gói tin của máy chủ này' });
    expect(await within(certificate).findByText(CERTIFICATE.subject)).toBeTruthy();
    // 17:30 UTC on 30 June is already 1 July in Vietnam.
    expect(within(certificate).getByText('01/07/2028')).toBeTruthy();
    expect(within(certificate).getByText('cd'.repeat(32))).toBeTruthy();
    expect((within(certificate).getByLabelText('Chứng thư (PEM)') as HTMLTextAreaElement).value).toBe(
      CERTIFICATE.pem,
    );
  });

  it('says when no peer is configured, still offers to add one, and shows why the server has no signing certificate', async () => {
    fakeApi({
      'GET /api/me': ADMIN,
      'GET /api/federation/peers': [],
      'GET /api/federation/signing-certificate': status(503, 'FEDERATION_SIGNER_UNAVAILABLE'),
    });
    renderSignedIn(<FederationPage />);
    expect(await screen.findByText('Chưa cấu hình hệ thống liên thông nào.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Thêm hệ thống liên thông' })).toBeTruthy();
    const certificate = screen.getByRole('region', { name: 'Chứng thư ký gói tin của máy chủ này' });
    expect((await within(certificate).findByRole('alert')).textContent).toBe(
      'Tiếng Việt: FEDERATION_SIGNER_UNAVAILABLE',
    );
  });

  it('shows the API’s error with a retry that asks again', async () => {
    let calls = 0;
    fakeApi({
      'GET /api/me': ADMIN,
      'GET /api/federation/peers': () => (++calls === 1 ? status(503, 'DATABASE_UNAVAILABLE') : [peer()]),
      'GET /api/federation/signing-certificate': CERTIFICATE,
    });
    renderSignedIn(<FederationPage />, 'en');
    expect((await screen.findByRole('alert')).textContent).toBe('English: DATABASE_UNAVAILABLE');
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('cell', { name: 'Tỉnh Hai' })).toBeTruthy();
    expect(screen.getByText('National SDK layout (edXML root, edXMLManifest)')).toBeTruthy();
    expect(calls).toBe(2);
  });

  it('tells an administrator of a lower unit they may not see federation, with no control and no certificate asked for', async () => {
    const server = fakeApi({
      'GET /api/me': ADMIN,
      'GET /api/federation/peers': status(403, 'FORBIDDEN'),
      'GET /api/federation/signing-certificate': CERTIFICATE,
    });
    renderSignedIn(<FederationPage />);
    expect((await screen.findByRole('alert')).textContent).toBe('Bạn không có quyền xem nội dung này.');
    expect(screen.getByText(/chỉ quản trị viên của đơn vị cấp cao nhất xem và sửa/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Thêm hệ thống liên thông' })).toBeNull();
    expect(screen.queryByRole('table')).toBeNull();
    expect(server.requests.some((r) => r.url.endsWith('/api/federation/signing-certificate'))).toBe(false);
  });

  it('edits a peer: the API’s FEDERATION_PEER_INVALID lands at the field it names, what was typed stays, then it saves', async () => {
    let patches = 0;
    const server = fakeApi({
      'GET /api/me': ADMIN,
      'GET /api/federation/peers': () => [
        peer(patches > 1 ? { profile: { ...peer().profile, signatureAlgorithm: 'rsa-sha1' } } : {}),
      ],
      'GET /api/federation/signing-certificate': CERTIFICATE,
      'PATCH /api/federation/peers/00000000-0000-4000-8000-0000000000f1': () =>
        ++patches === 1
          ? status(400, 'FEDERATION_PEER_INVALID', { field: 'baseUrl' })
          : peer({ baseUrl: 'https://lien-thong.h98.example' }),
    });
    renderSignedIn(<FederationPage />);
    await userEvent.click(await screen.findByRole('button', { name: 'Sửa Tỉnh Hai' }));
    const form = screen.getByRole('form', { name: 'Sửa hệ thống liên thông: Tỉnh Hai' });
    expect(document.activeElement?.textContent).toBe('Sửa hệ thống liên thông: Tỉnh Hai');
    const f = within(form);
    expect((f.getByLabelText(/^Tên hệ thống/) as HTMLInputElement).value).toBe('Tỉnh Hai');
    expect((f.getByLabelText(/^Mã cơ quan/) as HTMLTextAreaElement).value).toBe('*.H98\n000.00.10.H99');
    // The certificates are kept unless new ones are given: the hint names them.
    expect(f.getByText(/Để trống để giữ chứng thư hiện tại: CN=UBND tỉnh Hai/)).toBeTruthy();

    const address = f.getByLabelText(/^Địa chỉ máy chủ/) as HTMLInputElement;
    await userEvent.clear(address);
    await userEvent.type(address, 'http://lien-thong.h98.example');
    expect(f.queryByText(/RSA-SHA1 là thuật toán yếu/)).toBeNull();
    await userEvent.selectOptions(f.getByLabelText('Thuật toán chữ ký'), 'RSA-SHA1 (thuật toán yếu)');
    expect(f.getByText(/RSA-SHA1 là thuật toán yếu/).getAttribute('role')).toBe('status');
    await userEvent.click(f.getByRole('button', { name: 'Lưu thay đổi' }));

    const error = await f.findByText('Tiếng Việt: FEDERATION_PEER_INVALID');
    expect(error.getAttribute('role')).toBe('alert');
    expect(address.getAttribute('aria-invalid')).toBe('true');
    expect(address.getAttribute('aria-describedby')).toContain(error.id);
    expect(address.value).toBe('http://lien-thong.h98.example');
    expect((f.getByLabelText('Thuật toán chữ ký') as HTMLSelectElement).value).toBe('rsa-sha1');
    // Only the field says it, not the form as well.
    expect(f.getAllByText('Tiếng Việt: FEDERATION_PEER_INVALID')).toHaveLength(1);

    const { body, csrf } = await bodyOf(server.requests, 'PATCH');
    expect(csrf).toBe('csrf-123');
    expect(body).toEqual({
      name: 'Tỉnh Hai',
      baseUrl: 'http://lien-thong.h98.example',
      organPatterns: ['*.H98', '000.00.10.H99'],
      enabled: true,
      profile: {
        layout: 'sdk',
        attachments: 'sdk',
        statusForm: 'message-header',
        signatureAlgorithm: 'rsa-sha1',
      },
    });

    await userEvent.clear(address);
    await userEvent.type(address, 'https://lien-thong.h98.example');
    await userEvent.click(f.getByRole('button', { name: 'Lưu thay đổi' }));
    const done = await screen.findByText('Đã lưu hệ thống liên thông Tỉnh Hai.');
    expect(done.getAttribute('role')).toBe('status');
    expect(screen.queryByRole('form')).toBeNull();
    const table = screen.getByRole('table', { name: 'Hệ thống liên thông' });
    expect(await within(table).findByText('RSA-SHA1 (thuật toán yếu)')).toBeTruthy();
  });

  it('adds a peer with the national SDKs’ profile by default; a clash of codes lands at the codes', async () => {
    let posts = 0;
    const server = fakeApi({
      'GET /api/me': ADMIN,
      'GET /api/federation/peers': () => (posts > 1 ? [peer()] : []),
      'GET /api/federation/signing-certificate': CERTIFICATE,
      'POST /api/federation/peers': () =>
        ++posts === 1
          ? status(409, 'FEDERATION_PEER_CONFLICT', { clashes: [{ name: 'Khác', pattern: '*.H98' }] })
          : peer(),
    });
    renderSignedIn(<FederationPage />, 'en');
    await userEvent.click(await screen.findByRole('button', { name: 'Add a federation peer' }));
    const f = within(screen.getByRole('form', { name: 'Add a federation peer' }));
    await userEvent.type(f.getByLabelText(/^System name/), 'Tỉnh Hai');
    await userEvent.type(f.getByLabelText(/^Server address/), 'https://vanban.h98.example');
    await userEvent.type(f.getByLabelText(/^Organisation codes/), '*.H98\n000.00.10.H99, ');
    await userEvent.type(
      f.getByLabelText(/^The system's package signing certificates/),
      '-----BEGIN CERTIFICATE-----',
    );
    expect((f.getByLabelText('Status messages') as HTMLSelectElement).selectedOptions[0]!.textContent).toBe(
      'Status in a MessageHeader (national SDKs)',
    );
    await userEvent.click(f.getByRole('button', { name: 'Add a federation peer' }));

    const codes = f.getByLabelText(/^Organisation codes/);
    const error = await f.findByText('English: FEDERATION_PEER_CONFLICT');
    expect(codes.getAttribute('aria-describedby')).toContain(error.id);
    const { body } = await bodyOf(server.requests, 'POST');
    expect(body).toEqual({
      name: 'Tỉnh Hai',
      baseUrl: 'https://vanban.h98.example',
      organPatterns: ['*.H98', '000.00.10.H99'],
      signingCertificatesPem: '-----BEGIN CERTIFICATE-----',
      enabled: true,
      profile: {
        layout: 'sdk',
        attachments: 'sdk',
        statusForm: 'message-header',
        signatureAlgorithm: 'rsa-sha256',
      },
    });

    await userEvent.click(f.getByRole('button', { name: 'Add a federation peer' }));
    expect(await screen.findByText('Federation peer Tỉnh Hai added.')).toBeTruthy();
    expect(await screen.findByRole('cell', { name: 'Tỉnh Hai' })).toBeTruthy();
  });

  it('stops the exchange with a peer and announces it; a refusal to restart shows the API’s message', async () => {
    let enabled = true;
    const server = fakeApi({
      'GET /api/me': ADMIN,
      'GET /api/federation/peers': () => [peer({ enabled })],
      'GET /api/federation/signing-certificate': CERTIFICATE,
      'PATCH /api/federation/peers/00000000-0000-4000-8000-0000000000f1': () => {
        if (!enabled) return status(409, 'FEDERATION_PEER_CONFLICT', { clashes: [] });
        enabled = false;
        return peer({ enabled });
      },
    });
    renderSignedIn(<FederationPage />);
    await userEvent.click(await screen.findByRole('button', { name: 'Ngừng liên thông Tỉnh Hai' }));
    expect((await screen.findByText('Đã ngừng liên thông với Tỉnh Hai.')).getAttribute('role')).toBe(
      'status',
    );
    expect((await bodyOf(server.requests, 'PATCH')).body).toEqual({ enabled: false });
    const row = within(screen.getByRole('table')).getAllByRole('row')[1]!;
    await within(row).findByText('Đã ngừng');

    await userEvent.click(within(row).getByRole('button', { name: 'Bật lại liên thông Tỉnh Hai' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Tiếng Việt: FEDERATION_PEER_CONFLICT');
    expect(screen.queryByText('Đã bật lại liên thông với Tỉnh Hai.')).toBeNull();
  });
});
