import pino, { type Logger } from 'pino';

/** Field paths that may hold a secret; pino replaces their values before anything is written. */
export const REDACT_PATHS = [
  'authtoken', 'oauthToken', 'token', 'authorization', 'confirmSecret', 'password',
  '*.authtoken', '*.oauthToken', '*.token', '*.authorization', '*.confirmSecret',
  'headers.authtoken', 'headers.authorization', 'req.headers.authorization', 'req.headers.authtoken',
  'config.authtoken', 'config.oauthToken', 'config.confirmSecret',
];

/** Logs go to stderr (fd 2) only: over stdio, stdout carries nothing but MCP messages. */
export function createLogger(level: string, destination: pino.DestinationStream = pino.destination(2)): Logger {
  return pino({ level, base: { name: 'contentstack-personalize-mcp' }, redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, destination);
}

export type { Logger };
