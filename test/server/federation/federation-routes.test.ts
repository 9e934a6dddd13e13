import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { writeEdxmlDocument } from '../../../workflows/exchange/edxml/write-edxml-document';
import { writeEdxmlStatus } from '../../../workflows/exchange/edxml/write-edxml-status';
import { incomingRepository } from '../../../workflows/exchange/incoming-repository';
import { strToU8, zipSync } from 'fflate';
import {
  EDXML_TIME,
  pdfBytes,
  sampleDocument,
  systemIdentity,
} from '../../workflows/exchange/edxml/edxml-fixture';
import { sdkDocumentXml, signLikeSdk } from '../../workflows/exchange/edxml/sdk-package-fixture';
import { insertActor, insertUnit } from '../../workflows/fixtures';
import { httpsRequest, issueDocument, twoProvinces, type Province } from './federation-world';

const B_UNIT = '000.00.10.H98';

describe('federation and edXML routes: refusals, deduplication, authorisation', function () {
  this.timeout(120_000);
  let a: Province;
  let b: Province;

  before(async () => {
    ({ a, b } = await twoProvinces());
  });
  after(async () => {
    await a?.close();
    await b?.close();
  });

  /** A package from A (H97) to B's unit, as A's server would sign it. */
  const fromA = (over: Parameters<typeof sampleDocument>[0] = {}) =>
    writeEdxmlDocument(
      sampleDocument({
        to: [{ organId: B_UNIT, organName: 'Ủy ban nhân dân huyện Một' }],
        documentId: `000.00.00.H97,2026/03/04,${Math.floor(Math.random() * 1e6)}/QĐ-UBND`,
        ...over,
      }),
      a.identity.signer,
      EDXML_TIME,
    );
  const inbox = (body: Buffer | string, contentType = 'application/xml') =>
    b.request('POST', '/api/federation/inbox', { body, contentType });

  describe('the inbox (no login: the XML signature against the configured peer certificate)', () => {
    it('accepts a package signed by the configured peer: 200 created, then duplicate for the same document id', async () => {
      const pkg = await fromA({
        documentId: '000.00.00.H97,2026/03/04,501/QĐ-UBND',
        code: { number: '5', notation: 'QĐ-UBND' },
      });
      const first = await inbox(pkg);
      expect(first.status, JSON.stringify(first.body)).to.equal(200);
      expect(first.body).to.include({ kind: 'document', outcome: 'created', businessType: 0 });
      expect(first.body.incomingIds).to.have.length(1);
      // The number in the Decree 30 form ("5" → "05"); the sender's DueDate is the requested deadline.
      const received = await incomingRepository.findById(b.db, first.body.incomingIds[0]);
      expect(received).to.include({ notation: '05/QĐ-UBND', requestedDueDate: '2026-03-16', deadline: null });
      const second = await inbox(pkg);
      expect(second.body).to.include({ outcome: 'duplicate' });
      expect(second.body.incomingIds).to.deep.equal(first.body.incomingIds);
      const two = await Promise.all(
        [1, 2, 3].map(async () => inbox(await fromA({ documentId: '000.00.00.H97,2026/03/04,502/QĐ-UBND' }))),
      );
      expect(two.map((r) => r.body.outcome).sort()).to.deep.equal(['created', 'duplicate', 'duplicate']);
      const n: { n: number }[] = await b.db.query(
        `SELECT count(*)::int AS n FROM incoming_documents WHERE external_document_id = $1`,
        ['000.00.00.H97,2026/03/04,502/QĐ-UBND'],
      );
      expect(n[0]!.n).to.equal(1);
    });

    it('refuses unsigned (403 EDXML_UNSIGNED), forged (403 EDXML_SIGNER_UNTRUSTED), tampered (403 EDXML_SIGNATURE_INVALID) packages, with Vietnamese messages', async () => {
      const good = (await fromA()).toString('utf8');
      const unsigned = await inbox(good.replace(/<Signature[\s\S]*<\/Signature>/, ''));
      expect([unsigned.status, unsigned.body.error.code]).to.deep.equal([403, 'EDXML_UNSIGNED']);
      expect(unsigned.body.error.messageVi).to.equal('Gói tin edXML không có chữ ký số');
      const forged = await inbox(
        await writeEdxmlDocument(
          sampleDocument({ to: [{ organId: B_UNIT, organName: 'X' }] }),
          systemIdentity('Mạo danh').signer,
          EDXML_TIME,
        ),
      );
      expect([forged.status, forged.body.error.code]).to.deep.equal([403, 'EDXML_SIGNER_UNTRUSTED']);
      const tampered = await inbox(good.replace('Về việc thử nghiệm', 'Về việc sửa trộm'));
      expect([tampered.status, tampered.body.error.code]).to.deep.equal([403, 'EDXML_SIGNATURE_INVALID']);
      // A's certificate is not configured for province H98's codes: A cannot speak for B's units.
      const asB = await writeEdxmlDocument(
        sampleDocument({
          from: { organId: '000.00.20.H98', organName: 'Giả danh' },
          to: [{ organId: B_UNIT, organName: 'X' }],
          documentId: '000.00.20.H98,2026/03/04,1/CV',
        }),
        a.identity.signer,
        EDXML_TIME,
      );
      const spoof = await inbox(asB);
      expect([spoof.status, spoof.body.error.code]).to.deep.equal([403, 'EDXML_SIGNER_UNTRUSTED']);
    });

    it('refuses malformed (422 EDXML_MALFORMED, XXE included), oversized (413), non-XML (415) bodies and creates nothing', async () => {
      const before: { n: number }[] = await b.db.query(`SELECT count(*)::int AS n FROM incoming_documents`);
      const bad = await inbox('<edXML:edXMLEnvelope xmlns:edXML="x"><unclosed>');
      expect([bad.status, bad.body.error.code]).to.deep.equal([422, 'EDXML_MALFORMED']);
      const xxe = await inbox(
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
      );
      expect([xxe.status, xxe.body.error.code]).to.deep.equal([422, 'EDXML_MALFORMED']);
      const big = await inbox(Buffer.alloc(21 * 1024 * 1024, 0x20));
      expect([big.status, big.body.error.code]).to.deep.equal([413, 'PAYLOAD_TOO_LARGE']);
      const json = await inbox('{}', 'application/json');
      expect(json.status).to.equal(415);
      const after: { n: number }[] = await b.db.query(`SELECT count(*)::int AS n FROM incoming_documents`);
      expect(after[0]!.n).to.equal(before[0]!.n);
    });

    it('a package for no unit of this server: 422 EDXML_RECIPIENT_UNKNOWN; a first file that is no PDF: 422 EDXML_ATTACHMENT_INVALID', async () => {
      const lost = await inbox(
        await fromA({ to: [{ organId: '000.00.99.H98', organName: 'Không tồn tại' }] }),
      );
      expect([lost.status, lost.body.error.code]).to.deep.equal([422, 'EDXML_RECIPIENT_UNKNOWN']);
      expect(lost.body.error.details.to).to.deep.equal(['000.00.99.H98']);
      const noPdf = await inbox(
        await fromA({
          files: [{ name: 'x.txt', contentType: 'text/plain', content: Buffer.from('không phải PDF') }],
        }),
      );
      expect([noPdf.status, noPdf.body.error.code]).to.deep.equal([422, 'EDXML_ATTACHMENT_INVALID']);
    });

    it('a status about a document never delivered there: 404 EDXML_DOCUMENT_NOT_FOUND; a status twice: duplicate', async () => {
      const orphan = await writeEdxmlStatus(
        {
          responseFor: {
            organId: '000.00.00.H97',
            code: '9/CV',
            promulgationDate: '2026-03-04',
            documentId: '000.00.00.H97,2026/03/04,9/CV',
          },
          from: { organId: B_UNIT, organName: 'UBND huyện Một' },
          statusCode: '03',
          timestamp: EDXML_TIME,
          trace: [],
        },
        b.identity.signer,
      );
      const r = await a.request('POST', '/api/federation/inbox', { body: orphan });
      expect([r.status, r.body.error.code]).to.deep.equal([404, 'EDXML_DOCUMENT_NOT_FOUND']);

      const doc = await issueDocument(a, { recipients: [{ kind: 'external', code: B_UNIT }] });
      await a.runJobs();
      await b.runJobs();
      const [{ sha256 }]: { sha256: string }[] = await b.db.query(
        `SELECT sha256 FROM edxml_packages WHERE direction = 'outbound' AND kind = 'status' ORDER BY created_at DESC LIMIT 1`,
      );
      const again = await a.request('POST', '/api/federation/inbox', {
        body: await b.objects.getBuffer(sha256),
      });
      expect(again.body).to.include({ kind: 'status', outcome: 'duplicate', statusCode: '01' });
      const events: { n: number }[] = await a.db.query(
        `SELECT count(*)::int AS n FROM external_status_events WHERE outgoing_id = $1`,
        [doc.id],
      );
      expect(events[0]!.n).to.equal(1);
    });

    it('over plain HTTP in production: 403 FEDERATION_TLS_REQUIRED', async () => {
      const server = http.createServer(b.app);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
      try {
        const { port } = server.address() as AddressInfo;
        const r = await httpsRequest(`http://127.0.0.1:${port}/api/federation/inbox`, {
          method: 'POST',
          headers: { 'content-type': 'application/xml' },
          body: await fromA(),
        });
        expect([r.status, r.body.error.code]).to.deep.equal([403, 'FEDERATION_TLS_REQUIRED']);
      } finally {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    });
  });

  describe('peers (administrators of a top-level unit)', () => {
    it('lists, adds, refuses bad and clashing peers, disables; others get 403', async () => {
      const list = await a.request('GET', '/api/federation/peers', { as: a.actors.admin });
      expect(list.status).to.equal(200);
      expect(
        list.body.map((p: { name: string; organPatterns: string[]; tlsCa: string }) => [
          p.name,
          p.organPatterns,
          p.tlsCa,
        ]),
      ).to.deep.equal([['Tỉnh Hai', ['*.H98'], 'configured']]);
      const cert = systemIdentity('Tỉnh Ba').certificate.toPem();
      const body = (over: Record<string, unknown> = {}) =>
        JSON.stringify({
          name: 'Tỉnh Ba',
          organPatterns: ['*.H96'],
          baseUrl: 'https://vanban.h96.gov.vn/',
          signingCertificatesPem: cert,
          ...over,
        });
      const post = (json: string, as = a.actors.admin) =>
        a.request('POST', '/api/federation/peers', { as, body: json, contentType: 'application/json' });
      const created = await post(body());
      expect(created.status, JSON.stringify(created.body)).to.equal(201);
      expect(created.body).to.include({
        baseUrl: 'https://vanban.h96.gov.vn',
        tlsCa: 'system',
        enabled: true,
      });
      for (const [over, code] of [
        [
          { name: 'Khác', baseUrl: 'http://vanban.h95.gov.vn', organPatterns: ['*.H95'] },
          'FEDERATION_PEER_INVALID',
        ],
        [{ name: 'Khác', organPatterns: ['H95'] }, 'FEDERATION_PEER_INVALID'],
        [
          { name: 'Khác', organPatterns: ['*.H95'], signingCertificatesPem: 'không phải PEM' },
          'FEDERATION_PEER_INVALID',
        ],
        [{ name: 'Khác' }, 'FEDERATION_PEER_CONFLICT'],
        [{ organPatterns: ['*.H95'] }, 'FEDERATION_PEER_CONFLICT'],
      ] as const) {
        const r = await post(body(over));
        expect([r.status, r.body.error?.code], JSON.stringify(over)).to.deep.equal([
          code.endsWith('INVALID') ? 400 : 409,
          code,
        ]);
      }
      const patched = await a.request('PATCH', `/api/federation/peers/${created.body.id}`, {
        as: a.actors.admin,
        body: JSON.stringify({ enabled: false }),
        contentType: 'application/json',
      });
      expect(patched.status).to.equal(200);
      expect(patched.body.enabled).to.equal(false);

      // An administrator of a unit below the province, and a clerk: 403.
      const district = await insertUnit(a.db, {
        code: '000.00.10.H97',
        name: 'Ủy ban nhân dân huyện Mười',
        level: 'district',
        parentId: a.units.root,
      });
      const districtAdmin = await insertActor(a.db, district, 'a.quantri.huyen', ['admin']);
      expect((await a.request('GET', '/api/federation/peers', { as: districtAdmin })).status).to.equal(403);
      expect(
        (await post(body({ name: 'Tỉnh Bảy', organPatterns: ['*.H94'] }), districtAdmin)).status,
      ).to.equal(403);
      expect((await a.request('GET', '/api/federation/peers', { as: a.actors.clerk })).status).to.equal(403);
      expect((await a.request('GET', '/api/federation/peers')).status).to.equal(401);
    });

    it('shows this server’s signing certificate to its administrators', async () => {
      const r = await b.request('GET', '/api/federation/signing-certificate', { as: b.actors.admin });
      expect(r.status).to.equal(200);
      expect(r.body.pem).to.equal(b.identity.certificate.toPem());
    });
  });

  describe('export, import and views by role and unit', () => {
    it('export: clerks and leaders of the issuing unit; another unit 404, a specialist 403, an unissued document 409', async () => {
      const doc = await issueDocument(a, { recipients: [{ kind: 'external', code: B_UNIT }] });
      const path = `/api/edxml/outgoing/${doc.id}/package`;
      expect((await a.request('GET', path, { as: a.actors.leader })).status).to.equal(200);
      expect((await a.request('GET', path, { as: a.actors.specialist })).status).to.equal(403);
      const sibling = await insertUnit(a.db, {
        code: '000.00.01.H97',
        name: 'Sở Nội vụ',
        level: 'province',
        parentId: a.units.root,
      });
      const siblingClerk = await insertActor(a.db, sibling, 'a.vanthu.snv', ['clerk']);
      const other = await a.request('GET', path, { as: siblingClerk });
      expect([other.status, other.body.error.code]).to.deep.equal([404, 'DOCUMENT_NOT_FOUND']);
      const view = await a.request('GET', `/api/edxml/outgoing/${doc.id}/external-recipients`, {
        as: siblingClerk,
      });
      expect(view.status).to.equal(404);
      const sealed = await issueDocument(a, {
        recipients: [{ kind: 'external', code: B_UNIT }],
        send: false,
      });
      const notIssued = await a.request('GET', `/api/edxml/outgoing/${sealed.id}/package`, {
        as: a.actors.clerk,
      });
      expect([notIssued.status, notIssued.body.error.code]).to.deep.equal([409, 'DOCUMENT_STATE_INVALID']);
      const badTo = await a.request('GET', `${path}?to=H98`, { as: a.actors.clerk });
      expect(badTo.status).to.equal(400);
      await a.runJobs();
      await b.runJobs();
    });

    it('import: a clerk of an addressed unit only (another unit 422 EDXML_NOT_ADDRESSED, a specialist 403); files downloadable where the record is readable', async () => {
      const pkg = await fromA({ documentId: '000.00.00.H97,2026/03/04,777/QĐ-UBND' });
      expect(
        (await b.request('POST', '/api/edxml/import', { as: b.actors.specialist, body: pkg })).status,
      ).to.equal(403);
      const otherUnit = await insertUnit(b.db, {
        code: '000.00.20.H98',
        name: 'Ủy ban nhân dân huyện Hai',
        level: 'district',
        parentId: b.units.root,
      });
      const otherClerk = await insertActor(b.db, otherUnit, 'b.vanthu.huyen2', ['clerk']);
      const wrong = await b.request('POST', '/api/edxml/import', { as: otherClerk, body: pkg });
      expect([wrong.status, wrong.body.error.code]).to.deep.equal([422, 'EDXML_NOT_ADDRESSED']);
      const ok = await b.request('POST', '/api/edxml/import', { as: b.actors.clerk, body: pkg });
      expect(ok.body.outcome).to.equal('created');
      const id = ok.body.incomingIds[0];
      const facts = await b.request('GET', `/api/edxml/incoming/${id}`, { as: b.actors.clerk });
      expect(facts.status).to.equal(200);
      expect(facts.body.sender).to.deep.equal({
        organId: '000.00.00.H97',
        organName: 'Ủy ban nhân dân tỉnh Thử Nghiệm',
        email: 'vanthu@h97.gov.vn',
      });
      expect(facts.body.attachments.map((x: { name: string }) => x.name)).to.deep.equal(['Phụ lục 1.pdf']);
      const file = await b.request(
        'GET',
        `/api/edxml/incoming/${id}/files/${facts.body.attachments[0].sha256}`,
        { as: b.actors.clerk },
      );
      expect(file.status).to.equal(200);
      expect(file.raw.subarray(0, 5).toString()).to.equal('%PDF-');
      expect((await b.request('GET', `/api/edxml/incoming/${id}`, { as: otherClerk })).status).to.equal(404);
      expect(
        (await b.request('GET', `/api/edxml/incoming/${id}/files/${'0'.repeat(64)}`, { as: b.actors.clerk }))
          .status,
      ).to.equal(404);
    });
  });

  describe('the national SDKs (issue 15): peer profiles, RSA-SHA1 only where configured, what the clerk sees', () => {
    const json = (o: unknown) => ({ body: JSON.stringify(o), contentType: 'application/json' });

    it("a peer's edXML profile: the national SDKs' conventions by default, changed by PATCH and audited, a bad value 400", async () => {
      const list = await b.request('GET', '/api/federation/peers', { as: b.actors.admin });
      const peer = list.body[0];
      expect(peer.profile).to.deep.equal({
        layout: 'sdk',
        attachments: 'sdk',
        statusForm: 'message-header',
        signatureAlgorithm: 'rsa-sha256',
      });
      const patched = await b.request('PATCH', `/api/federation/peers/${peer.id}`, {
        as: b.actors.admin,
        ...json({ profile: { statusForm: 'status', layout: 'envelope' } }),
      });
      expect(patched.status, JSON.stringify(patched.body)).to.equal(200);
      expect(patched.body.profile).to.deep.equal({
        layout: 'envelope',
        attachments: 'sdk',
        statusForm: 'status',
        signatureAlgorithm: 'rsa-sha256',
      });
      const audit: { payload: { changes: { profile?: unknown } } }[] = await b.db.query(
        `SELECT payload FROM audit_events WHERE type = 'FEDERATION_PEER_UPDATED' ORDER BY seq DESC LIMIT 1`,
      );
      expect(audit[0]!.payload.changes.profile).to.deep.include({ layout: 'envelope', statusForm: 'status' });
      for (const bad of [{ layout: 'soap' }, { signatureAlgorithm: 'rsa-md5' }, { other: 1 }]) {
        const r = await b.request('PATCH', `/api/federation/peers/${peer.id}`, {
          as: b.actors.admin,
          ...json({ profile: bad }),
        });
        expect(r.status, JSON.stringify(bad)).to.equal(400);
        expect(r.body.error.code).to.be.a('string');
      }
      const back = await b.request('PATCH', `/api/federation/peers/${peer.id}`, {
        as: b.actors.admin,
        ...json({ profile: { statusForm: 'message-header', layout: 'sdk' } }),
      });
      expect(back.body.profile).to.deep.equal(peer.profile);
    });

    it('what goes to a peer follows its profile: deliveries and exports in the SDK layout by default, the envelope layout and edXML:Status where the peer asks for them', async () => {
      // The peer for the other province (A also holds the peers added by the administration test).
      const peerOf = async (p: Province) =>
        (
          (await p.request('GET', '/api/federation/peers', { as: p.actors.admin })).body as {
            id: string;
            organPatterns: string[];
          }[]
        ).find((x) => x.organPatterns.includes(p === a ? '*.H98' : '*.H97'))!;
      const setProfile = async (p: Province, profile: Record<string, string>) =>
        p.request('PATCH', `/api/federation/peers/${(await peerOf(p)).id}`, {
          as: p.actors.admin,
          ...json({ profile }),
        });
      /** The document package A delivered for `outgoingId`, and the status package B sent back about it. */
      const packages = async (outgoingId: string) => {
        const [r]: { sha256: string; document_id: string }[] = await a.db.query(
          `SELECT p.sha256, x.document_id FROM external_recipients x JOIN edxml_packages p ON p.id = x.package_id
           WHERE x.outgoing_id = $1`,
          [outgoingId],
        );
        const [st]: { sha256: string }[] = await b.db.query(
          `SELECT sha256 FROM edxml_packages WHERE direction = 'outbound' AND kind = 'status' AND document_id = $1`,
          [r!.document_id],
        );
        return {
          document: (await a.objects.getBuffer(r!.sha256)).toString('utf8'),
          status: (await b.objects.getBuffer(st!.sha256)).toString('utf8'),
        };
      };
      // Defaults: A's delivery to B and B's status 01 back are in the national SDKs' layout and forms.
      const first = await issueDocument(a, { recipients: [{ kind: 'external', code: B_UNIT }] });
      await a.runJobs();
      await b.runJobs();
      const { document: delivered, status: reported } = await packages(first.id);
      expect(delivered).to.match(
        /^<\?xml[^>]*>\s*<edXML xmlns="http:\/\/www\.mic\.gov\.vn\/TBT\/QCVN_102_2016">/,
      );
      expect(delivered)
        .to.contain('<edXML:edXMLManifest')
        .and.contain('</edXML:edXMLEnvelope><AttachmentEncoded>');
      expect(reported).to.contain('<edXML:MessageHeader><edXML:ResponseFor>');
      // A's peer for B asks for the envelope layout with zipped files, B's peer for A for edXML:Status.
      await setProfile(a, { layout: 'envelope', attachments: 'zip' });
      await setProfile(b, { statusForm: 'status' });
      try {
        const exported = await a.request('GET', `/api/edxml/outgoing/${first.id}/package?to=${B_UNIT}`, {
          as: a.actors.clerk,
        });
        expect(exported.status).to.equal(200);
        expect(exported.raw.toString('utf8')).to.match(/^<\?xml[^>]*>\s*<edXML:edXMLEnvelope /);
        const second = await issueDocument(a, { recipients: [{ kind: 'external', code: B_UNIT }] });
        await a.runJobs();
        await b.runJobs();
        const { document: envelope, status } = await packages(second.id);
        expect(envelope).to.match(/^<\?xml[^>]*>\s*<edXML:edXMLEnvelope /);
        expect(envelope).to.contain('<edXML:AttachmentEncoded>');
        expect(status).to.contain('<edXML:Status>');
        // …and A still understands it: the status reached A's view of that recipient.
        const again = await a.request('POST', '/api/federation/inbox', { body: status });
        expect(again.body).to.include({ kind: 'status', outcome: 'duplicate', statusCode: '01' });
      } finally {
        await setProfile(a, { layout: 'sdk', attachments: 'sdk' });
        await setProfile(b, { statusForm: 'message-header' });
      }
    });

    it('an RSA-SHA1 package in the VNPT layout: 403 until the peer is configured for RSA-SHA1, then created with the weak signature, sender, signer and files shown on /api/incoming/:id and /api/edxml/incoming/:id', async () => {
      const pdf = pdfBytes('sha1-main');
      const docx = Buffer.from(
        zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'word/document.xml': strToU8('<w/>') }),
      );
      const xml = signLikeSdk(
        sdkDocumentXml({
          number: '777',
          to: [B_UNIT, '28.22.H17'],
          files: [
            { name: '777-UBND-VP.pdf', content: pdf },
            { name: 'Dự thảo.docx', content: docx },
          ],
        }),
        a.identity,
      );
      const refused = await inbox(xml);
      expect([refused.status, refused.body.error.code]).to.deep.equal([403, 'EDXML_SIGNATURE_INVALID']);
      const peer = (await b.request('GET', '/api/federation/peers', { as: b.actors.admin })).body[0];
      const allow = (signatureAlgorithm: string) =>
        b.request('PATCH', `/api/federation/peers/${peer.id}`, {
          as: b.actors.admin,
          ...json({ profile: { signatureAlgorithm } }),
        });
      expect((await allow('rsa-sha1')).body.profile.signatureAlgorithm).to.equal('rsa-sha1');
      try {
        const ok = await inbox(xml);
        expect(ok.status, JSON.stringify(ok.body)).to.equal(200);
        expect(ok.body).to.include({ outcome: 'created' });
        expect(ok.body.notHere).to.deep.equal(['28.22.H17']);
        const id = ok.body.incomingIds[0];
        const detail = await b.request('GET', `/api/incoming/${id}`, { as: b.actors.clerk });
        expect(detail.status, JSON.stringify(detail.body)).to.equal(200);
        expect(detail.body.sender).to.deep.include({
          code: '000.00.00.H97',
          name: 'Ủy ban nhân dân tỉnh Thử Nghiệm',
          issuedOn: '2026-03-05',
          signerName: 'Phạm Văn Bình',
        });
        expect(detail.body.attachments).to.deep.equal([
          { index: 0, name: 'Dự thảo.docx', size: docx.length },
        ]);
        expect(detail.body.edxml).to.deep.equal({
          documentId: '000.00.00.H97,2026/03/05,777/UBND-VP',
          signerPosition: 'Chánh Văn phòng',
          signature: {
            algorithm: 'rsa-sha1',
            weak: true,
            placement: 'xmldsig',
            layout: 'sdk',
            signerSubject: a.identity.certificate.subject,
          },
        });
        const file = await b.request('GET', `/api/incoming/${id}/attachments/0?disposition=inline`, {
          as: b.actors.clerk,
        });
        expect(file.status).to.equal(200);
        expect(file.headers['content-type']).to.equal(
          'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        );
        expect(String(file.headers['content-disposition'])).to.match(/^attachment;/);
        expect(file.raw.equals(docx)).to.equal(true);
        const facts = await b.request('GET', `/api/edxml/incoming/${id}`, { as: b.actors.clerk });
        expect(facts.body.signature).to.deep.include({ algorithm: 'rsa-sha1', weak: true, layout: 'sdk' });
        expect(facts.body.sender).to.deep.include({ organAdd: 'Số 1 đường Thử Nghiệm' });
        const audit: { payload: { signature?: unknown } }[] = await b.db.query(
          `SELECT payload FROM audit_events WHERE type = 'EDXML_DOCUMENT_RECEIVED' AND payload ->> 'incomingId' = $1`,
          [id],
        );
        expect(audit[0]!.payload.signature).to.deep.equal({ algorithm: 'rsa-sha1', weak: true });

        // An update of it whose business type cannot be read: refused with the reason, never `duplicate`.
        const unreadable = signLikeSdk(
          sdkDocumentXml({
            number: '777',
            businessType: 'cập nhật',
            files: [{ name: 'a.pdf', content: pdf }],
          }),
          a.identity,
        );
        const r = await inbox(unreadable);
        expect([r.status, r.body.error.code, r.body.error.details.element]).to.deep.equal([
          422,
          'EDXML_MALFORMED',
          'BussinessDocType',
        ]);
      } finally {
        await allow('rsa-sha256');
      }
    });
  });
});
