import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnStack, text, type Stack } from './helpers/harness.js';

describe('server over stdio against the sandbox', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await spawnStack();
  });
  afterAll(async () => {
    await stack.close();
  });

  it('lists the tools and reads the demo project', async () => {
    const { tools } = await stack.client.listTools();
    expect(tools.map((t) => t.name)).toContain('activate_experience');
    const r = await stack.call('list_experiences');
    expect(r.isError).toBeFalsy();
    const names = (r.structuredContent as { experiences: Array<{ name: string }> }).experiences.map((e) => e.name);
    expect(names).toEqual(['Homepage hero by segment', 'Checkout button test', 'Summer banner']);
    expect(text(r)).toContain('3 experience(s)');
  });
});
