import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HttpTimestampClient } from '../../../signing/pki/http-timestamp-client';
import { developmentSigningServices } from '../../../server/signing/minimal-signing-services';
import { createObjectStore } from '../../../storage/objects/create-object-store';
import type { ObjectStore } from '../../../storage/objects/object-store';
import { createDraft } from '../../../workflows/documents/create-draft';
import { numberAndSeal } from '../../../workflows/documents/number-and-seal';
import { outgoingRepository } from '../../../workflows/documents/outgoing-repository';
import { signAsLeader } from '../../../workflows/documents/sign-as-leader';
import { submitForReview } from '../../../workflows/documents/submit-for-review';
import type { Actor } from '../../../workflows/context';
import { DevSigningAuthority } from '../../../workflows/signing/dev-signing-authority';
import { issueDevCredential } from '../../../workflows/signing/issue-dev-credential';
import type { SigningServices } from '../../../workflows/signing/signing-services';
import { a4Draft } from '../../signing/sign/sign-fixture';
import { useTestDatabase } from '../../support/postgres';
import { ctxOf, FixedClock, insertActor, insertUnit } from '../fixtures';

/**
 * numberAndSeal called directly: the number is taken in the transaction that signs and records, so a
 * failure anywhere after the register row is locked — here the timestamp authority being unreachable —
 * leaves the register, the document and the audit trail as they were, and the next seal takes the
 * very next number.
 */
describe('workflows/documents numberAndSeal', () => {
  const t = useTestDatabase();
  const clock = new FixedClock(new Date('2026-03-03T09:00:00+07:00'));
  let dir: string;
  let objects: ObjectStore;
  let services: SigningServices;
  let unitId: string;
  let actors: Record<'specialist' | 'leader' | 'clerk', Actor>;
  let credentials: { leader: string; seal: string };

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-seal-'));
    objects = await createObjectStore({ kind: 'local', root: path.join(dir, 'objects') });
    const dev = await DevSigningAuthority.open(t.db, {
      dir: path.join(dir, 'pki'),
      baseUrl: 'http://127.0.0.1:1/pki/dev',
      clock,
    });
    services = developmentSigningServices(objects, dev, {
      timestampClient: dev.timestampClient(),
      revocationData: dev.revocationData(),
      refreshRevocations: () => dev.syncRevocations(),
    });
    unitId = await insertUnit(t.db, {
      code: '000.00.00.H91',
      name: 'Ủy ban nhân dân tỉnh Cửu Long',
      level: 'province',
    });
    actors = {
      specialist: await insertActor(t.db, unitId, 'cl.cv', ['specialist']),
      leader: await insertActor(t.db, unitId, 'cl.ld', ['leader']),
      clerk: await insertActor(t.db, unitId, 'cl.vt', ['clerk']),
    };
    credentials = {
      leader: (
        await issueDevCredential(ctxOf(t.db, actors.leader, clock), services, {
          userId: actors.leader.userId,
        })
      ).id,
      seal: (await issueDevCredential(ctxOf(t.db, actors.clerk, clock), services, { unitId })).id,
    };
  });
  after(async () => {
    await objects?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const as = (a: Actor) => ctxOf(t.db, a, clock);

  async function signedDocument(subject: string): Promise<string> {
    const stored = await objects.put(await a4Draft(), { contentType: 'application/pdf' });
    const doc = await createDraft(as(actors.specialist), {
      documentType: 'Quyết định',
      notation: 'QĐ-UBND',
      subject,
      recipients: [{ kind: 'external', code: '000.00.00.G12', name: 'Bộ Nội vụ' }],
      pdf: { sha256: stored.sha256, size: stored.size },
    });
    await submitForReview(as(actors.specialist), { documentId: doc.id });
    await signAsLeader(as(actors.leader), services, {
      documentId: doc.id,
      credentialId: credentials.leader,
      pin: '123456',
    });
    return doc.id;
  }

  const state = async (documentId: string) => ({
    registers: await t.db.query(
      `SELECT year, series, next_number FROM registers WHERE unit_id = $1 ORDER BY year`,
      [unitId],
    ),
    document: await outgoingRepository.findById(t.db, documentId),
    versions: (await outgoingRepository.versions(t.db, documentId)).map((v) => v.step),
    audit: Number((await t.db.query(`SELECT count(*) AS n FROM audit_events`))[0].n),
  });

  it('rolls back everything when the timestamp authority fails after the number was taken, then numbers gaplessly', async () => {
    const first = await signedDocument('Quyết định thứ nhất');
    const sealed = await numberAndSeal(as(actors.clerk), services, {
      documentId: first,
      credentialId: credentials.seal,
      pin: '123456',
    });
    expect(sealed).to.include({ status: 'sealed', number: 1 });

    const second = await signedDocument('Quyết định thứ hai');
    const before = await state(second);
    const unreachable: SigningServices = {
      ...services,
      timestampClient: new HttpTimestampClient('http://127.0.0.1:9/tsa', (url, init) =>
        fetch(url, { ...init, body: Buffer.from(init.body) }),
      ),
    };
    let error: unknown;
    try {
      await numberAndSeal(as(actors.clerk), unreachable, {
        documentId: second,
        credentialId: credentials.seal,
        pin: '123456',
      });
    } catch (e) {
      error = e;
    }
    expect((error as { code?: string }).code).to.equal('TSA_ERROR');
    expect(await state(second)).to.deep.equal(before);
    expect(before.document).to.include({ status: 'signed', number: null });

    const ok = await numberAndSeal(as(actors.clerk), services, {
      documentId: second,
      credentialId: credentials.seal,
      pin: '123456',
      level: 'B-LT',
    });
    expect(ok).to.include({ status: 'sealed', number: 2 });
  });

  it('refuses a level outside the server’s seal levels and a wrong PIN before touching the register', async () => {
    const id = await signedDocument('Quyết định thứ ba');
    const before = await state(id);
    for (const [input, code] of [
      [{ level: 'B-B' as const, pin: '123456' }, 'SIGNING_LEVEL_INVALID'],
      [{ pin: '654321' }, 'SIGNING_PIN_INCORRECT'],
      [{ pin: undefined }, 'SIGNING_PIN_MISSING'],
    ] as const) {
      let error: unknown;
      try {
        await numberAndSeal(as(actors.clerk), services, {
          documentId: id,
          credentialId: credentials.seal,
          ...input,
        });
      } catch (e) {
        error = e;
      }
      expect((error as { code?: string }).code).to.equal(code);
    }
    const after = await state(id);
    expect({ ...after, audit: 0 }).to.deep.equal({ ...before, audit: 0 });
    expect(after.audit - before.audit).to.equal(1); // the one SIGNING_PIN_REJECTED event
  });
});
