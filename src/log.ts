import { createRequire } from 'node:module';
import type { DestinationStream, Logger } from 'pino';
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
 * A logger that loads pino (and makes the pino logger) the first time it is used, not at start-up: a
 * stdio server's first use is its session context's child logger, made just after initialize (src/server.ts).
 */
function loadedOnFirstUse(make: () => Logger): Logger {
  let real: Logger | undefined;
  const get = () => (real ??= make());
  return new Proxy({} as Logger, {
    get(_, key) {
      const value = Reflect.get(get(), key);
      return typeof value === 'function' ? value.bind(get()) : value;
    },
    set: (_, key, value) => Reflect.set(get(), key, value),
    has: (_, key) => Reflect.has(get(), key),
  });
}

/**
 * Logs go to stderr (fd 2) only: over stdio, stdout carries nothing but MCP messages. Secret fields are
 * censored by path, and every line is scanned for the secrets `secrets` knows and for URL userinfo.
 */
export function createLogger(level: string, destination?: DestinationStream, secrets = new Secrets()): Logger {
  const logger = loadedOnFirstUse(() => {
    // pino is CommonJS; required synchronously here so that the first log line needs no await.
    const pino = createRequire(import.meta.url)('pino') as typeof import('pino').default;
    return pino(
      {
        level,
        base: { name: 'contentstack-personalize-mcp' },
        redact: { paths: REDACT_PATHS, censor: '[redacted]' },
        hooks: { streamWrite: (line) => secrets.redact(line) },
      },
      destination ?? pino.destination(2),
    );
  });
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
