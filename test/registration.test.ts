import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { startSandbox, type Sandbox } from '../src/sandbox/index.js';
import { ALL_TOOLS } from '../src/tools/registry.js';
import { TOOLSETS } from '../src/tools/toolsets.js';
import { startStack } from './helpers/harness.js';

const HINTS = ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const;

/** What a user with these settings should see, computed from the tool definitions without selectTools. */
function expected(toolsets: readonly string[], readOnly: boolean): string[] {
  const names: string[] = [];
  for (const t of ALL_TOOLS) {
    if (!toolsets.includes(t.toolset)) continue;
    if (readOnly && t.hints.readOnlyHint !== true) continue;
    names.push(t.name);
  }
  return names.sort();
}

describe('tool registration as a client sees it', () => {
  let sandbox: Sandbox;
  const listed = new Map<string, Tool[]>();

  async function toolsWith(env: Record<string, string>): Promise<Tool[]> {
    const key = JSON.stringify(env);
    if (!listed.has(key)) {
      const stack = await startStack({ use: sandbox, env });
      try {
        listed.set(key, (await stack.client.listTools()).tools);
      } finally {
        await stack.close();
      }
    }
    return listed.get(key)!;
  }
  const names = (tools: Tool[]) => tools.map((t) => t.name).sort();

  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('the definitions themselves are sound: unique names, known toolsets, reads and writes both present', () => {
    const all = ALL_TOOLS.map((t) => t.name);
    expect(new Set(all).size).toBe(all.length);
    for (const t of ALL_TOOLS) expect(TOOLSETS).toContain(t.toolset);
    expect(ALL_TOOLS.some((t) => t.hints.readOnlyHint)).toBe(true);
    expect(ALL_TOOLS.some((t) => !t.hints.readOnlyHint)).toBe(true);
  });

  it('by default every tool is registered', async () => {
    expect(names(await toolsWith({}))).toEqual(expected(TOOLSETS, false));
  });

  it('PERSONALIZE_READ_ONLY=true registers exactly the tools whose readOnlyHint is true', async () => {
    const tools = await toolsWith({ PERSONALIZE_READ_ONLY: 'true' });
    expect(names(tools)).toEqual(expected(TOOLSETS, true));
    expect(tools.length).toBeLessThan(ALL_TOOLS.length);
    for (const t of tools) expect(t.annotations?.readOnlyHint).toBe(true);
  });

  it('PERSONALIZE_TOOLSETS=experiences,geo registers exactly those toolsets', async () => {
    const tools = await toolsWith({ PERSONALIZE_TOOLSETS: 'experiences,geo' });
    expect(names(tools)).toEqual(expected(['experiences', 'geo'], false));
    expect(names(tools)).toContain('activate_experience');
    expect(names(tools)).toContain('list_countries');
    expect(names(tools)).not.toContain('list_attributes');
  });

  it('both together: only the reads of those toolsets', async () => {
    const tools = await toolsWith({ PERSONALIZE_TOOLSETS: 'experiences,geo', PERSONALIZE_READ_ONLY: 'true' });
    const want = expected(['experiences', 'geo'], true);
    expect(names(tools)).toEqual(want);
    expect(want.length).toBeGreaterThan(0);
    expect(names(tools)).not.toContain('activate_experience');
  });

  it('every listed tool has a title, a description, an output schema and its hints (all four for writes), never read-only and destructive', async () => {
    const tools = await toolsWith({});
    expect(tools.length).toBe(ALL_TOOLS.length);
    for (const t of tools) {
      expect(t.title, t.name).toBeTruthy();
      expect((t.description ?? '').length, t.name).toBeGreaterThan(20);
      expect(t.inputSchema.type, t.name).toBe('object');
      expect(t.outputSchema?.type, t.name).toBe('object');
      // The MCP spec: destructiveHint and idempotentHint mean something only when readOnlyHint is false
      // (src/tools/list-shape.ts), so a read tool states readOnlyHint and openWorldHint alone.
      const shown = t.annotations?.readOnlyHint === true ? (['readOnlyHint', 'openWorldHint'] as const) : HINTS;
      for (const hint of shown) expect(typeof t.annotations?.[hint], `${t.name}.${hint}`).toBe('boolean');
      expect(t.annotations!.readOnlyHint && t.annotations!.destructiveHint, t.name).toBeFalsy();
      expect(t.name).toMatch(/^[a-z]+(_[a-z]+)+$/);
    }
  });

  it('guarded tools (those with a confirm) accept confirmationToken; the others do not', async () => {
    const tools = await toolsWith({});
    const guarded = new Set(ALL_TOOLS.filter((t) => t.confirm).map((t) => t.name));
    expect(guarded.size).toBeGreaterThan(0);
    for (const t of tools) {
      const props = (t.inputSchema.properties ?? {}) as Record<string, { type?: string }>;
      if (guarded.has(t.name)) expect(props.confirmationToken?.type, t.name).toBe('string');
      else expect(props.confirmationToken, t.name).toBeUndefined();
    }
  });

  it('annotations match the definitions', async () => {
    const tools = await toolsWith({});
    const defs = new Map(ALL_TOOLS.map((t) => [t.name, t]));
    for (const t of tools) {
      const def = defs.get(t.name)!;
      for (const hint of HINTS) if (t.annotations?.[hint] !== undefined || !def.hints.readOnlyHint) expect(t.annotations?.[hint], `${t.name}.${hint}`).toBe(def.hints[hint]);
    }
  });
});
