import { parseRegion, REGIONS, type Region } from './api/regions.js';
import { isPersonalizeScope, PERSONALIZE_SCOPES } from './api/scopes.js';
import { DEFAULT_MAX_RESULT_BYTES } from './bounds/limits.js';
import { withoutUserinfo } from './secrets.js';
import { TOOLSETS, type Toolset } from './tools/toolsets.js';

/** The seed `--sandbox` uses unless PERSONALIZE_SANDBOX_SEED gives another: the documented demo uids come from it. */
export const DEFAULT_SANDBOX_SEED = 'demo';

export const CONFIRM_MODES = ['auto', 'elicit', 'token', 'none'] as const;
export type ConfirmMode = (typeof CONFIRM_MODES)[number];

export interface Config {
  region: Region;
  apiUrl: string;
  edgeUrl: string;
  authtoken?: string;
  oauthToken?: string;
  organizationUid?: string;
  projectUid?: string;
  rateLimit: number;
  readOnly: boolean;
  toolsets: Toolset[];
  confirm: ConfirmMode;
  confirmSecret?: string;
  /** One deadline per tool call, shared by all its upstream attempts (README "Configuration"). */
  callDeadlineS: number;
  /** Cap on one tool result, structured and text content together; lists page under it (README "Configuration"). */
  maxResultBytes: number;
  sandbox: boolean;
  /** Seed of the sandbox's uids: the same seed, the same uids on every start (README "Try it"). */
  sandboxSeed: string;
  /** Lifetime of the sandbox's simulated Contentstack OAuth access tokens (docs/oauth.md §7); short to try refresh. */
  sandboxOAuthTokenTtlS: number;
  logLevel: string;
  transport: 'stdio' | 'http';
  http: HttpConfig;
  auth: AuthConfig;
}

/** MCP_AUTH and the OAuth connector's settings (docs/hosted-http.md "Remote connector (OAuth)"). */
export interface AuthConfig {
  mode: 'tokens' | 'oauth';
  /** The canonical MCP URL clients connect to (path /mcp); with --sandbox, the listen address when unset. */
  publicUrl?: string;
  clientId?: string;
  clientSecret?: string;
  appUid?: string;
  /** 32 bytes for AES-256-GCM; with --sandbox, a random key per process when unset. */
  encryptionKey?: Buffer;
  /** What a Contentstack token answer without `scope` is read as granting (docs/oauth.md §4); unset: read only. */
  scopesIfUnstated?: string[];
}

/** docs/hosted-http.md: hosted Streamable HTTP for teams. */
export interface HttpConfig {
  host: string;
  port: number;
  allowedHosts?: string[];
  allowedOrigins?: string[];
  tokensFile?: string;
  stateless: boolean;
  sessionIdleS: number;
  maxSessions: number;
  /** Sessions one team member may hold (with a tokens file), so no one member takes every slot. */
  maxSessionsPerMember: number;
  maxBodyBytes: number;
  redisUrl?: string;
}

/** A configuration problem, told in one sentence that names the variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Every setting: its environment variable, and the short flag aliases beside `--kebab-case` of the variable. */
const SETTINGS = {
  region: { env: 'CONTENTSTACK_REGION', flags: ['--region'] },
  authtoken: { env: 'CONTENTSTACK_AUTHTOKEN', flags: ['--authtoken'] },
  oauthToken: { env: 'CONTENTSTACK_OAUTH_TOKEN', flags: ['--oauth-token'] },
  organizationUid: { env: 'CONTENTSTACK_ORGANIZATION_UID', flags: ['--organization-uid'] },
  projectUid: { env: 'PERSONALIZE_PROJECT_UID', flags: ['--project-uid'] },
  apiUrl: { env: 'PERSONALIZE_API_URL', flags: ['--api-url'] },
  edgeUrl: { env: 'PERSONALIZE_EDGE_URL', flags: ['--edge-url'] },
  rateLimit: { env: 'PERSONALIZE_RATE_LIMIT', flags: ['--rate-limit'] },
  readOnly: { env: 'PERSONALIZE_READ_ONLY', flags: ['--read-only'], boolean: true },
  toolsets: { env: 'PERSONALIZE_TOOLSETS', flags: ['--toolsets'] },
  confirm: { env: 'PERSONALIZE_CONFIRM', flags: ['--confirm'] },
  confirmSecret: { env: 'PERSONALIZE_CONFIRM_SECRET', flags: ['--confirm-secret'] },
  callDeadlineS: { env: 'PERSONALIZE_CALL_DEADLINE_S', flags: [] },
  maxResultBytes: { env: 'PERSONALIZE_MAX_RESULT_BYTES', flags: [] },
  sandbox: { env: 'PERSONALIZE_SANDBOX', flags: ['--sandbox'], boolean: true },
  sandboxSeed: { env: 'PERSONALIZE_SANDBOX_SEED', flags: ['--sandbox-seed'] },
  sandboxOAuthTokenTtlS: { env: 'PERSONALIZE_SANDBOX_OAUTH_TOKEN_TTL_S', flags: [] },
  logLevel: { env: 'LOG_LEVEL', flags: ['--log-level'] },
  transport: { env: 'MCP_TRANSPORT', flags: ['--transport'] },
  httpHost: { env: 'MCP_HTTP_HOST', flags: ['--host'] },
  httpPort: { env: 'MCP_HTTP_PORT', flags: ['--port'] },
  allowedHosts: { env: 'MCP_ALLOWED_HOSTS', flags: [] },
  allowedOrigins: { env: 'MCP_ALLOWED_ORIGINS', flags: [] },
  tokensFile: { env: 'MCP_HTTP_TOKENS_FILE', flags: ['--tokens-file'] },
  stateless: { env: 'MCP_STATELESS', flags: ['--stateless'], boolean: true },
  sessionIdleS: { env: 'MCP_SESSION_IDLE_S', flags: [] },
  maxSessions: { env: 'MCP_MAX_SESSIONS', flags: [] },
  maxSessionsPerMember: { env: 'MCP_MAX_SESSIONS_PER_MEMBER', flags: [] },
  maxBodyBytes: { env: 'MCP_MAX_BODY_BYTES', flags: [] },
  redisUrl: { env: 'REDIS_URL', flags: ['--redis-url'] },
  auth: { env: 'MCP_AUTH', flags: ['--auth'] },
  publicUrl: { env: 'MCP_PUBLIC_URL', flags: ['--public-url'] },
  oauthClientId: { env: 'CONTENTSTACK_OAUTH_CLIENT_ID', flags: [] },
  oauthClientSecret: { env: 'CONTENTSTACK_OAUTH_CLIENT_SECRET', flags: [] },
  oauthAppUid: { env: 'CONTENTSTACK_OAUTH_APP_UID', flags: [] },
  authEncryptionKey: { env: 'MCP_AUTH_ENCRYPTION_KEY', flags: [] },
  oauthScopesIfUnstated: { env: 'CONTENTSTACK_OAUTH_SCOPES_IF_UNSTATED', flags: [] },
} as const satisfies Record<string, { env: string; flags: readonly string[]; boolean?: boolean }>;

type Key = keyof typeof SETTINGS;

/** Every environment variable the server reads, with whether it holds a secret (server.json and the bundle list them). */
export function settingVariables(): Array<{ env: string; secret: boolean }> {
  const secrets: Key[] = ['authtoken', 'oauthToken', 'confirmSecret', 'oauthClientSecret', 'authEncryptionKey'];
  return (Object.keys(SETTINGS) as Key[]).map((k) => ({ env: SETTINGS[k].env, secret: secrets.includes(k) }));
}
type Raw = Partial<Record<Key, string>>;

const kebab = (env: string) => `--${env.toLowerCase().replace(/_/g, '-')}`;

/** Reads flags (which win) over environment variables into raw strings, one per setting. */
function readRaw(argv: string[], env: NodeJS.ProcessEnv): Raw {
  const raw: Raw = {};
  for (const key of Object.keys(SETTINGS) as Key[]) {
    const value = env[SETTINGS[key].env];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--http') {
      raw.transport = 'http';
      continue;
    }
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const key = (Object.keys(SETTINGS) as Key[]).find((k) => {
      const s = SETTINGS[k];
      return kebab(s.env) === flag || (s.flags as readonly string[]).includes(flag);
    });
    if (!key) throw new ConfigError(`Unknown option ${flag}; run with --help to see the options.`);
    const setting = SETTINGS[key] as { boolean?: boolean };
    if (inline !== undefined) raw[key] = inline;
    else if (setting.boolean) raw[key] = 'true';
    else {
      const next = argv[++i];
      if (next === undefined) throw new ConfigError(`Option ${flag} needs a value.`);
      raw[key] = next;
    }
  }
  return raw;
}

function parseBool(key: Key, value: string | undefined, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  const v = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(v)) return true;
  if (['false', '0', 'no', 'off'].includes(v)) return false;
  throw new ConfigError(`${SETTINGS[key].env} must be true or false, not "${value}".`);
}

/** A wrong value, quoted in an error, unless it may hold a password (URL userinfo). */
const shown = (value: string) =>
  value.includes('@') ? `a value with userinfo ("${withoutUserinfo(value.includes('://') ? value : `x://${value}`).replace(/^x:\/\//, '')}")` : `"${value}"`;

function parseUrl(key: Key, value: string): string {
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error();
    return url.href.replace(/\/+$/, '');
  } catch {
    throw new ConfigError(`${SETTINGS[key].env} must be an http(s) URL, not ${shown(value)}.`);
  }
}

function parseToolsets(value: string | undefined): Toolset[] {
  if (value === undefined || value.trim().toLowerCase() === 'all') return [...TOOLSETS];
  const names = value
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const unknown = names.filter((n) => !(TOOLSETS as readonly string[]).includes(n));
  if (unknown.length || names.length === 0) {
    throw new ConfigError(`PERSONALIZE_TOOLSETS has unknown toolset "${unknown.join(', ') || value}"; use "all" or a comma list of ${TOOLSETS.join(', ')}.`);
  }
  return TOOLSETS.filter((t) => names.includes(t));
}

function parseInteger(key: Key, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`${SETTINGS[key].env} must be a whole number from ${min} to ${max}, not "${value}".`);
  return n;
}

/** pino's levels (pino.levels.values), and silent. */
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function parseLogLevel(value: string | undefined): string {
  const level = (value ?? 'info').trim().toLowerCase();
  if (!LOG_LEVELS.includes(level)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, not "${value}".`);
  return level;
}

/** A stray control character (a newline pasted with a token) would corrupt headers: refused at start. */
function parseCredential(key: Key, value: string | undefined): string | undefined {
  if (value !== undefined && /[\u0000-\u001f\u007f]/.test(value)) {
    throw new ConfigError(`${SETTINGS[key].env} contains a control character (a line break pasted with it?); set it again without one.`);
  }
  return value;
}

const list = (value: string | undefined) =>
  value
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);

function parseHttp(raw: Raw): HttpConfig {
  const redisUrl = raw.redisUrl;
  if (redisUrl !== undefined && !/^rediss?:\/\//.test(redisUrl)) throw new ConfigError(`REDIS_URL must be a redis:// or rediss:// URL, not ${shown(redisUrl)}.`);
  return {
    host: raw.httpHost ?? '127.0.0.1',
    port: parseInteger('httpPort', raw.httpPort, 3000, 0, 65535),
    allowedHosts: list(raw.allowedHosts),
    allowedOrigins: list(raw.allowedOrigins),
    tokensFile: raw.tokensFile,
    stateless: parseBool('stateless', raw.stateless, false),
    sessionIdleS: parseInteger('sessionIdleS', raw.sessionIdleS, 900, 1, 86_400),
    maxSessions: parseInteger('maxSessions', raw.maxSessions, 1000, 1, 1_000_000),
    maxSessionsPerMember: parseInteger('maxSessionsPerMember', raw.maxSessionsPerMember, 20, 1, 1_000_000),
    maxBodyBytes: parseInteger('maxBodyBytes', raw.maxBodyBytes, 1_048_576, 1024, 100 * 1_048_576),
    redisUrl,
  };
}

/** The names the SDK's authorization-server metadata accepts over plain http. */
const LOOPBACK_HOST = /^(localhost|127\.0\.0\.1)$/i;

/** CONTENTSTACK_OAUTH_SCOPES_IF_UNSTATED: Personalize scopes, space- or comma-separated. */
function parseScopes(value: string): string[] {
  const scopes = value.split(/[\s,]+/).filter(Boolean);
  const unknown = scopes.filter((s) => !isPersonalizeScope(s));
  if (!scopes.length || unknown.length) {
    throw new ConfigError(`CONTENTSTACK_OAUTH_SCOPES_IF_UNSTATED must list ${PERSONALIZE_SCOPES.join(' and/or ')}, not ${shown(value)}.`);
  }
  return [...new Set(scopes)];
}

/** MCP_PUBLIC_URL: where clients reach /mcp; https, except on loopback (a test or a local try). */
function parsePublicUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`MCP_PUBLIC_URL must be the full URL clients use for MCP, like https://mcp.example.com/mcp, not ${shown(value)}.`);
  }
  if (url.username || url.password || url.search || url.hash || url.pathname !== '/mcp') {
    throw new ConfigError(`MCP_PUBLIC_URL must be an origin followed by /mcp (no query, no credentials), like https://mcp.example.com/mcp, not ${shown(value)}.`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK_HOST.test(url.hostname))) {
    throw new ConfigError(`MCP_PUBLIC_URL must use https (plain http is accepted on localhost only), not ${shown(value)}.`);
  }
  return url.href;
}

/** MCP_AUTH_ENCRYPTION_KEY: 32 random bytes, as 64 hex digits or base64 (`openssl rand -base64 32`). */
function parseEncryptionKey(value: string): Buffer {
  const v = value.trim();
  const key = /^[0-9a-f]{64}$/i.test(v) ? Buffer.from(v, 'hex') : /^[A-Za-z0-9+/_-]+={0,2}$/.test(v) ? Buffer.from(v, 'base64') : Buffer.alloc(0);
  if (key.length !== 32) {
    throw new ConfigError(
      `MCP_AUTH_ENCRYPTION_KEY must be 32 random bytes, as 64 hex digits or 44 base64 characters (openssl rand -base64 32); this value is ${key.length ? `${key.length} bytes` : 'neither'}.`,
    );
  }
  return key;
}

function parseAuth(raw: Raw, transport: string, sandbox: boolean): AuthConfig {
  const mode = (raw.auth ?? 'tokens').trim().toLowerCase();
  if (mode !== 'tokens' && mode !== 'oauth') throw new ConfigError(`MCP_AUTH must be tokens or oauth, not "${raw.auth}".`);
  if (mode === 'tokens') return { mode };
  if (transport !== 'http') throw new ConfigError('MCP_AUTH=oauth is for hosted HTTP: add --http (MCP_TRANSPORT=http).');
  if (raw.tokensFile) throw new ConfigError('MCP_AUTH=oauth and MCP_HTTP_TOKENS_FILE exclude each other: users sign in with Contentstack, or members use team tokens; unset one.');
  const auth: AuthConfig = {
    mode,
    publicUrl: raw.publicUrl === undefined ? undefined : parsePublicUrl(raw.publicUrl),
    clientId: parseCredential('oauthClientId', raw.oauthClientId),
    clientSecret: parseCredential('oauthClientSecret', raw.oauthClientSecret),
    appUid: parseCredential('oauthAppUid', raw.oauthAppUid),
    encryptionKey: raw.authEncryptionKey === undefined ? undefined : parseEncryptionKey(raw.authEncryptionKey),
    scopesIfUnstated: raw.oauthScopesIfUnstated === undefined ? undefined : parseScopes(raw.oauthScopesIfUnstated),
  };
  if (sandbox) return auth;
  // The client secret is optional: with PKCE, Contentstack takes the code without it (docs/oauth.md §3).
  const missing = (['publicUrl', 'oauthClientId', 'oauthAppUid', 'authEncryptionKey'] as const).filter((k) => raw[k] === undefined);
  if (missing.length) {
    throw new ConfigError(
      `MCP_AUTH=oauth needs ${missing.map((k) => SETTINGS[k].env).join(', ')}: the public /mcp URL, your Contentstack app's OAuth client id and app uid (Developer Hub → your app → OAuth), and a 32-byte key that encrypts stored tokens (docs/hosted-http.md).`,
    );
  }
  return auth;
}

/** Parses and validates the whole configuration; throws ConfigError with one sentence on the first problem. */
export function loadConfig(argv: string[], env: NodeJS.ProcessEnv): Config {
  const raw = readRaw(argv, env);
  const region = parseRegion(raw.region ?? 'na');
  if (!region) {
    throw new ConfigError(`CONTENTSTACK_REGION "${raw.region}" is not a region; use one of ${Object.keys(REGIONS).join(', ')}.`);
  }
  const rateLimit = Number(raw.rateLimit ?? '10');
  if (!Number.isFinite(rateLimit) || rateLimit <= 0 || rateLimit > 1000) {
    throw new ConfigError(`PERSONALIZE_RATE_LIMIT must be a number of requests per second between 1 and 1000, not "${raw.rateLimit}".`);
  }
  const confirm = (raw.confirm ?? 'auto').trim().toLowerCase();
  if (!(CONFIRM_MODES as readonly string[]).includes(confirm)) {
    throw new ConfigError(`PERSONALIZE_CONFIRM must be one of ${CONFIRM_MODES.join(', ')}, not "${raw.confirm}".`);
  }
  const transport = (raw.transport ?? 'stdio').trim().toLowerCase();
  if (transport !== 'stdio' && transport !== 'http') {
    throw new ConfigError(`MCP_TRANSPORT must be stdio or http, not "${raw.transport}".`);
  }
  if (raw.projectUid !== undefined && !/^[A-Za-z0-9]{1,64}$/.test(raw.projectUid)) {
    throw new ConfigError('PERSONALIZE_PROJECT_UID must be the project uid (24 letters and digits, from Personalize → Settings → General).');
  }
  const sandbox = parseBool('sandbox', raw.sandbox, false);
  return {
    region,
    apiUrl: raw.apiUrl ? parseUrl('apiUrl', raw.apiUrl) : REGIONS[region].api,
    edgeUrl: raw.edgeUrl ? parseUrl('edgeUrl', raw.edgeUrl) : REGIONS[region].edge,
    authtoken: parseCredential('authtoken', raw.authtoken),
    oauthToken: parseCredential('oauthToken', raw.oauthToken),
    organizationUid: parseCredential('organizationUid', raw.organizationUid),
    projectUid: raw.projectUid,
    rateLimit,
    readOnly: parseBool('readOnly', raw.readOnly, false),
    toolsets: parseToolsets(raw.toolsets),
    confirm: confirm as ConfirmMode,
    confirmSecret: raw.confirmSecret,
    // Under the 60 s most clients wait, so a hung upstream gets the server's own message first.
    callDeadlineS: parseInteger('callDeadlineS', raw.callDeadlineS, 45, 1, 3600),
    // At least room for one page of small items beside the text copy of the JSON.
    maxResultBytes: parseInteger('maxResultBytes', raw.maxResultBytes, DEFAULT_MAX_RESULT_BYTES, 16_384, 64 * 1_048_576),
    sandbox,
    sandboxSeed: raw.sandboxSeed ?? DEFAULT_SANDBOX_SEED,
    sandboxOAuthTokenTtlS: parseInteger('sandboxOAuthTokenTtlS', raw.sandboxOAuthTokenTtlS, 3600, 1, 86_400),
    logLevel: parseLogLevel(raw.logLevel),
    transport,
    http: parseHttp(raw),
    auth: parseAuth(raw, transport, sandbox),
  };
}

/** Credentials are needed unless the sandbox supplies its own. */
export function assertCredentials(config: Config): void {
  if (config.sandbox || config.authtoken || config.oauthToken) return;
  throw new ConfigError(
    'No Contentstack credentials: set CONTENTSTACK_OAUTH_TOKEN or CONTENTSTACK_AUTHTOKEN (a user token; stack management tokens are refused), or pass --sandbox to try the built-in simulated Personalize.',
  );
}

export function helpText(): string {
  const rows: Array<[string, string]> = [
    ['CONTENTSTACK_REGION', 'na, eu, au, azure-na, azure-eu, gcp-na, gcp-eu (default na)'],
    ['CONTENTSTACK_OAUTH_TOKEN', 'OAuth access token, sent as authorization: Bearer (wins over the authtoken)'],
    ['CONTENTSTACK_AUTHTOKEN', 'user authtoken (management tokens are refused by Personalize)'],
    ['CONTENTSTACK_ORGANIZATION_UID', 'organization, sent on /projects calls'],
    ['PERSONALIZE_PROJECT_UID', 'default project for every tool'],
    ['PERSONALIZE_API_URL', "override the region's Management API base URL"],
    ['PERSONALIZE_EDGE_URL', "override the region's Edge API base URL"],
    ['PERSONALIZE_RATE_LIMIT', 'Management requests per second per organization (default 10)'],
    ['PERSONALIZE_READ_ONLY', 'true: register no tool that writes (default false)'],
    ['PERSONALIZE_TOOLSETS', `all, or a comma list of ${TOOLSETS.join(', ')}`],
    ['PERSONALIZE_CONFIRM', 'auto, elicit, token, none (default auto)'],
    ['PERSONALIZE_CONFIRM_SECRET', 'HMAC key for confirmation tokens (random per process by default)'],
    ['PERSONALIZE_CALL_DEADLINE_S', 'one deadline per tool call; no upstream request starts after it (default 45)'],
    ['PERSONALIZE_MAX_RESULT_BYTES', `cap on one tool result; lists page instead of growing past it (default ${DEFAULT_MAX_RESULT_BYTES})`],
    ['PERSONALIZE_SANDBOX', 'true: run against the built-in simulated Personalize, no account needed'],
    ['PERSONALIZE_SANDBOX_SEED', 'another stable set of sandbox uids (the default seed gives the same uids on every start)'],
    ['PERSONALIZE_SANDBOX_OAUTH_TOKEN_TTL_S', "lifetime of the sandbox's simulated Contentstack OAuth access tokens (default 3600)"],
    ['LOG_LEVEL', 'pino level for the logs on stderr (default info)'],
    ['MCP_TRANSPORT', 'stdio (default) or http (--http)'],
    ['MCP_HTTP_HOST, MCP_HTTP_PORT', 'where --http listens; MCP at /mcp (default 127.0.0.1:3000)'],
    ['MCP_ALLOWED_HOSTS, MCP_ALLOWED_ORIGINS', 'comma lists checked against Host / Origin (DNS-rebinding protection)'],
    ['MCP_HTTP_TOKENS_FILE', 'JSON list of team members and their token hashes; required off loopback (or MCP_AUTH=oauth)'],
    ['MCP_STATELESS', 'true: no sessions; confirmation by token only (default false)'],
    ['MCP_SESSION_IDLE_S, MCP_MAX_SESSIONS', 'session idle timeout and cap (default 900, 1000)'],
    ['MCP_MAX_SESSIONS_PER_MEMBER', 'sessions one team member may hold (default 20)'],
    ['MCP_MAX_BODY_BYTES', 'request body cap (default 1048576)'],
    ['REDIS_URL', 'share the rate limit, used tokens and cache invalidation between replicas'],
    ['MCP_AUTH', 'tokens (MCP_HTTP_TOKENS_FILE, default) or oauth (users sign in with Contentstack)'],
    ['MCP_PUBLIC_URL', 'MCP_AUTH=oauth: the URL clients use, https://<host>/mcp'],
    ['CONTENTSTACK_OAUTH_CLIENT_ID', "MCP_AUTH=oauth: your Contentstack app's OAuth client id"],
    ['CONTENTSTACK_OAUTH_CLIENT_SECRET', "MCP_AUTH=oauth: your Contentstack app's OAuth client secret, if it has one"],
    ['CONTENTSTACK_OAUTH_APP_UID', 'MCP_AUTH=oauth: the app uid from Developer Hub'],
    ['MCP_AUTH_ENCRYPTION_KEY', 'MCP_AUTH=oauth: 32 bytes (hex or base64) that encrypt stored Contentstack tokens'],
    ['CONTENTSTACK_OAUTH_SCOPES_IF_UNSTATED', 'MCP_AUTH=oauth: scopes a Contentstack token answer without scope grants (default personalize:read)'],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return [
    'contentstack-personalize-mcp — an MCP server for Contentstack Personalize',
    '',
    'Usage: contentstack-personalize-mcp [--sandbox] [--http] [--read-only] [--toolsets a,b] [--region eu] ...',
    '       contentstack-personalize-mcp --version | --help',
    '',
    'Try it without an account: npx -y contentstack-personalize-mcp --sandbox (an MCP server on stdin/stdout).',
    '',
    'Each variable below also has a flag: --kebab-case of its name (e.g. --personalize-read-only),',
    'plus the short forms --region, --authtoken, --oauth-token, --organization-uid, --project-uid, --api-url,',
    '--edge-url, --rate-limit, --read-only, --toolsets, --confirm, --confirm-secret, --sandbox, --sandbox-seed, --log-level,',
    '--http. --version prints the version.',
    'Flags win over the environment. Prefer the environment for tokens: flags show in process lists.',
    '',
    ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`),
    '',
  ].join('\n');
}
