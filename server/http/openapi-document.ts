import { z } from 'zod';
import { errorStatus } from './error-status';
import type { MultipartRule } from './receive-upload';
import type { Operation } from './route-table';

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const out = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
  delete out.$schema;
  return out;
}

/** `/api/units/:id` → `/api/units/{id}` (OpenAPI path templating). */
/** A multipart body: the file part, and each other part as an array of files (or text) with its bounds. */
function multipartSchema(m: MultipartRule): JsonSchema {
  return {
    schema: {
      type: 'object',
      required: [m.filePart],
      properties: {
        [m.filePart]: { type: 'string', format: 'binary' },
        ...Object.fromEntries(
          Object.entries(m.parts).map(([name, p]) => [
            name,
            {
              type: 'array',
              maxItems: p.maxCount,
              items: { type: 'string', format: 'binary', maxLength: p.maxBytes },
              ...(m.descriptions?.[name] ? { description: m.descriptions[name] } : {}),
            },
          ]),
        ),
      },
    },
  };
}

export function openApiPath(expressPath: string): string {
  return expressPath.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');
}

function parameters(schema: z.ZodType | undefined, where: 'path' | 'query'): JsonSchema[] {
  if (!schema) return [];
  const s = jsonSchema(schema, 'input');
  const props = (s.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((s.required as string[] | undefined) ?? []);
  return Object.entries(props).map(([name, prop]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    ...(typeof prop.description === 'string' ? { description: prop.description } : {}),
    schema: prop,
  }));
}

const ERROR_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'messageVi', 'requestId'],
      properties: {
        code: { type: 'string', description: 'Machine-readable code, e.g. UNIT_NOT_FOUND' },
        message: { type: 'string', description: 'English message' },
        messageVi: { type: 'string', description: 'Vietnamese message' },
        details: { type: 'object', additionalProperties: true },
        requestId: { type: 'string' },
      },
    },
  },
};

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

/**
 * Builds the OpenAPI 3.1 document from the operations the route table recorded. JSON Schema
 * 2020-12 is OpenAPI 3.1's schema dialect, which zod 4 emits directly.
 */
export function openApiDocument(
  operations: readonly Operation[],
  info: { title: string; version: string; description?: string },
): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const path = openApiPath(op.path);
    const responses: Record<string, unknown> = {};
    responses[String(op.status)] =
      op.status === 204
        ? { description: 'Không có nội dung / No content' }
        : {
            description: 'Thành công / Success',
            ...(op.response
              ? { content: { 'application/json': { schema: jsonSchema(op.response, 'output') } } }
              : {}),
          };
    if (op.body || op.query || op.params) responses['400'] = errorResponse('VALIDATION_FAILED, INVALID_JSON');
    if (op.auth !== 'public') {
      responses['401'] = errorResponse('UNAUTHENTICATED, SESSION_EXPIRED, TOKEN_INVALID');
      responses['403'] = errorResponse('FORBIDDEN, CSRF_REJECTED');
    }
    if (op.body || op.upload) {
      responses['413'] = errorResponse('PAYLOAD_TOO_LARGE');
      responses['415'] = errorResponse('UNSUPPORTED_MEDIA_TYPE');
    }
    // Every code a route declares, under the status the one error table gives it.
    const declared = new Map<string, string[]>();
    for (const code of op.errors) {
      const status = String(errorStatus(code));
      declared.set(status, [...(declared.get(status) ?? []), code]);
    }
    for (const [status, codes] of declared) {
      const common = (responses[status] as { description?: string } | undefined)?.description;
      responses[status] = errorResponse([common, ...codes].filter(Boolean).join(', '));
    }
    responses['500'] = errorResponse('INTERNAL_ERROR');
    responses['503'] = errorResponse('DATABASE_UNAVAILABLE, OBJECT_STORE_UNAVAILABLE');

    const operation: Record<string, unknown> = {
      operationId: `${op.method}${op.path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      summary: op.summary,
      ...(op.description ? { description: op.description } : {}),
      tags: op.tags,
      parameters: [...parameters(op.params, 'path'), ...parameters(op.query, 'query')],
      ...(op.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: jsonSchema(op.body, 'input') } },
            },
          }
        : op.upload
          ? {
              requestBody: {
                required: true,
                content: {
                  ...Object.fromEntries(
                    op.upload.contentTypes.map((t) => [t, { schema: { type: 'string', format: 'binary' } }]),
                  ),
                  ...(op.upload.multipart
                    ? { 'multipart/form-data': multipartSchema(op.upload.multipart) }
                    : {}),
                },
              },
            }
          : {}),
      responses,
      security: op.auth === 'public' ? [] : [{ sessionCookie: [] }, { bearerToken: [] }],
      ...(Array.isArray(op.auth) ? { 'x-roles': op.auth } : {}),
    };
    (paths[path] ??= {})[op.method] = operation;
  }

  return {
    openapi: '3.1.0',
    info,
    jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base',
    servers: [{ url: '/' }],
    paths,
    components: {
      schemas: { Error: ERROR_SCHEMA },
      securitySchemes: {
        sessionCookie: {
          type: 'apiKey',
          in: 'cookie',
          name: 'vanban_session',
          description:
            'Web session. Unsafe methods also need the X-CSRF-Token header (value from login or GET /api/me).',
        },
        bearerToken: { type: 'http', scheme: 'bearer', description: 'API token from POST /api/tokens' },
      },
    },
  };
}
