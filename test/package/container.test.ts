import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './pack.js';

/** The instructions of the Dockerfile's last stage (the image that runs), continuation lines joined. */
function finalStage(): Array<[string, string]> {
  const lines = readFileSync(join(ROOT, 'Dockerfile'), 'utf8')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const last = lines.map((l) => l.startsWith('FROM ')).lastIndexOf(true);
  return lines.slice(last).map((l) => [l.slice(0, l.indexOf(' ')), l.slice(l.indexOf(' ') + 1).trim()]);
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

/**
 * Issue 13: the container. No Docker daemon runs here, so the image is not built; this checks what the Dockerfile
 * promises and runs the final stage's exact command (ENTRYPOINT + CMD) with its exact environment (ENV), started
 * directly from this checkout's build. Two things differ, as a container's mounts and port mapping would: the tokens
 * file path (a temporary file instead of the /run/secrets mount) and the port (a free one instead of 3000).
 */
describe('the container image (its command run directly)', () => {
  const stage = finalStage();
  const all = (op: string) => stage.filter(([o]) => o === op).map(([, v]) => v);
  const env: Record<string, string> = Object.fromEntries(all('ENV').flatMap((v) => v.split(/\s+/).map((kv) => kv.split('=') as [string, string])));
  const dir = mkdtempSync(join(tmpdir(), 'container-test-'));
  const token = 'container-test-token-7d1e';
  let child: ChildProcess;
  let port: number;
  let stderr = '';

  beforeAll(async () => {
    port = await freePort();
    const tokens = join(dir, 'tokens.json');
    const member = { name: 'ann', tokenSha256: createHash('sha256').update(token).digest('hex'), role: 'read', credentials: { authtoken: 'unused-here' } };
    writeFileSync(tokens, JSON.stringify([member]));
    const [command, ...args] = [...JSON.parse(all('ENTRYPOINT')[0]!), ...JSON.parse(all('CMD')[0]!)] as string[];
    expect(command).toBe('node');
    child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env, MCP_HTTP_TOKENS_FILE: tokens, MCP_HTTP_PORT: String(port) },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
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
    throw new Error(`the server did not answer /healthz:\n${stderr}`);
  }, 30_000);

  afterAll(() => {
    child?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('builds on Node 20 slim in two stages, installs production dependencies only, runs as a non-root user, names the server', () => {
    const froms = readFileSync(join(ROOT, 'Dockerfile'), 'utf8').match(/^FROM .+$/gm)!;
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const f of froms) expect(f).toMatch(/^FROM node:20[-.\w]*slim/);
    expect(all('RUN').some((r) => r.includes('npm ci --omit=dev'))).toBe(true);
    expect(all('USER')).toEqual(['node']);
    const server = JSON.parse(readFileSync(join(ROOT, 'server.json'), 'utf8'));
    expect(all('LABEL').join(' ')).toContain(`io.modelcontextprotocol.server.name="${server.name}"`);
    expect(env).toMatchObject({ MCP_HTTP_HOST: '0.0.0.0', MCP_HTTP_TOKENS_FILE: '/run/secrets/tokens.json' });
    expect(JSON.parse(all('CMD')[0]!)).toContain('--http');
  });

  it("answers its HEALTHCHECK command (run as Docker would, with the image's environment)", async () => {
    const check = all('HEALTHCHECK')[0]!;
    const exec = JSON.parse(check.slice(check.indexOf('CMD ') + 4)) as string[];
    expect(exec[0]).toBe('node');
    const code = await new Promise<number | null>((resolve) => {
      const p = execFile(process.execPath, exec.slice(1), { env: { ...env, MCP_HTTP_PORT: String(port) } }, () => resolve(p.exitCode));
    });
    expect(code).toBe(0);
  });

  it('serves tools/list over Streamable HTTP to a member with a token from the tokens file', async () => {
    const transport = new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${port}/mcp`), { requestInit: { headers: { Authorization: `Bearer ${token}` } } });
    const client = new Client({ name: 'container-test', version: '0' });
    await client.connect(transport);
    try {
      const { tools } = await client.listTools();
      expect(tools.length).toBeGreaterThan(10);
    } finally {
      await client.close();
    }
    const refused = await fetch(`http://127.0.0.1:${port}/mcp`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(refused.status).toBe(401);
  });
});
