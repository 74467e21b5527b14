import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { CallToolResultSchema, ListToolsResultSchema } from '@modelcontextprotocol/sdk/types.js';
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

async function startWithHook(args: string[], env: Record<string, string>) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: ['--import', HOOK, ENTRY, ...args],
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', PERSONALIZE_CONFIRM: 'token', ...env },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const client = new Client({ name: 'cold-start-test', version: '0' });
  await client.connect(transport);
  const loaded = () => [...stderr.matchAll(/^loaded (.+)$/gm)].map((m) => m[1]!);
  return { client, loaded };
}

describe('cold start', () => {
  it('answers initialize and tools/list before the tool modules, the context and the simulator load; a tool call then works', async () => {
    const { client, loaded } = await startWithHook(['--sandbox'], {});
    try {
      const { tools } = await client.request({ method: 'tools/list' }, ListToolsResultSchema);
      const before = loaded();
      expect(tools.length).toBeGreaterThan(30);
      expect(before).toContain('server.js');
      expect(before.filter((m) => LATER.test(m))).toEqual([]);
      // The first call waits for what was left out (the tools, the context, the simulator) and succeeds.
      const r = await client.request({ method: 'tools/call', params: { name: 'list_events', arguments: {} } }, CallToolResultSchema);
      expect(r.isError, JSON.stringify(r.content)).toBeFalsy();
      expect(loaded().filter((m) => LATER.test(m)).length).toBeGreaterThan(20);
    } finally {
      await client.close();
    }
  });
});
