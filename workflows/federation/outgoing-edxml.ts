import type { EntityManager } from 'typeorm';
import { PdfReader } from '../../signing/pdf';
import type { ObjectStore } from '../../storage/objects/object-store';
import { documentSignerId, type OutgoingDocument, type Urgency } from '../documents/outgoing-document';
import { outgoingRepository } from '../documents/outgoing-repository';
import { documentNumber } from '../signing/document-number-text';
import { edxmlDocumentId } from '../exchange/edxml/edxml-document-id';
import { edxmlDocumentType } from '../exchange/edxml/edxml-document-type';
import { EdxmlError } from '../exchange/edxml/edxml-error';
import { replyResponseFor } from '../exchange/edxml/reply-response-for';
import type {
  EdxmlBusinessType,
  EdxmlDocument,
  EdxmlFile,
  EdxmlOrgan,
  EdxmlPriority,
} from '../exchange/edxml/edxml-message';

export const PRIORITY: Readonly<Record<Urgency, EdxmlPriority>> = {
  normal: 0,
  urgent: 1,
  very_urgent: 2,
  flash: 3,
};

/** The edXML document id of an issued outgoing document of a unit. */
export function outgoingEdxmlId(
  doc: Pick<OutgoingDocument, 'issuedOn' | 'number' | 'notation'>,
  unitCode: string,
): string {
  return edxmlDocumentId({
    organId: unitCode,
    date: doc.issuedOn!,
    number: documentNumber(doc.number!),
    notation: doc.notation,
  });
}

/** The place name of the province: `Ủy ban nhân dân tỉnh Long An` → `Long An`. */
function placeOf(rootName: string): string {
  return rootName.replace(/^(?:Ủy ban nhân dân|UBND)\s+(?:tỉnh|thành phố)\s+/iu, '').trim() || rootName;
}

function pageCount(pdf: Buffer): number | undefined {
  try {
    return PdfReader.open(pdf).pageCount();
  } catch {
    return undefined;
  }
}

const fileSafe = (s: string) => s.replace(/[\\/:*?"<>|\s]+/g, '-');

/**
 * The edXML content of an issued outgoing document (Decree 30 Appendix VI metadata → QCVN 102:2016
 * MessageHeader): the issuing unit as From, the number, notation, promulgation date and place, type,
 * subject, signer, due date, places of receipt, urgency as Priority, the document id, business type and
 * one TraceHeader for this server; with `withFiles` the sealed PDF and the signed attachments from the
 * object store. A replacement (business type 3) names the document it replaces in ReplacementInfoList.
 */
export async function outgoingEdxml(
  m: EntityManager,
  objects: ObjectStore,
  doc: OutgoingDocument,
  o: {
    readonly to: readonly EdxmlOrgan[];
    readonly businessType: EdxmlBusinessType;
    readonly reason?: string;
    readonly now: Date;
    readonly withFiles: boolean;
    /** The package limit (EDXML_MAX_BYTES): the files, base64 encoded, must fit in it. */
    readonly maxPackageBytes: number;
  },
): Promise<EdxmlDocument> {
  // Base64 takes 4/3 of the bytes, the header a little more: refuse before reading anything.
  const maxFiles = Math.floor(o.maxPackageBytes * 0.7);
  const total = doc.pdfSize + doc.attachments.reduce((n, a) => n + a.size, 0);
  if (o.withFiles && total > maxFiles) throw EdxmlError.tooLarge('files', maxFiles);
  const [unit]: { code: string; name: string; root_name: string }[] = await m.query(
    `WITH RECURSIVE up AS (
       SELECT id, parent_id, name, 0 AS depth FROM units WHERE id = $1
       UNION ALL SELECT u.id, u.parent_id, u.name, up.depth + 1 FROM units u JOIN up ON u.id = up.parent_id
         WHERE up.depth < 20)
     SELECT s.code, s.name, (SELECT name FROM up ORDER BY depth DESC LIMIT 1) AS root_name
     FROM units s WHERE s.id = $1`,
    [doc.unitId],
  );
  // SignerInfo: who actually signed (a deputy signing on behalf of the named head is the signer).
  const signerId = documentSignerId(doc);
  const [signer]: { full_name: string; title: string | null }[] = signerId
    ? await m.query(`SELECT full_name, title FROM users WHERE id = $1`, [signerId])
    : [];
  // Competence (thẩm quyền ký, Decree 30 Art. 13): a deputy signing for the named head signs "KT." it.
  const [head]: { title: string | null }[] =
    doc.signedByUserId && doc.signerUserId && doc.signedByUserId !== doc.signerUserId
      ? await m.query(`SELECT title FROM users WHERE id = $1`, [doc.signerUserId])
      : [];
  const competence = head?.title ? `KT. ${head.title.toLocaleUpperCase('vi')}` : undefined;
  const unitIds = doc.recipients.flatMap((r) => (r.kind === 'unit' ? [r.unitId] : []));
  const groupIds = doc.recipients.flatMap((r) => (r.kind === 'group' ? [r.groupId] : []));
  const names: { name: string }[] = await m.query(
    `SELECT name FROM units WHERE id = ANY($1::uuid[]) UNION ALL SELECT name FROM unit_groups WHERE id = ANY($2::uuid[])`,
    [unitIds, groupIds],
  );
  const toPlaces = [
    ...names.map((n) => n.name),
    ...doc.recipients.flatMap((r) => (r.kind === 'external' ? [r.name ?? r.code] : [])),
  ];

  let replaces: EdxmlDocument['business']['replaces'];
  if (o.businessType === 3 && doc.replacesId) {
    const old = await outgoingRepository.findById(m, doc.replacesId);
    if (old?.number && old.issuedOn) {
      replaces = [{ documentId: outgoingEdxmlId(old, unit!.code), organIds: o.to.map((t) => t.organId) }];
    }
  }

  // A reply names the document it answers (QCVN 102:2016 MessageHeader/ResponseFor).
  const responseFor = await replyResponseFor(m, doc.id);

  const files: EdxmlFile[] = [];
  if (o.withFiles) {
    const pdf = await objects.getBuffer(doc.pdfSha256, { maxBytes: maxFiles });
    files.push({
      name: `${fileSafe(`${documentNumber(doc.number!)}-${doc.notation}`)}.pdf`,
      contentType: 'application/pdf',
      content: pdf,
      description: 'Văn bản chính',
    });
    for (const a of doc.attachments) {
      files.push({
        name: a.name,
        // The writer takes the type from the bytes (fileContentType); this is only the fallback.
        contentType: /\.pdf$/i.test(a.name) ? 'application/pdf' : 'application/octet-stream',
        content: await objects.getBuffer(a.sha256, { maxBytes: maxFiles }),
        description: 'Phụ lục',
      });
    }
  }
  const pages = files[0] ? pageCount(files[0].content) : undefined;
  // OrganizationInCharge: the governing body (the province's People's Committee) when it is not the unit.
  const from = {
    organId: unit!.code,
    organName: unit!.name,
    ...(unit!.root_name !== unit!.name ? { organizationInCharge: unit!.root_name } : {}),
  };
  return {
    from,
    to: o.to,
    code: { number: documentNumber(doc.number!), notation: doc.notation },
    promulgation: { place: placeOf(unit!.root_name), date: doc.issuedOn! },
    documentType: { type: edxmlDocumentType(doc.documentType), name: doc.documentType },
    subject: doc.subject,
    ...(signer
      ? {
          signer: {
            fullName: signer.full_name,
            ...(competence ? { competence } : {}),
            ...(signer.title ? { position: signer.title } : {}),
          },
        }
      : {}),
    ...(doc.dueDate ? { dueDate: doc.dueDate } : {}),
    ...(responseFor ? { responseFor: [responseFor] } : {}),
    toPlaces,
    other: {
      priority: PRIORITY[doc.urgency],
      promulgationAmount: 1,
      ...(pages ? { pageAmount: pages } : {}),
      ...(doc.attachments.length ? { appendixes: doc.attachments.map((a) => a.name) } : {}),
    },
    steeringType: 0,
    documentId: outgoingEdxmlId(doc, unit!.code),
    business: {
      type: o.businessType,
      paper: false,
      staff: { department: unit!.name },
      ...(o.reason ? { reason: o.reason } : {}),
      ...(o.businessType === 2 ? { documentInfo: { document: true, receivers: false } } : {}),
      ...(replaces ? { replaces } : {}),
    },
    trace: [{ organId: unit!.code, timestamp: o.now }],
    files,
  };
}
