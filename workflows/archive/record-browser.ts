import { authorize } from '../accounts/authorize';
import type { DomainContext } from '../context';
import { ArchiveError } from './archive-error';
import { overseenUnitIds } from './overseen-units';

/** A row of the archive browser: the record as the list shows it, with its file, year, fonds and unit. */
export interface BrowsedRecord {
  readonly id: string;
  readonly unitId: string;
  readonly unitName: string;
  readonly fileId: string;
  readonly fileCode: string;
  readonly fileTitle: string;
  readonly year: number;
  readonly fonds: string;
  readonly retention: { readonly id: string; readonly code: string; readonly years: number | null };
  readonly sourceKind: 'outgoing' | 'incoming' | 'digitised';
  readonly docOrdinal: number;
  readonly numberAndNotation: string;
  readonly subject: string;
  readonly issuedDate: string | null;
  readonly retainUntil: string | null;
  readonly legalHold: boolean;
  readonly acceptedAt: Date;
  readonly disposedAt: Date | null;
}

/** A case file with archival records in the browser's scope: the case-file filter's choices, by unit. */
export interface BrowsedFile {
  readonly id: string;
  readonly fileCode: string;
  readonly title: string;
  readonly year: number;
  readonly unitId: string;
  readonly unitName: string;
}

/** The case-file choices listed at most (a province's archive over many years); the rest by text. */
export const BROWSER_FILE_CHOICES_MAX = 2000;

export interface RecordBrowserFilter {
  /** One unit (checked: archive.read there); default the actor's unit and the units below it. */
  readonly unitId?: string;
  /** Phông: the Fonds the record was archived with (its metadata), exact. */
  readonly fonds?: string;
  readonly year?: number;
  readonly fileId?: string;
  readonly retentionId?: string;
  /** Words in the subject, the number and notation, or the case file's title or code (case-insensitive). */
  readonly q?: string;
  readonly limit: number;
  readonly offset: number;
}

interface Row {
  id: string;
  unit_id: string;
  unit_name: string;
  file_id: string;
  file_code: string;
  file_title: string;
  year: number;
  fonds: string | null;
  retention_id: string;
  retention_code: string;
  retention_years: number | null;
  source_kind: 'outgoing' | 'incoming' | 'digitised';
  doc_ordinal: number;
  code_number: string | null;
  code_notation: string | null;
  subject: string | null;
  issued_date: string | null;
  retain_until: string | null;
  legal_hold: boolean;
  accepted_at: Date;
  disposed_at: Date | null;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The archive browser (#/archive/records, issue 11 item 10): archival records by fonds, year, case file
 * and retention, with a text filter, paged on the server (limit/offset, total count), newest year first,
 * then file code and ordinal. Scope follows `archive.read` (subtree): an archivist sees their unit and
 * the units below it; the province's top unit (the province archive) sees every unit. The fonds values
 * in scope come with the page, for the filter's choices, and so do the case files in scope that hold
 * archival records (of the year filtered on, if any), with their unit: the case-file filter's choices.
 */
export async function browseArchivalRecords(
  ctx: DomainContext,
  f: RecordBrowserFilter,
): Promise<{
  items: BrowsedRecord[];
  total: number;
  limit: number;
  offset: number;
  fonds: string[];
  files: BrowsedFile[];
}> {
  let units: string[] | null;
  if (f.unitId !== undefined) {
    await authorize(ctx.db.manager, ctx.actor, 'archive.read', {
      unitId: f.unitId,
      notFound: () => ArchiveError.recordNotFound(f.unitId!),
    });
    units = [f.unitId];
  } else {
    await authorize(ctx.db.manager, ctx.actor, 'archive.read');
    // The province's top unit oversees every unit (isSameUnitOrAncestor); others their subtree.
    units = await overseenUnitIds(ctx.db, ctx.actor.unitId);
  }
  const q = f.q?.trim() ? `%${escapeLike(f.q.trim())}%` : null;
  const scope = `FROM archival_records r JOIN case_files cf ON cf.id = r.file_id
     WHERE ($1::uuid[] IS NULL OR r.unit_id = ANY($1::uuid[]))`;
  const filters = `
       AND ($2::text IS NULL OR r.metadata -> 'file' ->> 'Fonds' = $2)
       AND ($3::int IS NULL OR cf.year = $3)
       AND ($4::uuid IS NULL OR r.file_id = $4)
       AND ($5::uuid IS NULL OR cf.retention_id = $5)
       AND ($6::text IS NULL OR r.metadata -> 'document' ->> 'Subject' ILIKE $6
            OR concat_ws('/', r.metadata -> 'document' ->> 'CodeNumber', r.metadata -> 'document' ->> 'CodeNotation') ILIKE $6
            OR cf.title ILIKE $6 OR cf.file_code ILIKE $6)`;
  const params = [units, f.fonds ?? null, f.year ?? null, f.fileId ?? null, f.retentionId ?? null, q];
  const rows: Row[] = await ctx.db.query(
    `SELECT r.id, r.unit_id, u.name AS unit_name, r.file_id, cf.file_code, cf.title AS file_title, cf.year,
            r.metadata -> 'file' ->> 'Fonds' AS fonds, cf.retention_id, p.code AS retention_code,
            p.years AS retention_years, r.source_kind, r.doc_ordinal,
            r.metadata -> 'document' ->> 'CodeNumber' AS code_number,
            r.metadata -> 'document' ->> 'CodeNotation' AS code_notation,
            r.metadata -> 'document' ->> 'Subject' AS subject,
            coalesce(r.metadata -> 'document' ->> 'IssuedDate', r.metadata -> 'document' ->> 'ArrivalDate') AS issued_date,
            r.retain_until::text AS retain_until, r.legal_hold, r.accepted_at, r.disposed_at
       ${scope.replace('WHERE', 'JOIN units u ON u.id = r.unit_id JOIN retention_periods p ON p.id = cf.retention_id WHERE')}
       ${filters}
      ORDER BY cf.year DESC, cf.file_code, r.doc_ordinal, r.id
      LIMIT $7 OFFSET $8`,
    [...params, f.limit, f.offset],
  );
  const [{ n }] = (await ctx.db.query(`SELECT count(*)::int AS n ${scope} ${filters}`, params)) as [
    { n: number },
  ];
  const fonds: { fonds: string }[] = await ctx.db.query(
    `SELECT DISTINCT r.metadata -> 'file' ->> 'Fonds' AS fonds ${scope}
        AND r.metadata -> 'file' ->> 'Fonds' IS NOT NULL ORDER BY 1`,
    [units],
  );
  const files: {
    id: string;
    file_code: string;
    title: string;
    year: number;
    unit_id: string;
    unit_name: string;
  }[] = await ctx.db.query(
    `SELECT cf.id, cf.file_code, cf.title, cf.year, cf.unit_id, u.name AS unit_name
         FROM case_files cf JOIN units u ON u.id = cf.unit_id
        WHERE ($1::uuid[] IS NULL OR cf.unit_id = ANY($1::uuid[])) AND ($2::int IS NULL OR cf.year = $2)
          AND EXISTS (SELECT 1 FROM archival_records r WHERE r.file_id = cf.id)
        ORDER BY u.name, cf.unit_id, cf.year DESC, cf.file_code, cf.id
        LIMIT ${BROWSER_FILE_CHOICES_MAX}`,
    [units, f.year ?? null],
  );
  return {
    files: files.map((x) => ({
      id: x.id,
      fileCode: x.file_code,
      title: x.title,
      year: x.year,
      unitId: x.unit_id,
      unitName: x.unit_name,
    })),
    items: rows.map((r) => ({
      id: r.id,
      unitId: r.unit_id,
      unitName: r.unit_name,
      fileId: r.file_id,
      fileCode: r.file_code,
      fileTitle: r.file_title,
      year: r.year,
      fonds: r.fonds ?? '',
      retention: { id: r.retention_id, code: r.retention_code, years: r.retention_years },
      sourceKind: r.source_kind,
      docOrdinal: r.doc_ordinal,
      numberAndNotation: [r.code_number, r.code_notation].filter(Boolean).join('/'),
      subject: r.subject ?? '',
      issuedDate: r.issued_date,
      retainUntil: r.retain_until,
      legalHold: r.legal_hold,
      acceptedAt: r.accepted_at,
      disposedAt: r.disposed_at,
    })),
    total: n,
    limit: f.limit,
    offset: f.offset,
    fonds: fonds.map((x) => x.fonds),
  };
}
