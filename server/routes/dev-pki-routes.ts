import fs from 'node:fs';
import type { Response } from 'express';
import { z } from 'zod';
import { REVOCATION_REASONS, type RevocationReason } from '../../signing/pki/dev-crl-issuer';
import type { Clock } from '../../workflows/context';
import type { DevSigningAuthority } from '../../workflows/signing/dev-signing-authority';
import { revokeDevCertificate } from '../../workflows/signing/revoke-dev-certificate';
import type { SigningServices } from '../../workflows/signing/signing-services';
import type { RouteTable } from '../http/route-table';
import { credentialSchema } from './signing-routes';
import { dateTime } from './schemas';

/** Protocol requests are a few hundred bytes; anything much larger is refused (413). */
const MAX_REQUEST_BYTES = 16 * 1024;

const DEV_NOTE = 'Development mode only: in production this path does not exist (404).';

function binary(res: Response, type: string, body: Buffer, cache = 'no-store'): void {
  res.status(200);
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Length', String(body.length));
  res.setHeader('Cache-Control', cache);
  res.end(body);
}

/**
 * The development CA's public services, at the URLs its certificates name (`PUBLIC_URL/pki/dev/...`):
 * CRLs (RFC 5280), the CA certificates (AIA caIssuers), an OCSP responder (RFC 6960, POST and GET per
 * Appendix A.1) and an RFC 3161 timestamp authority. Public (protocol clients do not log in), bodies
 * limited to 16 KiB; registered only in development mode. Plus two routes for people: what the dev
 * PKI is (root certificate, demo PIN) and revoking a development certificate.
 */
export function devPkiRoutes(
  table: RouteTable,
  deps: { readonly dev: DevSigningAuthority; readonly signing: SigningServices; readonly clock: Clock },
): void {
  const { dev, signing, clock } = deps;

  table.route({
    method: 'get',
    path: '/pki/dev/issuing-ca.crl',
    tags: ['dev-pki'],
    summary: 'CRL của CA phát hành (phát triển) / Development issuing CA CRL',
    description: `DER CRL (RFC 5280 §5), fresh on each request, listing the revoked development certificates. ${DEV_NOTE}`,
    auth: 'public',
    handler: async ({ res }) => binary(res, 'application/pkix-crl', await dev.crl('issuing', clock.now())),
  });

  table.route({
    method: 'get',
    path: '/pki/dev/root-ca.crl',
    tags: ['dev-pki'],
    summary: 'CRL của CA gốc (phát triển) / Development root CA CRL',
    description: `DER CRL of the root (covers the issuing CA). ${DEV_NOTE}`,
    auth: 'public',
    handler: async ({ res }) => binary(res, 'application/pkix-crl', await dev.crl('root', clock.now())),
  });

  table.route({
    method: 'get',
    path: '/pki/dev/issuing-ca.cer',
    tags: ['dev-pki'],
    summary: 'Chứng thư CA phát hành / Development issuing CA certificate',
    description: `DER certificate (AIA caIssuers of the development leaves). ${DEV_NOTE}`,
    auth: 'public',
    handler: async ({ res }) =>
      binary(res, 'application/pkix-cert', dev.pki.issuingCa.certificate.der, 'public, max-age=3600'),
  });

  table.route({
    method: 'get',
    path: '/pki/dev/root-ca.cer',
    tags: ['dev-pki'],
    summary: 'Chứng thư CA gốc (phát triển) / Development root CA certificate',
    description: `DER certificate of the development trust anchor, to install in a test viewer. ${DEV_NOTE}`,
    auth: 'public',
    handler: async ({ res }) =>
      binary(res, 'application/pkix-cert', dev.pki.root.certificate.der, 'public, max-age=3600'),
  });

  table.route({
    method: 'post',
    path: '/pki/dev/ocsp',
    tags: ['dev-pki'],
    summary: 'OCSP (phát triển) / Development OCSP responder',
    description:
      'RFC 6960: body `application/ocsp-request` (DER OCSPRequest), answer `application/ocsp-response` ' +
      '(good / revoked / unknown, signed by the delegated responder, nonce echoed; `malformedRequest` for ' +
      `garbage). ${DEV_NOTE}`,
    auth: 'public',
    upload: { contentTypes: ['application/ocsp-request'], maxBytes: MAX_REQUEST_BYTES },
    handler: async ({ upload, res }) =>
      binary(
        res,
        'application/ocsp-response',
        await dev.ocsp(await fs.promises.readFile(upload!.path), clock.now()),
      ),
  });

  table.route({
    method: 'get',
    path: '/pki/dev/ocsp/:request',
    tags: ['dev-pki'],
    summary: 'OCSP qua GET (phát triển) / Development OCSP responder, GET',
    description: `RFC 6960 Appendix A.1: the URL-encoded base64 of the DER OCSPRequest as the last path segment. ${DEV_NOTE}`,
    auth: 'public',
    params: z.strictObject({
      request: z
        .string()
        .min(1)
        .max(4 * MAX_REQUEST_BYTES),
    }),
    handler: async ({ params, res }) => {
      const der = Buffer.from(params.request, 'base64');
      binary(res, 'application/ocsp-response', await dev.ocsp(der, clock.now()));
    },
  });

  table.route({
    method: 'post',
    path: '/pki/dev/tsa',
    tags: ['dev-pki'],
    summary: 'Dịch vụ cấp dấu thời gian (phát triển) / Development timestamp authority',
    description:
      'RFC 3161 §3.4: body `application/timestamp-query` (DER TimeStampReq), answer ' +
      '`application/timestamp-reply` (granted with a token signed by the development TSA, or a rejection ' +
      `status with failInfo). ${DEV_NOTE}`,
    auth: 'public',
    upload: { contentTypes: ['application/timestamp-query'], maxBytes: MAX_REQUEST_BYTES },
    handler: async ({ upload, res }) =>
      binary(
        res,
        'application/timestamp-reply',
        dev.tsa(await fs.promises.readFile(upload!.path), clock.now()),
      ),
  });

  table.route({
    method: 'get',
    path: '/api/dev-pki',
    tags: ['dev-pki'],
    summary: 'PKI phát triển / The development PKI',
    description:
      'What the development CA is: its root certificate (trust it in a test viewer), the service URLs its ' +
      `certificates name, and the demo PIN of development credentials. ${DEV_NOTE}`,
    auth: 'authenticated',
    response: z.object({
      demoPin: z.string(),
      rootCertificatePem: z.string(),
      issuingCaPem: z.string(),
      urls: z.object({
        crl: z.string(),
        rootCrl: z.string(),
        ocsp: z.string(),
        tsa: z.string(),
        caIssuers: z.string(),
      }),
    }),
    handler: async () => ({
      demoPin: dev.pin,
      rootCertificatePem: dev.pki.root.certificate.toPem(),
      issuingCaPem: dev.pki.issuingCa.certificate.toPem(),
      urls: dev.pki.urls,
    }),
  });

  table.route({
    method: 'post',
    path: '/api/dev-pki/credentials/:id/revoke',
    tags: ['dev-pki'],
    summary: 'Thu hồi chứng thư phát triển / Revoke a development certificate',
    description:
      'An admin of the credential’s unit has the development CA revoke its certificate: the CRL and OCSP say ' +
      `so from now on and signing with it is refused (CERT_REVOKED). ${DEV_NOTE}`,
    auth: ['admin'],
    params: z.strictObject({ id: z.uuid() }),
    body: z.strictObject({
      reason: z
        .enum(Object.keys(REVOCATION_REASONS) as [RevocationReason, ...RevocationReason[]])
        .optional()
        .describe('RFC 5280 §5.3.1 reason'),
    }),
    response: credentialSchema.extend({ revokedAt: dateTime }),
    errors: ['SIGNING_CREDENTIAL_NOT_FOUND', 'SIGNING_CREDENTIAL_INVALID'],
    handler: async ({ ctx, params, body }) =>
      revokeDevCertificate(ctx, signing, { credentialId: params.id, reason: body.reason }),
  });
}
