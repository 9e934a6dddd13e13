import * as crypto from 'node:crypto';
import { DOMParser } from '@xmldom/xmldom';
import { zipSync } from 'fflate';
import { ExclusiveCanonicalization, SignedXml } from 'xml-crypto';
import { EDXML_NS, SOAP_NS } from '../../../../workflows/exchange/edxml/edxml-namespace';
import type { SystemIdentity } from './edxml-fixture';

/**
 * Packages as the national SDKs write them, built here by hand from reading their published source and
 * the structure of the public samples (no file copied):
 * - `vnpt`: the VNPT EdXML102 SDK — `<edXML xmlns="…QCVN_102_2016">` around `edXML:edXMLEnvelope`;
 *   MessageHeader From, To+, DocumentId, Code, PromulgationInfo, DocumentType (Type, TypeDetail, TypeName),
 *   Subject, Content, SignerInfo, DueDate, OtherInfo, SteeringType, ToPlaces; `Bussiness` with DocumentId
 *   first; `edXMLManifest`; `AttachmentEncoded` beside the envelope, unprefixed, with a prefixed
 *   `edXML:ContentTransferEncoded`; status messages as a MessageHeader carrying the status fields.
 * - `bkav`: the Bkav eDoc SDK — `SOAP-ENV:Envelope`, the edXML header elements in `SOAP-ENV:Header`,
 *   `Business/BusinessDocType` spelling, `OrganInCharge`, timestamps `dd/MM/yyyy HH:mm:ss`, the manifest
 *   and attachments in `SOAP-ENV:Body`, statuses as `edXML:Status`.
 */
export type SdkFlavour = 'vnpt' | 'bkav';

export interface SdkFile {
  readonly name: string;
  readonly content: Buffer;
}

export interface SdkDocumentOptions {
  readonly flavour?: SdkFlavour;
  /** 0 new, 1 recall, 2 update, 3 replace; a string is written as it is (unreadable types). */
  readonly businessType?: number | string;
  /** `sdk`: PDF/Word/Excel plain base64, the rest zipped as application/zip; `zip`: every file zipped. */
  readonly attachments?: 'sdk' | 'zip';
  readonly files?: readonly SdkFile[];
  readonly documentId?: string;
  readonly number?: string;
  readonly to?: readonly string[];
  readonly trace?: readonly string[];
  readonly replaces?: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const OFFICE = /\.(pdf|docx?|xlsx?)$/i;

function attachment(f: SdkFile, convention: 'sdk' | 'zip', type: string): { type: string; text: string } {
  if (convention === 'sdk' && OFFICE.test(f.name)) return { type, text: f.content.toString('base64') };
  const zipped = Buffer.from(zipSync({ [f.name]: new Uint8Array(f.content) })).toString('base64');
  return { type: convention === 'sdk' ? 'application/zip' : type, text: zipped };
}

function typeOf(name: string): string {
  if (/\.pdf$/i.test(name)) return 'application/pdf';
  if (/\.docx$/i.test(name)) return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
  if (/\.xlsx$/i.test(name)) return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  if (/\.doc$/i.test(name)) return 'application/msword';
  return 'application/octet-stream';
}

/** An unsigned document package in the SDK's layout, from the H97 province to the district 000.00.10.H98. */
export function sdkDocumentXml(o: SdkDocumentOptions = {}): string {
  const flavour = o.flavour ?? 'vnpt';
  const p = flavour === 'vnpt' ? 'Bussiness' : 'Business';
  const type = o.businessType ?? 0;
  const number = o.number ?? '45';
  const documentId = o.documentId ?? `000.00.00.H97,2026/03/05,${number}/UBND-VP`;
  const to = o.to ?? ['000.00.10.H98'];
  const trace = o.trace ?? ['000.00.00.H97'];
  const files = o.files ?? [];
  const convention = o.attachments ?? 'sdk';
  const e = (name: string, text: string) => `<edXML:${name}>${esc(text)}</edXML:${name}>`;
  const organ = (tag: string, id: string, name: string) =>
    `<edXML:${tag}>${e('OrganId', id)}${e(flavour === 'vnpt' ? 'OrganizationInCharge' : 'OrganInCharge', name)}${e('OrganName', name)}${e('OrganAdd', 'Số 1 đường Thử Nghiệm')}${e('Email', 'vanthu@example.gov.vn')}${e('Telephone', '0272 3826 000')}</edXML:${tag}>`;
  const stamp = flavour === 'vnpt' ? '2026/03/05 08:15:00' : '05/03/2026 08:15:00';
  const header = [
    '<edXML:MessageHeader>',
    organ('From', '000.00.00.H97', 'Ủy ban nhân dân tỉnh Thử Nghiệm'),
    ...to.map((id, i) => organ('To', id, `Cơ quan nhận ${i + 1}`)),
    flavour === 'vnpt' ? e('DocumentId', documentId) : '',
    `<edXML:Code>${e('CodeNumber', number)}${e('CodeNotation', 'UBND-VP')}</edXML:Code>`,
    `<edXML:PromulgationInfo>${e('Place', 'Thử Nghiệm')}${e('PromulgationDate', '2026/03/05')}</edXML:PromulgationInfo>`,
    `<edXML:DocumentType>${e('Type', '18')}${e('TypeDetail', '0')}${e('TypeName', 'Công văn')}</edXML:DocumentType>`,
    e('Subject', 'V/v kết nối, liên thông phần mềm quản lý văn bản'),
    e('Content', 'Đề nghị các cơ quan phối hợp kết nối liên thông'),
    `<edXML:SignerInfo>${e('Competence', 'TL. Chủ tịch')}${e('Position', 'Chánh Văn phòng')}${e('FullName', 'Phạm Văn Bình')}</edXML:SignerInfo>`,
    e('DueDate', '2026/03/20'),
    `<edXML:OtherInfo>${e('Priority', '1')}${e('SphereOfPromulgation', 'Liên thông văn bản quốc gia')}${e('TyperNotation', 'PVB')}${e('PromulgationAmount', '1')}${e('PageAmount', '2')}${e('Direction', 'false')}</edXML:OtherInfo>`,
    e('SteeringType', '1'),
    `<edXML:ToPlaces>${e('Place', 'Như trên')}${e('Place', 'Lưu: VT')}</edXML:ToPlaces>`,
    flavour === 'bkav' ? e('DocumentId', documentId) : '',
    '</edXML:MessageHeader>',
  ].join('');
  const business = [
    `<edXML:${p}>`,
    flavour === 'vnpt' ? e('DocumentId', documentId) : '',
    e(`${p}DocType`, String(type)),
    e(`${p}DocReason`, type === 1 ? 'Thu hồi do sai sót' : 'Văn bản điện tử'),
    type === 2
      ? `<edXML:${p}DocumentInfo>${e('DocumentInfo', '1')}${e('DocumentReceiver', '0')}</edXML:${p}DocumentInfo>`
      : '',
    e('Paper', '0'),
    `<edXML:StaffInfo>${e('Department', 'Văn thư')}${e('Staff', 'Nguyễn Thị Ngọc Trâm')}${e('Mobile', '0912000001')}${e('Email', 'vanthu@example.gov.vn')}</edXML:StaffInfo>`,
    type === 3 && o.replaces
      ? `<edXML:ReplacementInfoList><edXML:ReplacementInfo>${e('DocumentId', o.replaces)}<edXML:OrganIdList>${to.map((t) => e('OrganId', t)).join('')}</edXML:OrganIdList></edXML:ReplacementInfo></edXML:ReplacementInfoList>`
      : '',
    `</edXML:${p}>`,
  ].join('');
  const traceList = `<edXML:TraceHeaderList>${trace.map((id) => `<edXML:TraceHeader>${e('OrganId', id)}${e('Timestamp', stamp)}</edXML:TraceHeader>`).join('')}${business}</edXML:TraceHeaderList>`;
  const encoded = files.map((f, i) => ({
    f,
    cid: `cid:${200 + i}`,
    ...attachment(f, convention, typeOf(f.name)),
  }));
  const manifest = `<edXML:${flavour === 'vnpt' ? 'edXMLManifest' : 'Manifest'} version="1.0">${encoded
    .map(
      (a) =>
        `<edXML:Reference xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="${a.cid}" xlink:type="simple">${e('ContentId', a.cid)}${e('ContentType', a.type)}${e('Description', a.f.name)}${e('AttachmentName', a.f.name)}</edXML:Reference>`,
    )
    .join('')}</edXML:${flavour === 'vnpt' ? 'edXMLManifest' : 'Manifest'}>`;
  if (flavour === 'bkav') {
    const atts = encoded
      .map(
        (a) =>
          `<edXML:Attachment>${e('ContentId', a.cid)}${e('AttachmentName', a.f.name)}${e('ContentType', a.type)}${e('ContentTransferEncoded', a.text)}</edXML:Attachment>`,
      )
      .join('');
    return `<?xml version="1.0" encoding="UTF-8"?>\n<SOAP-ENV:Envelope xmlns:SOAP-ENV="${SOAP_NS}" xmlns:edXML="${EDXML_NS}"><SOAP-ENV:Header>${header}${traceList}</SOAP-ENV:Header><SOAP-ENV:Body>${manifest}<edXML:AttachmentEncoded>${atts}</edXML:AttachmentEncoded></SOAP-ENV:Body></SOAP-ENV:Envelope>`;
  }
  const atts = encoded
    .map(
      (a) =>
        `<Attachment><ContentId>${a.cid}</ContentId><AttachmentName>${esc(a.f.name)}</AttachmentName><Description>${esc(a.f.name)}</Description><ContentType>${a.type}</ContentType><edXML:ContentTransferEncoded xmlns:edXML="${EDXML_NS}">${a.text}</edXML:ContentTransferEncoded></Attachment>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<edXML xmlns="${EDXML_NS}"><edXML:edXMLEnvelope xmlns:edXML="${EDXML_NS}"><edXML:edXMLHeader>${header}${traceList}</edXML:edXMLHeader><edXML:edXMLBody>${manifest}</edXML:edXMLBody></edXML:edXMLEnvelope>${files.length ? `<AttachmentEncoded>${atts}</AttachmentEncoded>` : ''}</edXML>`;
}

/** An unsigned status message of the district 000.00.10.H98 about a H97 document, in the SDK's form. */
export function sdkStatusXml(code: string, flavour: SdkFlavour = 'vnpt'): string {
  const e = (name: string, text: string) => `<edXML:${name}>${esc(text)}</edXML:${name}>`;
  const fields = [
    `<edXML:ResponseFor>${e('OrganId', '000.00.00.H97')}${e('Code', '45/UBND-VP')}${e('PromulgationDate', '2026/03/05')}${e('DocumentId', '000.00.00.H97,2026/03/05,45/UBND-VP')}</edXML:ResponseFor>`,
    `<edXML:From>${e('OrganId', '000.00.10.H98')}${e('OrganName', 'Ủy ban nhân dân huyện Một')}</edXML:From>`,
    e('StatusCode', code),
    e('Description', `Trạng thái ${code}`),
    e('Timestamp', flavour === 'vnpt' ? '2026/03/05 10:00:00' : '05/03/2026 10:00:00'),
    `<edXML:StaffInfo>${e('Department', 'Văn thư')}${e('Staff', 'Trần Thị Bích')}</edXML:StaffInfo>`,
  ].join('');
  const trace = `<edXML:TraceHeaderList><edXML:TraceHeader>${e('OrganId', '000.00.10.H98')}${e('Timestamp', '2026/03/05 10:00:00')}</edXML:TraceHeader></edXML:TraceHeaderList>`;
  if (flavour === 'bkav') {
    return `<?xml version="1.0" encoding="UTF-8"?>\n<SOAP-ENV:Envelope xmlns:SOAP-ENV="${SOAP_NS}" xmlns:edXML="${EDXML_NS}"><SOAP-ENV:Header><edXML:Status>${fields}</edXML:Status>${trace}</SOAP-ENV:Header><SOAP-ENV:Body/></SOAP-ENV:Envelope>`;
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<edXML xmlns="${EDXML_NS}"><edXML:edXMLEnvelope xmlns:edXML="${EDXML_NS}"><edXML:edXMLHeader><edXML:MessageHeader>${fields}</edXML:MessageHeader>${trace}</edXML:edXMLHeader><edXML:edXMLBody/></edXML:edXMLEnvelope></edXML>`;
}

export interface SdkSignatureOptions {
  /**
   * `xmldsig`: `<Signature xmlns="…xmldsig#">`; `dropped`: the same signature after the SDK's serializer
   * dropped its namespace declaration — in the QCVN namespace under the outer `edXML` default namespace,
   * in no namespace in a SOAP envelope.
   */
  readonly placement?: 'xmldsig' | 'dropped';
  readonly algorithm?: 'rsa-sha256' | 'rsa-sha1';
  readonly canonicalisation?: 'inclusive' | 'exclusive';
}

const ALG = {
  'rsa-sha256': [
    'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    'http://www.w3.org/2001/04/xmlenc#sha256',
  ],
  'rsa-sha1': ['http://www.w3.org/2000/09/xmldsig#rsa-sha1', 'http://www.w3.org/2000/09/xmldsig#sha1'],
} as const;

/**
 * Signs like the SDKs do: an enveloped signature over the whole document appended to the header
 * (edXML:edXMLHeader, or SOAP-ENV:Header), RSA-SHA1 with inclusive c14n as in the public samples or
 * RSA-SHA256, the certificate and its subject in X509Data. Signed by xml-crypto with the private key — not
 * by this server's signing code.
 */
export function signLikeSdk(xml: string, who: SystemIdentity, o: SdkSignatureOptions = {}): string {
  const [signatureAlgorithm, digestAlgorithm] = ALG[o.algorithm ?? 'rsa-sha1'];
  const c14n =
    o.canonicalisation === 'exclusive'
      ? 'http://www.w3.org/2001/10/xml-exc-c14n#'
      : 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315';
  const cert = who.certificate.der.toString('base64');
  const sig = new SignedXml({
    privateKey: who.key.export({ type: 'pkcs8', format: 'pem' }),
    signatureAlgorithm,
    canonicalizationAlgorithm: c14n,
    getKeyInfoContent: () =>
      `<X509Data><X509SubjectName>${esc(who.certificate.subject)}</X509SubjectName><X509Certificate>${cert}</X509Certificate></X509Data>`,
  });
  sig.addReference({
    xpath: '/*',
    digestAlgorithm,
    transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', c14n],
    isEmptyUri: true,
  });
  const headerPath = xml.includes(`xmlns:SOAP-ENV="${SOAP_NS}"`)
    ? `//*[local-name(.)='Header' and namespace-uri(.)='${SOAP_NS}']`
    : `//*[local-name(.)='edXMLHeader' and namespace-uri(.)='${EDXML_NS}']`;
  sig.computeSignature(xml, { location: { reference: headerPath, action: 'append' } });
  const signed = sig.getSignedXml();
  return o.placement === 'dropped'
    ? signed.replace('<Signature xmlns="http://www.w3.org/2000/09/xmldsig#">', '<Signature>')
    : signed;
}

/**
 * A signature made in the QCVN namespace itself: `<Signature>` under the outer edXML default namespace,
 * whose `SignedInfo` was canonicalised where it stands (so its canonical form declares the QCVN namespace).
 * The canonical SignedInfo is written here by hand (XML-C14N form: no self-closing tags, the default
 * namespace declared on the apex), the document digest by xml-crypto's exclusive canonicaliser.
 */
export function signInQcvnNamespace(xml: string, who: SystemIdentity): string {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  const exc = 'http://www.w3.org/2001/10/xml-exc-c14n#';
  const canonical = new ExclusiveCanonicalization().process(doc.documentElement as never, {});
  const digest = crypto.createHash('sha256').update(canonical, 'utf8').digest('base64');
  const inner =
    `<CanonicalizationMethod Algorithm="${exc}"></CanonicalizationMethod>` +
    `<SignatureMethod Algorithm="${ALG['rsa-sha256'][0]}"></SignatureMethod>` +
    `<Reference URI=""><Transforms><Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"></Transform>` +
    `<Transform Algorithm="${exc}"></Transform></Transforms><DigestMethod Algorithm="${ALG['rsa-sha256'][1]}"></DigestMethod>` +
    `<DigestValue>${digest}</DigestValue></Reference>`;
  const value = crypto
    .sign('sha256', Buffer.from(`<SignedInfo xmlns="${EDXML_NS}">${inner}</SignedInfo>`, 'utf8'), who.key)
    .toString('base64');
  const signature = `<Signature><SignedInfo>${inner}</SignedInfo><SignatureValue>${value}</SignatureValue><KeyInfo><X509Data><X509Certificate>${who.certificate.der.toString('base64')}</X509Certificate></X509Data></KeyInfo></Signature>`;
  return xml.replace('</edXML:edXMLHeader>', `${signature}</edXML:edXMLHeader>`);
}
