import fs from 'node:fs/promises';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Actor, DomainContext, RequestMetadata, Role } from '../../workflows/context';
import { HttpError } from './http-error';
import { isMultipart, receiveMultipart } from './receive-multipart';
import { receiveUpload, type MultipartRule, type Upload, type UploadRule } from './receive-upload';
import { requestState } from './request-state';
import { findUnsafeString } from './unsafe-characters';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Who may call a route: anyone, any signed-in user, or signed-in users holding one of the roles. */
export type RouteAuth = 'public' | 'authenticated' | readonly Role[];

type Infer<S> = S extends z.ZodType ? z.output<S> : undefined;

/** What a handler receives: validated input and, on non-public routes, the domain context. */
export interface RouteCall<B, Q, P> {
  readonly body: Infer<B>;
  readonly query: Infer<Q>;
  readonly params: Infer<P>;
  /** The caller; undefined on public routes. */
  readonly actor: Actor | undefined;
  /** `{ db, clock, actor, requestMetadata }`; throws UNAUTHENTICATED on public routes. */
  readonly ctx: DomainContext;
  readonly requestMetadata: RequestMetadata;
  /**
   * On routes with `upload`: the raw request body (or a multipart body's file part, with its other
   * parts in `upload.parts`), received into a temporary file (removed afterwards).
   */
  readonly upload: Upload | undefined;
  /** For the few routes that set cookies or headers (login, logout). */
  readonly req: Request;
  readonly res: Response;
}

export interface RouteSpec<
  B extends z.ZodType | undefined,
  Q extends z.ZodType | undefined,
  P extends z.ZodType | undefined,
  R extends z.ZodType | undefined,
> {
  readonly method: HttpMethod;
  /** Express path, e.g. `/api/units/:id`. */
  readonly path: string;
  readonly summary: string;
  readonly description?: string;
  readonly tags?: readonly string[];
  readonly auth: RouteAuth;
  readonly body?: B;
  readonly query?: Q;
  readonly params?: P;
  /**
   * A raw (non-JSON) request body such as a PDF: streamed to a temporary file with a size limit
   * (default: the app's upload limit) and handed over as `call.upload`. Exclusive with `body`.
   */
  readonly upload?: Omit<UploadRule, 'maxBytes'> & {
    readonly maxBytes?: number;
    /**
     * Runs before the body is received, with the size the client declared (Content-Length, when sent):
     * a quota or rate refusal then costs no transfer.
     */
    readonly admit?: (ctx: DomainContext, declaredBytes: number | undefined) => Promise<void>;
  };
  /** Output schema: documents the response and strips anything it does not list before sending. */
  readonly response?: R;
  /** 200 unless said (201 for creations, 204 for no content). */
  readonly status?: 200 | 201 | 202 | 204;
  /** Error codes the route may answer besides the common ones, for the OpenAPI document. */
  readonly errors?: readonly string[];
  readonly handler: (call: RouteCall<B, Q, P>) => Promise<R extends z.ZodType ? z.input<R> : unknown>;
}

/** One registered operation, as the OpenAPI builder reads it. */
export interface Operation {
  readonly method: HttpMethod;
  readonly path: string;
  readonly summary: string;
  readonly description?: string;
  readonly tags: readonly string[];
  readonly auth: RouteAuth;
  readonly body?: z.ZodType;
  readonly query?: z.ZodType;
  readonly params?: z.ZodType;
  readonly upload?: { readonly contentTypes: readonly string[]; readonly multipart?: MultipartRule };
  readonly response?: z.ZodType;
  readonly status: number;
  readonly errors: readonly string[];
}

export interface RouteTableDeps {
  readonly db: DomainContext['db'];
  readonly clock: DomainContext['clock'];
  /** Resolves the caller from a session cookie or bearer token (and enforces CSRF); undefined if none. */
  readonly authenticate: (req: Request, res: Response) => Promise<Actor | undefined>;
  /** Default size limit of raw uploads (`upload` routes). */
  readonly uploadLimitBytes?: number;
}

const JSON_TYPES = ['application/json', 'application/*+json'];

/**
 * The typed route helper: `table.route({ method, path, auth, body, query, params, response, handler })`
 * registers the express handler and records the operation for the OpenAPI document, so the two never
 * drift apart. The handler gets validated input and a domain context; it calls one domain function
 * and returns its result, which the response schema filters.
 */
export class RouteTable {
  readonly router = Router();
  private readonly ops: Operation[] = [];

  constructor(private readonly deps: RouteTableDeps) {}

  /** Database and clock, for the public routes that call a domain function without an actor (login). */
  get context(): { readonly db: DomainContext['db']; readonly clock: DomainContext['clock'] } {
    return { db: this.deps.db, clock: this.deps.clock };
  }

  get operations(): readonly Operation[] {
    return this.ops;
  }

  route<
    B extends z.ZodType | undefined = undefined,
    Q extends z.ZodType | undefined = undefined,
    P extends z.ZodType | undefined = undefined,
    R extends z.ZodType | undefined = undefined,
  >(spec: RouteSpec<B, Q, P, R>): void {
    const status = spec.status ?? 200;
    this.ops.push({
      method: spec.method,
      path: spec.path,
      summary: spec.summary,
      description: spec.description,
      tags: spec.tags ?? [],
      auth: spec.auth,
      body: spec.body,
      query: spec.query,
      params: spec.params,
      upload: spec.upload,
      response: spec.response,
      status,
      errors: spec.errors ?? [],
    });

    this.router[spec.method](spec.path, async (req: Request, res: Response) => {
      const state = requestState(res);
      state.routeTemplate = spec.path;

      // Public routes never look at credentials: a stale cookie must not stop a login or logout.
      let actor: Actor | undefined;
      if (spec.auth !== 'public') {
        actor = await this.deps.authenticate(req, res);
        if (!actor) throw HttpError.unauthenticated();
        if (spec.auth !== 'authenticated' && !actor.roles.some((r) => spec.auth.includes(r))) {
          throw HttpError.forbidden();
        }
      }

      const params = parseWith('params', spec.params, req.params);
      const query = parseWith('query', spec.query, req.query);
      let body: unknown;
      if (spec.body) {
        const kind = req.is(JSON_TYPES);
        if (kind === false) throw HttpError.unsupportedMediaType('application/json');
        body = parseWith('body', spec.body, kind === null ? {} : req.body);
      }

      if (spec.upload?.admit && actor) {
        const declared = Number(req.get('content-length') ?? NaN);
        await spec.upload.admit(
          {
            db: this.deps.db,
            clock: this.deps.clock,
            actor,
            requestMetadata: { ip: req.ip, requestId: state.requestId },
          },
          Number.isFinite(declared) ? declared : undefined,
        );
      }
      let upload: Upload | undefined;
      if (spec.upload) {
        const rule = {
          ...spec.upload,
          maxBytes: spec.upload.maxBytes ?? this.deps.uploadLimitBytes ?? 300 * 1024 * 1024,
        };
        // A route with `multipart` also takes multipart/form-data; the raw body works as before.
        upload =
          rule.multipart && isMultipart(req)
            ? await receiveMultipart(req, { ...rule, multipart: rule.multipart })
            : await receiveUpload(req, rule);
      }

      const requestMetadata: RequestMetadata = {
        ip: req.ip,
        userAgent: req.get('user-agent')?.slice(0, 512),
        requestId: state.requestId,
      };
      const { db, clock } = this.deps;
      const call = {
        body,
        query,
        params,
        actor,
        requestMetadata,
        upload,
        req,
        res,
        get ctx(): DomainContext {
          if (!actor) throw HttpError.unauthenticated();
          return { db, clock, actor, requestMetadata };
        },
      } as RouteCall<B, Q, P>;

      let result: unknown;
      try {
        result = await spec.handler(call);
      } finally {
        if (upload) await fs.rm(upload.path, { force: true });
      }
      if (res.headersSent) return; // the handler answered itself (health, metrics)
      if (status === 204 || result === undefined) {
        res.status(status === 200 && result === undefined ? 204 : status).end();
        return;
      }
      res.status(status).json(spec.response ? spec.response.parse(result) : result);
    });
  }
}

function parseWith(
  where: 'body' | 'query' | 'params',
  schema: z.ZodType | undefined,
  value: unknown,
): unknown {
  if (!schema) return undefined;
  // Every string of every route, once: NUL and unpaired surrogates never reach a domain function.
  const unsafe = findUnsafeString(value);
  if (unsafe !== undefined) throw HttpError.unsafeCharacters(where, unsafe);
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw HttpError.validationFailed(where, parsed.error);
  return parsed.data;
}
