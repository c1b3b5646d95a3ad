/**
 * Structured logs: one JSON object a line on stdout (pino), for whatever collects them.
 */
import { pino, type Logger } from 'pino';
import type { Config } from './config.js';

/** The process's logger at the configured level. Passwords and tokens are never logged. */
export function createLogger(level: Config['logLevel']): Logger {
  return pino({
    level,
    base: { service: 'skygraph' },
    redact: ['req.headers.authorization', '*.password', 'password'],
  });
}
