import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import type { TimestampClient } from '../../signing/pki/timestamp-client';
import type { ObjectStore } from '../../storage/objects/object-store';
import type { Clock } from '../context';
import { canonicalJson } from './canonical-json';

/**
 * A copy of the audit chain's head kept outside the database: the newest row's seq and hash, where the
 * keyed chain starts, when, and (when a TSA is configured, always in development) an RFC 3161 timestamp
 * token over `imprint` stored in the object store. Whoever rewrites or cuts the database's chain cannot
 * rewrite these: `verifyAuditChain` checks the chain against every anchor (rows deleted off the end,
 * a chain recomputed from some row on, a keyed chain turned back into an unkeyed one).
 */
export interface AuditAnchor {
  readonly seq: number;
  readonly hash: string;
  /** First row of the keyed chain at the time of the anchor (null: no keyed row yet). */
  readonly keyedFromSeq: number | null;
  readonly anchoredAt: string;
  /** Hex SHA-256 of canonical JSON {seq, hash, keyedFromSeq}: what the timestamp token covers. */
  readonly imprint: string;
  /** SHA-256 of the timestamp token in the object store, null without a TSA. */
  readonly tokenSha256: string | null;
}

/** One JSON line per anchor, append-only, under DATA_DIR (shared by the replicas like the key file). */
export function auditAnchorsPath(dataDir: string): string {
  return path.join(dataDir, 'audit', 'anchors.jsonl');
}

export function readAuditAnchors(dataDir: string): AuditAnchor[] {
  let text: string;
  try {
    text = fs.readFileSync(auditAnchorsPath(dataDir), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as AuditAnchor);
}

export function anchorImprint(a: Pick<AuditAnchor, 'seq' | 'hash' | 'keyedFromSeq'>): string {
  return createHash('sha256')
    .update(canonicalJson({ seq: a.seq, hash: a.hash, keyedFromSeq: a.keyedFromSeq }), 'utf8')
    .digest('hex');
}

/**
 * Anchors the current head (nothing when the trail is empty or the head is the last anchor's): timestamps
 * it when a TSA is given, stores the token, appends the anchor line. Returns the anchor written, if any.
 */
export async function anchorAuditHead(o: {
  readonly db: DataSource;
  readonly dataDir: string;
  readonly clock: Clock;
  readonly objects?: ObjectStore;
  readonly timestampClient?: TimestampClient;
}): Promise<AuditAnchor | null> {
  const [head] = (await o.db.query(`SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1`)) as {
    seq: string;
    hash: string;
  }[];
  if (!head) return null;
  const last = readAuditAnchors(o.dataDir).at(-1);
  if (last && last.seq === Number(head.seq) && last.hash === head.hash) return null;
  const [keyed] = (await o.db.query(
    `SELECT min(seq) AS seq FROM audit_events WHERE key_id IS NOT NULL AND seq <= $1`,
    [head.seq],
  )) as { seq: string | null }[];
  const base = {
    seq: Number(head.seq),
    hash: head.hash,
    keyedFromSeq: keyed?.seq == null ? null : Number(keyed.seq),
  };
  const imprint = anchorImprint(base);
  let tokenSha256: string | null = null;
  if (o.timestampClient && o.objects) {
    const token = await o.timestampClient.timestamp(Buffer.from(imprint, 'hex'), 'sha256');
    const stored = await o.objects.put(token, {
      contentType: 'application/timestamp-reply',
      metadata: { kind: 'audit-anchor', seq: String(base.seq) },
    });
    tokenSha256 = stored.sha256;
  }
  const anchor: AuditAnchor = { ...base, anchoredAt: o.clock.now().toISOString(), imprint, tokenSha256 };
  const file = auditAnchorsPath(o.dataDir);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.appendFileSync(file, `${JSON.stringify(anchor)}\n`, { mode: 0o600 });
  return anchor;
}

let anchorsDir: string | undefined;

/** Where `verifyAuditChain` reads anchors by default: DATA_DIR, set once by the server and the CLI. */
export function useAuditAnchorsDir(dataDir: string | undefined): void {
  anchorsDir = dataDir;
}

export function defaultAuditAnchors(): AuditAnchor[] {
  return anchorsDir ? readAuditAnchors(anchorsDir) : [];
}
