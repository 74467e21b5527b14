import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, text, type Stack } from '../helpers/harness.js';

type Property = { type?: string };

/** A value of another JSON type than the property declares. */
function wrongValue(p: Property): unknown {
  switch (p.type) {
    case 'string':
      return 12345;
    case 'number':
    case 'integer':
      return 'ten';
    case 'boolean':
      return 'yes';
    case 'array':
      return 'not a list';
    case 'object':
      return ['not', 'an', 'object'];
    default:
      return Symbol.for('untyped');
  }
}

/**
 * For every tool that tools/list shows: missing required arguments and each argument with a wrong type
 * give isError with a message naming the argument and what was expected, and nothing reaches Personalize
 * (neither the Management API nor the Edge API).
 */
describe('bad input, for every tool', () => {
  let stack: Stack;
  let tools: Tool[] = [];
  beforeAll(async () => {
    stack = await startStack();
    tools = (await stack.client.listTools()).tools;
  });
  afterAll(async () => {
    await stack.close();
  });

  const upstream = () => stack.sandbox.requests.length + stack.sandbox.edgeRequests.length;

  it('covers every registered tool', () => {
    expect(tools.length).toBeGreaterThanOrEqual(38);
  });

  it('missing required arguments: isError naming each one, nothing sent upstream', async () => {
    const before = upstream();
    const withRequired = tools.filter((t) => (t.inputSchema.required ?? []).length > 0);
    expect(withRequired.length).toBeGreaterThan(25);
    for (const tool of withRequired) {
      const r = await stack.call(tool.name, {});
      expect(r.isError, tool.name).toBe(true);
      for (const name of tool.inputSchema.required!) expect(text(r), `${tool.name} names ${name}`).toMatch(new RegExp(`expected [^\\n]* at ${name}\\b`));
    }
    expect(upstream()).toBe(before);
  });

  it('each argument with a wrong type: isError naming it and the expected type, nothing sent upstream', async () => {
    const before = upstream();
    let checked = 0;
    for (const tool of tools) {
      for (const [name, schema] of Object.entries((tool.inputSchema.properties ?? {}) as Record<string, Property>)) {
        const value = wrongValue(schema);
        if (typeof value === 'symbol') continue;
        const r = await stack.call(tool.name, { [name]: value });
        expect(r.isError, `${tool.name}.${name}`).toBe(true);
        expect(text(r), `${tool.name}.${name}`).toMatch(new RegExp(`expected [^\\n]* at ${name}\\b`));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
    expect(upstream()).toBe(before);
  });

  it('values of the right type but out of range are refused too, nothing sent upstream', async () => {
    const before = upstream();
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['create_experience', { name: 'X', type: 'MULTIVARIATE' }, 'type'],
      ['create_experience', { name: 'X', type: 'AB_TEST', tags: ['has space'] }, 'tags'],
      ['get_audience', { audienceUid: 'not a uid!' }, 'audienceUid'],
      ['list_cities', { limit: 0 }, 'limit'],
      ['get_manifest', { tags: Array.from({ length: 11 }, (_, i) => `t${i}`) }, 'tags'],
      ['get_manifest', { ipAddress: '999.1.1.1' }, 'ipAddress'],
      ['create_experience_version', { experienceUid: 'a'.repeat(24), variants: [] }, 'variants'],
      ['set_experience_priority', { priorityOrder: [] }, 'priorityOrder'],
    ];
    for (const [tool, args, field] of cases) {
      const r = await stack.call(tool, args);
      expect(r.isError, tool).toBe(true);
      expect(text(r), tool).toContain(`at ${field}`);
    }
    expect(upstream()).toBe(before);
  });
});
