import type { Signer } from '../../../signing/sign/signers/signer';
import type { EdxmlStatus } from './edxml-message';
import { formatEdxmlDate, formatEdxmlTimestamp } from './edxml-time';
import { EdxmlXml } from './edxml-xml';
import { signXml } from './xml-signature';

/**
 * Writes a signed edXML status message (QCVN 102:2016 `Status`), the recipient's report on a document:
 *
 *   edXML:edXMLEnvelope
 *     edXML:edXMLHeader
 *       edXML:Status           ResponseFor (OrganId, Code, PromulgationDate, DocumentId), From, StatusCode,
 *                              Description, Timestamp, StaffInfo
 *       edXML:TraceHeaderList  TraceHeader+
 *       Signature (XMLDSig)
 *     edXML:edXMLBody          (empty)
 */
export async function writeEdxmlStatus(s: EdxmlStatus, signer: Signer): Promise<Buffer> {
  const x = new EdxmlXml();
  const header = x.add(x.root, 'edXMLHeader');
  const st = x.add(header, 'Status');
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
  x.add(x.root, 'edXMLBody');
  return Buffer.from(await signXml(x.serialize(), signer), 'utf8');
}
