/**
 * The Vietnamese trust anchors shipped with the project (files in `roots/`), each pinned by the
 * SHA-256 fingerprint of its DER encoding (RFC 5280 §4.1: the certificate as signed). The values come
 * from the shared trust README, which cites the issuers' publications.
 */
export interface ShippedAnchor {
  /** File name in `roots/`. */
  readonly file: string;
  readonly role: 'root' | 'intermediate';
  readonly description: { readonly vi: string; readonly en: string };
  /** Lowercase hex SHA-256 of the DER certificate. */
  readonly sha256: string;
}

export const SHIPPED_ANCHORS: readonly ShippedAnchor[] = [
  {
    file: 'vgca-rootca-g2.pem',
    role: 'root',
    description: {
      vi: 'CA gốc chuyên dùng Chính phủ G2 (Ban Cơ yếu Chính phủ)',
      en: 'Government special-purpose Root CA G2 (Government Cipher Committee)',
    },
    sha256: 'f04ba4b459a7c9a1b971ad9b1cb833e695a80c79aea63b174b66a70edfe2fdb8',
  },
  {
    file: 'vgca-ca-g2-state-agencies.pem',
    role: 'intermediate',
    description: {
      vi: 'CA phục vụ các cơ quan Nhà nước G2',
      en: 'Issuing CA G2 for state agencies',
    },
    sha256: 'd8cab7a4aef92e6bb2509d7c61cee7b44f3731b2d21074963530277b366fae4b',
  },
  {
    file: 'vietnam-national-root-ca.pem',
    role: 'root',
    description: {
      vi: 'CA gốc quốc gia (Trung tâm Chứng thực điện tử quốc gia)',
      en: 'Vietnam National Root CA (National Centre of Digital Signature Authentication)',
    },
    sha256: 'bac8bf609ab420a8ee1780d74f4de5c7f7184959d2a7375b0a75e4c29f0908e7',
  },
  {
    file: 'vnpt-ca-sha2.pem',
    role: 'intermediate',
    description: { vi: 'VNPT-CA SHA2 (dưới CA gốc quốc gia)', en: 'VNPT-CA SHA2 (under the national root)' },
    sha256: '7d6ba5245317f9ed5d8bc765a4634d26ac6340d36b9f584df3b52d9c4a81a306',
  },
];
