import pino, { type DestinationStream, type Logger } from 'pino';
import { serializeError } from './error-serializer';

/** Serializers of every VanBan logger: errors never carry a failed query's parameters (error-serializer.ts). */
export const LOG_SERIALIZERS = { err: serializeError, error: serializeError };

/**
 * Paths pino censors in every log line. Request logging never includes headers or bodies, but a
 * careless `log.info({ body })` or an error carrying a config object must still not leak secrets.
 */
export const REDACTED_PATHS = [
  'password',
  'newPassword',
  'token',
  'secret',
  'authorization',
  'cookie',
  '*.password',
  '*.newPassword',
  '*.token',
  '*.secret',
  '*.authorization',
  '*.cookie',
  '*.headers.authorization',
  '*.headers.cookie',
  '*.headers["set-cookie"]',
  '*.headers["x-csrf-token"]',
];

/** The server's JSON logger (the lead's main.ts may use it; createApp redacts on its own too). */
export function createLogger(options: { level: string; destination?: DestinationStream }): Logger {
  return pino(
    {
      level: options.level,
      base: { service: 'vanban' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: LOG_SERIALIZERS,
    },
    options.destination,
  );
}
