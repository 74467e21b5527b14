import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect as connectSocket, createServer as createNetServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ElicitRequestSchema, type CallToolResult, type ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import { launchHttpServer } from '../../src/dev/http-process.js';
import { ENTRY } from '../helpers/harness.js';
import type { Sandbox } from '../../src/sandbox/index.js';

/** A random team token, as an operator would make one (`openssl rand -hex 32`). */
export const newToken = () => randomBytes(32).toString('hex');
export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
/** What the sandbox records for a credential: the first 12 hex of its SHA-256. */
export const credentialId = (s: string) => sha256(s).slice(0, 12);

export interface TeamMember {
  name: string;
  token: string;
  role: 'read' | 'write';
  projects?: string[];
  credentials?: { authtoken?: string; oauthToken?: string; organizationUid?: string };
}

/** Writes MCP_HTTP_TOKENS_FILE (hashes only) to a temporary directory; returns its path. */
export function writeTokensFile(members: TeamMember[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'mcp-team-'));
  const file = join(dir, 'tokens.json');
  writeFileSync(
    file,
    JSON.stringify(
      members.map(({ token, ...m }) => ({ ...m, tokenSha256: sha256(token) })),
      null,
      2,
    ),
  );
  return file;
}

/** A port nothing listens on right now (for processes that cannot report their own). */
export async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface HttpServerProcess {
  url: string;
  origin: string;
  child: ChildProcess;
  stderr(): string;
  /** Sends a signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  exited: Promise<number | null>;
}

/** Every server started by this test file, so afterAll can stop any a failing test left behind. */
const started: HttpServerProcess[] = [];

/**
 * `node dist/index.js --http` on a port the OS picks (MCP_HTTP_PORT=0), as an operator runs it; resolves
 * once the server logged the URL it listens on.
 */
export async function startHttpServer(env: Record<string, string>, args: string[] = []): Promise<HttpServerProcess> {
  const { url, child, exited, output } = await launchHttpServer(ENTRY, env, args);
  const proc: HttpServerProcess = {
    url,
    origin: new URL(url).origin,
    child,
    stderr: output,
    exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
  started.push(proc);
  return proc;
}

export async function stopAll(): Promise<void> {
  await Promise.all(
    started.splice(0).map((p) => {
      const forced = setTimeout(() => p.child.kill('SIGKILL'), 15_000);
      return p.stop().finally(() => clearTimeout(forced));
    }),
  );
}

/**
 * `node dist/index.js --http` that is expected to refuse to start: resolves with its exit code and what it
 * wrote to stderr. One still running after 20 s is killed (and the test then fails on its code).
 */
export async function startRefused(env: Record<string, string>, args: string[] = []): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [ENTRY, '--http', ...args], {
    env: { PATH: process.env.PATH ?? '', MCP_HTTP_PORT: '0', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(killer);
  return { code, stderr };
}

export interface ConnectOptions {
  token?: string;
  headers?: Record<string, string>;
  elicit?: (message: string) => ElicitResult | Promise<ElicitResult>;
}

export interface Connected {
  client: Client;
  transport: StreamableHTTPClientTransport;
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
  close(): Promise<void>;
}

/** A real MCP client over Streamable HTTP, with the team token and any per-user headers. */
export async function connect(url: string, o: ConnectOptions = {}): Promise<Connected> {
  const headers: Record<string, string> = { ...o.headers };
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } });
  const client = new Client({ name: 'http-test', version: '0' }, { capabilities: o.elicit ? { elicitation: { form: {} } } : {} });
  if (o.elicit) {
    const answer = o.elicit;
    client.setRequestHandler(ElicitRequestSchema, async (req) => answer(String(req.params.message)));
  }
  await client.connect(transport);
  return {
    client,
    transport,
    call: (name, args = {}) => client.callTool({ name, arguments: args }) as Promise<CallToolResult>,
    close: () => client.close(),
  };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTP request with full control over the headers (Host included), as a hostile page or script sends it. */
export function raw(url: string, o: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<RawResponse> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: u.hostname, port: u.port, path: u.pathname, method: o.method ?? 'POST', headers: o.headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => {
        body += d.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(o.body);
  });
}

export const INITIALIZE = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '0' } },
});

export const MCP_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

/** The environment that points a server at a sandbox, as the stdio harness does. */
export function sandboxEnv(sandbox: Sandbox): Record<string, string> {
  return {
    PERSONALIZE_API_URL: sandbox.url,
    PERSONALIZE_EDGE_URL: sandbox.edgeUrl,
    CONTENTSTACK_ORGANIZATION_UID: sandbox.demo.organizationUid,
    PERSONALIZE_PROJECT_UID: sandbox.demo.projectUid,
  };
}

export function text(r: CallToolResult): string {
  const c = r.content[0];
  return c && c.type === 'text' ? c.text : '';
}

type SlowKind = 'silent' | 'dribbling' | 'tokenless';

export interface SlowSocket {
  kind: SlowKind;
  /** What the server sent it. */
  received: string;
  /** The server closed it (evicted, timed out, or done after an answer), before close() did. */
  closedByServer: boolean;
}

export interface SlowSockets {
  /** In the order they were opened: silent ones first, then dribbling, then tokenless. */
  sockets: SlowSocket[];
  /** Destroys every socket still open and stops the dribbling. */
  close(): void;
}

/**
 * Connections that never present a token, as a slow-loris client makes them, to the server at `url`:
 * `silent` ones send nothing; `dribbling` ones send a request line and then one header byte every
 * `everyMs`; `tokenless` ones send a whole initialize POST without Authorization. Opened 100 at a
 * time (within the listen backlog).
 */
export async function openSlowSockets(url: string, counts: Record<SlowKind, number>, everyMs = 500): Promise<SlowSockets> {
  const u = new URL(url);
  const records: SlowSocket[] = [];
  const open: Socket[] = [];
  const dribbling: Socket[] = [];
  let closing = false;
  const start = (kind: SlowKind) =>
    new Promise<void>((resolve, reject) => {
      const record: SlowSocket = { kind, received: '', closedByServer: false };
      records.push(record);
      const socket = connectSocket(Number(u.port), u.hostname);
      open.push(socket);
      socket.on('data', (d: Buffer) => {
        record.received += d.toString();
      });
      socket.on('error', () => undefined);
      socket.once('close', () => {
        if (!closing) record.closedByServer = true;
      });
      socket.once('error', reject);
      socket.once('connect', () => {
        if (kind === 'dribbling') {
          socket.write(`POST ${u.pathname} HTTP/1.1\r\nHost: ${u.host}\r\nX-Slow: `);
          dribbling.push(socket);
        } else if (kind === 'tokenless') {
          socket.write(
            `POST ${u.pathname} HTTP/1.1\r\nHost: ${u.host}\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\nContent-Length: ${Buffer.byteLength(INITIALIZE)}\r\n\r\n${INITIALIZE}`,
          );
        }
        resolve();
      });
    });
  const kinds: SlowKind[] = (['silent', 'dribbling', 'tokenless'] as const).flatMap((k) => Array<SlowKind>(counts[k]).fill(k));
  const timer = setInterval(() => {
    for (const s of dribbling) if (!s.destroyed) s.write('a');
  }, everyMs);
  const close = () => {
    closing = true;
    clearInterval(timer);
    for (const s of open) s.destroy();
  };
  try {
    for (let i = 0; i < kinds.length; i += 100) await Promise.all(kinds.slice(i, i + 100).map(start));
  } catch (err) {
    close();
    throw err;
  }
  return { sockets: records, close };
}

/**
 * The audit lines a server process wrote to stderr, once `ready` holds for them (at most 10 s). A line is written
 * before the call's answer is sent, but the stderr pipe and the HTTP socket are read apart: on a loaded machine the
 * answer can arrive first.
 */
export async function auditLinesOf(server: HttpServerProcess, ready: (lines: Array<Record<string, unknown>>) => boolean): Promise<Array<Record<string, unknown>>> {
  const read = () =>
    server
      .stderr()
      .split('\n')
      .filter((l) => l.includes('"audit":true'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  const until = Date.now() + 10_000;
  let lines = read();
  while (!ready(lines) && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 20));
    lines = read();
  }
  return lines;
}
