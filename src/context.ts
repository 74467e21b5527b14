import { createHash, randomBytes } from 'node:crypto';
import type { Agent, Dispatcher } from 'undici';
import { undici } from './api/undici.js';
import { ListCache } from './api/cache.js';
import { packageVersion } from './cli.js';
import { EdgeClient } from './api/edge/client.js';
import { ToolInputError } from './api/errors.js';
import { Limiters, loadBottleneck, type LimiterFactory } from './api/limiter.js';
import { PersonalizeClient, type Credentials } from './api/management/client.js';
import { CachedReads, ORG } from './api/reads.js';
import type { Config, ConfirmMode } from './config.js';
import { secretsOf, type Logger } from './log.js';
import type { Secrets } from './secrets.js';
import { ConfirmationTokens, MemoryUsedTokens, type UsedTokenStore } from './safety/tokens.js';
import { projectLimit } from './team/access.js';
import type { Toolset } from './tools/toolsets.js';

export const VERSION: string = packageVersion();

/** What one process shares between sessions: connections, per-organization limiters, used tokens. */
export interface Runtime {
  config: Config;
  logger: Logger;
  /** The shared connections, made (and undici loaded) on first use or by warm(). */
  dispatcher: () => Dispatcher;
  /** Loads what start-up left out (undici and the connection pool, Bottleneck); call right after initialize. */
  warm(): void;
  limiters: Limiters;
  tokens: ConfirmationTokens;
  cache: ListCache;
  /** Known secrets, redacted from logs, messages and results (src/secrets.ts). */
  secrets: Secrets;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  limiterFactory?: LimiterFactory;
  usedTokens?: UsedTokenStore;
  /** How long cached lists live; 0 turns the cache off (the benchmark's "before"). */
  cacheTtlMs?: number;
}

export function createRuntime(config: Config, logger: Logger, opts: RuntimeOptions = {}): Runtime {
  let agent: Agent | undefined;
  const dispatcher = () => {
    agent ??= new (undici().Agent)({ keepAliveTimeout: 10_000, keepAliveMaxTimeout: 60_000, connectTimeout: 10_000, connections: 16 });
    return agent;
  };
  const limiters = new Limiters(config.rateLimit, opts.limiterFactory);
  const secret = config.confirmSecret ? Buffer.from(config.confirmSecret) : randomBytes(32);
  const tokens = new ConfirmationTokens(secret, opts.usedTokens ?? new MemoryUsedTokens());
  const secrets = secretsOf(logger);
  secrets.add(config.authtoken, config.oauthToken, config.confirmSecret);
  return {
    config,
    logger,
    dispatcher,
    warm: () => {
      dispatcher();
      loadBottleneck();
    },
    limiters,
    tokens,
    cache: new ListCache(opts.cacheTtlMs),
    secrets,
    async close() {
      await limiters.close();
      await agent?.close();
    },
  };
}

/** Who is calling and with what rights; per MCP session, never module-level (docs/hosted-http.md). */
export interface SessionOptions {
  credentials: Credentials;
  organizationUid?: string;
  defaultProject?: string;
  confirmMode: ConfirmMode;
  readOnly: boolean;
  toolsets: readonly Toolset[];
  member?: { name: string; projects?: string[] };
  /** A signed-in user of another region (MCP_AUTH=oauth): that region's API URLs instead of the process's. */
  apiUrl?: string;
  edgeUrl?: string;
}

export interface SessionContext extends SessionOptions {
  runtime: Runtime;
  api: PersonalizeClient;
  /** The Edge API (public, no credentials, not rate limited), over the shared connections. */
  edge: EdgeClient;
  /** Cached lists for resources, names and dependency checks; dropped on any write to the project. */
  reads: CachedReads;
  logger: Logger;
  /** The project a tool acts on (projectOf), or a clear error when there is none. */
  project(uid: string | undefined): string;
}

/**
 * Which project a call acts on — the one answer used by tools, confirmation tokens, the audit line, the
 * team allow-list and completions: the call's projectUid, else the session's default project. A tool
 * without a projectUid input (the organization-level project tools) acts on none.
 */
export function projectOf(session: { defaultProject?: string }, args: Readonly<Record<string, unknown>> | undefined, tool?: { input: object }): string | undefined {
  if (tool && !('projectUid' in tool.input)) return undefined;
  return typeof args?.projectUid === 'string' ? args.projectUid : session.defaultProject;
}

export function sessionOptionsFromConfig(config: Config): SessionOptions {
  return {
    credentials: { authtoken: config.authtoken, oauthToken: config.oauthToken },
    organizationUid: config.organizationUid,
    defaultProject: config.projectUid,
    confirmMode: config.confirm,
    readOnly: config.readOnly,
    toolsets: config.toolsets,
  };
}

/** The limiter key: the organization when known, else a hash of the credential (never the credential itself). */
function limiterKey(o: SessionOptions): string {
  if (o.organizationUid) return `org:${o.organizationUid}`;
  const secret = o.credentials.oauthToken ?? o.credentials.authtoken ?? o.credentials.oauth?.id ?? '';
  return `cred:${createHash('sha256').update(secret).digest('hex').slice(0, 16)}`;
}

/**
 * Whose cached lists these are: one credential and one project allow-list, so no session reads lists
 * another user's rights fetched (or a list the allow-list would have refused).
 */
function cacheScope(o: SessionOptions): string {
  const secret = o.credentials.oauthToken ?? o.credentials.authtoken ?? o.credentials.oauth?.id ?? '';
  const who = createHash('sha256').update(secret).digest('hex').slice(0, 16);
  return `${o.organizationUid ?? ''}:${who}:${o.member?.projects?.join(',') ?? '*'}`;
}

export function createSessionContext(runtime: Runtime, options: SessionOptions): SessionContext {
  runtime.secrets.add(options.credentials.authtoken, options.credentials.oauthToken);
  const logger = runtime.logger.child(options.member ? { member: options.member.name } : {});
  const scope = limiterKey(options);
  const api = new PersonalizeClient({
    baseUrl: options.apiUrl ?? runtime.config.apiUrl,
    credentials: options.credentials,
    organizationUid: options.organizationUid,
    limiter: runtime.limiters.for(scope),
    dispatcher: runtime.dispatcher,
    logger,
    userAgent: `contentstack-personalize-mcp/${VERSION}`,
    onWrite: (project) => runtime.cache.invalidate(project ?? ORG),
    // A team member limited to some projects: no Management call may reach another one (docs/hosted-http.md).
    projectLimit: options.member?.projects && projectLimit(options.member.projects),
  });
  const edge = new EdgeClient({
    baseUrl: options.edgeUrl ?? runtime.config.edgeUrl,
    dispatcher: runtime.dispatcher,
    logger,
    clientName: `contentstack-personalize-mcp/${VERSION}`,
  });
  return {
    ...options,
    runtime,
    api,
    edge,
    reads: new CachedReads(api, runtime.cache, cacheScope(options)),
    logger,
    project(uid) {
      const project = projectOf(options, { projectUid: uid });
      if (!project) throw new ToolInputError('No project given: pass projectUid (list_projects shows them) or set PERSONALIZE_PROJECT_UID.');
      return project;
    },
  };
}
