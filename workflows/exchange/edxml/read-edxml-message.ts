import { createHash } from 'node:crypto';
import type { Element } from '@xmldom/xmldom';
import type { Certificate } from '../../../signing/pki/certificate';
import { decodeEdxmlAttachment } from './edxml-attachment';
import { parseEdxmlDocumentId } from './edxml-document-id';
import { edxmlDocumentTypeName } from './edxml-document-type';
import { EdxmlError } from './edxml-error';
import {
  EDXML_STATUS_CODES,
  type EdxmlBusiness,
  type EdxmlBusinessType,
  type EdxmlDocument,
  type EdxmlFile,
  type EdxmlMessage,
  type EdxmlOrgan,
  type EdxmlPriority,
  type EdxmlResponseFor,
  type EdxmlStatus,
  type EdxmlStatusCode,
} from './edxml-message';
import { EDXML_NS, SOAP_NS } from './edxml-namespace';
import { parseEdxmlDate, parseEdxmlTimestamp } from './edxml-time';
import { edxmlRead as r } from './edxml-xml';
import { DEFAULT_XML_LIMITS, parseSafeXml, type XmlLimits } from './safe-xml';
import { signatureElement, verifyXml, type VerifiedXmlSignature } from './xml-signature';

export interface EdxmlLimits extends XmlLimits {
  /** Most files in one package. */
  readonly maxFiles: number;
}

export const DEFAULT_EDXML_LIMITS: EdxmlLimits = { ...DEFAULT_XML_LIMITS, maxFiles: 50 };

export interface ReadEdxmlOptions {
  /**
   * The certificates configured for the system that sends for `organId` (the message's From); empty when
   * no configured system does. Only these can sign an accepted message.
   */
  readonly trustFor: (organId: string) => Promise<readonly Certificate[] | EdxmlTrust>;
  /** The moment the signing certificate must be valid at. */
  readonly at: Date;
  readonly limits?: Partial<EdxmlLimits>;
}

/** The certificates of the system that sends for an organisation, and whether it may sign RSA-SHA1. */
export interface EdxmlTrust {
  readonly certificates: readonly Certificate[];
  readonly acceptRsaSha1: boolean;
}

export type ReadEdxml = EdxmlMessage & {
  /** The configured certificate the signature verified with. */
  readonly signer: Certificate;
  /** How it was signed: algorithm, where the signature element sits, whether the algorithm is weak (SHA-1). */
  readonly signature: Omit<VerifiedXmlSignature, 'certificate'>;
  /** The layout it came in, and for a status the form (edxml-profile.ts). */
  readonly layout: 'sdk' | 'envelope' | 'soap';
  readonly statusForm?: 'message-header' | 'status';
  /** SHA-256 (hex) and size of the message bytes as received. */
  readonly sha256: string;
  readonly size: number;
};

/** Declared types kept for bytes without a known signature: office documents, plain text, CSV. */
const KEPT_DECLARED =
  /^(application\/(msword|vnd\.ms-[a-z]+|vnd\.openxmlformats-[a-z.-]+|vnd\.oasis\.opendocument\.[a-z.-]+)|text\/(plain|csv))$/;

const MIME = /^[\w!#$&^.+-]{1,64}\/[\w!#$&^.+-]{1,100}$/;

/**
 * Reads an edXML message from another system, hostile input first: parseSafeXml (size, no DTD or
 * entities, markup count, depth), the envelope (`edXML:edXMLEnvelope`, or the SDK layout with an outer
 * `edXML` element and `AttachmentEncoded` beside the envelope), exactly one of `edXML:MessageHeader` /
 * `edXML:Status`, then the signature — verified against the certificates configured for the system the
 * From organisation belongs to, before any other content is used — and only then the fields, each checked
 * (codes, dates, the document id naming the sender) and the attachments decoded within the limits.
 * Errors: EDXML_MALFORMED, EDXML_TOO_LARGE, EDXML_UNSIGNED, EDXML_SIGNATURE_INVALID, EDXML_SIGNER_UNTRUSTED,
 * EDXML_ATTACHMENT_INVALID, EDXML_STATUS_CODE_INVALID.
 */
export async function readEdxmlMessage(bytes: Buffer, o: ReadEdxmlOptions): Promise<ReadEdxml> {
  const limits = { ...DEFAULT_EDXML_LIMITS, ...o.limits };
  const { doc, text } = parseSafeXml(bytes, limits);
  const root = doc.documentElement!;
  let envelope: Element;
  let outer: Element | undefined;
  let header: Element;
  let layout: ReadEdxml['layout'];
  if (root.namespaceURI === EDXML_NS && root.localName === 'edXMLEnvelope') {
    envelope = root;
    header = r.required(envelope, 'edXMLHeader');
    layout = 'envelope';
  } else if (root.namespaceURI === EDXML_NS && root.localName === 'edXML') {
    outer = root;
    envelope = r.required(root, 'edXMLEnvelope');
    header = r.required(envelope, 'edXMLHeader');
    layout = 'sdk';
  } else if (root.namespaceURI === SOAP_NS && root.localName === 'Envelope') {
    // The Bkav eDoc SDK: SOAP-ENV:Header holds the edXML header elements, SOAP-ENV:Body the manifest.
    envelope = root;
    header = soapChild(root, 'Header');
    layout = 'soap';
  } else {
    throw EdxmlError.malformed('the root must be edXML:edXMLEnvelope, edXML or SOAP-ENV:Envelope', {
      root: `${root.namespaceURI ?? ''} ${root.localName}`.slice(0, 200),
    });
  }
  const mh = r.child(header, 'MessageHeader');
  const statusEl = r.child(header, 'Status');
  if (!mh === !statusEl) throw EdxmlError.malformed('the header must hold one MessageHeader or one Status');
  // The SDKs' status messages are a MessageHeader carrying the status fields.
  const st = statusEl ?? (r.child(mh!, 'StatusCode') ? mh : undefined);
  signatureElement(doc); // EDXML_UNSIGNED before anything else is looked at

  const from = r.organ(r.required((st ?? mh)!, 'From'));
  const found = await o.trustFor(from.organId);
  const trust: EdxmlTrust = 'certificates' in found ? found : { certificates: found, acceptRsaSha1: false };
  if (trust.certificates.length === 0) {
    throw new EdxmlError(
      'EDXML_SIGNER_UNTRUSTED',
      {
        vi: `Không có hệ thống liên thông nào được cấu hình cho cơ quan gửi ${from.organId}`,
        en: `No federation peer is configured for the sending organisation ${from.organId}`,
      },
      { organId: from.organId },
    );
  }
  const { certificate: signer, ...signature } = verifyXml(text, doc, trust.certificates, o.at, {
    acceptRsaSha1: trust.acceptRsaSha1,
  });
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const common = {
    signer,
    signature,
    layout,
    sha256,
    size: bytes.length,
  };
  const trace = r.trace(r.child(header, 'TraceHeaderList'));
  if (st) {
    return {
      kind: 'status',
      status: readStatus(st, from, trace),
      statusForm: statusEl ? 'status' : 'message-header',
      ...common,
    };
  }
  const list = r.child(header, 'TraceHeaderList');
  if (!list) throw EdxmlError.malformed('missing edXML:TraceHeaderList');
  const files = readFiles(layout === 'soap' ? soapChild(root, 'Body') : envelope, outer, limits);
  return { kind: 'document', document: readDocument(mh!, from, list, trace, files), ...common };
}

function soapChild(envelope: Element, name: string): Element {
  const found: Element[] = [];
  for (let n = envelope.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1 && (n as Element).namespaceURI === SOAP_NS && (n as Element).localName === name)
      found.push(n as Element);
  }
  if (found.length !== 1) throw EdxmlError.malformed(`the SOAP envelope needs exactly one ${name}`);
  return found[0]!;
}

function date(parent: Element, name: string, required: true): string;
function date(parent: Element, name: string, required: false): string | undefined;
function date(parent: Element, name: string, required: boolean): string | undefined {
  const t = required ? r.requiredText(parent, name) : r.text(parent, name);
  if (t === undefined) return undefined;
  const d = parseEdxmlDate(t);
  if (!d) throw EdxmlError.malformed(`edXML:${name} is not a date`, { value: t.slice(0, 40) });
  return d;
}

function documentIdOf(text: string, what: string): string {
  if (!parseEdxmlDocumentId(text)) {
    throw EdxmlError.malformed(`${what} is not {organId},{yyyy/MM/dd},{number}/{notation}`, {
      documentId: text.slice(0, 200),
    });
  }
  return text;
}

function responseFor(e: Element): EdxmlResponseFor {
  return {
    organId: r.requiredText(e, 'OrganId'),
    code: r.requiredText(e, 'Code'),
    promulgationDate: date(e, 'PromulgationDate', true),
    documentId: documentIdOf(r.requiredText(e, 'DocumentId'), 'ResponseFor/DocumentId'),
  };
}

function readDocument(
  mh: Element,
  from: EdxmlOrgan,
  list: Element,
  trace: EdxmlDocument['trace'],
  files: EdxmlFile[],
): EdxmlDocument {
  const to = r.children(mh, 'To').map((e) => r.organ(e, false));
  if (to.length === 0) throw EdxmlError.malformed('missing edXML:To');
  if (to.length > 500) throw EdxmlError.malformed('too many edXML:To');
  const code = r.required(mh, 'Code');
  const prom = r.required(mh, 'PromulgationInfo');
  const typeEl = r.child(mh, 'DocumentType');
  const type = typeEl ? (r.integer(typeEl, 'Type', 1000) ?? 0) : 0;
  const signerEl = r.child(mh, 'SignerInfo');
  const signerName = signerEl ? r.text(signerEl, 'FullName') : undefined;
  const otherEl = r.child(mh, 'OtherInfo');
  const priority = otherEl ? (r.integer(otherEl, 'Priority', 4) ?? 0) : 0;
  const documentId = documentIdOf(r.requiredText(mh, 'DocumentId'), 'DocumentId');
  if (parseEdxmlDocumentId(documentId)!.organId !== from.organId) {
    throw new EdxmlError(
      'EDXML_SENDER_MISMATCH',
      {
        vi: 'Mã văn bản (DocumentId) không thuộc cơ quan gửi',
        en: 'The DocumentId names another issuer than the sending organisation',
      },
      { documentId, from: from.organId },
    );
  }
  const opt = <T>(v: T | undefined, key: string): Record<string, T> => (v === undefined ? {} : { [key]: v });
  const places = r.child(mh, 'ToPlaces');
  const appendixes = otherEl ? r.child(otherEl, 'Appendixes') : undefined;
  return {
    from,
    to,
    code: { number: r.requiredText(code, 'CodeNumber'), notation: r.requiredText(code, 'CodeNotation') },
    promulgation: { ...opt(r.text(prom, 'Place'), 'place'), date: date(prom, 'PromulgationDate', true) },
    documentType: {
      type,
      name: (typeEl ? r.text(typeEl, 'TypeName') : undefined) ?? edxmlDocumentTypeName(type) ?? 'Văn bản',
      ...opt(typeEl ? r.integer(typeEl, 'TypeDetail', 1000) : undefined, 'detail'),
    },
    subject: r.requiredText(mh, 'Subject'),
    ...opt(r.text(mh, 'Content'), 'content'),
    ...(signerEl && signerName
      ? {
          signer: {
            fullName: signerName,
            ...opt(r.text(signerEl, 'Competence'), 'competence'),
            ...opt(r.text(signerEl, 'Position'), 'position'),
          },
        }
      : {}),
    ...opt(date(mh, 'DueDate', false), 'dueDate'),
    toPlaces: places ? r.children(places, 'Place').flatMap((p) => r.ownText(p) ?? []) : [],
    other: {
      priority: priority as EdxmlPriority,
      ...(otherEl
        ? {
            ...opt(r.text(otherEl, 'SphereOfPromulgation'), 'sphereOfPromulgation'),
            ...opt(r.text(otherEl, 'TyperNotation'), 'typerNotation'),
            ...opt(r.integer(otherEl, 'PromulgationAmount'), 'promulgationAmount'),
            ...opt(r.integer(otherEl, 'PageAmount'), 'pageAmount'),
            ...(appendixes
              ? { appendixes: r.children(appendixes, 'Appendix').flatMap((a) => r.ownText(a) ?? []) }
              : {}),
          }
        : {}),
    },
    responseFor: r.children(mh, 'ResponseFor').map(responseFor),
    steeringType: r.integer(mh, 'SteeringType', 100) ?? 0,
    documentId,
    business: readBusiness(list),
    trace,
    files,
  };
}

/**
 * The business block, in either spelling: `Bussiness/BussinessDocType…` (QCVN 102:2016 and the VNPT SDK) or
 * `Business/BusinessDocType…` (the Bkav eDoc SDK). No block at all is a new document (0); a block whose type
 * cannot be read is refused — taking an update, replacement or recall for a new document would answer it
 * `duplicate` and lose it.
 */
function readBusiness(list: Element): EdxmlBusiness {
  const vnpt = r.child(list, 'Bussiness');
  const bkav = r.child(list, 'Business');
  if (vnpt && bkav) throw EdxmlError.malformed('both Bussiness and Business blocks');
  const b = vnpt ?? bkav;
  if (!b) return { type: 0, paper: false };
  const p = vnpt ? 'Bussiness' : 'Business';
  const rawType = r.text(b, `${p}DocType`);
  if (rawType === undefined || !/^[0-3]$/.test(rawType)) {
    throw new EdxmlError(
      'EDXML_MALFORMED',
      {
        vi: `Không đọc được loại nghiệp vụ (${p}DocType: mới, thu hồi, cập nhật, thay thế) của gói tin`,
        en: `The business type (${p}DocType: new, recall, update, replace) of the package cannot be read`,
      },
      { element: `${p}DocType`, value: rawType?.slice(0, 20) ?? null, accepted: ['0', '1', '2', '3'] },
    );
  }
  const type = Number(rawType);
  const info = r.child(b, `${p}DocumentInfo`);
  const replaces = r.child(b, 'ReplacementInfoList');
  const reason = r.text(b, `${p}DocReason`);
  const staff = r.staff(r.child(b, 'StaffInfo'));
  return {
    type: type as EdxmlBusinessType,
    ...(reason ? { reason } : {}),
    ...(staff ? { staff } : {}),
    paper: r.text(b, 'Paper') === '1',
    ...(info
      ? {
          documentInfo: {
            document: r.text(info, 'DocumentInfo') === '1',
            receivers: r.text(info, 'DocumentReceiver') === '1',
          },
        }
      : {}),
    ...(replaces
      ? {
          replaces: r.children(replaces, 'ReplacementInfo').map((ri) => {
            const ol = r.child(ri, 'OrganIdList');
            return {
              documentId: documentIdOf(r.requiredText(ri, 'DocumentId'), 'ReplacementInfo/DocumentId'),
              organIds: ol ? r.children(ol, 'OrganId').flatMap((e) => r.ownText(e) ?? []) : [],
            };
          }),
        }
      : {}),
  };
}

function readStatus(st: Element, from: EdxmlOrgan, trace: EdxmlStatus['trace']): EdxmlStatus {
  const rawCode = r.requiredText(st, 'StatusCode');
  const code = /^\d$/.test(rawCode) ? `0${rawCode}` : rawCode;
  if (!(EDXML_STATUS_CODES as readonly string[]).includes(code)) {
    throw new EdxmlError(
      'EDXML_STATUS_CODE_INVALID',
      {
        vi: `Mã trạng thái ${rawCode.slice(0, 10)} không được hỗ trợ`,
        en: `Status code ${rawCode.slice(0, 10)} is not supported`,
      },
      { statusCode: rawCode.slice(0, 10), supported: [...EDXML_STATUS_CODES] },
    );
  }
  const rawTime = r.requiredText(st, 'Timestamp');
  const timestamp = parseEdxmlTimestamp(rawTime);
  if (!timestamp)
    throw EdxmlError.malformed('edXML:Timestamp is not a timestamp', { value: rawTime.slice(0, 40) });
  const description = r.text(st, 'Description');
  const staff = r.staff(r.child(st, 'StaffInfo'));
  return {
    responseFor: responseFor(r.required(st, 'ResponseFor')),
    from,
    statusCode: code as EdxmlStatusCode,
    ...(description ? { description } : {}),
    timestamp,
    ...(staff ? { staff } : {}),
    trace,
  };
}

function cid(text: string): string {
  return text.replace(/^cid:/i, '').replace(/^<|>$/g, '');
}

function fileName(raw: string | undefined, i: number): string {
  const base = (raw ?? '')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .split(/[\\/]/)
    .pop()!
    .trim()
    .slice(-255);
  return base && base !== '.' && base !== '..' ? base : `tep-${i + 1}`;
}

function readFiles(envelope: Element, outer: Element | undefined, limits: EdxmlLimits): EdxmlFile[] {
  // The envelope's edXMLBody; in a SOAP envelope the Body itself may hold the manifest.
  const body = r.child(envelope, 'edXMLBody') ?? (envelope.namespaceURI === SOAP_NS ? envelope : undefined);
  const encoded =
    (body ? r.child(body, 'AttachmentEncoded') : undefined) ??
    (outer ? r.child(outer, 'AttachmentEncoded') : undefined);
  const attachments = encoded ? r.children(encoded, 'Attachment') : [];
  if (attachments.length > limits.maxFiles) throw EdxmlError.tooLarge('files', limits.maxFiles);
  const manifest = body ? (r.child(body, 'Manifest') ?? r.child(body, 'edXMLManifest')) : undefined;
  const refs = manifest ? r.children(manifest, 'Reference') : [];
  const byCid = new Map<string, Element>();
  for (const a of attachments) {
    const id = cid(r.requiredText(a, 'ContentId'));
    if (byCid.has(id))
      throw EdxmlError.attachment('two attachments share a ContentId', { contentId: id.slice(0, 100) });
    byCid.set(id, a);
  }
  // The Manifest gives the order (main document first) and may carry the names and types.
  const ordered: { att: Element; ref?: Element }[] = refs.length
    ? refs.map((ref) => {
        const href = ref.getAttributeNS('http://www.w3.org/1999/xlink', 'href') || '';
        const id = cid(r.text(ref, 'ContentId') ?? href);
        const att = byCid.get(id);
        if (!att)
          throw EdxmlError.attachment('a Manifest reference has no attachment', {
            contentId: id.slice(0, 100),
          });
        return { att, ref };
      })
    : attachments.map((att) => ({ att }));
  if (refs.length && ordered.length !== attachments.length) {
    throw EdxmlError.attachment('attachments outside the Manifest');
  }
  let total = 0;
  return ordered.map(({ att, ref }, i) => {
    const declared = (
      r.text(att, 'ContentType') ??
      (ref ? r.text(ref, 'ContentType') : undefined) ??
      'application/octet-stream'
    ).toLowerCase();
    if (!MIME.test(declared))
      throw EdxmlError.attachment('invalid ContentType', { contentType: declared.slice(0, 100) });
    const name = fileName(
      r.text(att, 'AttachmentName') ?? (ref ? r.text(ref, 'AttachmentName') : undefined),
      i,
    );
    const enc = r.required(att, 'ContentTransferEncoded');
    const decoded = decodeEdxmlAttachment(enc.textContent ?? '', declared, limits.maxBytes - total, name);
    total += decoded.content.length;
    const description = r.text(att, 'Description') ?? (ref ? r.text(ref, 'Description') : undefined);
    // The type comes from the bytes; a declared office type is kept only where the bytes say nothing
    // (never an active type such as text/html, which a browser would run).
    const contentType =
      decoded.contentType === 'application/octet-stream' && KEPT_DECLARED.test(declared)
        ? declared
        : decoded.contentType;
    return {
      name,
      contentType,
      content: decoded.content,
      ...(description ? { description } : {}),
    };
  });
}
