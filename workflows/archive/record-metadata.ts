import type { EntityManager } from 'typeorm';
import type { DocumentMetadata, FileMetadata } from './appendix-vi';
import { writtenDate } from './archive-input';
import type { CaseFile, SourceKind } from './case-file-repository';

const PRIORITY: Record<string, string> = {
  normal: 'Thường',
  urgent: 'Khẩn',
  very_urgent: 'Thượng khẩn',
  flash: 'Hỏa tốc',
};

const RIGHTS: Record<CaseFile['rights'], string> = { open: 'Công khai', restricted: 'Hạn chế sử dụng' };
const RELIABILITY: Record<CaseFile['reliability'], string> = {
  born_digital: 'Gốc điện tử',
  digitised: 'Số hóa',
  mixed: 'Hỗn hợp',
};

/** "Vĩnh viễn" or "10 năm": the Maintenance tag. */
export function maintenanceText(years: number | null): string {
  return years === null ? 'Vĩnh viễn' : `${years} năm`;
}

/** A file's Appendix VI tags and Circular 02/2019 archival fields. */
export function fileMetadata(f: CaseFile): FileMetadata {
  return {
    FileCode: f.fileCode,
    Title: f.title,
    Maintenance: maintenanceText(f.retention.years),
    Rights: RIGHTS[f.rights],
    Creator: f.personInCharge.fullName,
    Language: f.language,
    StartDate: writtenDate(f.startDate),
    EndDate: writtenDate(f.endDate),
    DocTotal: String(f.documentCount),
    PageTotal: String(f.pageTotal),
    Description: f.description ?? undefined,
    Fonds: f.fonds ?? f.unitName,
    Catalogue: f.catalogue ?? undefined,
    Keywords: f.keywords ?? undefined,
    Reliability: RELIABILITY[f.reliability],
    PhysicalCondition: f.physicalCondition ?? undefined,
  };
}

/**
 * Where a document's bytes are: every PDF revision, attachments, validation report, edXML package; for a
 * digitised record its original scans (kept as `attachment`, with their media type) and the OCR PDF/A
 * derivatives (`ocr-derivative`).
 */
export interface DocumentObjects {
  readonly pdfRevisions: readonly string[];
  readonly attachments: readonly { sha256: string; name: string; mediaType?: string }[];
  readonly validationReport: string | null;
  readonly edxmlPackage: string | null;
  readonly ocrDerivatives?: readonly string[];
}

function splitNumber(notation: string, number: number | null): { CodeNumber?: string; CodeNotation: string } {
  if (number !== null) return { CodeNumber: String(number).padStart(2, '0'), CodeNotation: notation };
  const slash = notation.indexOf('/');
  return slash > 0 && /^\d+$/.test(notation.slice(0, slash))
    ? { CodeNumber: notation.slice(0, slash), CodeNotation: notation.slice(slash + 1) }
    : { CodeNotation: notation };
}

/**
 * A filed document's Appendix VI metadata (document tags; incoming adds ArrivalDate, ArrivalNumber,
 * ToPlaces, TraceHeaderList) and the objects an archival record of it keeps.
 */
export async function documentRecordSource(
  m: EntityManager,
  file: CaseFile,
  d: {
    sourceKind: SourceKind;
    sourceId: string;
    docOrdinal: number;
    pageAmount: number | null;
    description: string | null;
  },
): Promise<{ metadata: DocumentMetadata; objects: DocumentObjects }> {
  const base: DocumentMetadata = {
    FileCode: file.fileCode,
    DocOrdinal: String(d.docOrdinal),
    Language: file.language,
    PageAmount: d.pageAmount === null ? undefined : String(d.pageAmount),
    Description: d.description ?? undefined,
  };
  if (d.sourceKind === 'digitised') return digitisedRecordSource(m, base, d.sourceId);
  if (d.sourceKind === 'outgoing') {
    const rows: {
      document_type: string;
      number: number | null;
      notation: string;
      issued_on: string | null;
      organ_name: string;
      subject: string;
      urgency: string;
      due_date: string | null;
      recipients: { kind: string; unitId?: string; groupId?: string; code?: string; name?: string }[];
      signer_name: string | null;
      signer_title: string | null;
      attachments: { sha256: string; name: string }[];
      pdf_sha256: string;
    }[] = await m.query(
      `SELECT o.document_type, o.number, o.notation, o.issued_on::text AS issued_on, u.name AS organ_name, o.subject,
              o.urgency, o.due_date::text AS due_date, o.recipients, s.full_name AS signer_name, s.title AS signer_title,
              o.attachments, o.pdf_sha256
         FROM outgoing_documents o JOIN units u ON u.id = o.unit_id LEFT JOIN users s ON s.id = o.signer_user_id
        WHERE o.id = $1`,
      [d.sourceId],
    );
    const o = rows[0]!;
    const names: { name: string }[] = await m.query(
      `SELECT name FROM units WHERE id = ANY($1::uuid[]) UNION ALL SELECT name FROM unit_groups WHERE id = ANY($2::uuid[])`,
      [
        o.recipients.filter((r) => r.kind === 'unit' && r.unitId).map((r) => r.unitId),
        o.recipients.filter((r) => r.kind === 'group' && r.groupId).map((r) => r.groupId),
      ],
    );
    const to = [
      ...names.map((n) => n.name),
      ...o.recipients.filter((r) => r.kind === 'external').map((r) => r.name ?? r.code ?? ''),
    ];
    const versions: { sha256: string }[] = await m.query(
      `SELECT DISTINCT ON (sha256) sha256, seq FROM document_versions WHERE document_id = $1 ORDER BY sha256, seq`,
      [d.sourceId],
    );
    const revisionShas = versions.map((v) => v.sha256);
    if (!revisionShas.includes(o.pdf_sha256)) revisionShas.push(o.pdf_sha256);
    const report: { report_sha256: string }[] = await m.query(
      `SELECT report_sha256 FROM validation_reports WHERE pdf_sha256 = $1 AND source = 'stored'
        ORDER BY created_at DESC LIMIT 1`,
      [o.pdf_sha256],
    );
    return {
      metadata: {
        ...base,
        TypeName: o.document_type,
        ...splitNumber(o.notation, o.number),
        IssuedDate: writtenDate(o.issued_on),
        OrganName: o.organ_name,
        Subject: o.subject,
        SignerInfo: o.signer_name ? [o.signer_title, o.signer_name].filter(Boolean).join(' ') : undefined,
        To: to.join('; ') || undefined,
        Priority: PRIORITY[o.urgency],
        IssuedAmount: to.length > 0 ? String(to.length) : undefined,
        DueDate: writtenDate(o.due_date),
      },
      objects: {
        pdfRevisions: revisionShas,
        attachments: o.attachments,
        validationReport: report[0]?.report_sha256 ?? null,
        edxmlPackage: null,
      },
    };
  }
  const rows: {
    document_type: string;
    notation: string;
    subject: string;
    urgency: string;
    arrival: string;
    incoming_number: number | null;
    deadline: string | null;
    to_place: string;
    organ_name: string | null;
    issued_on: string | null;
    signer_name: string | null;
    trace: unknown;
    attachments: { sha256: string; name: string }[] | null;
    pdf_sha256: string;
    report_sha256: string | null;
    package_sha256: string | null;
  }[] = await m.query(
    `SELECT i.document_type, i.notation, i.subject, i.urgency,
            to_char((i.received_at AT TIME ZONE 'UTC') + interval '7 hours', 'YYYY-MM-DD') AS arrival,
            i.incoming_number, i.deadline::text AS deadline, ru.name AS to_place,
            coalesce(ou.name, x.sender_organ_name) AS organ_name,
            coalesce(o.issued_on, x.promulgation_date)::text AS issued_on,
            coalesce(s.full_name, x.signer_name) AS signer_name, x.trace, x.attachments, i.pdf_sha256,
            i.validation ->> 'reportSha256' AS report_sha256, p.sha256 AS package_sha256
       FROM incoming_documents i JOIN units ru ON ru.id = i.recipient_unit_id
       LEFT JOIN outgoing_documents o ON o.id = i.outgoing_id LEFT JOIN units ou ON ou.id = o.unit_id
       LEFT JOIN users s ON s.id = o.signer_user_id
       LEFT JOIN edxml_incoming x ON x.incoming_id = i.id LEFT JOIN edxml_packages p ON p.id = x.package_id
      WHERE i.id = $1`,
    [d.sourceId],
  );
  const i = rows[0]!;
  const trace = Array.isArray(i.trace) && i.trace.length > 0 ? JSON.stringify(i.trace) : undefined;
  return {
    metadata: {
      ...base,
      TypeName: i.document_type,
      ...splitNumber(i.notation, null),
      IssuedDate: writtenDate(i.issued_on),
      OrganName: i.organ_name ?? undefined,
      Subject: i.subject,
      SignerInfo: i.signer_name ?? undefined,
      Priority: PRIORITY[i.urgency],
      DueDate: writtenDate(i.deadline),
      ArrivalDate: writtenDate(i.arrival),
      ArrivalNumber: i.incoming_number === null ? undefined : String(i.incoming_number).padStart(2, '0'),
      ToPlaces: i.to_place,
      TraceHeaderList: trace,
    },
    objects: {
      pdfRevisions: [i.pdf_sha256],
      attachments: i.attachments ?? [],
      validationReport: i.report_sha256,
      edxmlPackage: i.package_sha256,
    },
  };
}

/**
 * A digitised paper record's Appendix VI metadata — from the fields entered at digitisation (title →
 * Subject, document number → CodeNumber/CodeNotation, document date → IssuedDate, issuer → OrganName; the
 * pages of its scans when the filer gave none) — and its objects: every original scan, untouched, and
 * every OCR PDF/A derivative.
 */
async function digitisedRecordSource(
  m: EntityManager,
  base: DocumentMetadata,
  id: string,
): Promise<{ metadata: DocumentMetadata; objects: DocumentObjects }> {
  const [r]: {
    title: string;
    origin: 'paper_original' | 'old_archive';
    document_number: string | null;
    document_date: string | null;
    issuer: string | null;
    pages_total: number;
  }[] = await m.query(
    `SELECT title, origin, document_number, document_date::text AS document_date, issuer, pages_total
       FROM digitised_records WHERE id = $1`,
    [id],
  );
  const files: {
    seq: number;
    file_name: string | null;
    media_type: string;
    original_sha256: string;
    derivative_sha256: string | null;
  }[] = await m.query(
    `SELECT seq, file_name, media_type, original_sha256, derivative_sha256 FROM digitised_files
      WHERE record_id = $1 ORDER BY seq`,
    [id],
  );
  return {
    metadata: {
      ...base,
      TypeName: r!.origin === 'paper_original' ? 'Bản gốc giấy số hóa' : 'Tài liệu lưu trữ số hóa',
      ...(r!.document_number ? splitNumber(r!.document_number, null) : {}),
      IssuedDate: writtenDate(r!.document_date),
      OrganName: r!.issuer ?? undefined,
      Subject: r!.title,
      PageAmount: base.PageAmount ?? (r!.pages_total > 0 ? String(r!.pages_total) : undefined),
    },
    objects: {
      pdfRevisions: [],
      attachments: files.map((f) => ({
        sha256: f.original_sha256,
        name: f.file_name ?? `scan-${f.seq}`,
        mediaType: f.media_type,
      })),
      validationReport: null,
      edxmlPackage: null,
      ocrDerivatives: files.flatMap((f) => (f.derivative_sha256 ? [f.derivative_sha256] : [])),
    },
  };
}
