import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { setRequestState } from './request-state';

// A caller-supplied id is kept only when it is short and plain, so it cannot forge log lines.
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * First middleware: gives each request an id (a sane incoming X-Request-Id or a new UUID), echoes it
 * in the response, and binds it to a child logger used by every later log line of the request.
 * Logs one line per finished request with method, path template, status and duration — never
 * headers, bodies or query strings, which may carry secrets.
 */
export function requestContext(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get('x-request-id');
    const requestId = incoming && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    const log = logger.child({ requestId });
    const startedAt = process.hrtime.bigint();
    const state = { requestId, log, startedAt };
    setRequestState(res, state);
    res.setHeader('X-Request-Id', requestId);
    res.on('finish', () => {
      const durationMs = Number(process.hrtime.bigint() - startedAt) / 1e6;
      const s = res.locals.vanban as { routeTemplate?: string; actor?: { userId: string } };
      const line = {
        method: req.method,
        path: req.path,
        route: s.routeTemplate,
        status: res.statusCode,
        durationMs: Math.round(durationMs * 10) / 10,
        userId: s.actor?.userId,
      };
      if (res.statusCode >= 500) log.error(line, 'request failed');
      else log.info(line, 'request');
    });
    next();
  };
}
