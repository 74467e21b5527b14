import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { ConfigError } from '../config.js';
import { createSessionContext, type Runtime, type SessionContext } from '../context.js';
import type { OAuthIdentity, OAuthServer } from '../oauth/server.js';
import { storedResultsOver } from '../sdk/adapter.js';
import { createServer, storedAnswerBytes } from '../server.js';
import { createAuditLog } from '../team/audit.js';
import { sessionHook } from '../team/hook.js';
import { IdentityError, sessionOptionsFor } from '../team/identity.js';
import { authenticate, type Member } from '../team/members.js';
import { explainReadRole } from '../team/roles.js';
import { readJsonBody } from './http-body.js';
import { connectionCap, Connections, HTTP_TIMEOUTS } from './http-connections.js';
import { RequestGuard } from './http-guard.js';
import { refuse } from './http-refuse.js';
import { RPC, sendError, sendJson } from './http-respond.js';
import { Sessions, type Session } from './http-sessions.js';

export interface HttpOptions {
  runtime: Runtime;
  /** Team members from MCP_HTTP_TOKENS_FILE; absent: one local user with the process's own credentials. */
  members?: readonly Member[];
  /** Readiness beyond liveness (Redis reachable); absent: always ready. */
  ready?: () => Promise<boolean>;
  /** Awaited after each write tool call, before its result is sent (cross-replica cache invalidation). */
  afterWrite?: () => Promise<void>;
  /** MCP_AUTH=oauth: made once the listen address is known (the public URL under --sandbox). */
  oauth?: (listenUrl: string) => OAuthServer;
}

export interface HttpHandle {
  /** The MCP endpoint, e.g. http://127.0.0.1:3000/mcp. */
  url: string;
  port: number;
  sessionCount(): number;
  /** docs/hosted-http.md: stop accepting, let calls in flight finish (at most graceMs), close sessions. */
  shutdown(graceMs?: number): Promise<void>;
}

const SHUTTING_DOWN = 'The server is shutting down; reconnect in a moment (another replica may answer).';

/** True when a parsed body holds at least one JSON-RPC request (not only responses or notifications). */
function hasRequest(body: unknown): boolean {
  const messages = Array.isArray(body) ? body : [body];
  return messages.some((m) => m && typeof m === 'object' && 'method' in m && 'id' in m);
}

/** Who holds a session: the token's hash, so two entries under one name still hold separate sessions. */
const ownerOf = (member: Member | undefined) => member?.tokenSha256 ?? 'local';

function memberCapMessage(name: string, cap: number, idleS: number): string {
  return `Too many sessions for member "${name}": a member may hold ${cap} at once (MCP_MAX_SESSIONS_PER_MEMBER), and all ${cap} are open. Free a slot by closing sessions you no longer use (the client's DELETE on its Mcp-Session-Id, or quit the clients that hold them); a session idle for ${idleS} s (MCP_SESSION_IDLE_S) closes by itself.`;
}

function isInitialize(body: unknown): boolean {
  return Array.isArray(body) ? body.some((m) => isInitializeRequest(m)) : isInitializeRequest(body);
}

/** Why the server cannot listen, as a configuration problem naming the setting to change. */
function listenError(err: NodeJS.ErrnoException, host: string, port: number): Error {
  if (err.code === 'EADDRINUSE') return new ConfigError(`MCP_HTTP_PORT (--port) ${port} is already in use on ${host}: stop what listens there or choose another port.`);
  if (err.code === 'EACCES') return new ConfigError(`MCP_HTTP_PORT (--port) ${port} needs privileges this process lacks: choose a port above 1023.`);
  if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND') return new ConfigError(`MCP_HTTP_HOST (--host) ${host} is not an address of this machine.`);
  return err;
}

/** Streamable HTTP at /mcp (stateful sessions, or MCP_STATELESS), with /healthz and /readyz. */
export async function serveHttp(o: HttpOptions): Promise<HttpHandle> {
  const { runtime } = o;
  const { config, logger } = runtime;
  const http = config.http;
  const guard = new RequestGuard(http.host, http.allowedHosts, http.allowedOrigins, config.auth.publicUrl && new URL(config.auth.publicUrl).host);
  const sessions = new Sessions({ max: http.maxSessions, perMember: o.members || o.oauth ? http.maxSessionsPerMember : undefined, idleMs: http.sessionIdleS * 1000 }, logger);
  const audit = createAuditLog(logger);
  let inFlight = 0;
  let shuttingDown = false;
  let oauth: OAuthServer | undefined;
  /** Who each OAuth-authenticated request is: the session options come from the user's grant, not from headers. */
  const signedIn = new WeakMap<IncomingMessage, OAuthIdentity>();

  /** One MCP server for a session (or a stateless request), with the team's checks around its tool calls. */
  function serverFor(ctx: SessionContext, member: Member | undefined): McpServer {
    const server = createServer(ctx, sessionHook(ctx, { audit, afterWrite: o.afterWrite }));
    if (member?.role === 'read' && !config.readOnly) explainReadRole(server, ctx, audit);
    return server;
  }

  /** Counts a POST until its response is done, for the graceful shutdown. */
  function track(res: ServerResponse, onDone?: () => void): void {
    inFlight++;
    res.once('close', () => {
      inFlight--;
      onDone?.();
    });
  }

  async function body(req: IncomingMessage, res: ServerResponse): Promise<{ value: unknown } | undefined> {
    const b = await readJsonBody(req, http.maxBodyBytes);
    if (b.ok) return { value: b.value };
    if (b.status === 413) refuse(req, res, 413, RPC.serverError, b.message);
    else sendError(res, b.status, RPC.parseError, b.message);
    return undefined;
  }

  function optionsFor(member: Member | undefined, req: IncomingMessage, res: ServerResponse) {
    const identity = signedIn.get(req);
    if (identity) return identity.options;
    try {
      return sessionOptionsFor(config, member, req.headers);
    } catch (err) {
      if (!(err instanceof IdentityError)) throw err;
      sendError(res, 400, RPC.serverError, err.message);
      return undefined;
    }
  }

  async function stateless(req: IncomingMessage, res: ServerResponse, member: Member | undefined): Promise<void> {
    if (req.method !== 'POST') {
      return sendError(res, 405, RPC.serverError, 'Method not allowed: this server is stateless (MCP_STATELESS=true) and answers POST only.', { allow: 'POST' });
    }
    if (shuttingDown) return sendError(res, 503, RPC.serverError, SHUTTING_DOWN, { connection: 'close' });
    const b = await body(req, res);
    if (!b) return;
    const options = optionsFor(member, req, res);
    if (!options) return;
    const ctx = createSessionContext(runtime, options);
    const server = serverFor(ctx, member);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    storedResultsOver(transport, storedAnswerBytes);
    track(res, () => void server.close().catch(() => undefined));
    await server.connect(transport);
    await transport.handleRequest(req, res, b.value);
  }

  async function existing(req: IncomingMessage, res: ServerResponse, member: Member | undefined, id: string): Promise<void> {
    const session = sessions.get(id);
    if (!session || session.owner !== ownerOf(member)) {
      return sendError(res, 404, RPC.sessionNotFound, 'Session not found: it expired or was closed; initialize a new session.');
    }
    let parsed: unknown;
    if (req.method === 'POST') {
      const b = await body(req, res);
      if (!b) return;
      parsed = b.value;
      // While shutting down, answers to the server's own questions (elicitation) still get through.
      if (shuttingDown && hasRequest(parsed)) return sendError(res, 503, RPC.serverError, SHUTTING_DOWN, { connection: 'close' });
      track(res, sessions.begin(session));
    } else {
      if (shuttingDown) return sendError(res, 503, RPC.serverError, SHUTTING_DOWN, { connection: 'close' });
      sessions.begin(session)();
    }
    await session.transport.handleRequest(req, res, parsed);
  }

  async function initialize(req: IncomingMessage, res: ServerResponse, member: Member | undefined): Promise<void> {
    if (req.method !== 'POST') return sendError(res, 400, RPC.serverError, 'Bad Request: Mcp-Session-Id header is required.');
    if (shuttingDown) return sendError(res, 503, RPC.serverError, SHUTTING_DOWN, { connection: 'close' });
    const b = await body(req, res);
    if (!b) return;
    if (!isInitialize(b.value)) return sendError(res, 400, RPC.serverError, 'Bad Request: no valid session; send initialize first (without Mcp-Session-Id).');
    const options = optionsFor(member, req, res);
    if (!options) return;
    const owner = ownerOf(member);
    const place = sessions.reserve(owner);
    if (place === 'member cap') {
      logger.warn({ member: member?.name, max: http.maxSessionsPerMember }, 'member session cap reached; refusing a new session');
      return sendError(res, 429, RPC.serverError, memberCapMessage(member?.name ?? 'local', http.maxSessionsPerMember, http.sessionIdleS));
    }
    if (place === 'full') {
      logger.warn({ max: http.maxSessions }, 'session cap reached; refusing a new session');
      return sendError(
        res,
        503,
        RPC.serverError,
        `Too many sessions: this server holds its maximum of ${http.maxSessions} (MCP_MAX_SESSIONS). Close an unused session or try again later.`,
        { 'retry-after': '30' },
      );
    }
    const release = place.release;
    const ctx = createSessionContext(runtime, options);
    const server = serverFor(ctx, member);
    const name = options.member?.name ?? 'local';
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        release();
        const session: Session = { id, owner, member: name, server, transport, lastSeen: Date.now(), inFlight: 0 };
        sessions.add(session);
        track(res, sessions.begin(session));
        logger.info({ session: id.slice(0, 8), member: name }, 'session opened');
      },
    });
    storedResultsOver(transport, storedAnswerBytes);
    transport.onclose = () => sessions.remove(transport.sessionId);
    await server.connect(transport);
    try {
      await transport.handleRequest(req, res, b.value);
    } finally {
      release();
      if (!transport.sessionId) await server.close().catch(() => undefined);
    }
  }

  async function mcp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const refusal = guard.check(req.headers);
    if (refusal) return refuse(req, res, 403, RPC.serverError, refusal);
    let member: Member | undefined;
    if (o.oauth) {
      if (!oauth) return sendError(res, 503, RPC.serverError, 'Starting; try again in a moment.');
      const auth = await oauth.authenticate(req);
      if (!auth.ok) return refuse(req, res, 401, RPC.serverError, auth.message, { 'www-authenticate': auth.challenge });
      member = auth.identity.member;
      signedIn.set(req, auth.identity);
    } else if (o.members) {
      member = authenticate(o.members, req.headers.authorization);
      if (!member) {
        const challenge = req.headers.authorization ? 'Bearer realm="contentstack-personalize-mcp", error="invalid_token"' : 'Bearer realm="contentstack-personalize-mcp"';
        return refuse(req, res, 401, RPC.serverError, 'Unauthorized: send Authorization: Bearer <your team token> (its SHA-256 must be in MCP_HTTP_TOKENS_FILE).', {
          'www-authenticate': challenge,
        });
      }
    }
    connections.trust(req.socket);
    if (!['POST', 'GET', 'DELETE'].includes(req.method ?? '')) {
      return sendError(res, 405, RPC.serverError, 'Method not allowed.', { allow: http.stateless ? 'POST' : 'GET, POST, DELETE' });
    }
    if (http.stateless) return stateless(req, res, member);
    const id = req.headers['mcp-session-id'];
    if (typeof id === 'string' && id) return existing(req, res, member, id);
    return initialize(req, res, member);
  }

  async function readyz(res: ServerResponse): Promise<void> {
    if (shuttingDown) return sendJson(res, 503, { status: 'shutting down' });
    const ready = o.ready ? await Promise.race([o.ready().catch(() => false), new Promise<boolean>((r) => setTimeout(() => r(false), 2000).unref())]) : true;
    sendJson(res, ready ? 200 : 503, ready ? { status: 'ready' } : { status: 'not ready', reason: 'Redis (REDIS_URL) is not reachable' });
  }

  /** A line per request only at LOG_LEVEL=debug: otherwise not even the listener that would skip it. */
  const logRequests = logger.isLevelEnabled('debug');
  const server = createHttpServer(
    {
      headersTimeout: HTTP_TIMEOUTS.headersMs,
      requestTimeout: HTTP_TIMEOUTS.requestMs,
      connectionsCheckingInterval: HTTP_TIMEOUTS.checkEveryMs,
    },
    (req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      if (logRequests) {
        const started = Date.now();
        res.once('finish', () => logger.debug({ method: req.method, path, status: res.statusCode, ms: Date.now() - started }, 'http request'));
      }
      const handle = async () => {
        if (path === '/mcp') return mcp(req, res);
        if (path === '/healthz' && req.method === 'GET') return sendJson(res, 200, { status: 'ok' });
        if (path === '/readyz' && req.method === 'GET') return readyz(res);
        if (path && oauth?.serves(path)) return oauth.handle(req, res);
        sendJson(res, 404, { error: 'Not found: MCP is served at /mcp' });
      };
      handle().catch((err: unknown) => {
        logger.error({ err: err instanceof Error ? err.message : String(err), path }, 'http request failed');
        sendError(res, 500, RPC.serverError, 'Internal server error.');
      });
    },
  );
  server.keepAliveTimeout = HTTP_TIMEOUTS.keepAliveMs;
  const connections = new Connections(connectionCap(http.maxSessions), logger);
  server.on('connection', (socket: Socket) => connections.admit(socket));

  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => reject(listenError(err, http.host, http.port)));
    server.listen(http.port, http.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = http.host.includes(':') ? `[${http.host}]` : http.host;
  const url = `http://${shownHost}:${port}/mcp`;
  oauth = o.oauth?.(url);
  oauth?.onGrantEnded((owner) => void sessions.closeOwnedBy(owner, 'session closed: its sign-in was revoked'));
  logger.info({ url, stateless: http.stateless, members: o.members?.length ?? 0 }, 'MCP over Streamable HTTP listening');

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    sessionCount: () => sessions.size,
    shutdown(graceMs = 10_000) {
      closing ??= (async () => {
        shuttingDown = true;
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const deadline = Date.now() + graceMs;
        while (inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
        if (inFlight > 0) logger.warn({ inFlight }, 'shutdown grace period over; closing calls still in flight');
        await sessions.closeAll();
        server.closeAllConnections();
        await closed;
        await oauth?.close();
      })();
      return closing;
    },
  };
}
