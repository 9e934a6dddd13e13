import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { fileContentType } from '../../../../workflows/exchange/edxml/edxml-attachment';
import type { EdxmlStatus } from '../../../../workflows/exchange/edxml/edxml-message';
import { DEFAULT_EDXML_PROFILE, type EdxmlProfile } from '../../../../workflows/exchange/edxml/edxml-profile';
import { readEdxmlMessage, type ReadEdxml } from '../../../../workflows/exchange/edxml/read-edxml-message';
import { writeEdxmlDocument } from '../../../../workflows/exchange/edxml/write-edxml-document';
import { writeEdxmlStatus } from '../../../../workflows/exchange/edxml/write-edxml-status';
import {
  EDXML_TIME,
  pdfBytes,
  sampleDocument,
  sha256,
  systemIdentity,
  type SystemIdentity,
} from './edxml-fixture';
import {
  sdkDocumentXml,
  sdkStatusXml,
  signInQcvnNamespace,
  signLikeSdk,
  type SdkFile,
} from './sdk-package-fixture';

type Doc = Extract<ReadEdxml, { kind: 'document' }>;
type Status = Extract<ReadEdxml, { kind: 'status' }>;

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    return (e as { code?: string }).code ?? String(e);
  }
  return undefined;
}

/** A small .docx: an OOXML package (a ZIP of parts), which the SDK convention sends as it is. */
let docx: Buffer | undefined;
function docxBytes(): Buffer {
  return (docx ??= Buffer.from(
    zipSync({
      '[Content_Types].xml': strToU8('<?xml version="1.0"?><Types/>'),
      '_rels/.rels': strToU8('<?xml version="1.0"?><Relationships/>'),
      'word/document.xml': strToU8('<?xml version="1.0"?><w:document xmlns:w="urn:w"/>'),
    }),
  ));
}

/** A file the SDK convention zips: plain text in Unicode under a Vietnamese name. */
const NOTE: SdkFile = { name: 'Ghi chú tiếp nhận.txt', content: Buffer.from('Đã nhận đủ hồ sơ.\n', 'utf8') };

function xmlsecVerifies(xml: string | Buffer, who: SystemIdentity): { ok: boolean; out: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-xmlsec-'));
  try {
    fs.writeFileSync(path.join(dir, 'p.xml'), xml);
    fs.writeFileSync(path.join(dir, 'cert.pem'), who.certificate.toPem());
    const r = spawnSync(
      'xmlsec1',
      ['--verify', '--pubkey-cert-pem', path.join(dir, 'cert.pem'), path.join(dir, 'p.xml')],
      { encoding: 'utf8' },
    );
    return { ok: r.status === 0, out: `${r.error ?? ''}${r.stderr}` };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('edXML as the national SDKs write and read it (issue 15)', () => {
  let a: SystemIdentity;
  let b: SystemIdentity;
  const read = (bytes: string | Buffer, o: { acceptRsaSha1?: boolean; as?: 'H97' | 'H98' } = {}) =>
    readEdxmlMessage(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes, 'utf8'), {
      trustFor: async (organId) => ({
        certificates: organId.endsWith(o.as === 'H98' ? '.H98' : '.H97')
          ? [(o.as === 'H98' ? b : a).certificate]
          : [],
        acceptRsaSha1: o.acceptRsaSha1 ?? false,
      }),
      at: EDXML_TIME,
    });

  before(() => {
    a = systemIdentity('Ủy ban nhân dân tỉnh Thử Nghiệm');
    b = systemIdentity('Ủy ban nhân dân tỉnh Hai');
  });

  describe('reading the VNPT EdXML102 layout', () => {
    it('a new document: outer edXML, DocumentId after To, TypeDetail, Bussiness with its DocumentId, edXMLManifest, AttachmentEncoded beside the envelope — PDF and Word plain, a text file zipped as application/zip', async () => {
      const pdf = pdfBytes('vnpt-main');
      const docx = docxBytes();
      const xml = sdkDocumentXml({
        files: [
          { name: '45-UBND-VP.pdf', content: pdf },
          { name: 'Dự thảo kế hoạch.docx', content: docx },
          NOTE,
        ],
      });
      expect(xml).to.contain('<AttachmentEncoded><Attachment>').and.contain('application/zip');
      const m = (await read(signLikeSdk(xml, a, { algorithm: 'rsa-sha256' }))) as Doc;
      expect(m.layout).to.equal('sdk');
      expect(m.signature).to.deep.equal({ algorithm: 'rsa-sha256', placement: 'xmldsig', weak: false });
      const d = m.document;
      expect(d.documentId).to.equal('000.00.00.H97,2026/03/05,45/UBND-VP');
      expect(d.documentType).to.deep.equal({ type: 18, name: 'Công văn', detail: 0 });
      expect(d.content).to.equal('Đề nghị các cơ quan phối hợp kết nối liên thông');
      expect(d.signer).to.deep.equal({
        competence: 'TL. Chủ tịch',
        position: 'Chánh Văn phòng',
        fullName: 'Phạm Văn Bình',
      });
      expect(d.to[0]).to.include({ organId: '000.00.10.H98', organAdd: 'Số 1 đường Thử Nghiệm' });
      expect(d.business).to.deep.include({ type: 0, paper: false });
      expect(d.business.staff).to.deep.equal({
        department: 'Văn thư',
        staff: 'Nguyễn Thị Ngọc Trâm',
        mobile: '0912000001',
        email: 'vanthu@example.gov.vn',
      });
      expect(d.files.map((f) => [f.name, f.contentType, sha256(f.content)])).to.deep.equal([
        ['45-UBND-VP.pdf', 'application/pdf', sha256(pdf)],
        [
          'Dự thảo kế hoạch.docx',
          'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
          sha256(docx),
        ],
        ['Ghi chú tiếp nhận.txt', 'application/octet-stream', sha256(NOTE.content)],
      ]);
    });

    it('both attachment conventions: every file zipped with its own type (VanBan before) reads to the same files', async () => {
      const pdf = pdfBytes('zipped');
      const files = [{ name: 'a.pdf', content: pdf }, NOTE];
      const sdk = (await read(signLikeSdk(sdkDocumentXml({ files }), a, { algorithm: 'rsa-sha256' }))) as Doc;
      const zip = (await read(
        signLikeSdk(sdkDocumentXml({ files, attachments: 'zip' }), a, { algorithm: 'rsa-sha256' }),
      )) as Doc;
      expect(zip.document.files.map((f) => sha256(f.content))).to.deep.equal(
        sdk.document.files.map((f) => sha256(f.content)),
      );
      expect(zip.document.files[0]!.contentType).to.equal('application/pdf');
    }).timeout(10_000);

    it('RSA-SHA1 (the public samples): refused from a peer not configured for it, accepted and reported weak from one that is', async () => {
      const xml = signLikeSdk(sdkDocumentXml({ files: [{ name: 'a.pdf', content: pdfBytes('sha1') }] }), a);
      expect(xml).to.contain('xmldsig#rsa-sha1');
      expect(await codeOf(read(xml))).to.equal('EDXML_SIGNATURE_INVALID');
      const m = await read(xml, { acceptRsaSha1: true });
      expect(m.signature).to.deep.equal({ algorithm: 'rsa-sha1', placement: 'xmldsig', weak: true });
      // Even allowed, SHA-1 protects the content: any change still fails.
      expect(await codeOf(read(xml.replace('phần mềm', 'phần mềm giả'), { acceptRsaSha1: true }))).to.equal(
        'EDXML_SIGNATURE_INVALID',
      );
    });

    it('the signature in the QCVN namespace (the SDK serializer dropped its XMLDSig declaration): verified, reported as such; tampering fails', async () => {
      for (const canonicalisation of ['inclusive', 'exclusive'] as const) {
        const xml = signLikeSdk(sdkDocumentXml({ files: [{ name: 'a.pdf', content: pdfBytes('q') }] }), a, {
          placement: 'dropped',
          algorithm: 'rsa-sha256',
          canonicalisation,
        });
        expect(xml).to.contain('<Signature><SignedInfo>');
        const m = await read(xml);
        expect(m.signature, canonicalisation).to.deep.equal({
          algorithm: 'rsa-sha256',
          placement: 'qcvn',
          weak: false,
        });
        expect(await codeOf(read(xml.replace('Chánh Văn phòng', 'Phó Văn phòng')))).to.equal(
          'EDXML_SIGNATURE_INVALID',
        );
        const otherKey = signLikeSdk(
          sdkDocumentXml({ files: [{ name: 'a.pdf', content: pdfBytes('q') }] }),
          b,
          {
            placement: 'dropped',
            algorithm: 'rsa-sha256',
          },
        ).replace(b.certificate.der.toString('base64'), a.certificate.der.toString('base64'));
        expect(await codeOf(read(otherKey))).to.equal('EDXML_SIGNATURE_INVALID');
      }
    });

    it('a signature made in the QCVN namespace itself (SignedInfo canonicalised where it stands): verified; a changed byte fails', async () => {
      const xml = signInQcvnNamespace(
        sdkDocumentXml({ files: [{ name: 'a.pdf', content: pdfBytes('w') }] }),
        a,
      );
      expect(xml).to.contain('<Signature><SignedInfo><CanonicalizationMethod');
      const m = await read(xml);
      expect(m.signature).to.deep.equal({ algorithm: 'rsa-sha256', placement: 'qcvn', weak: false });
      expect(await codeOf(read(xml.replace('Phạm Văn Bình', 'Phạm Văn Bính')))).to.equal(
        'EDXML_SIGNATURE_INVALID',
      );
      expect(
        await codeOf(
          read(
            xml.replace(/<DigestValue>[^<]*</, '<DigestValue>AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=<'),
          ),
        ),
      ).to.equal('EDXML_SIGNATURE_INVALID');
    });

    it('update (2), replace (3) and recall (1): business types, reasons, DocumentInfo, ReplacementInfoList', async () => {
      const files = [{ name: 'a.pdf', content: pdfBytes('u') }];
      const update = (await read(
        signLikeSdk(sdkDocumentXml({ businessType: 2, files }), a, { algorithm: 'rsa-sha256' }),
      )) as Doc;
      expect(update.document.business).to.deep.include({
        type: 2,
        documentInfo: { document: true, receivers: false },
      });
      const replace = (await read(
        signLikeSdk(
          sdkDocumentXml({
            businessType: 3,
            number: '46',
            files,
            replaces: '000.00.00.H97,2026/03/05,45/UBND-VP',
          }),
          a,
          { algorithm: 'rsa-sha256' },
        ),
      )) as Doc;
      expect(replace.document.business.replaces).to.deep.equal([
        { documentId: '000.00.00.H97,2026/03/05,45/UBND-VP', organIds: ['000.00.10.H98'] },
      ]);
      const recall = (await read(
        signLikeSdk(sdkDocumentXml({ businessType: 1 }), a, { algorithm: 'rsa-sha256' }),
      )) as Doc;
      expect(recall.document.business).to.deep.include({ type: 1, reason: 'Thu hồi do sai sót' });
      expect(recall.document.files).to.deep.equal([]);
    });

    it('a business block whose type cannot be read is refused with the reason (EDXML_MALFORMED), never taken for a new document', async () => {
      for (const t of ['', 'cập nhật', '7']) {
        const xml = signLikeSdk(
          sdkDocumentXml({ businessType: t, files: [{ name: 'a.pdf', content: pdfBytes('x') }] }),
          a,
          {
            algorithm: 'rsa-sha256',
          },
        );
        const err = await read(xml).then(
          () => undefined,
          (e: { code: string; details?: { element?: string } }) => e,
        );
        expect(err?.code, t).to.equal('EDXML_MALFORMED');
        expect(err?.details?.element).to.equal('BussinessDocType');
      }
    });

    it('short or foreign organisation codes in other To entries and in TraceHeaders are kept as given', async () => {
      const xml = signLikeSdk(
        sdkDocumentXml({
          to: ['000.00.10.H98', '28.22.H17', 'G22'],
          trace: ['000.00.00.G22', 'VPCP.TRUC'],
          files: [{ name: 'a.pdf', content: pdfBytes('to') }],
        }),
        a,
        { algorithm: 'rsa-sha256' },
      );
      const m = (await read(xml)) as Doc;
      expect(m.document.to.map((t) => t.organId)).to.deep.equal(['000.00.10.H98', '28.22.H17', 'G22']);
      expect(m.document.trace.map((t) => t.organId)).to.deep.equal(['000.00.00.G22', 'VPCP.TRUC']);
    });

    it('every status code in the SDK form (a MessageHeader carrying the status fields), 13 included', async () => {
      for (const code of ['01', '02', '03', '04', '05', '06', '13', '15', '16']) {
        const m = (await read(signLikeSdk(sdkStatusXml(code), b, { algorithm: 'rsa-sha256' }), {
          as: 'H98',
        })) as Status;
        expect(m.kind, code).to.equal('status');
        expect(m.statusForm).to.equal('message-header');
        expect(m.status).to.deep.include({ statusCode: code, description: `Trạng thái ${code}` });
        expect(m.status.responseFor.documentId).to.equal('000.00.00.H97,2026/03/05,45/UBND-VP');
      }
      expect(
        await codeOf(read(signLikeSdk(sdkStatusXml('99'), b, { algorithm: 'rsa-sha256' }), { as: 'H98' })),
      ).to.equal('EDXML_STATUS_CODE_INVALID');
    });
  });

  describe('reading the Bkav eDoc layout', () => {
    it('a SOAP envelope with the Business/BusinessDocType spelling, OrganInCharge and dd/MM/yyyy timestamps; the signature in no namespace', async () => {
      const pdf = pdfBytes('bkav');
      const xml = signLikeSdk(
        sdkDocumentXml({ flavour: 'bkav', businessType: 2, files: [{ name: 'cv.pdf', content: pdf }] }),
        a,
        { placement: 'dropped' },
      );
      expect(xml)
        .to.contain('<edXML:BusinessDocType>2</edXML:BusinessDocType>')
        .and.contain('<Signature><SignedInfo>');
      const m = (await read(xml, { acceptRsaSha1: true })) as Doc;
      expect(m.layout).to.equal('soap');
      expect(m.document.from).to.deep.include({ organizationInCharge: 'Ủy ban nhân dân tỉnh Thử Nghiệm' });
      expect(m.signature).to.deep.equal({ algorithm: 'rsa-sha1', placement: 'none', weak: true });
      expect(m.document.business).to.deep.include({ type: 2, reason: 'Văn bản điện tử' });
      expect(m.document.trace[0]!.timestamp.toISOString()).to.equal('2026-03-05T01:15:00.000Z');
      expect(m.document.files.map((f) => sha256(f.content))).to.deep.equal([sha256(pdf)]);
      for (const t of [1, 3]) {
        const r = (await read(
          signLikeSdk(
            sdkDocumentXml({
              flavour: 'bkav',
              businessType: t,
              replaces: '000.00.00.H97,2026/03/01,9/UBND-VP',
            }),
            a,
            { algorithm: 'rsa-sha256' },
          ),
        )) as Doc;
        expect(r.document.business.type).to.equal(t);
      }
      const unreadable = signLikeSdk(sdkDocumentXml({ flavour: 'bkav', businessType: 'x' }), a, {
        algorithm: 'rsa-sha256',
      });
      expect(await codeOf(read(unreadable))).to.equal('EDXML_MALFORMED');
    });

    it('a status as edXML:Status in the SOAP header', async () => {
      const m = (await read(signLikeSdk(sdkStatusXml('16', 'bkav'), b, { algorithm: 'rsa-sha256' }), {
        as: 'H98',
      })) as Status;
      expect(m.statusForm).to.equal('status');
      expect(m.status.statusCode).to.equal('16');
      expect(m.status.timestamp.toISOString()).to.equal('2026-03-05T03:00:00.000Z');
    });
  });

  describe('writing what the SDKs read, and golden round trips', () => {
    const envelope: EdxmlProfile = {
      ...DEFAULT_EDXML_PROFILE,
      layout: 'envelope',
      attachments: 'zip',
      statusForm: 'status',
    };
    const kinds = {
      new: sampleDocument(),
      update: sampleDocument({
        business: { type: 2, paper: false, documentInfo: { document: true, receivers: false } },
      }),
      replace: sampleDocument({
        documentId: '000.00.00.H97,2026/03/03,13/QĐ-UBND',
        code: { number: '13', notation: 'QĐ-UBND' },
        business: {
          type: 3,
          paper: false,
          reason: 'Thay thế',
          replaces: [{ documentId: '000.00.00.H97,2026/03/02,12/QĐ-UBND', organIds: ['000.00.10.H98'] }],
        },
      }),
      recall: sampleDocument({ business: { type: 1, paper: false, reason: 'Sai thể thức' }, files: [] }),
      'with a Word file and a zipped one': sampleDocument({
        documentType: { type: 18, name: 'Công văn', detail: 1 },
        content: 'Nội dung tóm tắt',
        files: [
          { name: '12-QĐ-UBND.pdf', contentType: 'application/pdf', content: pdfBytes('m') },
          { name: 'Biểu mẫu.docx', contentType: 'application/octet-stream', content: docxBytes() },
          { name: NOTE.name, contentType: 'text/plain', content: NOTE.content },
        ],
      }),
    };

    for (const [kind, d] of Object.entries(kinds)) {
      it(`${kind}: VanBan → SDK layout → VanBan gives the same bytes, in both layouts; xmlsec1 verifies the package`, async () => {
        for (const profile of [DEFAULT_EDXML_PROFILE, envelope]) {
          const first = await writeEdxmlDocument(d, a.signer, EDXML_TIME, profile);
          const m = (await read(first)) as Doc;
          expect(m.layout).to.equal(profile.layout);
          const again = await writeEdxmlDocument(m.document, a.signer, EDXML_TIME, profile);
          expect(sha256(again), `${kind} ${profile.layout}`).to.equal(sha256(first));
          const x = xmlsecVerifies(first, a);
          expect(x.ok, x.out).to.equal(true);
        }
      }).timeout(20_000);
    }

    it('the SDK convention on the wire: PDF and Word plain base64 with their own type, other files zipped as application/zip under their Unicode name (ZIP UTF-8 flag)', async () => {
      const xml = (
        await writeEdxmlDocument(kinds['with a Word file and a zipped one'], a.signer, EDXML_TIME)
      ).toString('utf8');
      const atts = [...xml.matchAll(/<Attachment>[\s\S]*?<\/Attachment>/g)].map((x) => x[0]);
      const field = (s: string, n: string) => new RegExp(`<${n}>([^<]*)</${n}>`).exec(s)![1]!;
      expect(atts.map((s) => field(s, 'ContentType'))).to.deep.equal([
        'application/pdf',
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        'application/zip',
      ]);
      const zipped = Buffer.from(field(atts[2]!, 'ContentTransferEncoded'), 'base64');
      expect(zipped.readUInt16LE(6) & 0x0800).to.equal(0x0800);
      expect(Object.keys(unzipSync(new Uint8Array(zipped)))).to.deep.equal([NOTE.name]);
      expect(field(atts[2]!, 'AttachmentName')).to.equal(NOTE.name);
      const word = Buffer.from(field(atts[1]!, 'ContentTransferEncoded'), 'base64');
      expect(sha256(word)).to.equal(sha256(docxBytes()));
    });

    it('content types come from the bytes, not the name', () => {
      expect(fileContentType(pdfBytes('x'), 'anh.png')).to.equal('application/pdf');
      expect(fileContentType(docxBytes(), 'x.pdf')).to.equal(
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      );
      const ole = Buffer.concat([
        Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
        Buffer.alloc(100),
      ]);
      expect(fileContentType(ole, 'bang.xls')).to.equal('application/vnd.ms-excel');
      expect(fileContentType(Buffer.from('plain'), 'x.pdf')).to.equal('application/octet-stream');
    });

    it('status messages: the SDK form by default and edXML:Status on request; golden round trips; xmlsec1 verifies both', async () => {
      const s: EdxmlStatus = {
        responseFor: {
          organId: '000.00.00.H97',
          code: '12/QĐ-UBND',
          promulgationDate: '2026-03-02',
          documentId: '000.00.00.H97,2026/03/02,12/QĐ-UBND',
        },
        from: { organId: '000.00.10.H98', organName: 'Ủy ban nhân dân huyện Một' },
        statusCode: '13',
        description: 'Thu hồi',
        timestamp: new Date('2026-03-02T03:04:05Z'),
        staff: { department: 'Văn phòng', staff: 'Trần Thị Bích' },
        trace: [{ organId: '000.00.10.H98', timestamp: new Date('2026-03-02T03:04:05Z') }],
      };
      for (const [profile, form] of [
        [DEFAULT_EDXML_PROFILE, 'message-header'],
        [envelope, 'status'],
      ] as const) {
        const bytes = await writeEdxmlStatus(s, b.signer, profile);
        expect(bytes.toString('utf8')).to.contain(
          form === 'status' ? '<edXML:Status>' : '<edXML:MessageHeader><edXML:ResponseFor>',
        );
        const m = (await read(bytes, { as: 'H98' })) as Status;
        expect(m.statusForm).to.equal(form);
        expect(m.status).to.deep.equal(s);
        expect(sha256(await writeEdxmlStatus(m.status, b.signer, profile))).to.equal(sha256(bytes));
        const x = xmlsecVerifies(bytes, b);
        expect(x.ok, x.out).to.equal(true);
      }
    });
  });
});
