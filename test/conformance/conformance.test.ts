import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpServer, stopAll, type HttpServerProcess } from '../http/helpers.js';

const BASELINE = fileURLToPath(new URL('./baseline.yml', import.meta.url));
// The suite's CLI, resolved from the pinned devDependency (0.1.13: the newest that runs on Node 20).
const CLI = createRequire(import.meta.url).resolve('@modelcontextprotocol/conformance/dist/index.js');

/**
 * The official MCP conformance suite, as a client against the server over Streamable HTTP with the
 * sandbox behind it. Scenarios that need the suite's own fixtures are in baseline.yml with the
 * reason; everything else must pass, and a baseline entry that passes fails the run as stale.
 */
describe('MCP conformance suite (server mode)', () => {
  let server: HttpServerProcess;
  beforeAll(async () => {
    server = await startHttpServer({}, ['--sandbox']);
  });
  afterAll(async () => {
    await stopAll();
  });

  it('passes every scenario but the fixture ones listed in baseline.yml', async () => {
    const child = spawn(process.execPath, [CLI, 'server', '--url', server.url, '--expected-failures', BASELINE], {
      env: { PATH: process.env.PATH ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      output += d.toString();
    });
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
      child.once('exit', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    const summary = output.slice(Math.max(0, output.indexOf('=== SUMMARY ===')));
    if (code !== 0) process.stderr.write(`conformance suite exited with ${code}:\n${summary}\n`);
    expect(summary).toContain('=== SUMMARY ===');
    expect(code).toBe(0);
    for (const scenario of ['server-initialize', 'tools-list', 'ping', 'logging-set-level', 'completion-complete', 'resources-list', 'dns-rebinding-protection']) {
      expect(summary).toMatch(new RegExp(`✓ ${scenario}: [1-9]\\d* passed, 0 failed`));
    }
  }, 120_000);
});
