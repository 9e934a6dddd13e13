/**
 * Recognises "the database is down" in whatever shape it arrives: a pg error with a connection
 * SQLSTATE, a socket error from node, a pool message, or any of these wrapped by TypeORM
 * (QueryFailedError.driverError) or as a `cause`. Such failures answer 503, not 500.
 */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
]);
// PostgreSQL SQLSTATE class 08 (connection exception), 57P01-03 (shutdown, cannot connect now),
// 53300 (too many connections), 57014 (statement_timeout: a database too slow to answer), 25P03
// (idle_in_transaction_session_timeout ended the session). TypeORM releases a query runner whose
// connection failed, so a transaction's next statement reports "Query runner already released".
const SQLSTATE = /^(08...|57P0[123]|53300|57014|25P03)$/;
const MESSAGES =
  /Connection terminated|connection error and is not queryable|timeout exceeded when trying to connect|Query read timeout|Query runner already released|Cannot use a pool after calling end|Connection is not established|DataSource is not initialized|the database system is (starting up|shutting down)/i;

export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const e = current as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown };
    if (typeof e.code === 'string' && (SOCKET_CODES.has(e.code) || SQLSTATE.test(e.code))) return true;
    if (typeof e.message === 'string' && MESSAGES.test(e.message)) return true;
    if (Array.isArray((e as { errors?: unknown }).errors)) {
      // AggregateError from net.connect with several addresses (IPv4 and IPv6).
      if ((e as { errors: unknown[] }).errors.some(isDatabaseUnavailable)) return true;
    }
    current = e.driverError ?? e.cause;
  }
  return false;
}
