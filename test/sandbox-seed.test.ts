import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../src/sandbox/index.js';
import { objectId, withSeededIds } from '../src/sandbox/store.js';
import { ENTRY } from './helpers/harness.js';

/** Every uid of the demo store: projects, attributes, audiences, events, experiences and their versions. */
function uids(sandbox: Sandbox): string[] {
  return sandbox.store.projects.flatMap((p) => [
    p.uid,
    ...p.attributes.map((d) => d.uid),
    ...p.audiences.map((d) => d.uid),
    ...p.events.map((d) => d.uid),
    ...p.experiences.flatMap((e) => [e.uid, ...e.versions.map((v) => v.uid)]),
  ]);
}

/** The uids a client sees from `--sandbox` in a process of its own: the project, audiences and experiences. */
async function uidsFromProcess(env: Record<string, string>): Promise<string[]> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [ENTRY, '--sandbox'],
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env },
    stderr: 'pipe',
  });
  const client = new Client({ name: 'seed-test', version: '0' });
  await client.connect(transport);
  try {
    const call = async (name: string) => (await client.callTool({ name, arguments: {} })) as CallToolResult;
    const audiences = (await call('list_audiences')).structuredContent as { audiences: Array<{ uid: string }> };
    const experiences = (await call('list_experiences')).structuredContent as { experiences: Array<{ uid: string; project?: string }> };
    return [...audiences.audiences.map((a) => a.uid), ...experiences.experiences.map((e) => e.uid)];
  } finally {
    await client.close();
  }
}

describe('a stable sandbox', () => {
  it('the same seed gives the same uids; another seed another set; no seed, random ones', async () => {
    const [a, b, c, d] = await Promise.all([startSandbox({ seed: 'demo' }), startSandbox({ seed: 'demo' }), startSandbox({ seed: 'other' }), startSandbox()]);
    try {
      expect(uids(a).length).toBeGreaterThan(10);
      expect(uids(a)).toEqual(uids(b));
      expect(a.demo.projectUid).toBe(b.demo.projectUid);
      expect(new Set(uids(a)).size).toBe(uids(a).length);
      for (const u of uids(a)) expect(u).toMatch(/^[0-9a-f]{24}$/);
      expect(uids(c).filter((u) => uids(a).includes(u))).toEqual([]);
      expect(uids(d).filter((u) => uids(a).includes(u))).toEqual([]);
    } finally {
      await Promise.all([a, b, c, d].map((s) => s.close()));
    }
  });

  it('uids created at run time stay unique, seeded or not', () => {
    const inside = withSeededIds('demo', () => [objectId(), objectId()]);
    expect(inside).toEqual(withSeededIds('demo', () => [objectId(), objectId()]));
    const after = [objectId(), objectId()];
    expect(after[0]).not.toBe(after[1]);
    expect(after.filter((u) => inside.includes(u))).toEqual([]);
  });

  it('two --sandbox processes show the same uids; PERSONALIZE_SANDBOX_SEED gives another stable set', async () => {
    const [first, second, other] = await Promise.all([uidsFromProcess({}), uidsFromProcess({}), uidsFromProcess({ PERSONALIZE_SANDBOX_SEED: 'team-a' })]);
    expect(first.length).toBe(6);
    expect(second).toEqual(first);
    expect(other.filter((u) => first.includes(u))).toEqual([]);
    // The set a seed gives is the same in any process: the one in this process for 'team-a' too.
    const here = await startSandbox({ seed: 'team-a' });
    try {
      const p = here.store.projects[0]!;
      expect(other).toEqual([...p.audiences.map((a) => a.uid), ...p.experiences.map((e) => e.uid)]);
    } finally {
      await here.close();
    }
  });
});
