import { expect } from 'chai';
import { Writable } from 'node:stream';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { CodedError } from '../../../signing/errors';
import { ObjectStoreError } from '../../../storage/objects/object-store-error';
import type { ObjectStore } from '../../../storage/objects/object-store';
import type { Actor } from '../../../workflows/context';
import { httpApp } from '../../../server/http/http-app';
import { systemRoutes } from '../../../server/routes/system-routes';
import { TestServer } from '../support/http-client';

/** Framework behaviour of the pipeline, with test routes and no database. */
describe('server/http pipeline', () => {
  let server: TestServer;
  const logLines: any[] = [];
  let objectsHealthy = true;
  const uploadedPaths: string[] = [];
  const metricsToken = 'metrics-secret-123';

  const actors: Record<string, Actor> = {
    'clerk-token': { userId: 'u1', username: 'clerk', unitId: 'unit-1', roles: ['clerk'] },
    'admin-token': { userId: 'u2', username: 'admin', unitId: 'unit-1', roles: ['admin'] },
  };

  function build(options: { metricsToken?: string; bodyLimitBytes?: number } = {}) {
    const sink = new Writable({
      write(chunk, _enc, cb) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) logLines.push(JSON.parse(line));
        cb();
      },
    });
    const objects = {
      backend: 'fake',
      health: async () => (objectsHealthy ? { ok: true, detail: 'ok' } : { ok: false, detail: 'disk gone' }),
    } as unknown as ObjectStore;
    const db = { isInitialized: false } as unknown as DataSource;
    return httpApp(
      {
        db,
        clock: { now: () => new Date('2025-07-01T08:00:00+07:00') },
        logger: pino({ level: 'debug' }, sink),
        bodyLimitBytes: options.bodyLimitBytes ?? 1024,
        trustProxy: false,
        https: false,
        authenticate: async (req) => actors[(req.get('authorization') ?? '').replace(/^Bearer /, '')],
      },
      ({ table, metrics, openApi }) => {
        systemRoutes(table, { db, objects, metrics, metricsToken: options.metricsToken, openApi });
        table.route({
          method: 'post',
          path: '/api/test/items',
          summary: 'create an item',
          auth: 'authenticated',
          status: 201,
          body: z.strictObject({ name: z.string().min(1), count: z.number().int(), password: z.string() }),
          response: z.object({ name: z.string(), count: z.number() }),
          handler: async ({ body, req }) => {
            req.res!.locals.vanban.log.info({ password: body.password }, 'careless log line');
            return { ...body, internalHash: 'must-not-leave' };
          },
        });
        table.route({
          method: 'get',
          path: '/api/test/items/:id',
          summary: 'read an item',
          auth: ['admin'],
          params: z.strictObject({ id: z.uuid() }),
          query: z.strictObject({ verbose: z.enum(['true', 'false']).optional() }),
          handler: async ({ params }) => ({ id: params.id }),
        });
        table.route({
          method: 'post',
          path: '/api/test/pdfs',
          summary: 'receive a PDF',
          auth: 'authenticated',
          upload: { contentTypes: ['application/pdf'], pdf: true, maxBytes: 4096 },
          handler: async ({ upload }) => {
            const fs = await import('node:fs');
            uploadedPaths.push(upload!.path);
            return {
              size: upload!.size,
              sha256: upload!.sha256,
              fileName: upload!.fileName,
              onDisk: fs.readFileSync(upload!.path).length,
            };
          },
        });
        const fail = (path: string, error: () => unknown) =>
          table.route({
            method: 'get',
            path,
            summary: path,
            auth: 'public',
            handler: async () => {
              throw error();
            },
          });
        fail('/api/test/boom', () => new Error('connection string postgres://secret@db'));
        fail(
          '/api/test/unit-missing',
          () => new CodedError('UNIT_NOT_FOUND', { vi: 'Không thấy', en: 'Missing' }),
        );
        fail('/api/test/db-down', () =>
          Object.assign(new Error('Query failed'), {
            driverError: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
              code: 'ECONNREFUSED',
            }),
          }),
        );
        fail('/api/test/pg-shutdown', () =>
          Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
        );
        fail('/api/test/objects-down', () => ObjectStoreError.unavailable('local', new Error('EACCES')));
      },
    );
  }

  before(async () => {
    server = await TestServer.start(build());
  });
  after(async () => server.close());
  beforeEach(() => {
    logLines.length = 0;
    objectsHealthy = true;
  });

  const auth = (who: string) => ({ authorization: `Bearer ${who}` });

  describe('bad input', () => {
    it('answers malformed JSON with 400 INVALID_JSON in both languages and a request id', async () => {
      const r = await server.json('POST', '/api/test/items', {
        rawBody: '{"name": "a",',
        headers: { ...auth('clerk-token'), 'content-type': 'application/json' },
      });
      expect(r.status).to.equal(400);
      expect(r.body.error.code).to.equal('INVALID_JSON');
      expect(r.body.error.messageVi).to.match(/JSON hợp lệ/);
      expect(r.body.error.message).to.match(/not valid JSON/);
      expect(r.body.error.requestId).to.equal(r.headers.get('x-request-id'));
    });

    it('refuses unknown fields with VALIDATION_FAILED naming the field', async () => {
      const r = await server.json('POST', '/api/test/items', {
        json: { name: 'a', count: 1, password: 'p', isAdmin: true },
        headers: auth('clerk-token'),
      });
      expect(r.status).to.equal(400);
      expect(r.body.error.code).to.equal('VALIDATION_FAILED');
      expect(r.body.error.details.in).to.equal('body');
      expect(r.body.error.details.issues.map((i: any) => i.path)).to.deep.equal(['isAdmin']);
      expect(r.body.error.messageVi).to.match(/trường không được phép: isAdmin/);
    });

    it('names every wrongly typed or missing field with its path', async () => {
      const r = await server.json('POST', '/api/test/items', {
        json: { name: '', count: 'three' },
        headers: auth('clerk-token'),
      });
      expect(r.status).to.equal(400);
      const paths = r.body.error.details.issues.map((i: any) => i.path).sort();
      expect(paths).to.deep.equal(['count', 'name', 'password']);
      expect(r.body.error.messageVi).to.match(/password: bắt buộc phải có/);
    });

    it('refuses a body over the limit with 413 PAYLOAD_TOO_LARGE', async () => {
      const r = await server.json('POST', '/api/test/items', {
        json: { name: 'x'.repeat(5000), count: 1, password: 'p' },
        headers: auth('clerk-token'),
      });
      expect(r.status).to.equal(413);
      expect(r.body.error.code).to.equal('PAYLOAD_TOO_LARGE');
      expect(r.body.error.details.limitBytes).to.equal(1024);
    });

    it('refuses a non-JSON body with 415 UNSUPPORTED_MEDIA_TYPE', async () => {
      const r = await server.json('POST', '/api/test/items', {
        rawBody: 'name=a&count=1',
        headers: { ...auth('clerk-token'), 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(r.status).to.equal(415);
      expect(r.body.error.code).to.equal('UNSUPPORTED_MEDIA_TYPE');
    });

    it('validates path parameters and refuses unknown query parameters', async () => {
      const bad = await server.json('GET', '/api/test/items/not-a-uuid', { headers: auth('admin-token') });
      expect(bad.status).to.equal(400);
      expect(bad.body.error.details.in).to.equal('params');
      const unknown = await server.json('GET', '/api/test/items/6f1c1a53-5d5e-4a59-9b1e-0c0d3f1f2a11?x=1', {
        headers: auth('admin-token'),
      });
      expect(unknown.status).to.equal(400);
      expect(unknown.body.error.details.in).to.equal('query');
      const ok = await server.json(
        'GET',
        '/api/test/items/6f1c1a53-5d5e-4a59-9b1e-0c0d3f1f2a11?verbose=true',
        {
          headers: auth('admin-token'),
        },
      );
      expect(ok.status).to.equal(200);
    });

    it('answers an unknown path with a coded 404', async () => {
      const r = await server.json('GET', '/api/nothing-here');
      expect(r.status).to.equal(404);
      expect(r.body.error.code).to.equal('ROUTE_NOT_FOUND');
    });
  });

  describe('raw uploads', () => {
    const pdf = Buffer.from('%PDF-1.7\n% tệp thử\n' + 'x'.repeat(1000));

    it('streams a PDF body to a temporary file, hashes it, and removes the file afterwards', async () => {
      const fs = await import('node:fs');
      const { createHash } = await import('node:crypto');
      const r = await server.json('POST', '/api/test/pdfs', {
        rawBody: pdf,
        headers: {
          ...auth('clerk-token'),
          'content-type': 'application/pdf',
          'x-file-name': encodeURIComponent('Quyết định 12.pdf'),
        },
      });
      expect(r.status).to.equal(200);
      expect(r.body).to.deep.equal({
        size: pdf.length,
        sha256: createHash('sha256').update(pdf).digest('hex'),
        fileName: 'Quyết định 12.pdf',
        onDisk: pdf.length,
      });
      expect(fs.existsSync(uploadedPaths.at(-1)!)).to.equal(false);
    });

    it('refuses a body that is not a PDF, the wrong media type, and one over the limit', async () => {
      const notPdf = await server.json('POST', '/api/test/pdfs', {
        rawBody: Buffer.from('<html>'),
        headers: { ...auth('clerk-token'), 'content-type': 'application/pdf' },
      });
      expect(notPdf.status).to.equal(400);
      expect(notPdf.body.error.code).to.equal('UPLOAD_NOT_PDF');
      const wrongType = await server.json('POST', '/api/test/pdfs', {
        rawBody: pdf,
        headers: { ...auth('clerk-token'), 'content-type': 'text/plain' },
      });
      expect(wrongType.status).to.equal(415);
      const big = await server.json('POST', '/api/test/pdfs', {
        rawBody: Buffer.concat([pdf, Buffer.alloc(5000)]),
        headers: { ...auth('clerk-token'), 'content-type': 'application/pdf' },
      });
      expect(big.status).to.equal(413);
      expect(big.body.error.code).to.equal('PAYLOAD_TOO_LARGE');
    });

    it('asks for credentials before reading the body', async () => {
      const r = await server.json('POST', '/api/test/pdfs', {
        rawBody: pdf,
        headers: { 'content-type': 'application/pdf' },
      });
      expect(r.status).to.equal(401);
    });
  });

  describe('authorisation', () => {
    it('answers 401 UNAUTHENTICATED without credentials and 403 FORBIDDEN for the wrong role', async () => {
      const none = await server.json('GET', '/api/test/items/6f1c1a53-5d5e-4a59-9b1e-0c0d3f1f2a11');
      expect(none.status).to.equal(401);
      expect(none.body.error.code).to.equal('UNAUTHENTICATED');
      const clerk = await server.json('GET', '/api/test/items/6f1c1a53-5d5e-4a59-9b1e-0c0d3f1f2a11', {
        headers: auth('clerk-token'),
      });
      expect(clerk.status).to.equal(403);
      expect(clerk.body.error.code).to.equal('FORBIDDEN');
    });
  });

  describe('errors and responses', () => {
    it('hides the details of an unknown error behind 500 INTERNAL_ERROR and logs it under the request id', async () => {
      const r = await server.json('GET', '/api/test/boom', {
        headers: { 'x-request-id': 'trace-abc-12345' },
      });
      expect(r.status).to.equal(500);
      expect(r.body.error).to.deep.equal({
        code: 'INTERNAL_ERROR',
        message: r.body.error.message,
        messageVi: r.body.error.messageVi,
        requestId: 'trace-abc-12345',
      });
      expect(JSON.stringify(r.body)).not.to.contain('secret');
      const logged = logLines.find((l) => l.msg === 'request error');
      expect(logged.requestId).to.equal('trace-abc-12345');
      expect(logged.err.message).to.contain('postgres://');
    });

    it('maps codes through the table: *_NOT_FOUND is 404 with the domain message', async () => {
      const r = await server.json('GET', '/api/test/unit-missing');
      expect(r.status).to.equal(404);
      expect(r.body.error).to.include({
        code: 'UNIT_NOT_FOUND',
        messageVi: 'Không thấy',
        message: 'Missing',
      });
    });

    it('answers 503 DATABASE_UNAVAILABLE for connection failures, however wrapped', async () => {
      for (const path of ['/api/test/db-down', '/api/test/pg-shutdown']) {
        const r = await server.json('GET', path);
        expect(r.status, path).to.equal(503);
        expect(r.body.error.code).to.equal('DATABASE_UNAVAILABLE');
        expect(r.headers.get('retry-after')).to.equal('5');
      }
    });

    it('answers 503 OBJECT_STORE_UNAVAILABLE when the object store fails', async () => {
      const r = await server.json('GET', '/api/test/objects-down');
      expect(r.status).to.equal(503);
      expect(r.body.error.code).to.equal('OBJECT_STORE_UNAVAILABLE');
    });

    it('sends only the fields of the response schema and answers the declared status', async () => {
      const r = await server.json('POST', '/api/test/items', {
        json: { name: 'Sở Nội vụ', count: 2, password: 'hunter2-secret' },
        headers: auth('clerk-token'),
      });
      expect(r.status).to.equal(201);
      expect(r.body).to.deep.equal({ name: 'Sở Nội vụ', count: 2 });
    });
  });

  describe('request ids and logs', () => {
    it('echoes a sane incoming X-Request-Id and replaces one that could forge log lines', async () => {
      const kept = await server.fetch('/healthz', { headers: { 'x-request-id': 'abc-123-def-456' } });
      expect(kept.headers.get('x-request-id')).to.equal('abc-123-def-456');
      const replaced = await server.fetch('/healthz', { headers: { 'x-request-id': 'evil"\\ninjected' } });
      expect(replaced.headers.get('x-request-id')).to.match(/^[0-9a-f-]{36}$/);
    });

    it('writes every log line of a request with its id and never a password or cookie', async () => {
      const r = await server.json('POST', '/api/test/items', {
        json: { name: 'a', count: 1, password: 'hunter2-secret' },
        headers: { ...auth('clerk-token'), cookie: 'vanban_session=cookie-secret' },
      });
      const id = r.headers.get('x-request-id');
      const lines = logLines.filter((l) => l.requestId === id);
      expect(lines.map((l) => l.msg)).to.include.members(['careless log line', 'request']);
      const all = JSON.stringify(logLines);
      expect(all).not.to.contain('hunter2-secret');
      expect(all).not.to.contain('cookie-secret');
      expect(all).not.to.contain('clerk-token');
      expect(lines.find((l) => l.msg === 'careless log line').password).to.equal('[redacted]');
    });
  });

  describe('security headers', () => {
    it('sends a strict CSP, nosniff and no framing on every answer', async () => {
      const r = await server.fetch('/healthz');
      const csp = r.headers.get('content-security-policy') ?? '';
      expect(csp).to.contain("default-src 'self'");
      expect(csp).to.contain("script-src 'self'");
      expect(csp).to.contain("frame-ancestors 'none'");
      expect(csp).not.to.contain('unsafe-inline');
      expect(r.headers.get('x-content-type-options')).to.equal('nosniff');
      expect(r.headers.get('x-powered-by')).to.equal(null);
      expect(r.headers.get('strict-transport-security')).to.equal(null); // plain http here
    });
  });

  describe('/healthz', () => {
    it('answers 503 naming the component that is down', async () => {
      objectsHealthy = false;
      const r = await server.json('GET', '/healthz');
      expect(r.status).to.equal(503);
      expect(r.body.status).to.equal('unavailable');
      expect(r.body.database.ok).to.equal(false); // this test app has no database
      expect(r.body.objectStore).to.deep.equal({ ok: false, detail: 'disk gone' });
    });
  });

  describe('/metrics', () => {
    it('counts requests by route template and status in Prometheus text', async () => {
      await server.json('GET', '/api/test/unit-missing');
      await server.json('GET', '/api/test/unit-missing');
      await server.json('GET', '/api/zzz/1');
      const r = await server.fetch('/metrics');
      expect(r.status).to.equal(200);
      expect(r.headers.get('content-type')).to.match(/^text\/plain/);
      const text = await r.text();
      const line = text
        .split('\n')
        .find(
          (l) => l.startsWith('vanban_http_requests_total{') && l.includes('route="/api/test/unit-missing"'),
        );
      expect(line).to.match(/method="GET"/);
      expect(line).to.match(/status="404"/);
      expect(Number(line!.split(' ').pop())).to.be.at.least(2);
      expect(text).to.contain('route="unmatched"');
      expect(text).not.to.contain('/api/zzz/1');
      expect(text).to.match(/^vanban_http_request_duration_seconds_bucket\{/m);
      expect(text).to.match(/^vanban_process_cpu_user_seconds_total /m);
    });

    it('requires the metrics token when one is configured', async () => {
      const guarded = await TestServer.start(build({ metricsToken }));
      try {
        expect((await guarded.fetch('/metrics')).status).to.equal(403);
        const wrong = await guarded.fetch('/metrics', { headers: { authorization: 'Bearer nope' } });
        expect(wrong.status).to.equal(403);
        const right = await guarded.fetch('/metrics', {
          headers: { authorization: `Bearer ${metricsToken}` },
        });
        expect(right.status).to.equal(200);
      } finally {
        await guarded.close();
      }
    });
  });
});
