import type { Signer } from '../../../signing/sign/signers/signer';
import type { EdxmlStatus } from './edxml-message';
import { DEFAULT_EDXML_PROFILE, type EdxmlProfile } from './edxml-profile';
import { formatEdxmlDate, formatEdxmlTimestamp } from './edxml-time';
import { EdxmlXml } from './edxml-xml';
import { signXml } from './xml-signature';

/**
 * Writes a signed edXML status message (QCVN 102:2016 `Status`), the recipient's report on a document, in
 * the form of `profile` — by default the national SDKs' one (their StatusXmlBuilder puts the status fields
 * in the header's MessageHeader):
 *
 *   edXML                                  (layout `sdk`)
 *     edXML:edXMLEnvelope
 *       edXML:edXMLHeader
 *         edXML:MessageHeader    ResponseFor (OrganId, Code, PromulgationDate, DocumentId), From, StatusCode,
 *                                Description, Timestamp, StaffInfo      (`edXML:Status` with statusForm `status`)
 *         edXML:TraceHeaderList  TraceHeader+
 *         Signature (XMLDSig)
 *       edXML:edXMLBody          (empty)
 */
export async function writeEdxmlStatus(
  s: EdxmlStatus,
  signer: Signer,
  profile: EdxmlProfile = DEFAULT_EDXML_PROFILE,
): Promise<Buffer> {
  const x = new EdxmlXml(profile.layout);
  const header = x.add(x.envelope, 'edXMLHeader');
  const st = x.add(header, profile.statusForm === 'status' ? 'Status' : 'MessageHeader');
  const rf = x.add(st, 'ResponseFor');
  x.add(rf, 'OrganId', s.responseFor.organId);
  x.add(rf, 'Code', s.responseFor.code);
  x.add(rf, 'PromulgationDate', formatEdxmlDate(s.responseFor.promulgationDate));
  x.add(rf, 'DocumentId', s.responseFor.documentId);
  x.organ(st, 'From', s.from);
  x.add(st, 'StatusCode', s.statusCode);
  x.optional(st, 'Description', s.description);
  x.add(st, 'Timestamp', formatEdxmlTimestamp(s.timestamp));
  if (s.staff) x.staff(st, s.staff);
  x.trace(header, s.trace);
  x.add(x.envelope, 'edXMLBody');
  return Buffer.from(await signXml(x.serialize(), signer), 'utf8');
}
