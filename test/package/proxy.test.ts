import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchHttpServer, type Launched } from '../../src/dev/http-process.js';
import { startRedis, type RedisProcess } from '../../src/dev/redis-server.js';
import { ENTRY } from '../helpers/harness.js';
import { ROOT } from './pack.js';

const HAPROXY_MISSING =
  "haproxy is not installed: compose.yaml's proxy is tested with a real one. Install Debian's package (apt-get install haproxy); .ci/run does this when it is missing.";

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

/**
 * compose.yaml's team set-up without Docker: Redis, two replicas with the compose environment, and HAProxy with
 * deploy/haproxy.cfg as committed, only its addresses changed to loopback (the replicas' service names → their
 * ports, the published port → a free one). Every session must stay on the replica that created it.
 */
describe('compose.yaml: two replicas sharing Redis behind the proxy that routes by Mcp-Session-Id', () => {
  const dir = mkdtempSync(join(tmpdir(), 'proxy-test-'));
  const token = 'proxy-test-token-4b8c';
  let redis: RedisProcess;
  let replicas: Launched[] = [];
  let proxy: ChildProcess;
  let proxyUrl: string;
  let proxyLog = '';

  beforeAll(async () => {
    if (spawnSync('haproxy', ['-v']).error) throw new Error(HAPROXY_MISSING);
    const compose = readFileSync(join(ROOT, 'compose.yaml'), 'utf8');
    expect(compose).toContain('REDIS_URL: redis://redis:6379');
    expect(compose).toContain('MCP_ALLOWED_HOSTS: ${MCP_ALLOWED_HOSTS:-localhost,127.0.0.1}');
    redis = await startRedis();
    const tokens = join(dir, 'tokens.json');
    const member = { name: 'ann', tokenSha256: createHash('sha256').update(token).digest('hex'), role: 'read', credentials: { authtoken: 'unused-here' } };
    writeFileSync(tokens, JSON.stringify([member]));
    const env = {
      REDIS_URL: redis.url,
      PERSONALIZE_CONFIRM_SECRET: 'a'.repeat(64),
      MCP_ALLOWED_HOSTS: 'localhost,127.0.0.1',
      MCP_HTTP_TOKENS_FILE: tokens,
      LOG_LEVEL: 'debug',
    };
    replicas = await Promise.all([launchHttpServer(ENTRY, env), launchHttpServer(ENTRY, env)]);
    const port = await freePort();
    const cfg = readFileSync(join(ROOT, 'deploy', 'haproxy.cfg'), 'utf8')
      .replace('bind :8080', `bind 127.0.0.1:${port}`)
      .replace(/server (mcp-\d) mcp-\d:3000/g, (_, name: string) => `server ${name} ${new URL(replicas[Number(name.slice(4)) - 1]!.url).host}`);
    expect(cfg).not.toMatch(/mcp-\d:3000|bind :8080/);
    writeFileSync(join(dir, 'haproxy.cfg'), cfg);
    proxy = spawn('haproxy', ['-db', '-f', join(dir, 'haproxy.cfg')], { stdio: ['ignore', 'pipe', 'pipe'] });
    proxy.stdout!.on('data', (d: Buffer) => {
      proxyLog += d.toString();
    });
    proxy.stderr!.on('data', (d: Buffer) => {
      proxyLog += d.toString();
    });
    proxyUrl = `http://127.0.0.1:${port}/mcp`;
    for (let i = 0; i < 100; i++) {
      if (
        await fetch(`http://127.0.0.1:${port}/healthz`).then(
          (r) => r.ok,
          () => false,
        )
      )
        return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`haproxy did not answer:\n${proxyLog}`);
  }, 60_000);

  afterAll(async () => {
    proxy?.kill('SIGTERM');
    for (const r of replicas) r.child.kill('SIGTERM');
    await Promise.all(replicas.map((r) => r.exited));
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('spreads new sessions over both replicas and keeps every later request of a session on its own', async () => {
    const clients: Client[] = [];
    try {
      for (let i = 0; i < 4; i++) {
        const c = new Client({ name: `member-session-${i}`, version: '0' });
        await c.connect(new StreamableHTTPClientTransport(new URL(proxyUrl), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
        clients.push(c);
      }
      // Interleaved requests of all sessions: one landing on the other replica would be answered 404 (unknown session).
      for (let round = 0; round < 3; round++) {
        const lists = await Promise.all(clients.map((c) => c.listTools()));
        for (const l of lists) expect(l.tools.length).toBeGreaterThan(10);
      }
    } finally {
      await Promise.all(clients.map((c) => c.close()));
    }
    const sessionsOn = replicas.map((r) => (r.output().match(/"path":"\/mcp"/g) ?? []).length);
    for (const n of sessionsOn) expect(n, `requests per replica: ${sessionsOn.join(', ')}\n${proxyLog}`).toBeGreaterThan(0);
    for (const r of replicas) expect(r.output()).not.toMatch(/"status":404/);
  });
});
