import { Certificate } from '../../signing/pki/certificate';
import { edxmlProfile, type EdxmlProfile } from '../exchange/edxml/edxml-profile';
import type { Queryable } from '../directory/unit-repository';
import type { FederationPeer } from './federation-peer';
import { organPatternMatch } from './organ-pattern';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const COLUMNS = `id, name, organ_patterns, base_url, signing_certificates, tls_ca_pem, enabled, profile, created_at,
  updated_at`;

interface PeerRow {
  id: string;
  name: string;
  organ_patterns: string[];
  base_url: string;
  signing_certificates: Buffer[];
  tls_ca_pem: string | null;
  enabled: boolean;
  profile: Partial<EdxmlProfile>;
  created_at: Date;
  updated_at: Date;
}

function toPeer(r: PeerRow): FederationPeer {
  return {
    id: r.id,
    name: r.name,
    organPatterns: r.organ_patterns,
    baseUrl: r.base_url,
    signingCertificates: r.signing_certificates.map((der) => Certificate.fromDer(der)),
    tlsCaPem: r.tls_ca_pem,
    enabled: r.enabled,
    profile: edxmlProfile(r.profile),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** SQL for federation peers; returns plain objects. */
export const peerRepository = {
  async list(q: Queryable): Promise<FederationPeer[]> {
    const rows: PeerRow[] = await q.query(`SELECT ${COLUMNS} FROM federation_peers ORDER BY name, id`);
    return rows.map(toPeer);
  },

  async findById(
    q: Queryable,
    id: string,
    opts: { forUpdate?: boolean } = {},
  ): Promise<FederationPeer | undefined> {
    if (!UUID.test(id)) return undefined;
    const rows: PeerRow[] = await q.query(
      `SELECT ${COLUMNS} FROM federation_peers WHERE id = $1${opts.forUpdate ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] ? toPeer(rows[0]) : undefined;
  },

  /** The enabled peer that answers for an organisation code, the most specific pattern winning. */
  async findForOrgan(q: Queryable, organId: string): Promise<FederationPeer | undefined> {
    const rows: PeerRow[] = await q.query(
      `SELECT ${COLUMNS} FROM federation_peers WHERE enabled ORDER BY id`,
    );
    let best: { row: PeerRow; score: number } | undefined;
    for (const row of rows) {
      const score = Math.max(...row.organ_patterns.map((p) => organPatternMatch(p, organId)));
      if (score >= 0 && (!best || score > best.score)) best = { row, score };
    }
    return best ? toPeer(best.row) : undefined;
  },

  async insert(
    q: Queryable,
    p: Omit<FederationPeer, 'id' | 'createdAt' | 'updatedAt'>,
    now: Date,
  ): Promise<FederationPeer> {
    const rows: PeerRow[] = await q.query(
      `INSERT INTO federation_peers (name, organ_patterns, base_url, signing_certificates, tls_ca_pem, enabled,
         created_at, updated_at, profile)
       VALUES ($1, $2::text[], $3, $4::bytea[], $5, $6, $7, $7, $8::jsonb) RETURNING ${COLUMNS}`,
      [
        p.name,
        p.organPatterns,
        p.baseUrl,
        p.signingCertificates.map((c) => c.der),
        p.tlsCaPem,
        p.enabled,
        now,
        JSON.stringify(p.profile),
      ],
    );
    return toPeer(rows[0]!);
  },

  async update(
    q: Queryable,
    id: string,
    p: Omit<FederationPeer, 'id' | 'createdAt' | 'updatedAt'>,
    now: Date,
  ): Promise<FederationPeer> {
    const rows: [PeerRow[], number] = await q.query(
      `UPDATE federation_peers SET name = $2, organ_patterns = $3::text[], base_url = $4,
         signing_certificates = $5::bytea[], tls_ca_pem = $6, enabled = $7, updated_at = $8, profile = $9::jsonb
       WHERE id = $1 RETURNING ${COLUMNS}`,
      [
        id,
        p.name,
        p.organPatterns,
        p.baseUrl,
        p.signingCertificates.map((c) => c.der),
        p.tlsCaPem,
        p.enabled,
        now,
        JSON.stringify(p.profile),
      ],
    );
    return toPeer(rows[0][0]!);
  },
};
