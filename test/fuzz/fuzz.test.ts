import { spawn } from 'node:child_process';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { startSandbox } from '../../src/sandbox/index.js';
import { ENTRY, startStack, TEST_TOKEN, type Stack } from '../helpers/harness.js';
import { callsFor, type FuzzCall, type Schema } from './arguments.js';

/**
 * Adversarial arguments for every tool in tools/list, through a real MCP client (in this process, the
 * messages crossing as JSON text) against the sandbox: no crash, no protocol error, no upstream request for input refused by construction, every
 * answer within 2 s, and the server's memory flat. `npm test` runs a short seeded run; `npm run fuzz`
 * runs FUZZ_CALLS (20,000 or more) and prints the figures.
 */
const CALLS = Number(process.env.FUZZ_CALLS ?? 1_500);
const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const ANSWER_MS = 2_000;

/**
 * The heap in use after a full collection, in KB. The server runs in this process (test/helpers/harness.ts),
 * so this counts its memory together with the client's and the sandbox's: a leak in any of them shows.
 */
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapKb = () => {
  gc();
  return Math.round(process.memoryUsage().heapUsed / 1024);
};

describe('fuzz: adversarial tool calls', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { LOG_LEVEL: 'error' } });
  });
  afterAll(async () => {
    await stack.close();
  });

  it(
    `${CALLS} seeded calls: no crash, no protocol error, nothing upstream for refused input, answers in time, flat memory`,
    async () => {
      const { tools } = await stack.client.listTools();
      const project = stack.sandbox.store.projects[0]!;
      const uids = [project, ...project.attributes, ...project.audiences, ...project.events, ...project.experiences, ...project.experiences.flatMap((e) => e.versions)].map(
        (d) => d.uid,
      );
      const arbitrary = fc.oneof(...tools.map((t) => callsFor({ name: t.name, inputSchema: t.inputSchema as Schema }, { uids })));
      const figures = { calls: 0, refused: 0, errors: 0, slowest: 0, heapStartKb: 0, heapEndKb: 0 };
      let warm = false;

      await fc.assert(
        fc.asyncProperty(arbitrary, async (call: FuzzCall) => {
          const before = stack.sandbox.requests.length + stack.sandbox.edgeRequests.length;
          const started = Date.now();
          // A rejected promise here is a protocol error or a dead server: the property fails on it.
          const result = (await stack.client.callTool({ name: call.tool, arguments: call.args })) as CallToolResult;
          const took = Date.now() - started;
          figures.calls++;
          figures.slowest = Math.max(figures.slowest, took);
          if (result.isError) figures.errors++;
          if (!warm && figures.calls === 200) {
            warm = true;
            figures.heapStartKb = heapKb();
          }
          expect(took, `${call.tool} took ${took} ms`).toBeLessThan(ANSWER_MS);
          if (call.invalid) {
            figures.refused++;
            expect(result.isError, `${call.tool}: ${call.invalid} was accepted`).toBe(true);
            const sent = stack.sandbox.requests.length + stack.sandbox.edgeRequests.length - before;
            expect(sent, `${call.tool}: ${call.invalid} reached the API`).toBe(0);
          }
          const text = result.content?.[0]?.type === 'text' ? result.content[0].text : '';
          expect(text, call.tool).not.toContain('    at ');
        }),
        { numRuns: CALLS, seed: SEED, endOnFailure: true },
      );

      figures.heapEndKb = heapKb();
      console.log(`fuzz: ${JSON.stringify({ ...figures, seed: SEED, tools: tools.length })}`);
      // The server still answers, and memory did not grow with the calls (a leak would grow with every one).
      expect((await stack.client.callTool({ name: 'list_events', arguments: {} })).isError).toBeFalsy();
      expect(figures.heapEndKb - figures.heapStartKb, 'heap growth after GC, KB').toBeLessThan(Math.max(16_000, CALLS * 2));
    },
    Math.max(60_000, CALLS * 25),
  );
});

describe('fuzz: input deeper than any client library can send', () => {
  it('a raw stdio line nested 100,000 deep gets an error result, and the server keeps answering', async () => {
    const sandbox = await startSandbox();
    const env = {
      PATH: process.env.PATH ?? '',
      PERSONALIZE_API_URL: sandbox.url,
      PERSONALIZE_EDGE_URL: sandbox.edgeUrl,
      CONTENTSTACK_AUTHTOKEN: TEST_TOKEN,
      PERSONALIZE_PROJECT_UID: sandbox.demo.projectUid,
      LOG_LEVEL: 'error',
    };
    const child = spawn(process.execPath, [ENTRY], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    const answers = new Map<number, Record<string, unknown>>();
    let buffer = '';
    child.stdout.on('data', (d: Buffer) => {
      buffer += d.toString();
      for (let i = buffer.indexOf('\n'); i >= 0; i = buffer.indexOf('\n')) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 1);
        const message = JSON.parse(line) as { id?: number };
        if (typeof message.id === 'number') answers.set(message.id, message as Record<string, unknown>);
      }
    });
    const answer = async (id: number) => {
      for (let waited = 0; !answers.has(id); waited += 20) {
        if (waited > 10_000) throw new Error(`no answer to ${id}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return answers.get(id)!;
    };
    const send = (text: string) => child.stdin.write(`${text}\n`);
    try {
      send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '0' } } }));
      await answer(1);
      send(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }));
      const depth = 100_000;
      const deep = `${'{"n":'.repeat(depth)}1${'}'.repeat(depth)}`;
      const before = sandbox.requests.length;
      send(`{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"create_audience","arguments":{"name":"Deep","definition":${deep}}}}`);
      const result = (await answer(2)).result as CallToolResult;
      expect(result.isError).toBe(true);
      expect(sandbox.requests.length).toBe(before);
      send(JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'tools/list' }));
      expect(((await answer(3)).result as { tools: unknown[] }).tools.length).toBeGreaterThan(10);
      expect(child.exitCode).toBeNull();
    } finally {
      child.kill();
      await sandbox.close();
    }
  });
});
