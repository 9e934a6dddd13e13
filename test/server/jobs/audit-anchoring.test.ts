import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import pino from 'pino';
import { startAuditAnchoring } from '../../../server/jobs/audit-anchoring';
import { DevTimestampClient } from '../../../signing/pki/dev-timestamp-client';
import { createObjectStore } from '../../../storage/objects/create-object-store';
import type { ObjectStore } from '../../../storage/objects/object-store';
import { appendAuditEvent } from '../../../workflows/audit/append-audit-event';
import { anchorImprint, readAuditAnchors } from '../../../workflows/audit/audit-anchor';
import { verifyAuditChain } from '../../../workflows/audit/verify-audit-chain';
import { testPki } from '../../signing/pki/dev-pki-fixture';
import { useTestDatabase } from '../../support/postgres';

/** The server's anchoring of the audit head outside the database (issue 10 item 12). */
describe('server/jobs audit anchoring', function () {
  this.timeout(60_000);
  const t = useTestDatabase();
  const clock = { now: () => new Date('2025-03-01T08:00:00+07:00') };
  let dir: string;
  let objects: ObjectStore;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-anchor-'));
    objects = await createObjectStore({ kind: 'local', root: path.join(dir, 'objects') });
  });
  after(async () => {
    await objects.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const append = (i: number) =>
    t.db.transaction((m) =>
      appendAuditEvent(m, { clock }, { type: 'API_TOKEN_REVOKED', payload: { tokenId: `a${i}` } }),
    );

  it('anchors the head at start with a timestamp token over it, once per head, and again after new events', async () => {
    for (let i = 0; i < 3; i++) await append(i);
    const pki = await testPki();
    const anchoring = startAuditAnchoring({
      db: t.db,
      dataDir: dir,
      clock,
      logger: pino({ level: 'silent' }),
      everyMs: 3_600_000,
      objects,
      timestampClient: new DevTimestampClient(pki.timestampAuthority, () => clock.now()),
    });
    try {
      await anchoring.anchorNow(); // after the one made at start
      let anchors = readAuditAnchors(dir);
      expect(anchors.map((a) => a.seq)).to.deep.equal([3]);
      const [first] = anchors;
      expect(first!.imprint).to.equal(anchorImprint(first!));
      const token = await objects.getBuffer(first!.tokenSha256!);
      // The RFC 3161 token's message imprint is the anchor's.
      expect(token.includes(Buffer.from(first!.imprint, 'hex'))).to.equal(true);
      expect(fs.statSync(path.join(dir, 'audit', 'anchors.jsonl')).mode & 0o077).to.equal(0);

      await append(3);
      await anchoring.anchorNow();
      anchors = readAuditAnchors(dir);
      expect(anchors.map((a) => a.seq)).to.deep.equal([3, 4]);
      const verdict = await verifyAuditChain(t.db, { anchors });
      expect(verdict).to.include({ ok: true, count: 4, anchors: 2 });
    } finally {
      await anchoring.stop();
    }
  });
});
