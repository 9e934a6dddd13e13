import { DEFAULT_EDXML_PROFILE } from '../../../workflows/exchange/edxml/edxml-profile';
import { expect } from 'chai';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { FederationPeer } from '../../../workflows/federation/federation-peer';
import { httpsPeerTransport } from '../../../workflows/federation/peer-transport';
import { isPermanentJobError } from '../../../workflows/exchange/job';
import { tlsTestPki } from '../../server/federation/tls-test-pki';

/**
 * What a peer's answer means for the delivery job: a 4xx other than 408/429 is the peer refusing the
 * package itself (permanent: the job fails at once), while 408, 429, 5xx and silence are "later" (back-off).
 * The peer here is a loopback HTTPS server answering a fixed status with a VanBan error body.
 */
describe('workflows/federation peer transport: permanent refusals and transient answers', () => {
  const tls = tlsTestPki();
  const id = tls.server('peer.test');
  let status = 200;
  let server: https.Server;
  let peer: FederationPeer;

  before(async () => {
    server = https.createServer({ key: id.keyPem, cert: id.certPem }, (req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify(
            status < 300
              ? { outcome: 'created' }
              : { error: { code: `PEER_${status}`, message: 'refused', messageVi: 'Từ chối gói tin' } },
          ),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    peer = {
      id: '00000000-0000-4000-8000-000000000001',
      name: 'Tỉnh thử',
      organPatterns: ['*.H98'],
      baseUrl: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
      signingCertificates: [],
      tlsCaPem: tls.caPem,
      enabled: true,
      profile: DEFAULT_EDXML_PROFILE,
      createdAt: new Date(),
      updatedAt: new Date(),
    };
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const answer = async (s: number) => {
    status = s;
    try {
      return { ok: await httpsPeerTransport({ timeoutMs: 10_000 })(peer, Buffer.from('<edXML/>')) };
    } catch (e) {
      const err = e as { code: string; details: Record<string, unknown> };
      return { code: err.code, permanent: isPermanentJobError(e), details: err.details };
    }
  };

  it('treats 400, 403, 404, 409, 413 and 422 as permanent refusals with the peer’s status and code', async () => {
    for (const s of [400, 403, 404, 409, 413, 422]) {
      const r = await answer(s);
      expect(r, String(s)).to.deep.include({ code: 'FEDERATION_PEER_REFUSED', permanent: true });
      expect(r.details, String(s)).to.deep.include({
        status: s,
        peerCode: `PEER_${s}`,
        peerMessage: 'Từ chối gói tin',
      });
    }
  });

  it('keeps 408, 429, 500, 502 and 503 transient (back-off), and a 2xx is the answer', async () => {
    for (const s of [408, 429, 500, 502, 503]) {
      const r = await answer(s);
      expect(r, String(s)).to.deep.include({ code: 'FEDERATION_PEER_UNAVAILABLE', permanent: false });
    }
    expect((await answer(201)).ok).to.deep.equal({ status: 201, body: { outcome: 'created' } });
  });
});
