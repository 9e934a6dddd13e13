// Types of the API's bodies, picked from the generated paths: `ResponseOf<'/api/me', 'get'>` is what
// GET /api/me answers, `BodyOf<'/api/outgoing', 'post'>` what POST /api/outgoing takes. Never retype a
// server type by hand: pick it here.
import type { operations, paths } from './schema';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

type JsonContent<R> = R extends { content: { 'application/json': infer T } } ? T : never;

type Success<Op> = Op extends { responses: infer R }
  ? JsonContent<R[Extract<keyof R, 200 | 201 | 202>]>
  : never;

/** The JSON a successful call answers. */
export type ResponseOf<P extends keyof paths, M extends Method> = Success<paths[P][M]>;

/** The JSON body a call takes. */
export type BodyOf<P extends keyof paths, M extends Method> = paths[P][M] extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : never;

/** The query parameters a call takes. */
export type QueryOf<P extends keyof paths, M extends Method> = paths[P][M] extends {
  parameters: { query?: infer Q };
}
  ? NonNullable<Q>
  : never;

export type Operation = keyof operations;

export type Me = ResponseOf<'/api/me', 'get'>;
export type Role = Me['user']['roles'][number];
export type Unit = ResponseOf<'/api/units/{id}', 'get'>;
export type UnitLevel = Unit['level'];
export type Urgency = NonNullable<BodyOf<'/api/outgoing', 'post'>['urgency']>;
export type Classification = NonNullable<BodyOf<'/api/outgoing', 'post'>['classification']>;
export type IncomingListItem = ResponseOf<'/api/incoming', 'get'>['items'][number];
export type ArrivalVerdict = IncomingListItem['validation'];
export type ExternalRecipient = ResponseOf<'/api/edxml/outgoing/{id}/external-recipients', 'get'>[number];
/** edXML status codes (QCVN 102:2016): 01–06 handling, 13/15/16 recall. */
export type EdxmlStatusCode = ExternalRecipient['events'][number]['code'];
