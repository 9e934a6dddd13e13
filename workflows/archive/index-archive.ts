import type { EntityManager } from 'typeorm';
import { deleteSearchEntry, upsertSearchEntry } from '../search/search-index';
import { caseFileRepository } from './case-file-repository';
import { maintenanceText } from './record-metadata';

const FILE_READERS = ['specialist', 'leader', 'clerk', 'archivist', 'auditor'] as const;
const RECORD_READERS = ['archivist', 'leader', 'auditor'] as const;

function fromWritten(d: string | undefined): Date | undefined {
  const m = d ? /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(d) : null;
  return m ? new Date(`${m[3]}-${m[2]}-${m[1]}T00:00:00+07:00`) : undefined;
}

/** Puts a case file (sourceKind 'file') into the search index, in the caller's transaction. */
export async function indexCaseFile(m: EntityManager, fileId: string): Promise<void> {
  const f = await caseFileRepository.findById(m, fileId);
  if (!f) return;
  await upsertSearchEntry(m, {
    sourceKind: 'file',
    sourceId: f.id,
    unitId: f.unitId,
    title: f.title,
    fileCode: f.fileCode,
    retention: maintenanceText(f.retention.years),
    year: f.year,
    status: f.status,
    issuer: f.unitName,
    body: [f.description, f.keywords].filter(Boolean).join('\n') || undefined,
    readers: { roles: FILE_READERS },
  });
}

/** Puts an archival record (sourceKind 'record') into the search index from its Appendix VI metadata. */
export async function indexArchivalRecord(
  m: EntityManager,
  r: {
    id: string;
    unitId: string;
    metadata: { file: Record<string, string | undefined>; document: Record<string, string | undefined> };
  },
): Promise<void> {
  const d = r.metadata.document;
  const issuedAt = fromWritten(d.IssuedDate);
  await upsertSearchEntry(m, {
    sourceKind: 'record',
    sourceId: r.id,
    unitId: r.unitId,
    title: d.Subject ?? r.metadata.file.Title ?? '',
    number: [d.CodeNumber, d.CodeNotation].filter(Boolean).join('/') || undefined,
    documentType: d.TypeName,
    issuer: d.OrganName,
    signer: d.SignerInfo,
    recipients: d.To ? d.To.split('; ') : undefined,
    issuedAt,
    arrivedAt: fromWritten(d.ArrivalDate),
    fileCode: d.FileCode,
    retention: r.metadata.file.Maintenance,
    year: issuedAt?.getFullYear(),
    status: 'archived',
    urgency: d.Priority,
    readers: { roles: RECORD_READERS },
  });
}

/** Takes a disposed record out of the index. */
export async function unindexArchivalRecord(m: EntityManager, recordId: string): Promise<void> {
  await deleteSearchEntry(m, 'record', recordId);
}
