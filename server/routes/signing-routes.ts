import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { addSigningCredential } from '../../workflows/signing/add-signing-credential';
import { deactivateSigningCredential } from '../../workflows/signing/deactivate-signing-credential';
import { listSigningCredentials } from '../../workflows/signing/list-signing-credentials';
import { listUsableCredentials } from '../../workflows/signing/list-usable-credentials';
import { setCredentialImage } from '../../workflows/signing/set-credential-image';
import { signUploadedPdf } from '../../workflows/signing/sign-uploaded-pdf';
import type { SigningServices } from '../../workflows/signing/signing-services';
import {
  getUnitSigningSettings,
  setUnitSigningSettings,
} from '../../workflows/signing/unit-signing-settings';
import { HttpError } from '../http/http-error';
import { requestState } from '../http/request-state';
import type { RouteTable } from '../http/route-table';
import { contentDisposition } from './incoming-routes';
import { signingPin } from './outgoing-routes';
import { cursor, dateTime, limit } from './schemas';

const LEVEL = z.enum(['B-B', 'B-T', 'B-LT', 'B-LTA']);
const ADMIN = ['admin'] as const;

export const credentialSchema = z.object({
  id: z.uuid(),
  ownerKind: z.enum(['user', 'unit']).describe('user: personal (leader) signature; unit: organisation seal'),
  userId: z.uuid().nullable(),
  unitId: z.uuid(),
  kind: z.enum(['pkcs12', 'pkcs11', 'external']),
  label: z.string(),
  pkcs11Token: z.string().nullable(),
  subject: z.string(),
  issuer: z.string(),
  serialHex: z.string(),
  notBefore: dateTime,
  notAfter: dateTime,
  sha256: z.string().describe('SHA-256 fingerprint of the certificate'),
  certificatePem: z.string(),
  chainPem: z.string(),
  hasStampImage: z.boolean(),
  dev: z.boolean().describe('Issued by the development CA'),
  active: z.boolean(),
  pinLockedUntil: dateTime.nullable(),
  createdAt: dateTime,
  deactivatedAt: dateTime.nullable(),
});

const ownerQuery = {
  userId: z.uuid().optional().describe('Owner: a person (personal signature)'),
  unitId: z.uuid().optional().describe('Owner: a unit (organisation seal)'),
};
const owner = (q: { userId?: string; unitId?: string }) => {
  if ((q.userId === undefined) === (q.unitId === undefined)) {
    throw new HttpError('BAD_REQUEST', {
      vi: 'Cần đúng một trong userId, unitId',
      en: 'Exactly one of userId, unitId is required',
    });
  }
  return q.userId !== undefined ? { userId: q.userId } : { unitId: q.unitId! };
};

const CREDENTIAL_ERRORS = [
  'SIGNING_OWNER_NOT_FOUND',
  'SIGNING_CREDENTIAL_INVALID',
  'SIGNING_CREDENTIAL_DUPLICATE',
  'SIGNING_TOKEN_NOT_FOUND',
  'SIGNING_PIN_MISSING',
  'P12_BAD_PASSWORD',
  'P12_MALFORMED',
  'PKCS11_LOGIN_FAILED',
  'KEY_CERT_MISMATCH',
  'CERT_MALFORMED',
  'CERT_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
];

/**
 * Signing credentials (admins of the unit and above; another unit's answer 404), the credentials a
 * signer may use, per-unit signing settings, and the signing engine as an HTTP service.
 */
export function signingRoutes(table: RouteTable, deps: { readonly signing: SigningServices }): void {
  const { signing } = deps;

  table.route({
    method: 'get',
    path: '/api/signing/credentials',
    tags: ['signing'],
    summary: 'Danh sách chứng thư ký số / List signing credentials',
    description:
      'Credentials of a unit (`unit`, default the caller’s; its users’ personal ones and its seals), newest ' +
      'first. Never the key material.',
    auth: ADMIN,
    query: z.strictObject({
      unit: z.uuid().optional(),
      userId: z.uuid().optional(),
      ownerKind: z.enum(['user', 'unit']).optional(),
      active: z.enum(['true', 'false']).optional(),
      limit,
      cursor,
    }),
    response: z.object({ items: z.array(credentialSchema), nextCursor: z.string().nullable() }),
    errors: ['SIGNING_OWNER_NOT_FOUND'],
    handler: async ({ ctx, query }) =>
      listSigningCredentials(ctx, {
        unitId: query.unit,
        userId: query.userId,
        ownerKind: query.ownerKind,
        activeOnly: query.active === 'true',
        limit: query.limit,
        cursor: query.cursor,
      }),
  });

  table.route({
    method: 'post',
    path: '/api/signing/credentials/pkcs12',
    tags: ['signing'],
    summary: 'Thêm chứng thư PKCS#12 / Add a PKCS#12 credential',
    description:
      'Raw `application/x-pkcs12` body (at most 64 KiB) for a person (`userId`) or a unit (`unitId`). The ' +
      'file’s password goes in `X-Signing-Pin`: the server checks the key against the certificate, the ' +
      'certificate’s validity and revocation, and keeps the file as uploaded (encrypted by that password, ' +
      'which it never stores). Signers type the password at signing time.',
    auth: ADMIN,
    query: z.strictObject({ ...ownerQuery, label: z.string().trim().min(1).max(300).optional() }),
    upload: { contentTypes: ['application/x-pkcs12', 'application/octet-stream'], maxBytes: 64 * 1024 },
    status: 201,
    response: credentialSchema,
    errors: CREDENTIAL_ERRORS,
    handler: async ({ ctx, query, upload, req }) => {
      const password = signingPin(req);
      if (password === undefined) throw new HttpError('SIGNING_PIN_MISSING', PIN_MISSING);
      return addSigningCredential(ctx, signing, {
        owner: owner(query),
        label: query.label,
        kind: 'pkcs12',
        pkcs12: await fs.promises.readFile(upload!.path),
        password,
      });
    },
  });

  table.route({
    method: 'post',
    path: '/api/signing/credentials',
    tags: ['signing'],
    summary: 'Thêm chứng thư PKCS#11 hoặc ký hai bước / Add a PKCS#11 or external credential',
    description:
      '`pkcs11`: a key on a token of the server configuration (`token` names it: module path, token label, ' +
      'key label); the token PIN in `X-Signing-Pin` proves the key signs for the certificate (read from the ' +
      'token or given as `certificatePem`). `external`: the key stays on the signer’s device (two-step ' +
      'signing); `certificatePem` is the signer’s certificate, optionally followed by its CAs.',
    auth: ADMIN,
    status: 201,
    body: z.discriminatedUnion('kind', [
      z.strictObject({
        kind: z.literal('pkcs11'),
        ...ownerQuery,
        label: z.string().trim().min(1).max(300).optional(),
        token: z.string().min(1).max(100),
        certificatePem: z
          .string()
          .max(64 * 1024)
          .optional(),
        chainPem: z
          .string()
          .max(64 * 1024)
          .optional(),
      }),
      z.strictObject({
        kind: z.literal('external'),
        ...ownerQuery,
        label: z.string().trim().min(1).max(300).optional(),
        certificatePem: z
          .string()
          .min(1)
          .max(64 * 1024),
        chainPem: z
          .string()
          .max(64 * 1024)
          .optional(),
      }),
    ]),
    response: credentialSchema,
    errors: CREDENTIAL_ERRORS,
    handler: async ({ ctx, body, req }) => {
      if (body.kind === 'external') {
        return addSigningCredential(ctx, signing, {
          owner: owner(body),
          label: body.label,
          kind: 'external',
          certificatePem: body.certificatePem,
          chainPem: body.chainPem,
        });
      }
      const pin = signingPin(req);
      if (pin === undefined) throw new HttpError('SIGNING_PIN_MISSING', PIN_MISSING);
      return addSigningCredential(ctx, signing, {
        owner: owner(body),
        label: body.label,
        kind: 'pkcs11',
        token: body.token,
        pin,
        certificatePem: body.certificatePem,
        chainPem: body.chainPem,
      });
    },
  });

  table.route({
    method: 'get',
    path: '/api/signing/pkcs11-tokens',
    tags: ['signing'],
    summary: 'Khóa PKCS#11 được phép / The PKCS#11 tokens the server allows',
    description:
      'The tokens of the server configuration (`SIGNING_PKCS11_TOKENS`): the name a PKCS#11 credential ' +
      'refers to (`token` of POST /api/signing/credentials), the module path, the token label and the key ' +
      'label or id. Only these modules are ever loaded; never a PIN.',
    auth: ADMIN,
    response: z.object({
      items: z.array(
        z.object({
          name: z.string(),
          modulePath: z.string(),
          tokenLabel: z.string(),
          keyLabel: z.string().nullable(),
          keyId: z.string().nullable(),
        }),
      ),
    }),
    handler: async () => ({
      items: Object.entries(signing.pkcs11Tokens)
        .map(([name, t]) => ({
          name,
          modulePath: t.modulePath,
          tokenLabel: t.tokenLabel,
          keyLabel: t.keyLabel ?? null,
          keyId: t.keyId ?? null,
        }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    }),
  });

  table.route({
    method: 'post',
    path: '/api/signing/credentials/:id/deactivate',
    tags: ['signing'],
    summary: 'Ngừng sử dụng chứng thư / Deactivate a credential',
    description: 'It can no longer sign (nor complete prepared two-step sessions). Idempotent.',
    auth: ADMIN,
    params: z.strictObject({ id: z.uuid() }),
    response: credentialSchema,
    errors: ['SIGNING_CREDENTIAL_NOT_FOUND'],
    handler: async ({ ctx, params }) => deactivateSigningCredential(ctx, { credentialId: params.id }),
  });

  table.route({
    method: 'put',
    path: '/api/signing/credentials/:id/image',
    tags: ['signing'],
    summary: 'Ảnh chữ ký / con dấu / Set the stamp image',
    description:
      'Raw `image/png` or `image/jpeg` (≤ 1 MiB): the leader’s signature image or the unit’s red seal (PNG ' +
      'with transparency), drawn in the stamp. An admin of the unit, or the owner of a personal credential.',
    auth: 'authenticated',
    params: z.strictObject({ id: z.uuid() }),
    upload: { contentTypes: ['image/png', 'image/jpeg'], maxBytes: 1024 * 1024 },
    response: credentialSchema,
    errors: ['SIGNING_CREDENTIAL_NOT_FOUND', 'SIGNING_IMAGE_INVALID', 'IMAGE_UNSUPPORTED'],
    handler: async ({ ctx, params, upload }) =>
      setCredentialImage(ctx, { credentialId: params.id, image: await fs.promises.readFile(upload!.path) }),
  });

  table.route({
    method: 'delete',
    path: '/api/signing/credentials/:id/image',
    tags: ['signing'],
    summary: 'Bỏ ảnh chữ ký / con dấu / Remove the stamp image',
    auth: 'authenticated',
    params: z.strictObject({ id: z.uuid() }),
    response: credentialSchema,
    errors: ['SIGNING_CREDENTIAL_NOT_FOUND'],
    handler: async ({ ctx, params }) => setCredentialImage(ctx, { credentialId: params.id, image: null }),
  });

  table.route({
    method: 'get',
    path: '/api/signing/my-credentials',
    tags: ['signing'],
    summary: 'Chứng thư tôi được dùng / Credentials I may sign with',
    description:
      'The caller’s own personal credentials and, for clerks and leaders, the seal credentials of their unit ' +
      '(active only). In development mode a leader without a credential and a clerk whose unit has no seal ' +
      'get a development credential issued now; development credentials carry their demo `devPin`.',
    auth: 'authenticated',
    response: z.array(credentialSchema.extend({ devPin: z.string().optional() })),
    handler: async ({ ctx }) => listUsableCredentials(ctx, signing),
  });

  table.route({
    method: 'get',
    path: '/api/signing/units/:id/settings',
    tags: ['signing'],
    summary: 'Thiết lập ký số của đơn vị / A unit’s signing settings',
    description:
      '`effectivePlaceName` is the place (địa danh) of the date line: the override `placeName`, else the ' +
      'name of the nearest People’s Committee among the unit and its ancestors ("Ủy ban nhân dân huyện Bến ' +
      'Lức" → "Bến Lức"), else the unit’s name.',
    auth: ADMIN,
    params: z.strictObject({ id: z.uuid() }),
    response: z.object({
      unitId: z.uuid(),
      placeName: z.string().nullable(),
      effectivePlaceName: z.string(),
    }),
    errors: ['SIGNING_OWNER_NOT_FOUND'],
    handler: async ({ ctx, params }) => getUnitSigningSettings(ctx, { unitId: params.id }),
  });

  table.route({
    method: 'put',
    path: '/api/signing/units/:id/settings',
    tags: ['signing'],
    summary: 'Đặt địa danh / Set a unit’s place name',
    auth: ADMIN,
    params: z.strictObject({ id: z.uuid() }),
    body: z.strictObject({ placeName: z.string().max(100).nullable() }),
    response: z.object({
      unitId: z.uuid(),
      placeName: z.string().nullable(),
      effectivePlaceName: z.string(),
    }),
    errors: ['SIGNING_OWNER_NOT_FOUND', 'SIGNING_SETTINGS_INVALID'],
    handler: async ({ ctx, params, body }) =>
      setUnitSigningSettings(ctx, { unitId: params.id, placeName: body.placeName }),
  });

  table.route({
    method: 'post',
    path: '/api/signing/sign',
    tags: ['signing'],
    summary: 'Ký một tệp PDF / Sign a PDF (signing service)',
    description:
      'For integrations that sign files outside a workflow: raw `application/pdf` body, options in the query, ' +
      'the PIN in `X-Signing-Pin` (percent-encoded UTF-8 if not ASCII; never stored or logged); the answer is ' +
      'the signed PDF (`application/pdf`, `X-Signed-Sha256`). `role=leader` with one’s own personal credential; ' +
      '`org` / `attachment` with a seal credential of one’s unit (clerks and leaders). `level` defaults to the ' +
      'server’s level for the role. `number` and `date` fill the number and date fields (role org); ' +
      '`documentNumber` is the attachment marker. The server keeps nothing but the audit event. The PDF is ' +
      'read first in a separate process under safety limits (32 MiB per decoded stream, 64 MiB per file, ' +
      'time and memory): a file that cannot be read within them answers 422 with the PDF engine’s code ' +
      '(`PDF_LIMIT_EXCEEDED` with `details.limit`, `PDF_MALFORMED`, …).',
    auth: 'authenticated',
    query: z.strictObject({
      credentialId: z.uuid(),
      role: z.enum(['leader', 'org', 'attachment']),
      level: LEVEL.optional(),
      number: z.string().min(1).max(100).optional(),
      date: z.string().min(1).max(200).optional(),
      documentNumber: z.string().min(1).max(100).optional(),
      title: z.string().min(1).max(100).optional(),
      reason: z.string().min(1).max(300).optional(),
      location: z.string().min(1).max(300).optional(),
      visible: z.enum(['true', 'false']).optional(),
      draftFields: z.enum(['true', 'false']).optional(),
    }),
    upload: { contentTypes: ['application/pdf'], pdf: true },
    errors: [
      'SIGNING_CREDENTIAL_NOT_FOUND',
      'SIGNING_CREDENTIAL_INVALID',
      'SIGNING_CREDENTIAL_INACTIVE',
      'SIGNING_KEY_EXTERNAL',
      'SIGNING_PIN_MISSING',
      'SIGNING_PIN_LOCKED',
      'SIGNING_PIN_INCORRECT',
      'CERT_EXPIRED',
      'CERT_REVOKED',
      'SIGNING_SERVICE_UNAVAILABLE',
      'PDF_ENCRYPTED',
      'PDF_CERTIFIED_NO_CHANGES',
      'PDF_MALFORMED',
      'PDF_XREF_BROKEN',
      'PDF_LIMIT_EXCEEDED',
      'VALIDATION_BUSY',
      'FIELD_NOT_FOUND',
      'UPLOAD_NOT_PDF',
    ],
    handler: async ({ ctx, query, upload, req, res }) => {
      const fill =
        query.number !== undefined || query.date !== undefined
          ? { number: query.number, date: query.date }
          : undefined;
      const signed = await signUploadedPdf(ctx, signing, {
        path: upload!.path,
        sha256: upload!.sha256,
        credentialId: query.credentialId,
        pin: signingPin(req),
        role: query.role,
        level: query.level,
        fill,
        documentNumber: query.documentNumber,
        title: query.title,
        reason: query.reason,
        location: query.location,
        visible: query.visible === undefined ? undefined : query.visible === 'true',
        draftFields: query.draftFields === undefined ? undefined : query.draftFields === 'true',
      });
      try {
        const base = (upload!.fileName ?? 'van-ban.pdf').replace(/\.pdf$/i, '');
        res.status(200);
        res.setHeader('Content-Type', 'application/pdf');
        res.setHeader('Content-Length', String(signed.size));
        res.setHeader('Content-Disposition', contentDisposition(`${base} (đã ký).pdf`, 'attachment'));
        res.setHeader('X-Signed-Sha256', signed.sha256);
        res.setHeader('Cache-Control', 'no-store');
        await pipeline(fs.createReadStream(signed.path), res);
      } catch (e) {
        requestState(res).log.warn({ err: e }, 'signed PDF download interrupted');
        res.destroy();
      } finally {
        await signed.dispose();
      }
    },
  });
}

const PIN_MISSING = {
  vi: 'Cần mật khẩu / mã PIN của khóa trong tiêu đề X-Signing-Pin',
  en: 'The key’s password / PIN is required in the X-Signing-Pin header',
};
