import type { EntityManager } from 'typeorm';
import type { Role } from '../context';

/** What a search entry stands for; `sourceId` is that thing's id. */
export type SearchSourceKind = 'outgoing' | 'incoming' | 'record' | 'file' | 'scan';
export const SEARCH_SOURCE_KINDS: readonly SearchSourceKind[] = [
  'outgoing',
  'incoming',
  'record',
  'file',
  'scan',
];

/**
 * One searchable thing, as its owner describes it. Callers write it in the same transaction as their own
 * change (`upsertSearchEntry`), so search is never behind the documents.
 */
export interface SearchEntry {
  readonly sourceKind: SearchSourceKind;
  readonly sourceId: string;
  /** The owning unit: readers are the accounts of this unit and of the units above it. */
  readonly unitId: string;
  readonly classification?: string;
  /** Subject (trích yếu) or file title. */
  readonly title: string;
  /** "Số, ký hiệu" as issued: '01/QĐ-UBND'. */
  readonly number?: string;
  readonly documentType?: string;
  readonly issuer?: string;
  readonly recipients?: readonly string[];
  readonly signer?: string;
  readonly issuedAt?: Date;
  readonly arrivedAt?: Date;
  readonly dueAt?: Date;
  readonly status?: string;
  readonly urgency?: string;
  readonly fileCode?: string;
  readonly retention?: string;
  readonly year?: number;
  readonly level?: string;
  /** Full text: PDF text layer or OCR. Bounded to BODY_LIMIT characters. */
  readonly body?: string;
  readonly edxmlId?: string;
  /**
   * Narrower readers inside the unit scope: when given, only accounts holding one of `roles` or listed in
   * `userIds` find the entry (a draft: its drafter; an incoming document: the inbox roles and the
   * assignees). Absent: every account of the unit and the units above it.
   */
  readonly readers?: { readonly roles?: readonly Role[]; readonly userIds?: readonly string[] };
}

/** Longest body indexed, in characters (a tsvector holds at most 1 MB; positions stop at 16,383). */
export const BODY_LIMIT = 200_000;

/** Text the database cannot store in a text column (NUL) or that would only pad the index. */
function clean(s: string | undefined | null, limit = 2000): string | null {
  if (s === undefined || s === null) return null;
  // eslint-disable-next-line no-control-regex
  const t = s.replace(/\u0000/g, ' ').slice(0, limit);
  return t;
}

/** Inserts or replaces the entry of `(sourceKind, sourceId)`. */
export async function upsertSearchEntry(m: EntityManager, e: SearchEntry): Promise<void> {
  const sortAt = e.issuedAt ?? e.arrivedAt ?? e.dueAt ?? (e.year ? new Date(Date.UTC(e.year, 0, 1)) : null);
  await m.query(
    `INSERT INTO search_entries AS s
       (source_kind, source_id, unit_id, classification, title, number, document_type, issuer, recipients,
        signer, issued_at, arrived_at, due_at, status, urgency, file_code, retention, year, level, body,
        edxml_id, reader_roles, reader_user_ids, sort_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::text[], $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20,
             $21, $22::text[], $23::uuid[], COALESCE($24::timestamptz, now()), now())
     ON CONFLICT (source_kind, source_id) DO UPDATE SET
       unit_id = EXCLUDED.unit_id, classification = EXCLUDED.classification, title = EXCLUDED.title,
       number = EXCLUDED.number, document_type = EXCLUDED.document_type, issuer = EXCLUDED.issuer,
       recipients = EXCLUDED.recipients, signer = EXCLUDED.signer, issued_at = EXCLUDED.issued_at,
       arrived_at = EXCLUDED.arrived_at, due_at = EXCLUDED.due_at, status = EXCLUDED.status,
       urgency = EXCLUDED.urgency, file_code = EXCLUDED.file_code, retention = EXCLUDED.retention,
       year = EXCLUDED.year, level = EXCLUDED.level, body = EXCLUDED.body, edxml_id = EXCLUDED.edxml_id,
       reader_roles = EXCLUDED.reader_roles, reader_user_ids = EXCLUDED.reader_user_ids,
       sort_at = CASE WHEN $24::timestamptz IS NULL THEN s.sort_at ELSE EXCLUDED.sort_at END,
       updated_at = now()`,
    [
      e.sourceKind,
      e.sourceId,
      e.unitId,
      clean(e.classification),
      clean(e.title) ?? '',
      clean(e.number),
      clean(e.documentType),
      clean(e.issuer),
      (e.recipients ?? []).slice(0, 500).map((r) => clean(r) ?? ''),
      clean(e.signer),
      e.issuedAt ?? null,
      e.arrivedAt ?? null,
      e.dueAt ?? null,
      clean(e.status),
      clean(e.urgency),
      clean(e.fileCode),
      clean(e.retention),
      e.year ?? null,
      clean(e.level),
      clean(e.body, BODY_LIMIT),
      clean(e.edxmlId),
      e.readers ? [...(e.readers.roles ?? [])] : null,
      e.readers ? [...(e.readers.userIds ?? [])] : null,
      sortAt,
    ],
  );
}

/** Removes the entry of `(sourceKind, sourceId)`, if any. */
export async function deleteSearchEntry(
  m: EntityManager,
  sourceKind: SearchSourceKind,
  sourceId: string,
): Promise<void> {
  await m.query(`DELETE FROM search_entries WHERE source_kind = $1 AND source_id = $2`, [
    sourceKind,
    sourceId,
  ]);
}
