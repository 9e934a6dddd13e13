import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { validateIncoming } from '../../../server/jobs/validate-incoming';
import { createObjectStore } from '../../../storage/objects/create-object-store';
import type { ObjectStore } from '../../../storage/objects/object-store';
import type { Job } from '../../../workflows/exchange/job';
import { isolatedValidatePdf } from '../../../workflows/validation/isolated-validate-pdf';
import { ValidationPool } from '../../../workflows/validation/validation-pool';
import { useTestDatabase } from '../../support/postgres';
import { insertUnit } from '../fixtures';
import { storeIncoming } from '../../server/validation/validation-support';
import { signedDocuments, xrefBomb, type SignedDocuments } from './signed-documents';

/**
 * Validation on arrival through the isolated pool (server/main.ts wires `validate`): the verdict of a
 * signed document, of a file stopped at its time limit (INDETERMINATE, never passed or failed), of an
 * unreadable file (TOTAL_FAILED), and a full pool that leaves the job to be retried.
 */
describe('validation on arrival, isolated', function () {
  this.timeout(120_000);
  const t = useTestDatabase();
  let docs: SignedDocuments;
  let objects: ObjectStore;
  let dir: string;
  let unitId: string;
  let n = 0;
  const pools: ValidationPool[] = [];

  before(async () => {
    docs = await signedDocuments();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-arrival-'));
    objects = await createObjectStore({ kind: 'local', root: path.join(dir, 'objects') });
    unitId = await insertUnit(t.db, { code: '000.00.00.H92', name: 'UBND tỉnh Đến', level: 'province' });
  });
  after(async () => {
    for (const p of pools) await p.close();
    await objects?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function arrive(pdf: Buffer, pool: ValidationPool): Promise<Record<string, unknown> | null> {
    const sha = await storeIncoming(t.db, objects, unitId, pdf, ++n);
    const [{ id }]: { id: string }[] = await t.db.query(
      `SELECT id FROM incoming_documents WHERE external_document_id = $1`,
      [`ext-${n}`],
    );
    const handler = validateIncoming({
      objects,
      trustAnchors: async () => [docs.pki.root.certificate],
      validate: isolatedValidatePdf(pool),
    });
    const job: Job = {
      id: String(n),
      kind: 'incoming.validate',
      payload: { pdfSha256: sha, incomingIds: [id] },
      runAt: docs.at,
      attempts: 1,
      maxAttempts: 10,
      lockedBy: 'test',
      lockedUntil: null,
    };
    await t.db.transaction((m) => handler(m, job, docs.at));
    const [row]: { validation: Record<string, unknown> | null }[] = await t.db.query(
      `SELECT validation FROM incoming_documents WHERE id = $1`,
      [id],
    );
    return row.validation;
  }
  const pool = (limits: ConstructorParameters<typeof ValidationPool>[0]) => {
    const p = new ValidationPool(limits);
    pools.push(p);
    return p;
  };

  it('a signed document: the verdict of the isolated validation', async () => {
    const v = await arrive(docs.sequence, pool({ workers: 1 }));
    expect(v).to.deep.include({ indication: 'TOTAL_PASSED', error: null });
  });

  it('a file stopped at the time limit: INDETERMINATE with VALIDATION_TIMEOUT, never passed or failed', async () => {
    const v = await arrive(xrefBomb(), pool({ workers: 1, timeoutMs: 250 }));
    expect(v).to.deep.include({ indication: 'INDETERMINATE', error: 'VALIDATION_TIMEOUT' });
  });

  it('an unreadable file: TOTAL_FAILED with VALIDATION_UNREADABLE', async () => {
    const v = await arrive(Buffer.from('%PDF-1.7\nnot a PDF\n'), pool({ workers: 1 }));
    expect(v).to.deep.include({ indication: 'TOTAL_FAILED', error: 'VALIDATION_UNREADABLE' });
  });

  it('a full pool: the job fails with VALIDATION_BUSY (to be retried) and writes no verdict', async () => {
    let error: { code?: string } | undefined;
    const v = await arrive(docs.sequence, pool({ workers: 1, maxQueue: 0 })).catch((e) => {
      error = e;
      return 'thrown';
    });
    expect(v).to.equal('thrown');
    expect(error?.code).to.equal('VALIDATION_BUSY');
    const rows: { validation: unknown }[] = await t.db.query(
      `SELECT validation FROM incoming_documents WHERE external_document_id = $1`,
      [`ext-${n}`],
    );
    expect(rows[0].validation).to.equal(null);
  });
});
