/**
 * pino's `err` serializer without what a failed query carries of its input. TypeORM's QueryFailedError
 * holds `parameters` (a password hash, a token hash...), and PostgreSQL's error `detail` repeats values
 * ("Key (token_hash)=(…) already exists"), as do the messages of data exceptions (SQLSTATE class 22:
 * `invalid input syntax for type uuid: "…"`). Logged instead: the type, the message (class 22 with its
 * quoted values replaced), the SQLSTATE `code`, the statement text (`query`, placeholders only), the
 * constraint, table, column and routine, and the causes, each serialized the same way.
 */
const DROPPED = new Set(['parameters', 'params', 'detail', 'internalQuery', 'hint', 'where', 'position']);
const MAX_DEPTH = 5;

function isDataException(e: Record<string, unknown>): boolean {
  const code = e.code ?? (e.driverError as Record<string, unknown> | undefined)?.code;
  return typeof code === 'string' && code.startsWith('22');
}

function scrub(text: string, dataException: boolean): string {
  return dataException ? text.replace(/"(?:[^"\\]|\\.)*"/g, '"[redacted]"') : text;
}

export function serializeError(err: unknown, depth = 0): unknown {
  if (typeof err !== 'object' || err === null) return err;
  if (depth > MAX_DEPTH) return { type: 'Error', message: '[cause chain too deep]' };
  const e = err as Record<string, unknown> & { message?: unknown; stack?: unknown; cause?: unknown };
  const data = isDataException(e);
  const out: Record<string, unknown> = {
    type: (err as { constructor?: { name?: string } }).constructor?.name ?? 'Object',
    message: scrub(String(e.message ?? ''), data),
  };
  if (typeof e.stack === 'string') out.stack = scrub(e.stack, data);
  for (const [key, value] of Object.entries(e)) {
    if (key in out || key === 'cause') continue;
    if (DROPPED.has(key)) continue;
    if (value instanceof Error) out[key] = serializeError(value, depth + 1);
    else if (typeof value === 'string') out[key] = scrub(value, data);
    else out[key] = value;
  }
  if (e.cause !== undefined) out.cause = serializeError(e.cause, depth + 1);
  return out;
}
