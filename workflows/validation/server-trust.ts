import fs from 'node:fs/promises';
import path from 'node:path';
import { Certificate } from '../../signing/pki/certificate';
import { SHIPPED_ANCHORS } from '../../signing/pki/trust/shipped-anchors';
import { loadTrustList } from '../../signing/pki/trust/load-trust-list';
import type { Queryable } from '../directory/unit-repository';
import type { OnlineRevocation } from './validation-worker-protocol';

/** Where the server's trust comes from besides the database (built from the server configuration). */
export interface TrustSettings {
  /** 'development' also trusts the development PKI's root; 'production' never does. */
  readonly mode: 'development' | 'production';
  /**
   * Certificate files and directories (PEM or DER, e.g. DATA_DIR/trust) read at each validation, so
   * that an operator can drop an anchor in without a restart. Listed as source `file`.
   */
  readonly trustPaths?: readonly string[];
  /** The development PKI's root certificate (PEM file), trusted in development mode only. */
  readonly devRootPath?: string;
  /** Let online revocation reach loopback and private addresses (a development PKI on localhost). */
  readonly allowPrivateAddresses?: boolean;
}

export type TrustAnchorSource = 'shipped' | 'admin' | 'file' | 'development';

export interface TrustAnchorView {
  /** Lowercase hex SHA-256 of the DER certificate. */
  readonly sha256: string;
  readonly subject: string;
  readonly source: TrustAnchorSource;
  readonly notBefore: string;
  readonly notAfter: string;
  /** Shipped anchors: what they are; admin anchors: the label given. */
  readonly description: string | null;
  readonly descriptionVi: string | null;
  readonly file: string | null;
  readonly addedAt: string | null;
  /** Only admin anchors can be removed (shipped ones are pinned, files and the dev root are configuration). */
  readonly removable: boolean;
}

export interface ServerTrust {
  /** For validatePdf: shipped, admin, file and (development) dev root anchors, without duplicates. */
  readonly anchors: readonly Certificate[];
  readonly entries: readonly TrustAnchorView[];
}

/**
 * The trust list every validation of the server uses (uploads, stored documents, batches, arrival):
 * the shipped Vietnamese anchors (checked against their pinned fingerprints), the anchors admins
 * added (table `trust_anchors`), certificates in the configured trust files, and the development
 * PKI's root in development mode only.
 */
export async function loadServerTrust(q: Queryable, settings: TrustSettings): Promise<ServerTrust> {
  let devRoot: Certificate | undefined;
  if (settings.mode === 'development' && settings.devRootPath) {
    const pem = await fs.readFile(settings.devRootPath).catch(() => null);
    if (pem) devRoot = certificatesIn(pem)[0];
  }
  const list = await loadTrustList({ mode: settings.mode, devRoot });
  const entries: TrustAnchorView[] = [];
  const anchors: Certificate[] = [];
  const seen = new Set<string>();
  const add = (
    c: Certificate,
    view: Omit<TrustAnchorView, 'sha256' | 'subject' | 'notBefore' | 'notAfter'>,
  ) => {
    const sha256 = c.fingerprint('sha256').toString('hex');
    if (seen.has(sha256)) return;
    seen.add(sha256);
    anchors.push(c);
    entries.push({
      sha256,
      subject: c.subject,
      notBefore: c.notBefore.toISOString(),
      notAfter: c.notAfter.toISOString(),
      ...view,
    });
  };
  const none = { description: null, descriptionVi: null, file: null, addedAt: null, removable: false };
  for (const e of list.entries.filter((x) => x.source === 'shipped')) {
    const pinned = SHIPPED_ANCHORS.find((a) => a.file === e.file);
    add(e.certificate, {
      ...none,
      source: 'shipped',
      file: e.file ?? null,
      description: pinned?.description.en ?? null,
      descriptionVi: pinned?.description.vi ?? null,
    });
  }
  const rows: { der: Buffer; label: string | null; added_at: Date }[] = await q.query(
    `SELECT der, label, added_at FROM trust_anchors ORDER BY added_at, sha256`,
  );
  for (const r of rows) {
    let c: Certificate;
    try {
      c = Certificate.fromDer(r.der);
    } catch {
      continue; // checked when added; a damaged row trusts nothing
    }
    add(c, {
      ...none,
      source: 'admin',
      description: r.label,
      descriptionVi: r.label,
      addedAt: r.added_at.toISOString(),
      removable: true,
    });
  }
  for (const file of await trustFiles(settings.trustPaths ?? [])) {
    const bytes = await fs.readFile(file).catch(() => null);
    if (bytes)
      for (const c of certificatesIn(bytes)) add(c, { ...none, source: 'file', file: path.basename(file) });
  }
  for (const e of list.entries.filter((x) => x.source === 'development'))
    add(e.certificate, {
      ...none,
      source: 'development',
      file: settings.devRootPath ? path.basename(settings.devRootPath) : null,
    });
  return { anchors, entries };
}

/**
 * The online revocation rules: the hosts an admin allowed (table `revocation_hosts`); none listed =
 * offline (no request to any address a document or certificate names).
 */
export async function loadRevocationRules(
  q: Queryable,
  settings: TrustSettings,
): Promise<OnlineRevocation | undefined> {
  const rows: { host: string }[] = await q.query(`SELECT host FROM revocation_hosts ORDER BY host`);
  if (rows.length === 0) return undefined;
  return {
    allowList: rows.map((r) => r.host),
    allowPrivateAddresses: settings.allowPrivateAddresses ?? false,
    timeoutMs: 5000,
  };
}

function certificatesIn(bytes: Buffer): Certificate[] {
  try {
    return Certificate.parseAll(bytes);
  } catch {
    return []; // not a certificate file: ignored like any other file in the directory
  }
}

async function trustFiles(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const p of paths) {
    const st = await fs.stat(p).catch(() => null);
    if (st?.isFile()) files.push(p);
    else if (st?.isDirectory())
      for (const name of (await fs.readdir(p)).sort())
        if (/\.(pem|crt|cer|der)$/i.test(name)) files.push(path.join(p, name));
  }
  return files;
}
