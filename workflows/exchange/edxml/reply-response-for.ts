import type { Queryable } from '../../directory/unit-repository';
import { documentNumber, documentNumberText } from '../../signing/document-number-text';
import { edxmlDocumentId } from './edxml-document-id';
import type { EdxmlResponseFor } from './edxml-message';

/**
 * `ResponseFor` of a reply (QCVN 102:2016 MessageHeader): the document it answers — as its sender named
 * it in the edXML package when it came from another system (issuer code, code, promulgation date,
 * document id), or as the in-server sender issued it. Undefined when the outgoing document answers none.
 */
export async function replyResponseFor(
  q: Queryable,
  outgoingId: string,
): Promise<EdxmlResponseFor | undefined> {
  const [r]: {
    notation: string;
    e_organ: string | null;
    e_date: string | null;
    e_document_id: string | null;
    o_unit_code: string | null;
    o_number: number | null;
    o_notation: string | null;
    o_issued_on: string | null;
  }[] = await q.query(
    `SELECT i.notation, e.sender_organ_id AS e_organ, to_char(e.promulgation_date, 'YYYY-MM-DD') AS e_date,
            e.document_id AS e_document_id, u.code AS o_unit_code, o.number AS o_number, o.notation AS o_notation,
            to_char(o.issued_on, 'YYYY-MM-DD') AS o_issued_on
       FROM document_replies r JOIN incoming_documents i ON i.id = r.incoming_id
       LEFT JOIN edxml_incoming e ON e.incoming_id = i.id
       LEFT JOIN outgoing_documents o ON o.id = i.outgoing_id
       LEFT JOIN units u ON u.id = o.unit_id
      WHERE r.outgoing_id = $1`,
    [outgoingId],
  );
  if (!r) return undefined;
  if (r.e_organ && r.e_date && r.e_document_id) {
    return { organId: r.e_organ, code: r.notation, promulgationDate: r.e_date, documentId: r.e_document_id };
  }
  if (r.o_unit_code && r.o_number !== null && r.o_notation && r.o_issued_on) {
    return {
      organId: r.o_unit_code,
      code: documentNumberText(r.o_number, r.o_notation),
      promulgationDate: r.o_issued_on,
      documentId: edxmlDocumentId({
        organId: r.o_unit_code,
        date: r.o_issued_on,
        number: documentNumber(r.o_number),
        notation: r.o_notation,
      }),
    };
  }
  return undefined;
}
