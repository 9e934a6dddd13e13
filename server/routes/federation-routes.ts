import fs from 'node:fs/promises';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import type { Clock } from '../../workflows/context';
import { createPeer } from '../../workflows/federation/create-peer';
import type { FederationDeps } from '../../workflows/federation/federation-deps';
import { FederationError } from '../../workflows/federation/federation-error';
import type { FederationPeer } from '../../workflows/federation/federation-peer';
import { listPeers } from '../../workflows/federation/list-peers';
import {
  FEDERATION_INBOX_PATH,
  httpsPeerTransport,
  type PeerTransport,
} from '../../workflows/federation/peer-transport';
import type { Signer } from '../../signing/sign/signers/signer';
import type { ObjectStore } from '../../storage/objects/object-store';
import { DEFAULT_EDXML_LIMITS } from '../../workflows/exchange/edxml/read-edxml-message';
import { receiveEdxml } from '../../workflows/federation/receive-edxml';
import { updatePeer } from '../../workflows/federation/update-peer';
import { serverSigningCertificate } from '../../workflows/federation/server-signing-certificate';
import type { RouteTable } from '../http/route-table';
import { edxmlRoutes, receiveResult } from './edxml-routes';
import { dateTime, uuidParam } from './schemas';

const profileFields = {
  layout: z
    .enum(['sdk', 'envelope'])
    .describe(
      'sdk: outer <edXML> root, edXMLManifest, AttachmentEncoded beside the envelope (national SDKs); envelope: edXML:edXMLEnvelope root (VanBan before)',
    ),
  attachments: z
    .enum(['sdk', 'zip'])
    .describe(
      'sdk: PDF/Word/Excel as plain base64, other files zipped as application/zip; zip: every file in a ZIP',
    ),
  statusForm: z
    .enum(['message-header', 'status'])
    .describe(
      'message-header: the status fields in edXML:MessageHeader (national SDKs); status: edXML:Status',
    ),
  signatureAlgorithm: z
    .enum(['rsa-sha256', 'rsa-sha1'])
    .describe(
      'what the peer signs with; rsa-sha1 lets its RSA-SHA1 packages in, marked weak. This server signs RSA-SHA256',
    ),
};

const peerSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  organPatterns: z.array(z.string()),
  baseUrl: z.string(),
  signingCertificates: z.array(
    z.object({ subject: z.string(), sha256: z.string(), notBefore: dateTime, notAfter: dateTime }),
  ),
  tlsCa: z.enum(['configured', 'system']),
  enabled: z.boolean(),
  profile: z.object(profileFields).describe('How the peer writes and reads edXML (docs/edxml-federation.md)'),
  createdAt: dateTime,
  updatedAt: dateTime,
});

const peerView = (p: FederationPeer) => ({
  id: p.id,
  name: p.name,
  organPatterns: [...p.organPatterns],
  baseUrl: p.baseUrl,
  signingCertificates: p.signingCertificates.map((c) => ({
    subject: c.subject,
    sha256: c.fingerprint('sha256').toString('hex'),
    notBefore: c.notBefore,
    notAfter: c.notAfter,
  })),
  tlsCa: p.tlsCaPem ? ('configured' as const) : ('system' as const),
  enabled: p.enabled,
  profile: { ...p.profile },
  createdAt: p.createdAt,
  updatedAt: p.updatedAt,
});

const peerBody = z.strictObject({
  name: z.string().min(1).max(200),
  organPatterns: z
    .array(z.string().max(40))
    .min(1)
    .max(200)
    .describe('QCVN 102:2016 codes (000.00.10.H98) or suffixes (*.H98: every unit of province H98)'),
  baseUrl: z
    .string()
    .max(500)
    .describe('https address of the peer server; its inbox is {baseUrl}/api/federation/inbox'),
  signingCertificatesPem: z
    .string()
    .max(100_000)
    .describe('PEM of the certificates the peer signs packages with'),
  tlsCaPem: z
    .string()
    .max(200_000)
    .nullable()
    .optional()
    .describe('PEM of the CAs trusted for the peer’s TLS; default: system roots'),
  enabled: z.boolean().optional(),
  profile: z
    .strictObject({
      layout: profileFields.layout.optional(),
      attachments: profileFields.attachments.optional(),
      statusForm: profileFields.statusForm.optional(),
      signatureAlgorithm: profileFields.signatureAlgorithm.optional(),
    })
    .optional()
    .describe('Omitted fields: the national SDKs’ conventions (new peer) or unchanged (PATCH)'),
});

export interface FederationRouteDeps {
  readonly db: DataSource;
  readonly clock: Clock;
  readonly federation: FederationDeps;
  readonly maxBytes: number;
  /** Refuse inbox requests that did not come over TLS (directly or through a trusted proxy). */
  readonly inboxRequiresTls: boolean;
  /** Inbox messages processed at once; beyond it FEDERATION_INBOX_UNAVAILABLE (the peer retries). */
  readonly inboxConcurrency?: number;
}

/**
 * Federation between VanBan servers (and other QCVN 102:2016 systems): the inbox peers post signed
 * packages and status messages to — authenticated by the XML signature against the certificate
 * configured for the sending organisation's peer, not by a login — and the peer configuration
 * (administrators of a top-level unit).
 */
export function federationRoutes(table: RouteTable, deps: FederationRouteDeps): void {
  const limit = deps.inboxConcurrency ?? 2;
  let busy = 0;

  table.route({
    method: 'post',
    path: FEDERATION_INBOX_PATH,
    tags: ['federation'],
    summary: 'Hộp thư liên thông / Federation inbox (edXML packages and status messages)',
    description:
      'Body: a signed edXML document package or `edXML:Status` message (application/xml). No login: the ' +
      'XML signature must verify with a certificate configured for the peer of the From organisation. ' +
      'Documents are deduplicated by document id (`duplicate`: nothing created). Over TLS only in production.',
    auth: 'public',
    upload: { contentTypes: ['application/xml', 'text/xml'], maxBytes: deps.maxBytes },
    response: receiveResult,
    errors: [
      'EDXML_MALFORMED',
      'EDXML_TOO_LARGE',
      'EDXML_UNSIGNED',
      'EDXML_SIGNATURE_INVALID',
      'EDXML_SIGNER_UNTRUSTED',
      'EDXML_SENDER_MISMATCH',
      'EDXML_ATTACHMENT_INVALID',
      'EDXML_STATUS_CODE_INVALID',
      'EDXML_RECIPIENT_UNKNOWN',
      'EDXML_DOCUMENT_NOT_FOUND',
      'FEDERATION_TLS_REQUIRED',
      'FEDERATION_INBOX_UNAVAILABLE',
      'PAYLOAD_TOO_LARGE',
    ],
    handler: async ({ req, upload, requestMetadata }) => {
      if (deps.inboxRequiresTls && !req.secure) {
        throw new FederationError('FEDERATION_TLS_REQUIRED', {
          vi: 'Hộp thư liên thông chỉ nhận kết nối HTTPS',
          en: 'The federation inbox accepts HTTPS only',
        });
      }
      if (busy >= limit) {
        throw new FederationError(
          'FEDERATION_INBOX_UNAVAILABLE',
          {
            vi: 'Hộp thư liên thông đang bận, hãy gửi lại sau',
            en: 'The federation inbox is busy; retry later',
          },
          { limit },
        );
      }
      busy++;
      try {
        return await receiveEdxml(deps, deps.federation, {
          bytes: await fs.readFile(upload!.path),
          via: 'federation',
          requestMetadata,
        });
      } finally {
        busy--;
      }
    },
  });

  table.route({
    method: 'get',
    path: '/api/federation/peers',
    tags: ['federation'],
    summary: 'Hệ thống liên thông / Federation peers',
    auth: ['admin'],
    response: z.array(peerSchema),
    handler: async ({ ctx }) => (await listPeers(ctx)).map(peerView),
  });

  table.route({
    method: 'post',
    path: '/api/federation/peers',
    tags: ['federation'],
    summary: 'Thêm hệ thống liên thông / Add a federation peer',
    auth: ['admin'],
    status: 201,
    body: peerBody,
    response: peerSchema,
    errors: ['FEDERATION_PEER_INVALID', 'FEDERATION_PEER_CONFLICT'],
    handler: async ({ ctx, body }) => peerView(await createPeer(ctx, body)),
  });

  table.route({
    method: 'patch',
    path: '/api/federation/peers/:id',
    tags: ['federation'],
    summary: 'Sửa hệ thống liên thông / Change a federation peer',
    description: '`enabled: false` stops the exchange with it; peers are never deleted.',
    auth: ['admin'],
    params: uuidParam,
    body: peerBody.partial(),
    response: peerSchema,
    errors: ['FEDERATION_PEER_NOT_FOUND', 'FEDERATION_PEER_INVALID', 'FEDERATION_PEER_CONFLICT'],
    handler: async ({ ctx, params, body }) => peerView(await updatePeer(ctx, { id: params.id, ...body })),
  });

  table.route({
    method: 'get',
    path: '/api/federation/signing-certificate',
    tags: ['federation'],
    summary: 'Chứng thư ký gói tin của máy chủ / This server’s edXML signing certificate',
    description: 'PEM, to configure this server as a peer on the other side.',
    auth: ['admin'],
    response: z.object({ pem: z.string(), subject: z.string(), sha256: z.string(), notAfter: dateTime }),
    errors: ['FEDERATION_SIGNER_UNAVAILABLE'],
    handler: async ({ ctx }) => serverSigningCertificate(ctx, deps.federation),
  });
}

/** What the app gets for edXML and federation (server/main.ts builds it from the configuration). */
export interface AppFederation {
  /** The server's edXML signing key (server/jobs/edxml-signer-source.ts). */
  readonly signer: () => Promise<Signer>;
  readonly transport?: PeerTransport;
  /** EDXML_MAX_BYTES (default 64 MiB). */
  readonly maxBytes?: number;
  /** FEDERATION_INBOX_REQUIRE_TLS (default: in production). */
  readonly inboxRequiresTls?: boolean;
  readonly inboxConcurrency?: number;
}

/**
 * Registers the edXML and federation routes with their dependencies; without `federation` (tests of other
 * modules) the routes exist, and signing answers FEDERATION_SIGNER_UNAVAILABLE.
 */
export function edxmlAndFederationRoutes(
  table: RouteTable,
  deps: {
    readonly db: DataSource;
    readonly clock: Clock;
    readonly objects: ObjectStore;
    readonly mode: 'development' | 'production';
    readonly federation?: AppFederation;
  },
): void {
  const f = deps.federation;
  const maxBytes = f?.maxBytes ?? DEFAULT_EDXML_LIMITS.maxBytes;
  const federation: FederationDeps = {
    objects: deps.objects,
    signer: f?.signer ?? (async () => Promise.reject(FederationError.signerUnavailable('not configured'))),
    transport: f?.transport ?? httpsPeerTransport(),
    limits: { maxBytes },
  };
  edxmlRoutes(table, { db: deps.db, clock: deps.clock, federation, maxBytes });
  federationRoutes(table, {
    db: deps.db,
    clock: deps.clock,
    federation,
    maxBytes,
    inboxRequiresTls: f?.inboxRequiresTls ?? deps.mode === 'production',
    ...(f?.inboxConcurrency ? { inboxConcurrency: f.inboxConcurrency } : {}),
  });
}
