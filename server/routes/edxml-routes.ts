import fs from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import type { Clock } from '../../workflows/context';
import type { FederationDeps } from '../../workflows/federation/federation-deps';
import { exportEdxmlPackage } from '../../workflows/federation/export-edxml-package';
import { getEdxmlIncoming } from '../../workflows/federation/get-edxml-incoming';
import { listExternalRecipientStatus } from '../../workflows/federation/list-external-recipient-status';
import { openEdxmlIncomingFile } from '../../workflows/federation/open-edxml-incoming-file';
import { receiveEdxml } from '../../workflows/federation/receive-edxml';
import { requestState } from '../http/request-state';
import type { RouteTable } from '../http/route-table';
import { contentDisposition } from './incoming-routes';
import { dateTime, uuidParam } from './schemas';

const ORGAN_ID = /^[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z][0-9]{2}$/;
const statusCode = z.enum(['01', '02', '03', '04', '05', '06', '13', '15', '16']);

/** What receiving a package answers (inbox and import). */
export const receiveResult = z.object({
  kind: z.enum(['document', 'status']),
  outcome: z
    .enum(['created', 'updated', 'recalled', 'recorded', 'duplicate'])
    .describe('`duplicate`: the package was received before; nothing was created or changed'),
  documentId: z.string().describe('edXML document id {organId},{yyyy/MM/dd},{number}/{notation}'),
  businessType: z
    .number()
    .int()
    .nullable()
    .describe('0 new, 1 recall, 2 update, 3 replace; null for a status'),
  statusCode: statusCode.nullable(),
  incomingIds: z.array(z.uuid()).readonly(),
  notHere: z.array(z.string()).readonly().describe('Codes of To that are not units of this server'),
});

const externalRecipient = z.object({
  organId: z.string(),
  organName: z.string().nullable(),
  peer: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  delivery: z.enum(['queued', 'delivered', 'failed']),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  failure: z
    .object({
      permanent: z
        .boolean()
        .describe('The peer refused the package (4xx other than 408/429): failed at once'),
      code: z.string().describe('Our error code, e.g. FEDERATION_PEER_REFUSED'),
      peerStatus: z.number().int().nullable().describe('HTTP status the peer answered'),
      peerCode: z.string().nullable().describe('The peer’s error code, e.g. EDXML_RECIPIENT_UNKNOWN'),
      peerMessage: z.string().nullable(),
      at: dateTime,
    })
    .nullable()
    .describe('Why the delivery was given up (null unless failed)'),
  deliveredAt: dateTime.nullable(),
  documentId: z.string().nullable(),
  statusCode: statusCode.nullable(),
  recallCode: z.enum(['13', '15', '16']).nullable(),
  events: z
    .array(
      z.object({
        code: statusCode,
        at: dateTime,
        receivedAt: dateTime,
        note: z.string().nullable(),
        staff: z.string().nullable(),
      }),
    )
    .readonly(),
});

const file = z.object({ name: z.string(), contentType: z.string(), sha256: z.string(), size: z.number() });
const edxmlIncoming = z.object({
  incomingId: z.uuid(),
  documentId: z.string(),
  sender: z.object({
    organId: z.string(),
    organName: z.string(),
    organizationInCharge: z.string().optional(),
    organAdd: z.string().optional(),
    email: z.string().optional(),
    telephone: z.string().optional(),
    fax: z.string().optional(),
    website: z.string().optional(),
  }),
  promulgationDate: z.string(),
  dueDate: z.string().nullable(),
  signerName: z.string().nullable(),
  signerPosition: z.string().nullable(),
  signature: z
    .object({
      algorithm: z.enum(['rsa-sha256', 'rsa-sha1']),
      weak: z.boolean().describe('RSA-SHA1: accepted only because the sending peer is configured for it'),
      placement: z.enum(['xmldsig', 'qcvn', 'none']).describe('the namespace the XMLDSig element was in'),
      layout: z.enum(['sdk', 'envelope', 'soap']).describe('the package layout: VNPT SDK, VanBan, Bkav SOAP'),
      signerSubject: z.string(),
      signerSha256: z.string(),
    })
    .nullable()
    .describe('How the package was signed (null: received before this was recorded)'),
  pdfSha256: z.string(),
  attachments: z.array(file).readonly(),
  trace: z.array(z.object({ organId: z.string(), timestamp: z.string() })).readonly(),
  replacesDocumentIds: z.array(z.string()).readonly(),
  supersededByIncomingId: z.uuid().nullable(),
  updatedAt: dateTime.nullable(),
  packageSha256: z.string(),
});

/**
 * edXML packages (QCVN 102:2016) by hand and the sender's view of external recipients: export an issued
 * document as a signed package, import a package received by other means (a clerk, for the clerk's
 * unit), the statuses external recipients reported, the edXML facts and files of an incoming document.
 */
export function edxmlRoutes(
  table: RouteTable,
  deps: {
    readonly db: DataSource;
    readonly clock: Clock;
    readonly federation: FederationDeps;
    readonly maxBytes: number;
  },
): void {
  const { federation } = deps;

  table.route({
    method: 'get',
    path: '/api/edxml/outgoing/:id/package',
    tags: ['edxml'],
    summary: 'Xuất gói tin edXML / Export an issued document as an edXML package',
    description:
      'The sealed PDF and signed attachments in a QCVN 102:2016 package signed with the server key ' +
      '(application/xml). `to`: receiving organisation codes, comma-separated; default: the document’s ' +
      'external recipients. Clerks and leaders of the issuing unit.',
    auth: ['clerk', 'leader'],
    params: uuidParam,
    query: z.strictObject({
      to: z
        .string()
        .max(2000)
        .optional()
        .transform((v) =>
          v
            ? v
                .split(',')
                .map((c) => c.trim())
                .filter(Boolean)
            : [],
        )
        .refine((codes) => codes.every((c) => ORGAN_ID.test(c)), 'QCVN 102:2016 codes NNN.NN.NN.XNN'),
    }),
    errors: [
      'DOCUMENT_NOT_FOUND',
      'DOCUMENT_STATE_INVALID',
      'DOCUMENT_CLASSIFIED',
      'EDXML_RECIPIENT_UNKNOWN',
      'FEDERATION_SIGNER_UNAVAILABLE',
      'OBJECT_STORE_UNAVAILABLE',
    ],
    handler: async ({ ctx, params, query, res }) => {
      const pkg = await exportEdxmlPackage(ctx, federation, {
        documentId: params.id,
        to: query.to.map((organId) => ({ organId })),
      });
      res.status(200);
      res.setHeader('Content-Type', 'application/xml; charset=utf-8');
      res.setHeader('Content-Length', String(pkg.bytes.length));
      res.setHeader('Content-Disposition', contentDisposition(pkg.fileName, 'attachment'));
      res.setHeader('X-Edxml-Document-Id', encodeURIComponent(pkg.documentId));
      res.setHeader('Cache-Control', 'private, no-store');
      res.end(pkg.bytes);
    },
  });

  table.route({
    method: 'post',
    path: '/api/edxml/import',
    tags: ['edxml'],
    summary: 'Nhập gói tin edXML / Import an edXML package as an incoming document',
    description:
      'Body: the package (application/xml). Its signature must verify against the certificate configured ' +
      'for the sending organisation’s peer. Creates the incoming record (status 01) for the clerk’s unit; a ' +
      'package received before answers `duplicate` with the existing record.',
    auth: ['clerk'],
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
      'EDXML_NOT_ADDRESSED',
      'EDXML_RECIPIENT_UNKNOWN',
      'EDXML_DOCUMENT_NOT_FOUND',
      'PAYLOAD_TOO_LARGE',
    ],
    handler: async ({ ctx, upload }) =>
      receiveEdxml(deps, federation, {
        bytes: await fs.readFile(upload!.path),
        via: 'import',
        actor: ctx.actor,
        requestMetadata: ctx.requestMetadata,
      }),
  });

  table.route({
    method: 'get',
    path: '/api/edxml/outgoing/:id/external-recipients',
    tags: ['edxml'],
    summary: 'Trạng thái nơi nhận ngoài hệ thống / Statuses of external recipients',
    description:
      'Per external organisation: the edXML delivery (queued, delivered, failed after the last attempt) and ' +
      'every status its system reported (01–06, recall 13/15/16) with when it happened and arrived.',
    auth: 'authenticated',
    params: uuidParam,
    response: z.array(externalRecipient),
    errors: ['DOCUMENT_NOT_FOUND'],
    handler: async ({ ctx, params }) => listExternalRecipientStatus(ctx, { documentId: params.id }),
  });

  table.route({
    method: 'get',
    path: '/api/edxml/incoming/:id',
    tags: ['edxml'],
    summary: 'Thông tin edXML của văn bản đến / edXML facts of an incoming document',
    description:
      'Sender, document id, files, trace and replacement of a document received from another system.',
    auth: 'authenticated',
    params: uuidParam,
    response: edxmlIncoming,
    errors: ['INCOMING_NOT_FOUND'],
    handler: async ({ ctx, params }) => getEdxmlIncoming(ctx, { incomingId: params.id }),
  });

  table.route({
    method: 'get',
    path: '/api/edxml/incoming/:id/files/:sha256',
    tags: ['edxml'],
    summary: 'Tải tệp của văn bản đến liên thông / Download a file of an incoming edXML document',
    auth: 'authenticated',
    params: z.strictObject({ id: z.uuid(), sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
    errors: ['INCOMING_NOT_FOUND', 'OBJECT_STORE_UNAVAILABLE'],
    handler: async ({ ctx, params, res }) => {
      const f = await openEdxmlIncomingFile(ctx, federation.objects, {
        incomingId: params.id,
        sha256: params.sha256,
      });
      res.status(200);
      res.setHeader('Content-Type', f.contentType);
      res.setHeader('Content-Length', String(f.size));
      res.setHeader('Content-Disposition', contentDisposition(f.name, 'attachment'));
      res.setHeader('Cache-Control', 'private, no-cache');
      try {
        await pipeline(f.stream, res);
      } catch (e) {
        requestState(res).log.warn({ err: e, sha256: params.sha256 }, 'download interrupted');
        res.destroy();
      }
    },
  });
}
