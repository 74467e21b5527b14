import { assertCredentials, ConfigError, type Config } from '../config.js';
import { createRuntime } from '../context.js';
import type { Logger } from '../log.js';
import { loadMembers, type Member } from '../team/members.js';
import { isLoopback } from './http-guard.js';
import { serveHttp } from './http.js';

/**
 * Checks an HTTP configuration before anything starts: with a tokens file, its members (who bring
 * their own credentials); without one, loopback only, with the process's own credentials.
 */
export function prepareHttp(config: Config): Member[] | undefined {
  const { host, tokensFile } = config.http;
  // MCP_AUTH=oauth: every user signs in with Contentstack and brings their own token (src/oauth/).
  if (config.auth.mode === 'oauth') {
    if (!config.auth.publicUrl && !isLoopback(host)) {
      throw new ConfigError(`MCP_AUTH=oauth on ${host} needs MCP_PUBLIC_URL: the https URL clients use for /mcp (only a loopback listener can stand for itself under --sandbox).`);
    }
    return undefined;
  }
  if (tokensFile) return loadMembers(tokensFile);
  if (!isLoopback(host)) {
    throw new ConfigError(
      `MCP_HTTP_HOST is ${host}, which other machines can reach, and there is no MCP_HTTP_TOKENS_FILE: set one so only team members with a token get in, or listen on 127.0.0.1.`,
    );
  }
  assertCredentials(config);
  return undefined;
}

/** Serves MCP over Streamable HTTP until SIGTERM or SIGINT, then shuts down gracefully; resolves 0. */
/** `sandboxOAuthUrl`: the sandbox's simulated Developer Hub, for MCP_AUTH=oauth under --sandbox. */
export async function runHttp(config: Config, logger: Logger, members: Member[] | undefined, sandboxOAuthUrl?: string): Promise<number> {
  const redisUrl = config.http.redisUrl;
  // Loaded only for replicas: a single server never needs ioredis.
  const replicas = redisUrl ? (await import('../replicas/index.js')).connectReplicas(redisUrl, logger) : undefined;
  if (replicas && !config.confirmSecret) {
    logger.warn('REDIS_URL is set without PERSONALIZE_CONFIRM_SECRET: a confirmation token works only on the replica that issued it; give every replica the same secret.');
  }
  const runtime = createRuntime(config, logger, { limiterFactory: replicas?.limiterFactory, usedTokens: replicas?.usedTokens });
  try {
    const afterWrite = replicas?.shareCache(runtime.cache);
    const oauth = config.auth.mode === 'oauth' ? await (await import('../oauth/start.js')).prepareOAuth(config, runtime, { sandboxOAuthUrl }) : undefined;
    const http = await serveHttp({ runtime, members, ready: replicas?.ready, afterWrite, oauth });
    const signal = await new Promise<string>((resolve) => {
      process.once('SIGTERM', () => resolve('SIGTERM'));
      process.once('SIGINT', () => resolve('SIGINT'));
    });
    logger.info({ signal }, 'shutting down: finishing calls in flight (at most 10 s)');
    await http.shutdown(10_000);
    return 0;
  } finally {
    await runtime.close();
    await replicas?.close();
  }
}
