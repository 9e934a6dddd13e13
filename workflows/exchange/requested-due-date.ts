/**
 * Hạn xử lý the sender asked for: the sending outgoing document's `due_date` (in-server delivery) or the
 * edXML `DueDate` of the received message. SQL over an `incoming_documents` row aliased `alias`, as text
 * (YYYY-MM-DD) or NULL. It travels unchanged; the recipient's own `deadline` is set when assigning.
 */
export function requestedDueDateSql(alias: string): string {
  return `(COALESCE(
    (SELECT rq_o.due_date FROM outgoing_documents rq_o WHERE rq_o.id = ${alias}.outgoing_id),
    (SELECT rq_e.due_date FROM edxml_incoming rq_e WHERE rq_e.incoming_id = ${alias}.id)
  ))::text`;
}
