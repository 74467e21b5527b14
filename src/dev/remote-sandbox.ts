import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { RequestRecord } from '../sandbox/index.js';
import type { DemoIds } from '../sandbox/seed.js';

/**
 * The compiled sandbox-process.js: beside this file in dist/dev, or there when this module runs from
 * source (the tests, through vitest): a forked Node runs JavaScript only.
 */
const ENTRY = fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? '../../dist/dev/sandbox-process.js' : './sandbox-process.js', import.meta.url));

export interface SandboxStats {
  requests: RequestRecord[];
  /** The most requests the sandbox saw in any one-second window. */
  peakPerSecond: number;
}

export interface RemoteSandbox {
  url: string;
  edgeUrl: string;
  demo: DemoIds;
  stats(): Promise<SandboxStats>;
  close(): Promise<void>;
}

/** Starts the compiled sandbox-process.js (or `entry`); resolves once it listens. */
export async function startRemoteSandbox(rateLimit: number, entry = ENTRY): Promise<RemoteSandbox> {
  const child = fork(entry, [String(rateLimit)], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = await new Promise<{ url: string; edgeUrl: string; demo: DemoIds }>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`sandbox process did not start:\n${stderr}`));
    }, 20_000);
    child.once('message', (m: { type: string; url: string; edgeUrl: string; demo: DemoIds }) => {
      clearTimeout(timer);
      resolve(m);
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`sandbox process exited:\n${stderr}`));
    });
  });
  let next = 0;
  return {
    ...ready,
    stats() {
      const id = ++next;
      return new Promise((resolve) => {
        const on = (m: { type: string; id: number } & SandboxStats) => {
          if (m.type !== 'stats' || m.id !== id) return;
          child.off('message', on);
          resolve({ requests: m.requests, peakPerSecond: m.peakPerSecond });
        };
        child.on('message', on);
        child.send({ type: 'stats', id });
      });
    },
    async close() {
      if (child.exitCode === null && child.signalCode === null) {
        const forced = setTimeout(() => child.kill('SIGKILL'), 5_000);
        child.kill('SIGTERM');
        await exited;
        clearTimeout(forced);
      }
    },
  };
}
