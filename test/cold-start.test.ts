import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ENTRY } from './helpers/harness.js';

/**
 * Issue 12: start-up does only what the first answer needs (docs/architecture.md). A module-load hook
 * in the server process reports each module of dist/ as it loads; whatever loaded before the first
 * tools/list answer must not include the tools, the rule language, the API endpoints or the simulator.
 */
const dir = mkdtempSync(join(tmpdir(), 'cold-start-'));
const HOOK = join(dir, 'report-loads.mjs');
writeFileSync(
  HOOK,
  `import { register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent(\`export async function load(url, context, next) {
  if (url.includes('/dist/')) process._rawDebug('loaded ' + url.slice(url.indexOf('/dist/') + 6));
  return next(url, context);
}\`));
`,
);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Modules the first answer must not wait for. */
const LATER = /^(registrations\.js|tools\/[a-z]+\/|rules\/|sandbox\/|api\/management\/(?!client)|api\/edge\/(?!client)|context\.js)/;

/**
 * The server as a child process with the hook, spoken to in raw JSON-RPC lines: initialize, initialized and
 * tools/list go in one write, as a client sends them back to back, so no timer can run between them.
 */
function startWithHook(args: string[]) {
  const child = spawn(process.execPath, ['--import', HOOK, ENTRY, ...args], {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', PERSONALIZE_CONFIRM: 'token' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const send = (...messages: object[]) => child.stdin.write(messages.map((m) => `${JSON.stringify({ jsonrpc: '2.0', ...m })}\n`).join(''));
  /** The answer to request `id`, and the modules loaded when it arrived. */
  const answer = async (id: number) => {
    for (let waited = 0; waited < 30_000; waited += 20) {
      // Only lines that end in a newline are whole (the last piece may still be arriving).
      const line = stdout
        .split('\n')
        .slice(0, -1)
        .find((l) => l.startsWith('{') && (JSON.parse(l) as { id?: number }).id === id);
      if (line) return { message: JSON.parse(line) as { result?: Record<string, unknown> }, loaded: [...stderr.matchAll(/^loaded (.+)$/gm)].map((m) => m[1]!) };
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`no answer to request ${id}; stderr: ${stderr}`);
  };
  return { child, send, answer };
}

describe('cold start', () => {
  it('answers initialize and tools/list before the tool modules, the context and the simulator load; a tool call then works', async () => {
    const { child, send, answer } = startWithHook(['--sandbox']);
    try {
      send(
        { id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'cold-start-test', version: '0' } } },
        { method: 'notifications/initialized' },
        { id: 2, method: 'tools/list', params: {} },
      );
      const list = await answer(2);
      expect((list.message.result?.tools as unknown[] | undefined)?.length).toBeGreaterThan(30);
      expect(list.loaded).toContain('server.js');
      expect(list.loaded.filter((m) => LATER.test(m))).toEqual([]);
      // The first call waits for what was left out (the tools, the context, the simulator) and succeeds.
      send({ id: 3, method: 'tools/call', params: { name: 'list_events', arguments: {} } });
      const call = await answer(3);
      expect(call.message.result?.isError, JSON.stringify(call.message)).toBeFalsy();
      expect(call.loaded.filter((m) => LATER.test(m)).length).toBeGreaterThan(20);
    } finally {
      child.stdin.end();
      if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
    }
  });
});
