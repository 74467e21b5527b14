import { randomBytes } from 'node:crypto';
import type { Config } from '../config.js';
import type { Runtime } from '../context.js';
import { createOAuthServer, type OAuthServer, type OAuthServerOptions } from './server.js';
import { MemoryStore, redisStore } from './store.js';
import { contentstackOAuth } from './contentstack.js';

/**
 * What `--http` with MCP_AUTH=oauth serves beside /mcp, made once the listen address is known: the store (Redis with
 * REDIS_URL so replicas share sign-ins and tokens, else memory) and the key (under --sandbox, a random one when unset).
 */
export async function prepareOAuth(
  config: Config,
  runtime: Runtime,
  extra: Partial<OAuthServerOptions> & { sandboxOAuthUrl?: string } = {},
): Promise<(listenUrl: string) => OAuthServer> {
  const { logger, secrets } = runtime;
  const { sandboxOAuthUrl, ...options } = extra;
  const { clientId, clientSecret, appUid } = config.auth;
  if (!clientId || !appUid) throw new Error('MCP_AUTH=oauth without the Contentstack app settings (checked by loadConfig)');
  // The sandbox's simulated Developer Hub is both the app host and the token host (src/sandbox/oauth/server.ts).
  const hosts = sandboxOAuthUrl ? () => ({ app: sandboxOAuthUrl, developerHub: sandboxOAuthUrl }) : undefined;
  const upstream = contentstackOAuth({ clientId, clientSecret, appUid, hosts, secrets, dispatcher: runtime.dispatcher(), scopesIfUnstated: config.auth.scopesIfUnstated });
  let lastError = 0;
  const store = config.http.redisUrl
    ? await redisStore(config.http.redisUrl, (err) => {
        if (Date.now() - lastError < 10_000) return;
        lastError = Date.now();
        logger.error({ err: (err as { code?: string }).code ?? err.message }, 'Redis (REDIS_URL) unreachable; sign-ins and tokens cannot be read until it is back');
      })
    : new MemoryStore();
  const encryptionKey = config.auth.encryptionKey ?? randomBytes(32);
  secrets.add(config.auth.clientSecret);
  return (listenUrl) => {
    const publicUrl = config.auth.publicUrl ?? listenUrl;
    logger.info({ resource: publicUrl, store: config.http.redisUrl ? 'redis' : 'memory' }, 'OAuth authorization server on (MCP_AUTH=oauth)');
    return createOAuthServer({ config, publicUrl, encryptionKey, upstream, store, secrets, logger, ...options });
  };
}
