/**
 * Structured logs: one JSON object a line on stdout (pino), for whatever collects them.
 */
import { pino, type DestinationStream, type Logger } from 'pino';
import type { Config } from './config.js';

/**
 * The process's logger at the configured level, writing to stdout (or `destination`, for tests).
 * What is logged is chosen field by field (server.ts: method, path, operation name, status,
 * duration): never a request's headers, variables or body, so tokens, passwords and emails
 * cannot reach the log; the redaction is a second line of defence for errors that carry them.
 */
export function createLogger(level: Config['logLevel'], destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'skygraph' },
    redact: ['req.headers.authorization', 'headers.authorization', '*.password', 'password', '*.variables', 'variables', 'err.params'],
  };
  return destination ? pino(options, destination) : pino(options);
}
