import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stamp } from '../../src/sandbox/store.js';
import { demoProject, startStack, text, type Stack } from '../helpers/harness.js';

/**
 * Answers the server will not read whole: over 8 MB (not read past the cap) or nested past 128 levels.
 * Each is one clear error, and the session goes on working.
 */
describe('bounded upstream answers', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack.close();
  });

  async function stillWorks(): Promise<void> {
    const r = await stack.call('list_events');
    expect(r.isError, text(r)).toBeFalsy();
    expect((r.structuredContent as { events: unknown[] }).events.length).toBeGreaterThan(0);
  }

  it('a Management answer over 8 MB (an audience planted in the store) is refused, then the session works', async () => {
    const p = demoProject(stack.sandbox);
    const planted = stamp({ name: 'Enormous', description: 'x'.repeat(9 * 1024 * 1024), definition: { __type: 'RuleCombination', combinationType: 'AND', rules: [] } }, p.uid);
    p.audiences.push(planted);
    try {
      stack.mark();
      const r = await stack.call('list_audiences');
      expect(r.isError).toBe(true);
      expect(text(r)).toMatch(/^Personalize answered GET \/audiences with more than 8 MB \(HTTP 200\); the server stops reading an answer there, so this call did not complete\. /);
      expect(text(r)).toContain('PERSONALIZE_API_URL');
      // Not retried: the same answer would come back.
      expect(stack.sinceMark().filter((q) => q.path === '/audiences')).toHaveLength(1);
      await stillWorks();
    } finally {
      p.audiences.splice(p.audiences.indexOf(planted), 1);
    }
    expect((await stack.call('list_audiences')).isError).toBeFalsy();
  });

  it('an Edge answer over 8 MB is refused the same way, then the next manifest works', async () => {
    stack.sandbox.addEdgeFault({ method: 'GET', path: '/manifest', kind: 'oversize' });
    const r = await stack.call('get_manifest', {});
    expect(r.isError).toBe(true);
    expect(text(r)).toMatch(/^The Personalize Edge API answered Edge GET \/manifest with more than 8 MB \(HTTP 200\); the server stops reading there/);
    const again = await stack.call('get_manifest', {});
    expect(again.isError, text(again)).toBeFalsy();
    await stillWorks();
  });

  it('an answer nested deeper than 128 levels is refused before any rule function walks it', async () => {
    const p = demoProject(stack.sandbox);
    let definition: Record<string, unknown> = { __type: 'RuleCombination', combinationType: 'AND', rules: [] };
    for (let i = 0; i < 100; i++) definition = { __type: 'RuleCombination', combinationType: 'AND', rules: [definition] };
    const planted = stamp({ name: 'Deep', definition }, p.uid);
    p.audiences.push(planted);
    try {
      const r = await stack.call('describe_audience', { audienceUid: planted.uid });
      expect(r.isError).toBe(true);
      expect(text(r)).toMatch(/^Personalize answered GET \/audiences with JSON nested 20\d deep \(HTTP 200\); the server reads at most 128 levels/);
      await stillWorks();
    } finally {
      p.audiences.splice(p.audiences.indexOf(planted), 1);
    }
  });

  it('an answer just under the bound is walked by every rule function without trouble', async () => {
    const p = demoProject(stack.sandbox);
    const country = (value: string) => ({
      __type: 'Rule',
      attribute: { __type: 'PresetAttributeReference', ref: 'COUNTRY' },
      attributeMatchCondition: 'STRING_EQUALS',
      attributeMatchOptions: { __type: 'StringMatchOptions', value },
      invertCondition: false,
    });
    // 61 nested groups: the list, the audience and the rules at the bottom make 126 levels.
    let definition: Record<string, unknown> = country('CA');
    for (let i = 0; i < 61; i++) definition = { __type: 'RuleCombination', combinationType: i % 2 ? 'AND' : 'OR', rules: [definition, country('US')] };
    const planted = stamp({ name: 'Deep but readable', definition }, p.uid);
    p.audiences.push(planted);
    try {
      for (const [tool, args] of [
        ['describe_audience', { audienceUid: planted.uid }],
        ['evaluate_audience', { audienceUid: planted.uid, visitors: [{ country: 'CA' }] }],
        ['preview_audience_change', { audienceUid: planted.uid, rules: 'country = "CA"' }],
        ['list_audiences', {}],
      ] as const) {
        const r = await stack.call(tool, args);
        expect(r.isError, `${tool}: ${text(r).slice(0, 300)}`).toBeFalsy();
      }
    } finally {
      p.audiences.splice(p.audiences.indexOf(planted), 1);
    }
  });
});
