import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DOMParser, type Element } from '@xmldom/xmldom';
import { expect } from 'chai';
import { zipSync } from 'fflate';
import type { Certificate } from '../../../../signing/pki/certificate';
import { EDXML_NS, DSIG_NS } from '../../../../workflows/exchange/edxml/edxml-namespace';
import { readEdxmlMessage, type ReadEdxml } from '../../../../workflows/exchange/edxml/read-edxml-message';
import { writeEdxmlDocument } from '../../../../workflows/exchange/edxml/write-edxml-document';
import { writeEdxmlStatus } from '../../../../workflows/exchange/edxml/write-edxml-status';
import { signXml } from '../../../../workflows/exchange/edxml/xml-signature';
import {
  EDXML_TIME,
  pdfBytes,
  sampleDocument,
  sha256,
  systemIdentity,
  type SystemIdentity,
} from './edxml-fixture';

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    return (e as { code?: string }).code ?? String(e);
  }
  return undefined;
}

describe('edXML packages (QCVN 102:2016)', () => {
  let a: SystemIdentity;
  let other: SystemIdentity;
  const trustA = (certs: () => Certificate[]) => async (organId: string) =>
    organId.endsWith('.H97') ? certs() : [];
  const read = (
    bytes: Buffer,
    o: { at?: Date; limits?: Parameters<typeof readEdxmlMessage>[1]['limits'] } = {},
  ) =>
    readEdxmlMessage(bytes, {
      trustFor: trustA(() => [a.certificate]),
      at: o.at ?? EDXML_TIME,
      ...(o.limits ? { limits: o.limits } : {}),
    });

  before(() => {
    a = systemIdentity('Ủy ban nhân dân tỉnh Thử Nghiệm');
    other = systemIdentity('Kẻ mạo danh');
  });

  describe('writing', () => {
    let xml: string;
    before(async () => {
      xml = (await writeEdxmlDocument(sampleDocument(), a.signer, EDXML_TIME)).toString('utf8');
    });

    it("is well-formed, rooted at the SDK layout's outer edXML element, the envelope's elements carrying the edXML: prefix and AttachmentEncoded unprefixed beside it", () => {
      const errors: string[] = [];
      const doc = new DOMParser({ onError: (l, m) => void errors.push(`${l} ${m}`) }).parseFromString(
        xml,
        'application/xml',
      );
      expect(errors).to.deep.equal([]);
      const root = doc.documentElement!;
      expect([root.tagName, root.namespaceURI]).to.deep.equal(['edXML', EDXML_NS]);
      const children = Array.from({ length: root.childNodes.length }, (_, i) => root.childNodes.item(i)!)
        .filter((n) => n.nodeType === 1)
        .map((n) => (n as Element).tagName);
      expect(children).to.deep.equal(['edXML:edXMLEnvelope', 'AttachmentEncoded']);
      const envelope = doc.getElementsByTagNameNS(EDXML_NS, 'edXMLEnvelope').item(0)!;
      const inside = envelope.getElementsByTagNameNS(EDXML_NS, '*');
      expect(inside.length).to.be.greaterThan(50);
      for (let i = 0; i < inside.length; i++)
        expect(inside.item(i)!.prefix, inside.item(i)!.localName ?? '').to.equal('edXML');
      const beside = doc
        .getElementsByTagNameNS(EDXML_NS, 'AttachmentEncoded')
        .item(0)!
        .getElementsByTagName('*');
      for (let i = 0; i < beside.length; i++) expect(beside.item(i)!.prefix).to.equal(null);
      // Nothing but the XML signature lives outside the namespace.
      const every = doc.getElementsByTagName('*');
      for (let i = 0; i < every.length; i++) {
        const e = every.item(i)!;
        expect([EDXML_NS, DSIG_NS], e.tagName).to.include(e.namespaceURI);
      }
    });

    it('carries MessageHeader, TraceHeaderList with one TraceHeader per hop and Bussiness, the Signature in the header, and the files in the body', () => {
      const doc = new DOMParser().parseFromString(xml, 'application/xml');
      const header = doc.getElementsByTagNameNS(EDXML_NS, 'edXMLHeader').item(0)!;
      const names = Array.from({ length: header.childNodes.length }, (_, i) => header.childNodes.item(i)!)
        .filter((n) => n.nodeType === 1)
        .map((n) => (n as Element).tagName);
      expect(names).to.deep.equal(['edXML:MessageHeader', 'edXML:TraceHeaderList', 'Signature']);
      const mh = doc.getElementsByTagNameNS(EDXML_NS, 'MessageHeader').item(0)!;
      const order = Array.from({ length: mh.childNodes.length }, (_, i) => mh.childNodes.item(i)!)
        .filter((n) => n.nodeType === 1)
        .map((n) => (n as Element).localName);
      expect(order).to.deep.equal([
        'From',
        'To',
        'DocumentId',
        'Code',
        'PromulgationInfo',
        'DocumentType',
        'Subject',
        'SignerInfo',
        'DueDate',
        'ToPlaces',
        'OtherInfo',
        'SteeringType',
      ]);
      expect(doc.getElementsByTagNameNS(EDXML_NS, 'TraceHeader').length).to.equal(1);
      expect(doc.getElementsByTagNameNS(EDXML_NS, 'BussinessDocType').item(0)!.textContent).to.equal('0');
      expect(doc.getElementsByTagNameNS(EDXML_NS, 'DocumentId').item(0)!.textContent).to.equal(
        '000.00.00.H97,2026/03/02,12/QĐ-UBND',
      );
      expect(doc.getElementsByTagNameNS(EDXML_NS, 'PromulgationDate').item(0)!.textContent).to.equal(
        '2026/03/02',
      );
      expect(doc.getElementsByTagNameNS(EDXML_NS, 'Reference').length).to.equal(2);
      const att = doc.getElementsByTagNameNS(EDXML_NS, 'Attachment').item(0)!;
      expect(att.getElementsByTagNameNS(EDXML_NS, 'ContentType').item(0)!.textContent).to.equal(
        'application/pdf',
      );
      // ContentTransferEncoded: a PDF travels as plain base64 of the file (the SDK convention).
      const enc = Buffer.from(
        att.getElementsByTagNameNS(EDXML_NS, 'ContentTransferEncoded').item(0)!.textContent!,
        'base64',
      );
      expect(enc.subarray(0, 5).toString('latin1')).to.equal('%PDF-');
      const sig = doc.getElementsByTagNameNS(DSIG_NS, 'SignatureMethod').item(0)!;
      expect(sig.getAttribute('Algorithm')).to.equal('http://www.w3.org/2001/04/xmldsig-more#rsa-sha256');
      expect(doc.getElementsByTagNameNS(DSIG_NS, 'X509Certificate').item(0)!.textContent).to.equal(
        a.certificate.der.toString('base64'),
      );
    });

    it('has a signature that xmlsec1 (libxmlsec, an independent implementation) verifies with the certificate', () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-xmlsec-'));
      try {
        fs.writeFileSync(path.join(dir, 'p.xml'), xml);
        fs.writeFileSync(path.join(dir, 'cert.pem'), a.certificate.toPem());
        const ok = spawnSync(
          'xmlsec1',
          ['--verify', '--pubkey-cert-pem', path.join(dir, 'cert.pem'), path.join(dir, 'p.xml')],
          {
            encoding: 'utf8',
          },
        );
        expect(ok.status, ok.stderr).to.equal(0);
        fs.writeFileSync(
          path.join(dir, 't.xml'),
          xml.replace('thử nghiệm liên thông', 'thử nghiệm LIÊN THÔNG'),
        );
        const bad = spawnSync(
          'xmlsec1',
          ['--verify', '--pubkey-cert-pem', path.join(dir, 'cert.pem'), path.join(dir, 't.xml')],
          {
            encoding: 'utf8',
          },
        );
        expect(bad.status).to.not.equal(0);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('reading', () => {
    it('round-trips every field and the files byte for byte', async () => {
      const d = sampleDocument();
      const bytes = await writeEdxmlDocument(d, a.signer, EDXML_TIME);
      const m = (await read(bytes)) as Extract<ReadEdxml, { kind: 'document' }>;
      expect(m.kind).to.equal('document');
      expect(m.signer.der.equals(a.certificate.der)).to.equal(true);
      expect(m.sha256).to.equal(sha256(bytes));
      const { files, ...rest } = m.document;
      const { files: sent, ...expected } = d;
      expect(rest).to.deep.equal({ ...expected, responseFor: [] });
      expect(files.map((f) => [f.name, f.contentType, sha256(f.content)])).to.deep.equal(
        sent.map((f) => [f.name, f.contentType, sha256(f.content)]),
      );
    });

    it('round-trips a recall (type 1, no files) and a replacement (type 3) with its ReplacementInfoList', async () => {
      const recall = sampleDocument({
        business: { type: 1, paper: false, reason: 'Sai sót về thể thức' },
        files: [],
      });
      const r1 = (await read(await writeEdxmlDocument(recall, a.signer, EDXML_TIME))) as Extract<
        ReadEdxml,
        { kind: 'document' }
      >;
      expect(r1.document.business).to.deep.equal({ type: 1, paper: false, reason: 'Sai sót về thể thức' });
      expect(r1.document.files).to.deep.equal([]);
      const replace = sampleDocument({
        documentId: '000.00.00.H97,2026/03/03,13/QĐ-UBND',
        code: { number: '13', notation: 'QĐ-UBND' },
        business: {
          type: 3,
          paper: false,
          reason: 'Thay thế Quyết định số 12/QĐ-UBND',
          replaces: [{ documentId: '000.00.00.H97,2026/03/02,12/QĐ-UBND', organIds: ['000.00.10.H98'] }],
        },
      });
      const r3 = (await read(await writeEdxmlDocument(replace, a.signer, EDXML_TIME))) as Extract<
        ReadEdxml,
        { kind: 'document' }
      >;
      expect(r3.document.business).to.deep.equal(replace.business);
    });

    it('round-trips a status message', async () => {
      const status = {
        responseFor: {
          organId: '000.00.00.H97',
          code: '12/QĐ-UBND',
          promulgationDate: '2026-03-02',
          documentId: '000.00.00.H97,2026/03/02,12/QĐ-UBND',
        },
        from: { organId: '000.00.10.H98', organName: 'Ủy ban nhân dân huyện Một' },
        statusCode: '03' as const,
        description: 'Đã vào sổ văn bản đến số 7',
        timestamp: new Date('2026-03-02T03:04:05Z'),
        staff: { department: 'Văn phòng', staff: 'Trần Thị Bích' },
        trace: [{ organId: '000.00.10.H98', timestamp: new Date('2026-03-02T03:04:05Z') }],
      };
      const b = systemIdentity('Ủy ban nhân dân tỉnh Hai');
      const bytes = await writeEdxmlStatus(status, b.signer);
      // The SDKs' form: the status fields in the header's MessageHeader.
      expect(bytes.toString('utf8'))
        .to.contain('<edXML:MessageHeader><edXML:ResponseFor>')
        .and.contain('<edXML:TraceHeaderList>');
      const m = await readEdxmlMessage(bytes, {
        trustFor: async (o) => (o.endsWith('.H98') ? [b.certificate] : []),
        at: EDXML_TIME,
      });
      expect(m.kind).to.equal('status');
      expect((m as Extract<ReadEdxml, { kind: 'status' }>).status).to.deep.equal(status);
    });

    it('reads the national SDK layout: an outer edXML element, edXMLManifest, AttachmentEncoded beside the envelope', async () => {
      const pdf = pdfBytes('sdk');
      const zipped = Buffer.from(zipSync({ 'x.pdf': pdf })).toString('base64');
      const xml = `<?xml version="1.0" encoding="utf-8"?>
<edXML xmlns="${EDXML_NS}"><edXML:edXMLEnvelope xmlns:edXML="${EDXML_NS}"><edXML:edXMLHeader><edXML:MessageHeader>
<edXML:From><edXML:OrganId>000.00.00.H97</edXML:OrganId><edXML:OrganName>UBND tỉnh Thử Nghiệm</edXML:OrganName></edXML:From>
<edXML:To><edXML:OrganId>000.00.10.H98</edXML:OrganId><edXML:OrganName>UBND huyện Một</edXML:OrganName></edXML:To>
<edXML:Code><edXML:CodeNumber>5</edXML:CodeNumber><edXML:CodeNotation>UBND-VP</edXML:CodeNotation></edXML:Code>
<edXML:PromulgationInfo><edXML:Place>N/A</edXML:Place><edXML:PromulgationDate>2026/03/01</edXML:PromulgationDate></edXML:PromulgationInfo>
<edXML:DocumentType><edXML:Type>18</edXML:Type><edXML:TypeName>Công văn</edXML:TypeName></edXML:DocumentType>
<edXML:Subject>Về việc báo cáo</edXML:Subject><edXML:SteeringType>0</edXML:SteeringType>
<edXML:DocumentId>000.00.00.H97,2026/03/01,5/UBND-VP</edXML:DocumentId></edXML:MessageHeader>
<edXML:TraceHeaderList><edXML:TraceHeader><edXML:OrganId>000.00.00.H97</edXML:OrganId><edXML:Timestamp>2026/03/01 08:30:00</edXML:Timestamp></edXML:TraceHeader>
<edXML:Bussiness><edXML:BussinessDocType>0</edXML:BussinessDocType><edXML:Paper>0</edXML:Paper></edXML:Bussiness></edXML:TraceHeaderList>
</edXML:edXMLHeader><edXML:edXMLBody><edXML:edXMLManifest version="1.0">
<edXML:Reference xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="cid:abc" xlink:type="simple"><edXML:AttachmentName>cv.pdf</edXML:AttachmentName><edXML:ContentType>application/pdf</edXML:ContentType><edXML:ContentId>cid:abc</edXML:ContentId></edXML:Reference>
</edXML:edXMLManifest></edXML:edXMLBody></edXML:edXMLEnvelope>
<AttachmentEncoded><Attachment><ContentType>application/pdf</ContentType><ContentId>abc</ContentId><ContentTransferEncoded>${zipped}</ContentTransferEncoded><AttachmentName>cv.pdf</AttachmentName></Attachment></AttachmentEncoded></edXML>`;
      const m = (await read(Buffer.from(await signXml(xml, a.signer)))) as Extract<
        ReadEdxml,
        { kind: 'document' }
      >;
      expect(m.document.documentType).to.deep.equal({ type: 18, name: 'Công văn' });
      expect(m.document.trace[0]!.timestamp.toISOString()).to.equal('2026-03-01T01:30:00.000Z');
      expect(m.document.files.map((f) => [f.name, sha256(f.content)])).to.deep.equal([
        ['cv.pdf', sha256(pdf)],
      ]);
    });
  });

  describe('refusals (hostile input)', () => {
    let good: string;
    before(async () => {
      good = (await writeEdxmlDocument(sampleDocument(), a.signer, EDXML_TIME)).toString('utf8');
    });

    it('an unsigned package: EDXML_UNSIGNED', async () => {
      const unsigned = good.replace(/<Signature[\s\S]*<\/Signature>/, '');
      expect(await codeOf(read(Buffer.from(unsigned)))).to.equal('EDXML_UNSIGNED');
    });

    it('a package signed by another key than the configured peer certificate: EDXML_SIGNER_UNTRUSTED', async () => {
      const forged = await writeEdxmlDocument(sampleDocument(), other.signer, EDXML_TIME);
      expect(await codeOf(read(forged))).to.equal('EDXML_SIGNER_UNTRUSTED');
    });

    it('the configured certificate named in KeyInfo but a signature by another key: EDXML_SIGNATURE_INVALID', async () => {
      const forged = (await writeEdxmlDocument(sampleDocument(), other.signer, EDXML_TIME))
        .toString('utf8')
        .replace(other.certificate.der.toString('base64'), a.certificate.der.toString('base64'));
      expect(await codeOf(read(Buffer.from(forged)))).to.equal('EDXML_SIGNATURE_INVALID');
    });

    it('a sender with no configured peer: EDXML_SIGNER_UNTRUSTED', async () => {
      const m = readEdxmlMessage(Buffer.from(good), { trustFor: async () => [], at: EDXML_TIME });
      expect(await codeOf(m)).to.equal('EDXML_SIGNER_UNTRUSTED');
    });

    it('a changed subject, a changed attachment byte, a moved trace: EDXML_SIGNATURE_INVALID', async () => {
      expect(await codeOf(read(Buffer.from(good.replace('Về việc thử nghiệm', 'Về việc giả mạo'))))).to.equal(
        'EDXML_SIGNATURE_INVALID',
      );
      const i = good.indexOf('<ContentTransferEncoded>') + 60;
      const flipped = good.slice(0, i) + (good[i] === 'A' ? 'B' : 'A') + good.slice(i + 1);
      expect(await codeOf(read(Buffer.from(flipped)))).to.equal('EDXML_SIGNATURE_INVALID');
      expect(
        await codeOf(read(Buffer.from(good.replace('2026/03/02 09:00:00', '2026/03/02 09:00:01')))),
      ).to.equal('EDXML_SIGNATURE_INVALID');
    });

    it('a second signature (wrapping attempt) and a signature outside the header: EDXML_SIGNATURE_INVALID', async () => {
      const sig = /<Signature[\s\S]*<\/Signature>/.exec(good)![0];
      const twice = good.replace('</edXML:edXMLBody>', `${sig}</edXML:edXMLBody>`);
      expect(await codeOf(read(Buffer.from(twice)))).to.equal('EDXML_SIGNATURE_INVALID');
      const moved = good.replace(sig, '').replace('</edXML:edXMLBody>', `${sig}</edXML:edXMLBody>`);
      expect(await codeOf(read(Buffer.from(moved)))).to.equal('EDXML_SIGNATURE_INVALID');
    });

    it('a signing certificate outside its validity at reception: EDXML_SIGNATURE_INVALID', async () => {
      const late = new Date(a.certificate.notAfter.getTime() + 1000);
      expect(await codeOf(read(Buffer.from(good), { at: late }))).to.equal('EDXML_SIGNATURE_INVALID');
    });

    it('a DOCTYPE, an external entity (XXE), entity expansion (billion laughs), a processing instruction: EDXML_MALFORMED', async () => {
      const bodies = [
        good.replace(
          '<?xml version="1.0" encoding="UTF-8"?>',
          '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
        ),
        `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><edXML:edXMLEnvelope xmlns:edXML="${EDXML_NS}">&lol2;</edXML:edXMLEnvelope>`,
        good.replace(
          '<edXML:edXMLEnvelope',
          '<?xml-stylesheet href="http://evil/x.xsl"?><edXML:edXMLEnvelope',
        ),
      ];
      for (const b of bodies) expect(await codeOf(read(Buffer.from(b)))).to.equal('EDXML_MALFORMED');
    });

    it('not well-formed, not UTF-8, the wrong root, no header: EDXML_MALFORMED', async () => {
      for (const b of [
        Buffer.from(good.slice(0, good.length - 30)),
        Buffer.from('<a><b></a>'),
        Buffer.concat([
          Buffer.from('<?xml version="1.0"?><a>'),
          Buffer.from([0xff, 0xfe]),
          Buffer.from('</a>'),
        ]),
        Buffer.from('<Envelope xmlns="urn:other"/>'),
        Buffer.from(`<edXML:edXMLEnvelope xmlns:edXML="${EDXML_NS}"/>`),
        Buffer.from(''),
      ]) {
        expect(await codeOf(read(b))).to.equal('EDXML_MALFORMED');
      }
    });

    it('oversized, too many elements, nested too deeply: refused before or without a full parse', async () => {
      expect(await codeOf(read(Buffer.from(good), { limits: { maxBytes: 10_000 } }))).to.equal(
        'EDXML_TOO_LARGE',
      );
      const flood = `<edXML:edXMLEnvelope xmlns:edXML="${EDXML_NS}">${'<edXML:x/>'.repeat(50_000)}</edXML:edXMLEnvelope>`;
      expect(await codeOf(read(Buffer.from(flood)))).to.equal('EDXML_TOO_LARGE');
      const deep = `<edXML:edXMLEnvelope xmlns:edXML="${EDXML_NS}">${'<edXML:x>'.repeat(5000)}${'</edXML:x>'.repeat(5000)}</edXML:edXMLEnvelope>`;
      expect(await codeOf(read(Buffer.from(deep)))).to.equal('EDXML_MALFORMED');
    });

    it('a zip bomb, a ZIP lying about its size, two entries, a non-base64 attachment: refused (signed by the peer, so only the limits stop it)', async () => {
      const bomb = Buffer.from(zipSync({ 'b.pdf': new Uint8Array(60 * 1024 * 1024) })).toString('base64');
      const liar = Buffer.from(zipSync({ 'l.pdf': pdfBytes('liar', 100_000) }));
      const cd = liar.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
      liar.writeUInt32LE(1000, cd + 24);
      const two = Buffer.from(zipSync({ 'a.pdf': pdfBytes('a'), 'b.pdf': pdfBytes('b') })).toString('base64');
      const cases: [string, string][] = [
        [bomb, 'EDXML_TOO_LARGE'],
        [liar.toString('base64'), 'EDXML_ATTACHMENT_INVALID'],
        [two, 'EDXML_ATTACHMENT_INVALID'],
        ['not base64 ###', 'EDXML_ATTACHMENT_INVALID'],
      ];
      const unsigned = good.replace(/<Signature[\s\S]*<\/Signature>/, '');
      for (const [content, code] of cases) {
        const xml = unsigned.replace(
          /(<ContentTransferEncoded>)[^<]*(<\/ContentTransferEncoded>)/,
          (_m, open: string, close: string) => `${open}${content}${close}`,
        );
        const signed = Buffer.from(await signXml(xml, a.signer));
        expect(await codeOf(read(signed, { limits: { maxBytes: 50 * 1024 * 1024 } })), code).to.equal(code);
      }
    });

    it('a DocumentId naming another issuer than From: EDXML_SENDER_MISMATCH; an unknown status code: EDXML_STATUS_CODE_INVALID', async () => {
      const d = sampleDocument({ documentId: '000.00.00.H01,2026/03/02,12/QĐ-UBND' });
      expect(await codeOf(read(await writeEdxmlDocument(d, a.signer, EDXML_TIME)))).to.equal(
        'EDXML_SENDER_MISMATCH',
      );
      const status = await writeEdxmlStatus(
        {
          responseFor: {
            organId: '000.00.00.H98',
            code: '1/CV',
            promulgationDate: '2026-03-02',
            documentId: '000.00.00.H98,2026/03/02,1/CV',
          },
          from: { organId: '000.00.00.H97', organName: 'UBND' },
          statusCode: '99' as never,
          timestamp: EDXML_TIME,
          trace: [],
        },
        a.signer,
      );
      expect(await codeOf(read(status))).to.equal('EDXML_STATUS_CODE_INVALID');
    });
  });
});
