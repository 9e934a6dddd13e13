/**
 * The trust configuration of the validator (DESIGN §4, §5): the Vietnamese anchors shipped in
 * `roots/`, each checked against its pinned SHA-256 fingerprint at load, plus anchors an admin adds;
 * the development PKI's root only in development mode. A trust anchor is used as RFC 5280 §6.1.1(d)
 * describes: its name and key end a certification path; it is not itself checked.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { Certificate } from '../certificate';
import { SHIPPED_ANCHORS, type ShippedAnchor } from './shipped-anchors';
import { TrustListError } from './trust-list-error';

export type TrustSource = 'shipped' | 'admin' | 'development';

export interface TrustEntry {
  readonly certificate: Certificate;
  readonly source: TrustSource;
  /** Lowercase hex SHA-256 of the DER certificate. */
  readonly sha256: string;
  readonly subject: string;
  /** Shipped anchors: the file name in `roots/`. */
  readonly file?: string;
}

export interface TrustList {
  /** What `validatePdf({ trustAnchors })` takes, without duplicates. */
  readonly anchors: readonly Certificate[];
  readonly entries: readonly TrustEntry[];
}

export interface TrustListOptions {
  /** 'development' also trusts `devRoot`; 'production' never does. */
  readonly mode: 'development' | 'production';
  /** Anchors configured by an admin: PEM text (one or several certificates each) or DER. */
  readonly extraPems?: readonly (string | Buffer)[];
  /** The development PKI's root certificate (ignored in production). */
  readonly devRoot?: Certificate;
  /** Where the shipped PEMs are (default: this module's `roots/`, from source or from dist/). */
  readonly rootsDir?: string;
  /** Pinned fingerprints (default: SHIPPED_ANCHORS); injected by tests. */
  readonly shipped?: readonly ShippedAnchor[];
}

/** The shipped PEMs next to this module; when running from dist/, in the source tree. */
export function shippedRootsDir(): string {
  const candidates = [
    path.join(__dirname, 'roots'),
    path.resolve(__dirname, '..', '..', '..', '..', 'signing', 'pki', 'trust', 'roots'),
  ];
  return candidates.find((d) => existsSync(d)) ?? candidates[0];
}

export async function loadTrustList(options: TrustListOptions): Promise<TrustList> {
  const dir = options.rootsDir ?? shippedRootsDir();
  const entries: TrustEntry[] = [];
  const seen = new Set<string>();
  const add = (certificate: Certificate, source: TrustSource, file?: string): void => {
    const sha256 = certificate.fingerprint('sha256').toString('hex');
    if (seen.has(sha256)) return;
    seen.add(sha256);
    entries.push({ certificate, source, sha256, subject: certificate.subject, ...(file ? { file } : {}) });
  };

  for (const pinned of options.shipped ?? SHIPPED_ANCHORS) {
    let text: Buffer;
    try {
      text = await readFile(path.join(dir, pinned.file));
    } catch (cause) {
      throw new TrustListError(
        'TRUST_ANCHOR_MISSING',
        {
          vi: `Không đọc được chứng thư gốc tin cậy ${pinned.file}`,
          en: `Cannot read the shipped trust anchor ${pinned.file}`,
        },
        { cause, details: { file: pinned.file } },
      );
    }
    const certificate = parseOne(text, pinned.file);
    const actual = certificate.fingerprint('sha256').toString('hex');
    if (actual !== pinned.sha256.toLowerCase()) {
      throw new TrustListError(
        'TRUST_ANCHOR_FINGERPRINT_MISMATCH',
        {
          vi: `Chứng thư gốc ${pinned.file} không khớp dấu vân tay SHA-256 đã ghim: tệp đã bị thay đổi`,
          en: `Trust anchor ${pinned.file} does not match its pinned SHA-256 fingerprint: the file was changed`,
        },
        { details: { file: pinned.file, expected: pinned.sha256, actual } },
      );
    }
    add(certificate, 'shipped', pinned.file);
  }

  for (const [i, pem] of (options.extraPems ?? []).entries()) {
    let certificates: Certificate[];
    try {
      certificates = Certificate.parseAll(pem);
    } catch (cause) {
      throw invalid(`#${i + 1}`, cause);
    }
    if (certificates.length === 0) throw invalid(`#${i + 1}`, undefined);
    for (const c of certificates) add(c, 'admin');
  }

  if (options.mode === 'development' && options.devRoot) add(options.devRoot, 'development');

  return { anchors: entries.map((e) => e.certificate), entries };
}

function parseOne(text: Buffer, label: string): Certificate {
  try {
    const all = Certificate.parseAll(text);
    if (all.length !== 1) throw new Error(`${all.length} certificates`);
    return all[0];
  } catch (cause) {
    throw invalid(label, cause);
  }
}

function invalid(label: string, cause: unknown): TrustListError {
  return new TrustListError(
    'TRUST_ANCHOR_INVALID',
    {
      vi: `Chứng thư tin cậy ${label} không phải chứng thư X.509 đọc được`,
      en: `Trust anchor ${label} is not a readable X.509 certificate`,
    },
    { cause, details: { anchor: label } },
  );
}
