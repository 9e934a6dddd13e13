import { z } from 'zod';
import reportSchema from '../../signing/validate/report/validation-report.schema.json';
import type { ReportView } from '../../signing/validate/report/describe-report';
import type { ValidationReport } from '../../signing/validate/report/validation-report';
import { addBatchUpload } from '../../workflows/validation/add-batch-upload';
import { addTrustAnchor } from '../../workflows/validation/add-trust-anchor';
import { checkCertificateRequest } from '../../workflows/validation/check-certificate-request';
import { createValidationBatch } from '../../workflows/validation/create-validation-batch';
import { getValidationBatch, listValidationBatches } from '../../workflows/validation/get-validation-batch';
import { getValidationReport } from '../../workflows/validation/get-validation-report';
import { listTrustConfiguration } from '../../workflows/validation/list-trust-configuration';
import { removeTrustAnchor } from '../../workflows/validation/remove-trust-anchor';
import { renderValidationReport } from '../../workflows/validation/render-validation-report';
import { setRevocationHosts } from '../../workflows/validation/set-revocation-hosts';
import { validateStoredDocument } from '../../workflows/validation/validate-stored-document';
import { validateUpload } from '../../workflows/validation/validate-upload';
import { viewValidationReport } from '../../workflows/validation/view-validation-report';
import { VALIDATION_ROLES } from '../../workflows/validation/validation-access';
import type { ValidationDeps } from '../../workflows/validation/validation-deps';
import { allowSameOriginFraming } from '../http/allow-same-origin-framing';
import { HttpError } from '../http/http-error';
import type { RouteTable } from '../http/route-table';
import { contentDisposition } from './incoming-routes';
import { dateTime, uuidParam } from './schemas';

const sha256 = z
  .string()
  .regex(/^[0-9a-fA-F]{64}$/, 'SHA-256 in hex')
  .transform((s) => s.toLowerCase());
const at = z.iso
  .datetime({ offset: true })
  .describe('Validate at this moment (ISO 8601) instead of now: the signatures as they stood then');
const flag = z.enum(['true', 'false']).transform((v) => v === 'true');
const indication = z.enum(['TOTAL_PASSED', 'TOTAL_FAILED', 'INDETERMINATE']);
const status = z.enum(['VALIDATED', 'NO_SIGNATURE', 'UNREADABLE', 'ABORTED']);

const reportRecord = z.object({
  id: z.uuid(),
  unitId: z.uuid(),
  requestedBy: z.uuid().nullable(),
  source: z.enum(['upload', 'stored', 'batch']),
  batchId: z.uuid().nullable(),
  fileName: z.string().nullable(),
  pdfSha256: z.string(),
  pdfSize: z.number(),
  reportSha256: z.string().describe('The JSON report in the object store'),
  status,
  indication: indication.nullable(),
  signatures: z.number(),
  createdAt: dateTime,
});
const report = z
  .custom<ValidationReport>((v) => typeof v === 'object' && v !== null)
  .describe('The validation report; its JSON Schema is GET /api/validation/report-schema.json');
const reportAnswer = z.object({ record: reportRecord, report });

/** The report as people read it (describe-report.ts): every value plain text in the asked language. */
const tone = z.enum(['passed', 'failed', 'indeterminate', 'none']);
const factRows = z.array(z.tuple([z.string(), z.string()]).readonly()).readonly();
const viewTable = z.object({
  caption: z.string(),
  headers: z.array(z.string()).readonly(),
  rows: z.array(z.array(z.string()).readonly()).readonly(),
  widths: z.array(z.number()).readonly(),
  note: z.string().optional().describe('Shown under the table (e.g. how many rows were left out)'),
  collapsible: z.boolean().optional().describe('Detail a screen may fold away (printed reports show it)'),
});
const reportView: z.ZodType<ReportView> = z.object({
  lang: z.enum(['vi', 'en']),
  title: z.string(),
  subtitle: z.string(),
  tone,
  headline: z.string(),
  explanation: z.string(),
  facts: factRows,
  notes: z.array(z.string()).readonly(),
  signatures: z
    .array(
      z.object({
        heading: z.string(),
        tone,
        headline: z.string(),
        explanation: z.string(),
        facts: factRows,
        tables: z.array(viewTable).readonly(),
        reasons: z.array(z.string()).readonly(),
      }),
    )
    .readonly(),
  trust: viewTable,
  footer: z.string(),
  labels: z.object({ summary: z.string(), notes: z.string(), reasons: z.string(), page: z.string() }),
});

const batchSchema = z.object({
  id: z.uuid(),
  unitId: z.uuid(),
  createdBy: z.uuid(),
  name: z.string(),
  online: z.boolean(),
  validationTime: dateTime.nullable(),
  evidence: z
    .object({ crls: z.number(), ocsps: z.number() })
    .describe('How many CRLs and OCSP responses the auditor gave with the batch (used for every file)'),
  createdAt: dateTime,
  progress: z.object({ total: z.number(), done: z.number(), failed: z.number(), pending: z.number() }),
  verdicts: z.record(z.string(), z.number()),
  files: z
    .array(
      z.object({
        id: z.uuid(),
        seq: z.number(),
        source: z.enum(['upload', 'stored']),
        fileName: z.string().nullable(),
        sha256: z.string(),
        size: z.number(),
        state: z.enum(['queued', 'running', 'done', 'failed']),
        verdict: z
          .enum(['TOTAL_PASSED', 'TOTAL_FAILED', 'INDETERMINATE', 'NO_SIGNATURE', 'UNREADABLE'])
          .nullable(),
        reportId: z.uuid().nullable(),
        doneAt: dateTime.nullable(),
        error: z.string().nullable(),
      }),
    )
    .readonly(),
});

const anchorSchema = z.object({
  sha256: z.string(),
  subject: z.string(),
  source: z.enum(['shipped', 'admin', 'file', 'development']),
  notBefore: z.string(),
  notAfter: z.string(),
  description: z.string().nullable(),
  descriptionVi: z.string().nullable(),
  file: z.string().nullable(),
  addedAt: z.string().nullable(),
  removable: z.boolean(),
});

const VALIDATION_ERRORS = ['VALIDATION_BUSY', 'OBJECT_STORE_UNAVAILABLE'];

/** Revocation evidence parts of a multipart upload: how many of each kind, how large. */
const MIB = 1024 * 1024;
const EVIDENCE_PARTS = 50;
const EVIDENCE_PART_BYTES = 4 * MIB;
const EVIDENCE_TOTAL_BYTES = 16 * MIB;

/** A certificate, CRL or OCSP response: PEM text, or DER in base64. */
const pemOrDer = z
  .string()
  .min(1)
  .max(1_000_000)
  .refine((s) => s.includes('-----BEGIN') || /^[A-Za-z0-9+/=\s]+$/.test(s), 'PEM text or base64 DER')
  .transform((s) =>
    s.includes('-----BEGIN') ? Buffer.from(s, 'utf8') : Buffer.from(s.replace(/\s+/g, ''), 'base64'),
  );
const policyOid = z.string().regex(/^\d+(\.\d+)+$/, 'an OID such as 2.16.840.1.101.3.2.1.48.1');
const certificateCheckBody = z.strictObject({
  certificate: pemOrDer.describe('The certificate to check (PEM, or DER in base64)'),
  chain: z.array(pemOrDer).max(20).optional().describe('Intermediate certificates, any order'),
  trustAnchors: z
    .array(pemOrDer)
    .max(20)
    .optional()
    .describe("Anchors for this check only, besides the server's trust list"),
  crls: z.array(pemOrDer).max(50).optional().describe('CRLs the auditor holds (DER in base64 or PEM)'),
  ocsps: z.array(pemOrDer).max(50).optional().describe('OCSP responses the auditor holds (DER in base64)'),
  at: at.optional(),
  policy: z
    .strictObject({
      userInitialPolicySet: z.array(policyOid).max(50).optional(),
      initialExplicitPolicy: z.boolean().optional(),
      initialPolicyMappingInhibit: z.boolean().optional(),
      initialAnyPolicyInhibit: z.boolean().optional(),
    })
    .optional()
    .describe('RFC 5280 §6.1.1 (c)–(f); default: any policy, nothing required'),
});
const phrase = z.object({ vi: z.string(), en: z.string() });
const certificateCheckAnswer = z.object({
  indication,
  subIndication: z.string().optional(),
  validationTime: dateTime,
  summary: phrase,
  path: z
    .array(
      z.object({
        role: z.enum(['end-entity', 'intermediate', 'trust-anchor']),
        subject: z.string(),
        issuer: z.string(),
        serialNumber: z.string(),
        sha256: z.string(),
        notBefore: dateTime,
        notAfter: dateTime,
        revocation: z.enum(['good', 'revoked', 'unknown', 'trust-anchor']),
        revokedAt: dateTime.optional(),
        revocationSource: z.enum(['cms', 'dss', 'online', 'offline']).optional(),
      }),
    )
    .readonly(),
  checks: z
    .array(
      z.object({
        check: z.string(),
        certificate: z.number().describe('Index in path (0 = the certificate); -1 for the path as a whole'),
        passed: z.boolean(),
        vi: z.string(),
        en: z.string(),
      }),
    )
    .readonly(),
  policies: z.array(z.string()).readonly(),
  userNotices: z.array(z.string()).readonly(),
});

/**
 * Signature validation for auditors (DESIGN.md §5): validate an upload or a stored document, batches
 * with progress (PostgreSQL jobs), report downloads (JSON, HTML, PDF), and the trust configuration.
 * Every file is validated in the worker pool under time and memory limits: a hostile PDF gives an
 * ABORTED (INDETERMINATE) report, never a hang or a crash.
 */
export function validationRoutes(table: RouteTable, deps: ValidationDeps): void {
  table.route({
    method: 'post',
    path: '/api/validation/validate',
    tags: ['validation'],
    summary: 'Kiểm tra chữ ký của tệp tải lên / Validate an uploaded PDF',
    description:
      'Request body: the PDF (`Content-Type: application/pdf`; optional `X-File-Name`, URI-encoded). ' +
      'Answers the report (per signature: ETSI EN 319 102-1 indication and sub-indication, structure, ' +
      'cryptography, chain with revocation, timestamps, modifications after signing) and its record; ' +
      'the report stays downloadable (JSON, HTML, PDF). The PDF itself is not kept. `offline=true`: ' +
      'only revocation data embedded in the file, even when revocation hosts are allowed. Or ' +
      '`multipart/form-data`: the PDF in the part `file` (its filename as the file name), and revocation ' +
      'evidence the auditor holds in repeatable parts `crl` (DER or PEM) and `ocsp` (DER OCSP response), ' +
      `at most ${EVIDENCE_PARTS} of each, ${EVIDENCE_PART_BYTES / MIB} MiB each, ` +
      `${EVIDENCE_TOTAL_BYTES / MIB} MiB together: used beside the file’s own, checked like it and reported ` +
      '`offline` (as `vanban validate --crl/--ocsp`); one that is not a CRL / OCSP response: 400 ' +
      '`REVOCATION_EVIDENCE_INVALID`; a missing `file` part, another part name or too many or too large ' +
      'parts: 400 `UPLOAD_MULTIPART_INVALID`.',
    auth: VALIDATION_ROLES.upload,
    query: z.strictObject({ at: at.optional(), offline: flag.optional() }),
    upload: {
      contentTypes: ['application/pdf'],
      pdf: true,
      multipart: {
        filePart: 'file',
        parts: {
          crl: { maxCount: EVIDENCE_PARTS, maxBytes: EVIDENCE_PART_BYTES },
          ocsp: { maxCount: EVIDENCE_PARTS, maxBytes: EVIDENCE_PART_BYTES },
        },
        maxPartsBytes: EVIDENCE_TOTAL_BYTES,
        descriptions: {
          crl: 'CRLs the auditor holds (DER or PEM), reported `offline`',
          ocsp: 'OCSP responses the auditor holds (DER)',
        },
      },
    },
    response: reportAnswer,
    errors: [
      'UPLOAD_NOT_PDF',
      'UPLOAD_MULTIPART_INVALID',
      'REVOCATION_EVIDENCE_INVALID',
      ...VALIDATION_ERRORS,
    ],
    handler: async ({ ctx, query, upload }) => {
      if (!upload) throw HttpError.unsupportedMediaType('application/pdf');
      const crls = upload.parts?.crl ?? [];
      const ocsps = upload.parts?.ocsp ?? [];
      return validateUpload(ctx, deps, upload, {
        at: query.at ? new Date(query.at) : undefined,
        offline: query.offline,
        evidence: crls.length || ocsps.length ? { crls, ocsps } : undefined,
      });
    },
  });

  table.route({
    method: 'post',
    path: '/api/validation/documents/:sha256',
    tags: ['validation'],
    summary: 'Kiểm tra chữ ký của văn bản đã lưu / Validate a stored document',
    description:
      'Validates the PDF with this SHA-256 from the object store, when a record the caller may see holds ' +
      'it: auditors and admins — an outgoing document (any version or attachment) or incoming record of ' +
      'their unit or a unit below; clerks — an incoming record of their own unit. Otherwise 404 ' +
      '`VALIDATION_DOCUMENT_NOT_FOUND`, as for a hash nobody holds. `crls`, `ocsps`: revocation evidence ' +
      'the auditor holds, used beside the file’s own and checked like it (reported `offline`); an item ' +
      'that is not one: 400 `REVOCATION_EVIDENCE_INVALID`.',
    auth: VALIDATION_ROLES.stored,
    params: z.strictObject({ sha256 }),
    body: z.strictObject({
      at: at.optional(),
      offline: z.boolean().optional(),
      crls: z
        .array(pemOrDer)
        .max(50)
        .optional()
        .describe(
          'CRLs the auditor holds (base64 DER or PEM), used beside the file’s own, reported `offline`',
        ),
      ocsps: z.array(pemOrDer).max(50).optional().describe('OCSP responses the auditor holds (base64 DER)'),
    }),
    response: reportAnswer,
    errors: ['VALIDATION_DOCUMENT_NOT_FOUND', 'REVOCATION_EVIDENCE_INVALID', ...VALIDATION_ERRORS],
    handler: async ({ ctx, params, body }) =>
      validateStoredDocument(ctx, deps, params.sha256, {
        at: body.at ? new Date(body.at) : undefined,
        offline: body.offline,
        evidence: body.crls || body.ocsps ? { crls: body.crls, ocsps: body.ocsps } : undefined,
      }),
  });

  table.route({
    method: 'post',
    path: '/api/validation/certificates',
    tags: ['validation'],
    summary: 'Kiểm tra chứng thư số / Check a certificate (RFC 5280)',
    description:
      'RFC 5280 path validation of one certificate against the server trust anchors (and `trustAnchors` ' +
      'given for this check), with the revocation evidence the auditor holds (`crls`, `ocsps`; nothing is ' +
      'fetched; a CRL or response counts only when signed by the issuer or a signer it authorised, with ' +
      'thisUpdate ≤ `at` ≤ nextUpdate). JSON body; each item PEM text or DER in base64. Answers the ' +
      'verdict (ETSI indication), the path with revocation status and source (`offline`), and every check ' +
      'of every certificate in Vietnamese and English. Unreadable inputs: 400 `CERTIFICATE_INPUT_INVALID` ' +
      'or `REVOCATION_EVIDENCE_INVALID`.',
    auth: VALIDATION_ROLES.upload,
    body: certificateCheckBody,
    response: certificateCheckAnswer,
    errors: ['CERTIFICATE_INPUT_INVALID', 'REVOCATION_EVIDENCE_INVALID', 'CERT_MALFORMED'],
    handler: async ({ ctx, body }) =>
      checkCertificateRequest(ctx, deps, {
        certificate: body.certificate,
        chain: body.chain,
        trustAnchors: body.trustAnchors,
        crls: body.crls,
        ocsps: body.ocsps,
        at: body.at ? new Date(body.at) : undefined,
        policy: body.policy,
      }),
  });

  table.route({
    method: 'get',
    path: '/api/validation/reports/:id',
    tags: ['validation'],
    summary: 'Báo cáo kiểm tra / A validation report',
    description: 'For whoever requested it, and auditors and admins of its unit or a unit above.',
    auth: VALIDATION_ROLES.reports,
    params: uuidParam,
    response: reportAnswer,
    errors: ['VALIDATION_REPORT_NOT_FOUND'],
    handler: async ({ ctx, params }) => getValidationReport(ctx, deps, params.id),
  });

  table.route({
    method: 'get',
    path: '/api/validation/reports/:id/view',
    tags: ['validation'],
    summary: 'Báo cáo để hiển thị / A report as people read it',
    description:
      'The outline the HTML and PDF reports render (document verdict and per-signature cards explained in plain ' +
      'words, facts, chain, changes by revision), in `lang` (`vi` default, `en`). For the web page.',
    auth: VALIDATION_ROLES.reports,
    params: uuidParam,
    query: z.strictObject({ lang: z.enum(['vi', 'en']).default('vi') }),
    response: z.object({
      record: reportRecord,
      view: reportView,
    }),
    errors: ['VALIDATION_REPORT_NOT_FOUND'],
    handler: async ({ ctx, params, query }) => viewValidationReport(ctx, deps, params.id, query.lang),
  });

  table.route({
    method: 'get',
    path: '/api/validation/reports/:id/download',
    tags: ['validation'],
    summary: 'Tải báo cáo kiểm tra / Download a validation report',
    description:
      '`format`: `pdf` (default; generated with an embedded Unicode font), `html` (self-contained, no ' +
      'script, printable) or `json` (the machine report). `lang`: `vi` (default) or `en`.',
    auth: VALIDATION_ROLES.reports,
    params: uuidParam,
    query: z.strictObject({
      format: z.enum(['pdf', 'html', 'json']).default('pdf'),
      lang: z.enum(['vi', 'en']).default('vi'),
      disposition: z.enum(['attachment', 'inline']).default('attachment'),
    }),
    errors: ['VALIDATION_REPORT_NOT_FOUND'],
    handler: async ({ ctx, params, query, res }) => {
      const file = await renderValidationReport(ctx, deps, params.id, query.format, query.lang);
      res.status(200);
      res.setHeader('Content-Type', file.contentType);
      res.setHeader('Content-Length', String(file.body.length));
      res.setHeader('Content-Disposition', contentDisposition(file.fileName, query.disposition));
      res.setHeader('Cache-Control', 'private, no-cache');
      if (query.format === 'pdf' && query.disposition === 'inline') allowSameOriginFraming(res);
      // The HTML report carries its styles inline; nothing else may load or run.
      if (query.format === 'html')
        res.setHeader(
          'Content-Security-Policy',
          "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
        );
      res.end(file.body);
    },
  });

  table.route({
    method: 'get',
    path: '/api/validation/report-schema.json',
    tags: ['validation'],
    summary: 'Lược đồ JSON của báo cáo / JSON Schema of the validation report',
    auth: 'authenticated',
    handler: async () => reportSchema,
  });

  table.route({
    method: 'post',
    path: '/api/validation/batches',
    tags: ['validation'],
    summary: 'Tạo lô kiểm tra / Create a validation batch',
    description:
      'A batch of many files validated by the job worker (PostgreSQL jobs: it survives restarts and every ' +
      'replica takes part). `documents`: stored PDFs by SHA-256, each one the caller may validate; add ' +
      'uploads with POST /api/validation/batches/:id/files. At most 1,000 files (`VALIDATION_BATCH_FULL`). ' +
      '`crls`, `ocsps`: revocation evidence the auditor holds, given once and used for every file of the ' +
      'batch beside the file’s own, checked like it (reported `offline`); checked when the batch is ' +
      'created: an item that is not one is 400 `REVOCATION_EVIDENCE_INVALID`.',
    auth: VALIDATION_ROLES.batches,
    body: z.strictObject({
      name: z.string().trim().min(1).max(200),
      documents: z.array(sha256).max(1000).optional(),
      at: at.optional(),
      offline: z.boolean().optional(),
      crls: z
        .array(pemOrDer)
        .max(50)
        .optional()
        .describe('CRLs the auditor holds (base64 DER or PEM), used for every file, reported `offline`'),
      ocsps: z
        .array(pemOrDer)
        .max(50)
        .optional()
        .describe('OCSP responses the auditor holds (base64 DER), used for every file'),
    }),
    status: 201,
    response: batchSchema,
    errors: ['VALIDATION_DOCUMENT_NOT_FOUND', 'VALIDATION_BATCH_FULL', 'REVOCATION_EVIDENCE_INVALID'],
    handler: async ({ ctx, body }) =>
      createValidationBatch(ctx, deps, {
        name: body.name,
        documents: body.documents,
        at: body.at ? new Date(body.at) : undefined,
        online: body.offline === undefined ? undefined : !body.offline,
        evidence: body.crls || body.ocsps ? { crls: body.crls, ocsps: body.ocsps } : undefined,
      }),
  });

  table.route({
    method: 'get',
    path: '/api/validation/batches',
    tags: ['validation'],
    summary: 'Các lô kiểm tra / Validation batches',
    description: 'The newest 50 batches of the caller’s unit and the units below.',
    auth: VALIDATION_ROLES.batches,
    response: z.object({
      items: z.array(
        z.object({
          id: z.uuid(),
          name: z.string(),
          createdAt: dateTime,
          total: z.number(),
          done: z.number(),
        }),
      ),
    }),
    handler: async ({ ctx }) => ({ items: await listValidationBatches(ctx) }),
  });

  table.route({
    method: 'get',
    path: '/api/validation/batches/:id',
    tags: ['validation'],
    summary: 'Tiến độ lô kiểm tra / Batch progress and verdicts',
    description:
      '`progress`: done / total (and failed: files whose job gave up); `verdicts`: counts by indication; ' +
      'per file its state (queued, running, done, failed), verdict and report id.',
    auth: VALIDATION_ROLES.batches,
    params: uuidParam,
    response: batchSchema,
    errors: ['VALIDATION_BATCH_NOT_FOUND'],
    handler: async ({ ctx, params }) => getValidationBatch(ctx, params.id),
  });

  table.route({
    method: 'post',
    path: '/api/validation/batches/:id/files',
    tags: ['validation'],
    summary: 'Thêm tệp vào lô / Add an uploaded PDF to a batch',
    description:
      'Request body: the PDF (`Content-Type: application/pdf`, optional `X-File-Name`). Stored in the object ' +
      'store, then queued; answers the batch.',
    auth: VALIDATION_ROLES.batches,
    params: uuidParam,
    upload: { contentTypes: ['application/pdf'], pdf: true },
    status: 201,
    response: batchSchema,
    errors: [
      'VALIDATION_BATCH_NOT_FOUND',
      'VALIDATION_BATCH_FULL',
      'UPLOAD_NOT_PDF',
      'OBJECT_STORE_UNAVAILABLE',
    ],
    handler: async ({ ctx, params, upload }) => {
      if (!upload) throw HttpError.unsupportedMediaType('application/pdf');
      return addBatchUpload(ctx, deps, params.id, upload);
    },
  });

  table.route({
    method: 'get',
    path: '/api/admin/trust',
    tags: ['validation'],
    summary: 'Cấu hình tin cậy / Trust configuration',
    description:
      'The anchors every validation trusts: the shipped Vietnamese roots (always, with their pinned SHA-256), ' +
      'anchors admins added, trust files, and the development root in development mode only; and the hosts ' +
      'whose CRL/OCSP services may be contacted (none: offline).',
    auth: VALIDATION_ROLES.trustRead,
    response: z.object({
      mode: z.enum(['development', 'production']),
      anchors: z.array(anchorSchema).readonly(),
      revocationHosts: z.array(z.string()).readonly(),
    }),
    handler: async ({ ctx }) => listTrustConfiguration(ctx, deps),
  });

  table.route({
    method: 'post',
    path: '/api/admin/trust/anchors',
    tags: ['validation'],
    summary: 'Thêm chứng thư tin cậy / Add a trust anchor',
    description:
      'One CA certificate in PEM (`-----BEGIN CERTIFICATE-----`), with an optional label. Trust is ' +
      'province-wide: only an admin of the top-level unit (403 `FORBIDDEN` otherwise). Audited ' +
      '(`TRUST_ANCHOR_ADDED` with the fingerprint, subject and issuer).',
    auth: VALIDATION_ROLES.trustManage,
    body: z.strictObject({
      pem: z.string().min(1).max(200_000),
      label: z.string().trim().max(200).optional(),
    }),
    status: 201,
    response: anchorSchema,
    errors: ['TRUST_ANCHOR_INVALID', 'TRUST_ANCHOR_DUPLICATE'],
    handler: async ({ ctx, body }) => addTrustAnchor(ctx, deps, body),
  });

  table.route({
    method: 'delete',
    path: '/api/admin/trust/anchors/:sha256',
    tags: ['validation'],
    summary: 'Gỡ chứng thư tin cậy / Remove a trust anchor',
    description:
      'Only anchors an admin added; the shipped ones are pinned (409 `TRUST_ANCHOR_NOT_REMOVABLE`). Admin of ' +
      'the top-level unit only (403 `FORBIDDEN`).',
    auth: VALIDATION_ROLES.trustManage,
    params: z.strictObject({ sha256 }),
    status: 204,
    errors: ['TRUST_ANCHOR_NOT_FOUND', 'TRUST_ANCHOR_NOT_REMOVABLE'],
    handler: async ({ ctx, params }) => removeTrustAnchor(ctx, deps, params.sha256),
  });

  table.route({
    method: 'put',
    path: '/api/admin/trust/revocation-hosts',
    tags: ['validation'],
    summary: 'Máy chủ CRL/OCSP được phép / Allowed revocation hosts',
    description:
      'Replaces the allow-list of hosts whose CRL and OCSP services validations may contact. Empty: revocation ' +
      'is offline (only data embedded in files). Admin of the top-level unit only (403 `FORBIDDEN`). Address ' +
      'literals in loopback, private, link-local, CGNAT or multicast ranges: 400 `REVOCATION_HOST_PRIVATE`.',
    auth: VALIDATION_ROLES.trustManage,
    body: z.strictObject({ hosts: z.array(z.string().max(253)).max(100) }),
    response: z.object({ hosts: z.array(z.string()) }),
    errors: ['REVOCATION_HOST_INVALID', 'REVOCATION_HOST_PRIVATE'],
    handler: async ({ ctx, body }) => ({ hosts: await setRevocationHosts(ctx, body.hosts) }),
  });
}
