import type { Queryable } from '../directory/unit-repository';

export interface EdxmlPackageRecord {
  readonly direction: 'outbound' | 'inbound';
  readonly kind: 'document' | 'status';
  readonly via: 'federation' | 'import' | 'export';
  readonly peerId: string | null;
  readonly fromOrganId: string;
  readonly toOrganIds: readonly string[];
  readonly documentId: string;
  readonly businessType: number | null;
  readonly statusCode: string | null;
  /** The message bytes, already in the object store under this SHA-256. */
  readonly sha256: string;
  readonly size: number;
  readonly signerSha256: string;
  /** Received packages: how they were signed and laid out. */
  readonly signatureAlgorithm?: 'rsa-sha256' | 'rsa-sha1';
  readonly signaturePlacement?: 'xmldsig' | 'qcvn' | 'none';
  readonly layout?: 'sdk' | 'envelope' | 'soap';
}

/** Records a package sent or received (in the caller's transaction); returns its id. */
export async function recordEdxmlPackage(q: Queryable, p: EdxmlPackageRecord, now: Date): Promise<string> {
  const rows: { id: string }[] = await q.query(
    `INSERT INTO edxml_packages (direction, kind, via, peer_id, from_organ_id, to_organ_ids, document_id, business_type,
       status_code, sha256, size, signer_sha256, created_at, signature_algorithm, signature_placement, layout)
     VALUES ($1, $2, $3, $4, $5, $6::text[], $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id`,
    [
      p.direction,
      p.kind,
      p.via,
      p.peerId,
      p.fromOrganId,
      p.toOrganIds,
      p.documentId,
      p.businessType,
      p.statusCode,
      p.sha256,
      p.size,
      p.signerSha256,
      now,
      p.signatureAlgorithm ?? null,
      p.signaturePlacement ?? null,
      p.layout ?? null,
    ],
  );
  return rows[0]!.id;
}
