import { createHash, randomUUID } from 'node:crypto';
import type { Writable } from 'node:stream';
import type { EntityManager } from 'typeorm';
import type { ObjectStore } from '../../storage/objects/object-store';
import { ObjectStoreError } from '../../storage/objects/object-store-error';
import { authorize } from '../accounts/authorize';
import type { DomainContext } from '../context';
import { ArchiveError } from './archive-error';
import { UUID } from './archive-input';
import { PackageError, TarWriter } from './package-tar';
import { RECORD_AUDIT_EVENTS_WHERE } from './record-events';

/**
 * Archival packages (issue 11 item 8): a case file, or a selection of archival records, as an OAIS
 * package in an E-ARK CSIP-like layout (docs/archive.md, "Archival packages"), streamed as POSIX tar:
 *
 *   <id>/METS.xml                                  root METS: dmdSec, digiprovMD, fileSec, structMap
 *   <id>/manifest-sha256.txt                       SHA-256 of every other entry ("<hash>  <path>")
 *   <id>/metadata/vanban.json                      what an importing VanBan needs (rows, objects)
 *   <id>/metadata/descriptive/file.xml             Decree 30 Appendix VI file tags (+ Circular 02 fields)
 *   <id>/metadata/preservation/premis.xml          PREMIS 3 objects and events (audit trail, fixity)
 *   <id>/representations/rep1/data/NNN.pdf         Decree 30: the file's documents in chronological
 *   <id>/representations/rep1/data/NNN.xml         order, each its newest PDF and its Appendix VI XML
 *   <id>/representations/rep1/data/NNN/<kind>/<sha256>.<ext>   every other archival object of the record
 *
 * The small entries (metadata, manifest) are written first so that an importer checks each object as
 * it streams past; objects are streamed from the store and hashed on the way (a changed object stops
 * the export with ARCHIVE_OBJECT_CORRUPT instead of producing a package with a wrong manifest).
 */

export const PACKAGE_FORMAT = 'vanban-archival-package/1';

export interface PackageSelection {
  readonly fileId?: string;
  readonly recordIds?: readonly string[];
}

export interface PackageObject {
  readonly path: string;
  readonly kind: string;
  readonly sha256: string;
  readonly size: number;
  readonly mediaType: string;
  readonly retainUntil: string | null;
  readonly legalHold: boolean;
  readonly createdAt: string;
}

export interface PackageRecord {
  readonly id: string;
  readonly sequence: number;
  /** Index of the record's case file in `files`. */
  readonly fileIndex: number;
  readonly sourceKind: 'outgoing' | 'incoming' | 'digitised';
  readonly sourceId: string;
  readonly docOrdinal: number;
  readonly retainUntil: string | null;
  readonly acceptedAt: string;
  readonly legalHold: boolean;
  readonly metadata: { file: Record<string, string>; document: Record<string, string> };
  readonly objects: PackageObject[];
}

export interface PackageFile {
  readonly fileCode: string;
  readonly year: number;
  readonly title: string;
  readonly retention: { code: string; years: number | null };
  readonly startDate: string | null;
  readonly endDate: string | null;
  readonly rights: string;
  readonly language: string;
  readonly description: string | null;
  readonly keywords: string | null;
  readonly fonds: string | null;
  readonly catalogue: string | null;
  readonly reliability: string;
  readonly physicalCondition: string | null;
}

export interface PackageDescription {
  readonly format: typeof PACKAGE_FORMAT;
  readonly id: string;
  readonly createdAt: string;
  readonly source: { unitCode: string; unitName: string };
  readonly files: PackageFile[];
  readonly records: PackageRecord[];
}

export interface ExportProgress {
  readonly bytesDone: number;
  readonly bytesTotal: number;
}

const EXT: Record<string, string> = {
  'application/pdf': 'pdf',
  'image/tiff': 'tif',
  'image/jpeg': 'jpg',
  'application/json': 'json',
  'application/xml': 'xml',
  'text/xml': 'xml',
};

const xmlEscape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** dd/MM/yyyy → yyyy-MM-dd for ordering (unknown dates last). */
function sortableDate(d: string | undefined): string {
  const m = d ? /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(d) : null;
  return m ? `${m[3]}-${m[2]}-${m[1]}` : '9999-99-99';
}

interface RecordRow {
  id: string;
  file_id: string;
  unit_id: string;
  source_kind: 'outgoing' | 'incoming' | 'digitised';
  source_id: string;
  doc_ordinal: number;
  retain_until: string | null;
  accepted_at: Date;
  legal_hold: boolean;
  metadata: PackageRecord['metadata'];
}

interface ObjectRow {
  id: string;
  record_id: string;
  kind: string;
  sha256: string;
  size: string;
  media_type: string;
  retain_until: Date | null;
  legal_hold: boolean;
  created_at: Date;
}

/**
 * Reads what the package will hold, checking that the actor may read every record (archive.read on its
 * unit). The records are in chronological order (issue or arrival date, then the ordinal in the file).
 */
export async function describePackage(
  m: EntityManager,
  ctx: DomainContext,
  sel: PackageSelection,
  id: string = randomUUID(),
): Promise<{ description: PackageDescription; objectIds: Map<string, string> }> {
  let rows: RecordRow[];
  const cols = `r.id, r.file_id, r.unit_id, r.source_kind, r.source_id, r.doc_ordinal, r.retain_until::text AS retain_until,
    r.accepted_at, r.legal_hold, r.metadata`;
  if (sel.fileId !== undefined) {
    if (!UUID.test(sel.fileId)) throw ArchiveError.fileNotFound(sel.fileId);
    rows = await m.query(
      `SELECT ${cols} FROM archival_records r WHERE r.file_id = $1 AND r.disposed_at IS NULL`,
      [sel.fileId],
    );
    if (rows.length === 0) throw ArchiveError.fileNotFound(sel.fileId);
  } else {
    const ids = [...new Set(sel.recordIds ?? [])];
    if (ids.length === 0 || ids.length > 10_000 || !ids.every((x) => UUID.test(x)))
      throw PackageError.invalid(
        'chọn một hồ sơ hoặc từ 1 đến 10 000 tài liệu lưu trữ',
        'choose a file or 1 to 10,000 archival records',
      );
    rows = await m.query(
      `SELECT ${cols} FROM archival_records r WHERE r.id = ANY($1::uuid[]) AND r.disposed_at IS NULL`,
      [ids],
    );
    const found = new Set(rows.map((r) => r.id));
    const missing = ids.find((x) => !found.has(x));
    if (missing)
      throw new ArchiveError('ARCHIVAL_RECORD_NOT_FOUND', notFound(missing), { recordId: missing });
  }
  for (const unitId of new Set(rows.map((r) => r.unit_id))) {
    await authorize(m, ctx.actor, 'archive.read', {
      unitId,
      notFound: () => new ArchiveError('ARCHIVAL_RECORD_NOT_FOUND', notFound(rows[0]!.id), {}),
    });
  }
  rows.sort(
    (a, b) =>
      sortableDate(a.metadata.document.IssuedDate ?? a.metadata.document.ArrivalDate).localeCompare(
        sortableDate(b.metadata.document.IssuedDate ?? b.metadata.document.ArrivalDate),
      ) ||
      a.file_id.localeCompare(b.file_id) ||
      a.doc_ordinal - b.doc_ordinal,
  );
  const files: PackageFile[] = [];
  const fileIds = [...new Set(rows.map((r) => r.file_id))];
  for (const fileId of fileIds) {
    const [f] = (await m.query(
      `SELECT f.file_code, f.year, f.title, p.code AS retention_code, p.years, f.start_date::text AS start_date,
         f.end_date::text AS end_date, f.rights, f.language, f.description, f.keywords, f.fonds, f.catalogue,
         f.reliability, f.physical_condition
       FROM case_files f JOIN retention_periods p ON p.id = f.retention_id WHERE f.id = $1`,
      [fileId],
    )) as Record<string, string | number | null>[];
    files.push({
      fileCode: f!.file_code as string,
      year: f!.year as number,
      title: f!.title as string,
      retention: { code: f!.retention_code as string, years: f!.years as number | null },
      startDate: f!.start_date as string | null,
      endDate: f!.end_date as string | null,
      rights: f!.rights as string,
      language: f!.language as string,
      description: f!.description as string | null,
      keywords: f!.keywords as string | null,
      fonds: f!.fonds as string | null,
      catalogue: f!.catalogue as string | null,
      reliability: f!.reliability as string,
      physicalCondition: f!.physical_condition as string | null,
    });
  }
  const unit: { code: string; name: string }[] = await m.query(`SELECT code, name FROM units WHERE id = $1`, [
    rows[0]!.unit_id,
  ]);
  const objectRows: ObjectRow[] = await m.query(
    `SELECT id, record_id, kind, sha256, size, media_type, retain_until, legal_hold, created_at
       FROM archival_objects WHERE record_id = ANY($1::uuid[]) ORDER BY record_id, created_at, size, id`,
    [rows.map((r) => r.id)],
  );
  const objectIds = new Map<string, string>();
  const records: PackageRecord[] = rows.map((r, i) => {
    const nnn = String(i + 1).padStart(3, '0');
    const mine = objectRows.filter((o) => o.record_id === r.id);
    const pdfs = mine.filter((o) => o.kind === 'pdf-revision');
    // A digitised record has no PDF revision: its first OCR PDF/A stands for it in the Decree 30 sequence.
    const newestPdf = pdfs[pdfs.length - 1] ?? mine.find((o) => o.kind === 'ocr-derivative');
    const metadataXml = mine.find((o) => o.kind === 'metadata-xml');
    const objects = mine.map((o): PackageObject => {
      const path =
        o === newestPdf
          ? `representations/rep1/data/${nnn}.pdf`
          : o === metadataXml
            ? `representations/rep1/data/${nnn}.xml`
            : `representations/rep1/data/${nnn}/${o.kind}/${o.sha256}.${EXT[o.media_type] ?? 'bin'}`;
      objectIds.set(path, o.id);
      return {
        path,
        kind: o.kind,
        sha256: o.sha256,
        size: Number(o.size),
        mediaType: o.media_type,
        retainUntil: o.retain_until ? o.retain_until.toISOString() : null,
        legalHold: o.legal_hold,
        createdAt: o.created_at.toISOString(),
      };
    });
    return {
      id: r.id,
      sequence: i + 1,
      fileIndex: fileIds.indexOf(r.file_id),
      sourceKind: r.source_kind,
      sourceId: r.source_id,
      docOrdinal: r.doc_ordinal,
      retainUntil: r.retain_until,
      acceptedAt: r.accepted_at.toISOString(),
      legalHold: r.legal_hold,
      metadata: r.metadata,
      objects,
    };
  });
  return {
    description: {
      format: PACKAGE_FORMAT,
      id,
      createdAt: ctx.clock.now().toISOString(),
      source: { unitCode: unit[0]!.code, unitName: unit[0]!.name },
      files,
      records,
    },
    objectIds,
  };
}

function notFound(id: string) {
  return { vi: `Không tìm thấy tài liệu lưu trữ ${id}`, en: `Archival record ${id} not found` };
}

function fileXml(d: PackageDescription): string {
  let xml = '<?xml version="1.0" encoding="UTF-8"?>\n<Files>\n';
  for (const r of d.records.filter(
    (r, i, all) => all.findIndex((x) => x.metadata.file.FileCode === r.metadata.file.FileCode) === i,
  )) {
    xml += '  <File>\n';
    for (const [k, v] of Object.entries(r.metadata.file))
      if (v !== undefined && v !== '') xml += `    <${k}>${xmlEscape(String(v))}</${k}>\n`;
    xml += '  </File>\n';
  }
  return xml + '</Files>\n';
}

interface EventRow {
  seq: string;
  type: string;
  occurred_at: Date;
  actor_name: string | null;
  payload: Record<string, unknown>;
}

/**
 * The PREMIS log: the records' objects and their events (which events: record-events.ts, as the record
 * view) up to the package's creation — not this package's own export event, which is written when the
 * package is finished — so that an export re-run for the same id and time writes the same bytes.
 */
async function premisXml(m: EntityManager, d: PackageDescription): Promise<string> {
  const recordIds = d.records.map((r) => r.id);
  const events: EventRow[] = await m.query(
    `SELECT e.seq::text AS seq, e.type, e.occurred_at, u.full_name AS actor_name, e.payload
       FROM audit_events e LEFT JOIN users u ON u.id = e.actor_user_id
      WHERE ${RECORD_AUDIT_EVENTS_WHERE}
        AND e.occurred_at <= $2::timestamptz
        AND NOT (e.type = 'ARCHIVE_PACKAGE_EXPORTED' AND e.payload->>'packageId' = $3)
      ORDER BY e.seq`,
    [recordIds, d.createdAt, d.id],
  );
  const fixity: { sha256: string; event: string; occurred_at: Date }[] = await m.query(
    `SELECT f.sha256, f.event, f.occurred_at FROM fixity_events f JOIN archival_objects o ON o.id = f.object_id
      WHERE o.record_id = ANY($1::uuid[]) AND f.object_id IS NOT NULL AND f.occurred_at <= $2::timestamptz
      ORDER BY f.occurred_at, f.id`,
    [recordIds, d.createdAt],
  );
  let xml =
    '<?xml version="1.0" encoding="UTF-8"?>\n<premis:premis xmlns:premis="http://www.loc.gov/premis/v3" version="3.0">\n';
  for (const r of d.records) {
    for (const o of r.objects) {
      xml += `  <premis:object xsi:type="premis:file" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
    <premis:objectIdentifier><premis:objectIdentifierType>sha256</premis:objectIdentifierType><premis:objectIdentifierValue>${o.sha256}</premis:objectIdentifierValue></premis:objectIdentifier>
    <premis:objectCharacteristics><premis:fixity><premis:messageDigestAlgorithm>SHA-256</premis:messageDigestAlgorithm><premis:messageDigest>${o.sha256}</premis:messageDigest></premis:fixity><premis:size>${o.size}</premis:size><premis:format><premis:formatDesignation><premis:formatName>${xmlEscape(o.mediaType)}</premis:formatName></premis:formatDesignation></premis:format></premis:objectCharacteristics>
    <premis:originalName>${xmlEscape(o.path)}</premis:originalName>
  </premis:object>\n`;
    }
  }
  const event = (id: string, type: string, at: Date, detail: string, agent: string | null) =>
    `  <premis:event>
    <premis:eventIdentifier><premis:eventIdentifierType>local</premis:eventIdentifierType><premis:eventIdentifierValue>${xmlEscape(id)}</premis:eventIdentifierValue></premis:eventIdentifier>
    <premis:eventType>${xmlEscape(type)}</premis:eventType>
    <premis:eventDateTime>${at.toISOString()}</premis:eventDateTime>
    <premis:eventDetailInformation><premis:eventDetail>${xmlEscape(detail)}</premis:eventDetail></premis:eventDetailInformation>${
      agent
        ? `\n    <premis:linkingAgentIdentifier><premis:linkingAgentIdentifierType>name</premis:linkingAgentIdentifierType><premis:linkingAgentIdentifierValue>${xmlEscape(agent)}</premis:linkingAgentIdentifierValue></premis:linkingAgentIdentifier>`
        : ''
    }
  </premis:event>\n`;
  for (const e of events)
    xml += event(`audit-${e.seq}`, e.type, e.occurred_at, JSON.stringify(e.payload), e.actor_name);
  for (const [i, f] of fixity.entries())
    xml += event(`fixity-${i + 1}`, `fixity check: ${f.event}`, f.occurred_at, f.sha256, 'VanBan');
  return xml + '</premis:premis>\n';
}

function metsXml(
  d: PackageDescription,
  entries: { path: string; sha256: string; size: number; mediaType: string }[],
) {
  const file = (e: (typeof entries)[number], i: number) =>
    `      <mets:file ID="FILE-${i}" MIMETYPE="${xmlEscape(e.mediaType)}" SIZE="${e.size}" CHECKSUM="${e.sha256}" CHECKSUMTYPE="SHA-256">
        <mets:FLocat LOCTYPE="URL" xlink:type="simple" xlink:href="${xmlEscape(e.path)}"/>
      </mets:file>\n`;
  const groups = new Map<string, string>();
  entries.forEach((e, i) => {
    const use = e.path.startsWith('metadata/')
      ? 'Metadata'
      : e.path.startsWith('representations/')
        ? 'Representations/rep1/Data'
        : 'Documentation';
    groups.set(use, (groups.get(use) ?? '') + file(e, i));
  });
  const label = d.files.map((f) => `${f.fileCode} ${f.title}`).join('; ');
  return `<?xml version="1.0" encoding="UTF-8"?>
<mets:mets xmlns:mets="http://www.loc.gov/METS/" xmlns:xlink="http://www.w3.org/1999/xlink"
  xmlns:csip="https://DILCIS.eu/XML/METS/CSIPExtensionMETS" OBJID="${d.id}" LABEL="${xmlEscape(label)}"
  TYPE="Mixed" csip:CONTENTINFORMATIONTYPE="OTHER" csip:OTHERCONTENTINFORMATIONTYPE="VN-Decree30-Appendix-VI"
  PROFILE="https://earkcsip.dilcis.eu/profile/E-ARK-CSIP.xml">
  <mets:metsHdr CREATEDATE="${d.createdAt}" RECORDSTATUS="NEW" csip:OAISPACKAGETYPE="DIP">
    <mets:agent ROLE="CREATOR" TYPE="ORGANIZATION"><mets:name>${xmlEscape(d.source.unitName)} (${xmlEscape(d.source.unitCode)})</mets:name></mets:agent>
    <mets:agent ROLE="CREATOR" TYPE="OTHER" OTHERTYPE="SOFTWARE"><mets:name>VanBan</mets:name><mets:note>${PACKAGE_FORMAT}</mets:note></mets:agent>
  </mets:metsHdr>
  <mets:dmdSec ID="DMD-1" CREATED="${d.createdAt}">
    <mets:mdRef LOCTYPE="URL" MDTYPE="OTHER" OTHERMDTYPE="VN-Decree30-Appendix-VI" xlink:type="simple" xlink:href="metadata/descriptive/file.xml"/>
  </mets:dmdSec>
  <mets:amdSec>
    <mets:digiprovMD ID="PREMIS-1"><mets:mdRef LOCTYPE="URL" MDTYPE="PREMIS" xlink:type="simple" xlink:href="metadata/preservation/premis.xml"/></mets:digiprovMD>
  </mets:amdSec>
  <mets:fileSec>
${[...groups.entries()].map(([use, files]) => `    <mets:fileGrp USE="${use}">\n${files}    </mets:fileGrp>\n`).join('')}  </mets:fileSec>
  <mets:structMap TYPE="PHYSICAL" LABEL="CSIP">
    <mets:div LABEL="${xmlEscape(label)}" DMDID="DMD-1" ADMID="PREMIS-1">
${d.records
  .map(
    (r) =>
      `      <mets:div ORDER="${r.sequence}" LABEL="${xmlEscape(`${r.metadata.document.CodeNumber ?? ''}/${r.metadata.document.CodeNotation ?? ''} ${r.metadata.document.Subject ?? ''}`.trim())}">\n${r.objects
        .map((o) => `        <mets:fptr FILEID="FILE-${entries.findIndex((e) => e.path === o.path)}"/>`)
        .join('\n')}\n      </mets:div>`,
  )
  .join('\n')}
    </mets:div>
  </mets:structMap>
</mets:mets>
`;
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * Writes the package as tar to `out` (not ended), reporting progress after every chunk. The whole
 * description is read first in one transaction; objects are then streamed, verified against their
 * hashes. Returns the package id, the bytes written and the SHA-256 of vanban.json.
 */
export async function exportPackage(
  ctx: DomainContext,
  store: ObjectStore,
  sel: PackageSelection,
  out: Writable,
  onProgress: (p: ExportProgress) => void = () => {},
  id?: string,
): Promise<{ id: string; bytes: number; records: number; objects: number }> {
  const { description, premis } = await ctx.db.transaction('REPEATABLE READ', async (m) => {
    const described = await describePackage(m, ctx, sel, id);
    return { description: described.description, premis: await premisXml(m, described.description) };
  });
  const root = `VANBAN-${description.id}`;
  const small = new Map<string, { bytes: Buffer; mediaType: string }>([
    [
      'metadata/vanban.json',
      { bytes: Buffer.from(JSON.stringify(description, null, 2)), mediaType: 'application/json' },
    ],
    [
      'metadata/descriptive/file.xml',
      { bytes: Buffer.from(fileXml(description)), mediaType: 'application/xml' },
    ],
    ['metadata/preservation/premis.xml', { bytes: Buffer.from(premis), mediaType: 'application/xml' }],
  ]);
  const entries = [
    ...[...small.entries()].map(([path, v]) => ({
      path,
      sha256: sha(v.bytes),
      size: v.bytes.length,
      mediaType: v.mediaType,
    })),
    ...description.records.flatMap((r) =>
      r.objects.map((o) => ({ path: o.path, sha256: o.sha256, size: o.size, mediaType: o.mediaType })),
    ),
  ];
  const mets = Buffer.from(metsXml(description, entries));
  const manifest = Buffer.from(
    [{ path: 'METS.xml', sha256: sha(mets) }, ...entries].map((e) => `${e.sha256}  ${e.path}\n`).join(''),
  );
  const objectBytes = description.records.reduce((n, r) => n + r.objects.reduce((k, o) => k + o.size, 0), 0);
  const bytesTotal =
    objectBytes + mets.length + manifest.length + [...small.values()].reduce((n, v) => n + v.bytes.length, 0);
  const tar = new TarWriter(out, new Date(description.createdAt));
  let done = 0;
  const progress = (n: number) => {
    done += n;
    onProgress({ bytesDone: done, bytesTotal });
  };
  await tar.file(`${root}/manifest-sha256.txt`, manifest);
  progress(manifest.length);
  await tar.file(`${root}/METS.xml`, mets);
  progress(mets.length);
  for (const [path, v] of small) {
    await tar.file(`${root}/${path}`, v.bytes);
    progress(v.bytes.length);
  }
  let objects = 0;
  for (const r of description.records) {
    for (const o of r.objects) {
      const h = createHash('sha256');
      await tar.stream(`${root}/${o.path}`, o.size, await store.get(o.sha256), (b) => {
        h.update(b);
        progress(b.length);
      });
      const actual = h.digest('hex');
      if (actual !== o.sha256) throw ObjectStoreError.corrupt(o.sha256, { sha256: actual, size: o.size });
      objects++;
    }
  }
  await tar.end();
  return { id: description.id, bytes: tar.bytesWritten, records: description.records.length, objects };
}
