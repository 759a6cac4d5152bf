// Structured JSON logs (pino); secrets are redacted wherever they appear.
import pino, { type Logger } from 'pino';
import type { LogLevel } from './config.ts';

export function createLogger(level: LogLevel, name: string): Logger {
  return pino({
    name,
    level,
    redact: {
      paths: ['*.password', '*.secret', '*.databaseUrl', '*.adminPassword', 'config.secret'],
      censor: '[redacted]',
    },
  });
}
