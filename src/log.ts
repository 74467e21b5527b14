import pino, { type Logger } from 'pino';
import { Secrets } from './secrets.js';

/** Field paths that may hold a secret; pino replaces their values before anything is written. */
export const REDACT_PATHS = [
  'authtoken',
  'oauthToken',
  'token',
  'authorization',
  'confirmSecret',
  'password',
  '*.authtoken',
  '*.oauthToken',
  '*.token',
  '*.authorization',
  '*.confirmSecret',
  'headers.authtoken',
  'headers.authorization',
  'req.headers.authorization',
  'req.headers.authtoken',
  'config.authtoken',
  'config.oauthToken',
  'config.confirmSecret',
];

const registries = new WeakMap<Logger, Secrets>();

/**
 * Logs go to stderr (fd 2) only: over stdio, stdout carries nothing but MCP messages. Secret fields are
 * censored by path, and every line is scanned for the secrets `secrets` knows and for URL userinfo.
 */
export function createLogger(level: string, destination: pino.DestinationStream = pino.destination(2), secrets = new Secrets()): Logger {
  const logger = pino(
    {
      level,
      base: { name: 'contentstack-personalize-mcp' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      hooks: { streamWrite: (line) => secrets.redact(line) },
    },
    destination,
  );
  registries.set(logger, secrets);
  return logger;
}

/** The secrets a logger made by createLogger redacts; the runtime adds each session's credentials to them. */
export function secretsOf(logger: Logger): Secrets {
  const known = registries.get(logger);
  if (known) return known;
  const secrets = new Secrets();
  registries.set(logger, secrets);
  return secrets;
}

export type { Logger };
