import { createHash } from 'node:crypto';
import type { Signer } from '../../../signing/sign/signers/signer';
import { encodeEdxmlAttachment } from './edxml-attachment';
import type { EdxmlDocument } from './edxml-message';
import { XLINK_NS } from './edxml-namespace';
import { DEFAULT_EDXML_PROFILE, type EdxmlProfile } from './edxml-profile';
import { formatEdxmlDate } from './edxml-time';
import { EdxmlXml } from './edxml-xml';
import { signXml } from './xml-signature';

/**
 * Writes a signed edXML document package (QCVN 102:2016) in the layout of `profile` — by default the one
 * the national SDKs write and read (docs/edxml-federation.md, conformance table):
 *
 *   edXML                                 xmlns="…QCVN_102_2016" (layout `sdk`; absent in layout `envelope`)
 *     edXML:edXMLEnvelope
 *       edXML:edXMLHeader
 *         edXML:MessageHeader      From, To+, DocumentId, Code, PromulgationInfo, DocumentType, Subject, Content,
 *                                  SignerInfo, DueDate, ToPlaces, OtherInfo, ResponseFor*, SteeringType
 *         edXML:TraceHeaderList    TraceHeader+ (OrganId, Timestamp), Bussiness (DocumentId, BussinessDocType, …)
 *         Signature (XMLDSig)      enveloped, RSA-SHA256, X.509 certificate in KeyInfo
 *       edXML:edXMLBody
 *         edXML:edXMLManifest      Reference+ (xlink:href="cid:…": ContentId, AttachmentName, ContentType, Description)
 *     AttachmentEncoded            Attachment+ (ContentId, AttachmentName, Description, ContentType,
 *                                  ContentTransferEncoded) — beside the envelope in layout `sdk`
 *
 * Layout `envelope` keeps VanBan's earlier order (DocumentId last), `edXML:Manifest` and the prefixed
 * `edXML:AttachmentEncoded` inside the body. Content ids are derived from the document id and the file's
 * SHA-256, so the same content gives the same ids. `at` is the signing time (ZIP entry dates). Returns the
 * UTF-8 bytes.
 */
export async function writeEdxmlDocument(
  d: EdxmlDocument,
  signer: Signer,
  at: Date,
  profile: EdxmlProfile = DEFAULT_EDXML_PROFILE,
): Promise<Buffer> {
  const sdk = profile.layout === 'sdk';
  const x = new EdxmlXml(profile.layout);
  const header = x.add(x.envelope, 'edXMLHeader');
  const mh = x.add(header, 'MessageHeader');
  x.organ(mh, 'From', d.from);
  for (const to of d.to) x.organ(mh, 'To', to);
  if (sdk) x.add(mh, 'DocumentId', d.documentId);
  const code = x.add(mh, 'Code');
  x.add(code, 'CodeNumber', d.code.number);
  x.add(code, 'CodeNotation', d.code.notation);
  const prom = x.add(mh, 'PromulgationInfo');
  x.optional(prom, 'Place', d.promulgation.place);
  x.add(prom, 'PromulgationDate', formatEdxmlDate(d.promulgation.date));
  const type = x.add(mh, 'DocumentType');
  x.add(type, 'Type', d.documentType.type);
  x.optional(type, 'TypeDetail', d.documentType.detail);
  x.add(type, 'TypeName', d.documentType.name);
  x.add(mh, 'Subject', d.subject);
  x.optional(mh, 'Content', d.content);
  if (d.signer) {
    const s = x.add(mh, 'SignerInfo');
    x.optional(s, 'Competence', d.signer.competence);
    x.optional(s, 'Position', d.signer.position);
    x.add(s, 'FullName', d.signer.fullName);
  }
  if (d.dueDate) x.add(mh, 'DueDate', formatEdxmlDate(d.dueDate));
  const places = x.add(mh, 'ToPlaces');
  for (const p of d.toPlaces) x.add(places, 'Place', p);
  const other = x.add(mh, 'OtherInfo');
  x.add(other, 'Priority', d.other.priority);
  x.optional(other, 'SphereOfPromulgation', d.other.sphereOfPromulgation);
  x.optional(other, 'TyperNotation', d.other.typerNotation);
  x.optional(other, 'PromulgationAmount', d.other.promulgationAmount);
  x.optional(other, 'PageAmount', d.other.pageAmount);
  if (d.other.appendixes?.length) {
    const a = x.add(other, 'Appendixes');
    for (const name of d.other.appendixes) x.add(a, 'Appendix', name);
  }
  for (const r of d.responseFor ?? []) {
    const e = x.add(mh, 'ResponseFor');
    x.add(e, 'OrganId', r.organId);
    x.add(e, 'Code', r.code);
    x.add(e, 'PromulgationDate', formatEdxmlDate(r.promulgationDate));
    x.add(e, 'DocumentId', r.documentId);
  }
  x.add(mh, 'SteeringType', d.steeringType);
  if (!sdk) x.add(mh, 'DocumentId', d.documentId);

  const list = x.trace(header, d.trace);
  const b = x.add(list, 'Bussiness');
  // The SDKs (and the public samples) name the document the business block is about first.
  if (sdk) x.add(b, 'DocumentId', d.documentId);
  x.add(b, 'BussinessDocType', d.business.type);
  x.optional(b, 'BussinessDocReason', d.business.reason);
  if (d.business.documentInfo) {
    const info = x.add(b, 'BussinessDocumentInfo');
    x.add(info, 'DocumentInfo', d.business.documentInfo.document ? 1 : 0);
    x.add(info, 'DocumentReceiver', d.business.documentInfo.receivers ? 1 : 0);
  }
  if (d.business.staff) x.staff(b, d.business.staff);
  x.add(b, 'Paper', d.business.paper ? 1 : 0);
  if (d.business.replaces?.length) {
    const rl = x.add(b, 'ReplacementInfoList');
    for (const r of d.business.replaces) {
      const ri = x.add(rl, 'ReplacementInfo');
      x.add(ri, 'DocumentId', r.documentId);
      const ol = x.add(ri, 'OrganIdList');
      for (const o of r.organIds) x.add(ol, 'OrganId', o);
    }
  }

  const body = x.add(x.envelope, 'edXMLBody');
  const manifest = x.add(body, sdk ? 'edXMLManifest' : 'Manifest', undefined, { version: '1.0' });
  const encoded = sdk
    ? d.files.length
      ? x.plain(x.root, 'AttachmentEncoded')
      : undefined
    : x.add(body, 'AttachmentEncoded');
  const item = (parent: Element, name: string, text?: string) =>
    sdk ? (text === undefined ? undefined : x.plain(parent, name, text)) : x.optional(parent, name, text);
  d.files.forEach((f, i) => {
    const digest = createHash('sha256').update(f.content).digest('hex');
    const cid = `${i + 1}.${digest.slice(0, 32)}@vanban`;
    const { text, contentType } = encodeEdxmlAttachment(f.content, f.name, at, profile.attachments);
    const ref = x.add(manifest, 'Reference');
    ref.setAttributeNS(XLINK_NS, 'xlink:href', `cid:${cid}`);
    ref.setAttributeNS(XLINK_NS, 'xlink:type', 'simple');
    x.add(ref, 'ContentId', cid);
    x.add(ref, 'AttachmentName', f.name);
    x.add(ref, 'ContentType', contentType);
    x.optional(ref, 'Description', f.description);
    const att = sdk ? x.plain(encoded!, 'Attachment') : x.add(encoded!, 'Attachment');
    item(att, 'ContentId', cid);
    item(att, 'AttachmentName', f.name);
    item(att, 'Description', f.description);
    item(att, 'ContentType', contentType);
    if (sdk) x.plain(att, 'ContentTransferEncoded', text);
    else x.add(att, 'ContentTransferEncoded', text);
  });
  return Buffer.from(await signXml(x.serialize(), signer), 'utf8');
}

type Element = ReturnType<EdxmlXml['add']>;
