import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RedisProcess {
  url: string;
  port: number;
  /** Stops redis-server (SIGTERM, then SIGKILL after 5 s) and removes its directory. */
  stop(): Promise<void>;
}

/** A loopback port nothing listens on right now (redis-server cannot report the one it picked). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export const REDIS_MISSING =
  "redis-server is not installed: replicas are tested and measured against a real Redis. Install Debian's package (apt-get install redis-server); .ci/run does this when it is missing.";

/** Resolves once something answers +PONG on the port, or rejects after `ms`. */
async function waitForPong(port: number, ms: number, exited: () => string | undefined): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const why = exited();
    if (why) throw new Error(why);
    const ok = await new Promise<boolean>((resolve) => {
      const s = createConnection({ host: '127.0.0.1', port }, () => s.write('PING\r\n'));
      s.setTimeout(500, () => {
        s.destroy();
        resolve(false);
      });
      s.once('data', (d) => {
        s.destroy();
        resolve(d.toString().startsWith('+PONG'));
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`redis-server did not answer PING on port ${port} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * A throwaway redis-server on a free loopback port: no persistence, its own temporary directory.
 * Fails with a clear message (never hangs) when redis-server is not installed.
 */
export async function startRedis(): Promise<RedisProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'mcp-redis-'));
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const child: ChildProcess = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--protected-mode', 'yes'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    let failure: string | undefined;
    child.stdout!.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.stderr!.on('data', (d: Buffer) => {
      output += d.toString();
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.once('error', (err: NodeJS.ErrnoException) => {
      failure = err.code === 'ENOENT' ? REDIS_MISSING : `redis-server could not start: ${err.message}`;
    });
    void exited.then(() => {
      failure ??= `redis-server exited at start:\n${output}`;
    });
    try {
      await waitForPong(port, 10_000, () => failure);
    } catch (err) {
      child.kill('SIGKILL');
      // Another process took the port between freePort() and redis-server's bind: try another.
      if (attempt < 3 && /Address already in use/.test(output)) continue;
      rmSync(dir, { recursive: true, force: true });
      throw err;
    }
    return {
      url: `redis://127.0.0.1:${port}`,
      port,
      async stop() {
        if (child.exitCode === null && child.signalCode === null) {
          const forced = setTimeout(() => child.kill('SIGKILL'), 5_000);
          child.kill('SIGTERM');
          await exited;
          clearTimeout(forced);
        }
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
}
