import type { Queryable } from '../directory/unit-repository';
import { numberAndNotation } from '../documents/outgoing-document';
import { addYears, UUID } from './archive-input';

export type CaseFileStatus = 'open' | 'closed' | 'submitted' | 'archived';
/** What a case file holds: outgoing and incoming documents, and digitised paper records. */
export type SourceKind = 'outgoing' | 'incoming' | 'digitised';

export interface RetentionRef {
  readonly id: string;
  readonly code: string;
  readonly title: string;
  /** null: Vĩnh viễn (permanent). */
  readonly years: number | null;
}

/** A case file (hồ sơ) of a unit's yearly file list. */
export interface CaseFile {
  readonly id: string;
  readonly unitId: string;
  readonly unitName: string;
  readonly year: number;
  readonly fileCode: string;
  readonly title: string;
  readonly retention: RetentionRef;
  readonly personInCharge: { readonly id: string; readonly fullName: string };
  readonly rights: 'open' | 'restricted';
  readonly language: string;
  readonly description: string | null;
  readonly keywords: string | null;
  readonly fonds: string | null;
  readonly catalogue: string | null;
  readonly reliability: 'born_digital' | 'digitised' | 'mixed';
  readonly physicalCondition: string | null;
  readonly status: CaseFileStatus;
  readonly startDate: string | null;
  readonly endDate: string | null;
  readonly closedAt: Date | null;
  /** When a closed file is due at the agency archive (retention ≥ 5 years: a year after its end date). */
  readonly transferDueOn: string | null;
  readonly documentCount: number;
  readonly pageTotal: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** A document filed in a case file. */
export interface FiledDocument {
  readonly sourceKind: SourceKind;
  readonly sourceId: string;
  readonly docOrdinal: number;
  readonly numberAndNotation: string;
  readonly documentType: string;
  readonly subject: string;
  /** Issue date (outgoing) or arrival date (incoming), YYYY-MM-DD. */
  readonly date: string | null;
  readonly pageAmount: number | null;
  readonly description: string | null;
  readonly addedAt: Date;
}

interface FileRow {
  id: string;
  unit_id: string;
  unit_name: string;
  year: number;
  file_code: string;
  title: string;
  retention_id: string;
  retention_code: string;
  retention_title: string;
  retention_years: number | null;
  person_id: string;
  person_name: string;
  rights: CaseFile['rights'];
  language: string;
  description: string | null;
  keywords: string | null;
  fonds: string | null;
  catalogue: string | null;
  reliability: CaseFile['reliability'];
  physical_condition: string | null;
  status: CaseFileStatus;
  start_date: string | null;
  end_date: string | null;
  closed_at: Date | null;
  document_count: number;
  page_total: number;
  created_at: Date;
  updated_at: Date;
}

const SELECT_FILE = `SELECT f.id, f.unit_id, u.name AS unit_name, f.year, f.file_code, f.title,
    r.id AS retention_id, r.code AS retention_code, r.title AS retention_title, r.years AS retention_years,
    p.id AS person_id, p.full_name AS person_name, f.rights, f.language, f.description, f.keywords, f.fonds,
    f.catalogue, f.reliability, f.physical_condition, f.status, f.start_date::text AS start_date,
    f.end_date::text AS end_date, f.closed_at, f.created_at, f.updated_at,
    (SELECT count(*)::int FROM case_file_documents d WHERE d.file_id = f.id) AS document_count,
    (SELECT coalesce(sum(d.page_amount), 0)::int FROM case_file_documents d WHERE d.file_id = f.id) AS page_total
  FROM case_files f JOIN units u ON u.id = f.unit_id JOIN retention_periods r ON r.id = f.retention_id
  JOIN users p ON p.id = f.person_in_charge_id`;

/** Retention ≥ 5 years (or permanent) goes to the agency archive within a year of the file's end. */
export function transferDueOn(endDate: string | null, years: number | null): string | null {
  if (!endDate || (years !== null && years < 5)) return null;
  return addYears(endDate, 1);
}

function toFile(r: FileRow): CaseFile {
  return {
    id: r.id,
    unitId: r.unit_id,
    unitName: r.unit_name,
    year: r.year,
    fileCode: r.file_code,
    title: r.title,
    retention: {
      id: r.retention_id,
      code: r.retention_code,
      title: r.retention_title,
      years: r.retention_years,
    },
    personInCharge: { id: r.person_id, fullName: r.person_name },
    rights: r.rights,
    language: r.language,
    description: r.description,
    keywords: r.keywords,
    fonds: r.fonds,
    catalogue: r.catalogue,
    reliability: r.reliability,
    physicalCondition: r.physical_condition,
    status: r.status,
    startDate: r.start_date,
    endDate: r.end_date,
    closedAt: r.closed_at,
    transferDueOn: transferDueOn(r.end_date, r.retention_years),
    documentCount: r.document_count,
    pageTotal: r.page_total,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/**
 * The documents a case file can hold, as one relation: issued outgoing documents of the unit, its
 * registered incoming documents (status 03–06), and its digitised paper records once their OCR is done
 * (docs/digitisation.md). `date` is the issue date, the arrival date in Vietnam, or a digitised record's
 * document date (else the day it was digitised).
 */
export const FILEABLE_DOCUMENTS = `(
  SELECT 'outgoing'::text AS source_kind, o.id AS source_id, o.unit_id, o.document_type, o.notation,
         o.number, o.subject, o.issued_on::text AS date,
         o.status IN ('issued', 'recalled', 'replaced') AS fileable
    FROM outgoing_documents o
  UNION ALL
  SELECT 'incoming', i.id, i.recipient_unit_id, i.document_type, i.notation, NULL::int, i.subject,
         to_char((i.received_at AT TIME ZONE 'UTC') + interval '7 hours', 'YYYY-MM-DD'),
         i.status_code IN ('03', '04', '05', '06')
    FROM incoming_documents i
  UNION ALL
  SELECT 'digitised', d.id, d.unit_id,
         CASE d.origin WHEN 'paper_original' THEN 'Bản gốc giấy số hóa' ELSE 'Tài liệu lưu trữ số hóa' END,
         coalesce(d.document_number, ''), NULL::int, d.title,
         coalesce(d.document_date::text,
                  to_char((d.digitised_at AT TIME ZONE 'UTC') + interval '7 hours', 'YYYY-MM-DD')),
         d.status = 'done'
    FROM digitised_records d
)`;

interface DocRow {
  source_kind: SourceKind;
  source_id: string;
  doc_ordinal: number;
  document_type: string;
  notation: string;
  number: number | null;
  subject: string;
  date: string | null;
  page_amount: number | null;
  description: string | null;
  added_at: Date;
}

/** SQL for case files and their documents; returns plain objects. */
export const caseFileRepository = {
  async findById(
    q: Queryable,
    id: string,
    opts: { forUpdate?: boolean } = {},
  ): Promise<CaseFile | undefined> {
    if (!UUID.test(id)) return undefined;
    if (opts.forUpdate) await q.query(`SELECT id FROM case_files WHERE id = $1 FOR UPDATE`, [id]);
    const rows: FileRow[] = await q.query(`${SELECT_FILE} WHERE f.id = $1`, [id]);
    return rows[0] ? toFile(rows[0]) : undefined;
  },

  async list(
    q: Queryable,
    f: { unitIds: readonly string[]; year?: number; status?: CaseFileStatus; personId?: string },
  ): Promise<CaseFile[]> {
    const rows: FileRow[] = await q.query(
      `${SELECT_FILE} WHERE f.unit_id = ANY($1::uuid[]) AND ($2::int IS NULL OR f.year = $2)
         AND ($3::text IS NULL OR f.status = $3) AND ($4::uuid IS NULL OR f.person_in_charge_id = $4)
       ORDER BY f.year DESC, f.file_code, f.id LIMIT 1000`,
      [f.unitIds, f.year ?? null, f.status ?? null, f.personId ?? null],
    );
    return rows.map(toFile);
  },

  async documents(q: Queryable, fileId: string): Promise<FiledDocument[]> {
    const rows: DocRow[] = await q.query(
      `SELECT d.source_kind, d.source_id, d.doc_ordinal, s.document_type, s.notation, s.number, s.subject,
              s.date, d.page_amount, d.description, d.added_at
         FROM case_file_documents d JOIN ${FILEABLE_DOCUMENTS} s
           ON s.source_kind = d.source_kind AND s.source_id = d.source_id
        WHERE d.file_id = $1 ORDER BY d.doc_ordinal`,
      [fileId],
    );
    return rows.map((r) => ({
      sourceKind: r.source_kind,
      sourceId: r.source_id,
      docOrdinal: r.doc_ordinal,
      numberAndNotation: numberAndNotation({ number: r.number, notation: r.notation }),
      documentType: r.document_type,
      subject: r.subject,
      date: r.date,
      pageAmount: r.page_amount,
      description: r.description,
      addedAt: r.added_at,
    }));
  },
};
