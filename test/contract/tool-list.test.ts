import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../helpers/harness.js';

describe('tools/list as an assistant receives it', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack.close();
  });

  it('carries no $schema lines or default execution blocks, and the schemas still validate calls', async () => {
    const { tools } = await stack.client.listTools();
    expect(tools.length).toBeGreaterThan(30);
    for (const tool of tools) {
      expect(tool.inputSchema).not.toHaveProperty('$schema');
      expect(tool.outputSchema ?? {}).not.toHaveProperty('$schema');
      expect(tool).not.toHaveProperty('execution');
      expect(tool.inputSchema.type).toBe('object');
    }
    // The client validates structuredContent against the trimmed output schema: a real call must still pass.
    const r = await stack.call('list_events');
    expect(r.isError).toBeFalsy();
    expect((r.structuredContent as { events: unknown[] }).events.length).toBe(2);
  });
});
