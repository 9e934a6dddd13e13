import type { ErrorRequestHandler, RequestHandler } from 'express';
import { CodedError, isCodedError } from '../../signing/errors';
import { errorStatus } from './error-status';
import { HttpError } from './http-error';
import { requestState } from './request-state';
import { isDatabaseUnavailable } from './unavailable-cause';

/** The error body every failing request gets. */
export interface ErrorBody {
  error: {
    code: string;
    message: string;
    messageVi: string;
    details?: Record<string, unknown>;
    requestId: string;
  };
}

/** Body-parser failures carry a `type`; they become our own codes. */
function fromBodyParser(err: { type?: unknown; limit?: unknown }): CodedError | undefined {
  switch (err.type) {
    case 'entity.parse.failed':
      return HttpError.invalidJson(err);
    case 'entity.too.large':
      return HttpError.payloadTooLarge(typeof err.limit === 'number' ? err.limit : 0);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return HttpError.unsupportedMediaType('application/json; charset=utf-8');
    default:
      return undefined;
  }
}

const INTERNAL = {
  vi: 'Lỗi hệ thống. Vui lòng thử lại hoặc báo quản trị kèm mã yêu cầu.',
  en: 'Internal error. Please retry or report it to the administrator with the request id.',
};

/**
 * Maps any error to `{ error: { code, message, messageVi, details?, requestId } }` with the status
 * from the one code table. Unknown errors are 500s that show nothing but the request id; the full
 * error goes to the log under the same id.
 */
export function errorHandler(): ErrorRequestHandler {
  return (err: unknown, _req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const state = requestState(res);
    let coded: CodedError | undefined = isCodedError(err)
      ? err
      : err instanceof URIError && (err as { status?: unknown }).status === 400
        ? HttpError.undecodablePath(err) // express's router: "Failed to decode param"
        : fromBodyParser((err ?? {}) as { type?: unknown });
    if (!coded && isDatabaseUnavailable(err)) coded = HttpError.databaseUnavailable(err);

    const status = coded ? errorStatus(coded.code) : 500;
    if (status >= 500) {
      state.log.error({ err, code: coded?.code ?? 'INTERNAL_ERROR' }, 'request error');
    } else {
      state.log.info({ code: coded?.code }, 'request refused');
    }

    const body: ErrorBody =
      coded && status !== 500
        ? {
            error: {
              code: coded.code,
              message: coded.message,
              messageVi: coded.messageVi,
              ...(coded.details ? { details: coded.details } : {}),
              requestId: state.requestId,
            },
          }
        : {
            error: {
              code: 'INTERNAL_ERROR',
              message: INTERNAL.en,
              messageVi: INTERNAL.vi,
              requestId: state.requestId,
            },
          };
    if (coded?.code === 'RATE_LIMITED' || coded?.code === 'LOGIN_LOCKED') {
      const retry = coded.details?.retryAfterSeconds;
      if (typeof retry === 'number') res.setHeader('Retry-After', String(Math.max(1, Math.ceil(retry))));
    }
    if (status === 503) res.setHeader('Retry-After', '5');
    res.status(status).json(body);
  };
}

/** Unmatched /api paths answer a coded 404 in the same format. */
export function apiNotFound(): RequestHandler {
  return (req, _res, next) =>
    next(HttpError.routeNotFound(req.method, req.originalUrl.split('?')[0].slice(0, 200)));
}
