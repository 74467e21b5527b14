import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import { demoProject, resourceText, startStack, text, type Stack } from './helpers/harness.js';
import { experience, IPHONE, manifest, MONTREAL_IP, variantOf } from './edge/helpers.js';

const IPAD = 'Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';
const LYTICS_UID = '0123456789abcdef0123456789abcdef';
const TABLETS_TOO = 'country = "CA" and device_type in (mobile, tablet)';

type Obj = Record<string, unknown>;
const sc = (r: { structuredContent?: unknown }) => r.structuredContent as Obj;
const writes = (stack: Stack) => stack.sinceMark().filter((r) => r.method !== 'GET');

function audienceUid(stack: Stack, name: string): string {
  const a = demoProject(stack.sandbox).audiences.find((x) => x.name === name);
  if (!a) throw new Error(`no audience ${name}`);
  return a.uid;
}
const definitionOf = (stack: Stack, uid: string) => demoProject(stack.sandbox).audiences.find((a) => a.uid === uid)?.definition;

describe('audience rules in plain language, through an MCP client (token confirmation)', () => {
  let stack: Stack;
  let canadian: string;
  beforeAll(async () => {
    stack = await startStack();
    // A Lytics-synced audience as GET /audiences lists them: no definition, source LYTICS.
    demoProject(stack.sandbox).audiences.push({ uid: LYTICS_UID, name: 'High value (Lytics)', description: '', slug: 'high_value', source: 'LYTICS' });
    canadian = audienceUid(stack, 'Canadian mobile visitors');
  });
  afterAll(async () => {
    await stack.close();
  });

  it('describe_audience shows rules as text and English', async () => {
    const r = await stack.call('describe_audience', { audienceUid: canadian });
    expect(r.isError, text(r)).toBeFalsy();
    expect(sc(r)).toMatchObject({
      uid: canadian,
      name: 'Canadian mobile visitors',
      rules: 'country = "CA" and device_type = "MOBILE"',
      english: 'Visitors in Canada who use a mobile device',
      ruleCount: 2,
      warnings: [],
    });
    const loyal = sc(await stack.call('describe_audience', { audienceUid: audienceUid(stack, 'Loyal shoppers') }));
    expect(loyal.rules).toBe('loyalty_points >= 500 and plan != "free"');
    expect(loyal.english).toBe('Visitors who have at least 500 loyalty points and whose plan is set and is not "free"');
  });

  it('preview_audience_change compiles, diffs and names the live experience, and writes nothing', async () => {
    const before = structuredClone(definitionOf(stack, canadian));
    stack.mark();
    const r = await stack.call('preview_audience_change', { audienceUid: canadian, rules: TABLETS_TOO });
    expect(r.isError, text(r)).toBeFalsy();
    const p = sc(r);
    expect(p.rules).toBe('country = "CA" and device_type in ("MOBILE", "TABLET")');
    expect(p.english).toBe('Visitors in Canada who use a mobile or tablet device');
    expect(p.before).toEqual({ rules: 'country = "CA" and device_type = "MOBILE"', english: 'Visitors in Canada who use a mobile device' });
    expect((p.diff as Obj).text).toBe('~ device_type = "MOBILE" → device_type in ("MOBILE", "TABLET")');
    expect(p.usedBy).toEqual([expect.objectContaining({ name: 'Homepage hero by segment', live: true, statuses: ['ACTIVE'] })]);
    expect(p.needsConfirmation).toBe(true);
    expect(writes(stack)).toEqual([]);
    expect(stack.sinceMark().length).toBeGreaterThan(0);
    expect(definitionOf(stack, canadian)).toEqual(before);
  });

  it('preview reports a mistake with its position and what was expected, and a new audience has no diff', async () => {
    const bad = await stack.call('preview_audience_change', { audienceUid: canadian, rules: 'country = "CA" and device_typ = "MOBILE"' });
    expect(bad.isError).toBe(true);
    expect(text(bad)).toContain('Line 1, column 20');
    expect(text(bad)).toContain('closest known: device_type');
    const fresh = sc(await stack.call('preview_audience_change', { rules: 'plan in (pro, plus)', name: 'Paying' }));
    expect(fresh).toMatchObject({ rules: 'plan in ("pro", "plus")', usedBy: [], needsConfirmation: false });
    expect(fresh.diff).toBeUndefined();
    const renamed = sc(await stack.call('preview_audience_change', { audienceUid: canadian, rules: 'country = "CA" and device_type = "MOBILE"', name: 'Canadian phones' }));
    expect((renamed.diff as Obj).text).toBe('~ name: "Canadian mobile visitors" → "Canadian phones"');
    expect(renamed.needsConfirmation).toBe(false);
  });

  it('evaluate_audience says which sample visitors match, and what failed for the others', async () => {
    const visitors = [
      { country: 'CA', device_type: 'TABLET' },
      { country: 'Canada', device_type: 'mobile' },
      { country: 'US', device_type: 'MOBILE', shoe_size: 9 },
    ];
    const byRules = sc(await stack.call('evaluate_audience', { rules: TABLETS_TOO, visitors }));
    expect(byRules.matched).toBe(2);
    expect((byRules.results as Obj[]).map((x) => x.matches)).toEqual([true, true, false]);
    expect((byRules.results as Obj[])[2]).toMatchObject({ failed: ['country = "CA"'], unknownKeys: ['shoe_size'] });
    const byUid = sc(await stack.call('evaluate_audience', { audienceUid: canadian, visitors }));
    expect((byUid.results as Obj[]).map((x) => x.matches)).toEqual([false, true, false]);
    const loyal = sc(
      await stack.call('evaluate_audience', {
        audienceUid: audienceUid(stack, 'Loyal shoppers'),
        visitors: [
          { loyalty_points: 600, plan: 'pro' },
          { 'Loyalty points': 600, plan: 'free' },
        ],
      }),
    );
    expect((loyal.results as Obj[]).map((x) => x.matches)).toEqual([true, false]);
    expect((loyal.results as Obj[])[1]).toMatchObject({ failed: ['plan != "free"'] });
    const both = await stack.call('evaluate_audience', { audienceUid: canadian, rules: TABLETS_TOO, visitors });
    expect(both.isError).toBe(true);
    expect(text(both)).toContain('exactly one of audienceUid');
  });

  it('create_audience takes rules; exactly one of rules and definition', async () => {
    stack.mark();
    const neither = await stack.call('create_audience', { name: 'Nothing' });
    const twice = await stack.call('create_audience', { name: 'Twice', rules: 'plan is set', definition: { __type: 'RuleCombination', combinationType: 'AND', rules: [] } });
    expect([neither.isError, twice.isError]).toEqual([true, true]);
    expect(text(twice)).toContain('not both');
    expect(writes(stack)).toEqual([]);
    const created = await stack.call('create_audience', { name: 'Pro subscribers', rules: 'plan = "pro" and "Newsletter subscriber" is true' });
    expect(created.isError, text(created)).toBeFalsy();
    const uid = (sc(created).audience as Obj).uid as string;
    const attrs = demoProject(stack.sandbox).attributes;
    const ref = (key: string) => ({ __type: 'CustomAttributeReference', ref: attrs.find((a) => a.key === key)!.uid });
    expect(definitionOf(stack, uid)).toEqual({
      __type: 'RuleCombination',
      combinationType: 'AND',
      rules: [
        {
          __type: 'Rule',
          attribute: ref('plan'),
          attributeMatchCondition: 'STRING_EQUALS',
          attributeMatchOptions: { __type: 'StringMatchOptions', value: 'pro' },
          invertCondition: false,
        },
        { __type: 'Rule', attribute: ref('is_subscriber'), attributeMatchCondition: 'IS_TRUE', invertCondition: false },
      ],
    });
  });

  it('update_audience by text on an audience no live experience uses goes straight through', async () => {
    const uid = audienceUid(stack, 'Newsletter subscribers');
    stack.mark();
    const r = await stack.call('update_audience', { audienceUid: uid, rules: 'is_subscriber is true and plan != "free"' });
    expect(r.isError, text(r)).toBeFalsy();
    expect(writes(stack).map((q) => `${q.method} ${q.path}`)).toEqual([`PUT /audiences/${uid}`]);
    expect(sc(await stack.call('describe_audience', { audienceUid: uid })).rules).toBe('is_subscriber is true and plan != "free"');
  });

  it('update_audience on a live audience asks first (English and diff in the summary), then the manifest changes', async () => {
    const hero = experience(stack.sandbox, 'Homepage hero by segment');
    const visitor = { ipAddress: MONTREAL_IP, userAgent: IPAD, liveAttributes: { loyalty_points: 0, plan: 'free' } };
    expect(variantOf(await manifest(stack, visitor), hero.shortUid)).toBeNull();
    const before = structuredClone(definitionOf(stack, canadian));
    stack.mark();
    const first = await stack.call('update_audience', { audienceUid: canadian, rules: TABLETS_TOO });
    const c = sc(first) as { status: string; summary: string; confirmationToken: string };
    expect(c.status).toBe('confirmation_required');
    expect(c.summary).toContain('Homepage hero by segment');
    expect(c.summary).toContain('In English: Visitors in Canada who use a mobile or tablet device');
    expect(c.summary).toContain('~ device_type = "MOBILE" → device_type in ("MOBILE", "TABLET")');
    expect(writes(stack)).toEqual([]);
    expect(definitionOf(stack, canadian)).toEqual(before);

    const done = await stack.call('update_audience', { audienceUid: canadian, rules: TABLETS_TOO, confirmationToken: c.confirmationToken });
    expect(done.isError, text(done)).toBeFalsy();
    expect(writes(stack).map((q) => `${q.method} ${q.path}`)).toEqual([`PUT /audiences/${canadian}`]);
    expect(variantOf(await manifest(stack, visitor), hero.shortUid)).toBe(hero.variant('Canadian mobile hero'));
    expect(variantOf(await manifest(stack, { ...visitor, userAgent: IPHONE }), hero.shortUid)).toBe(hero.variant('Canadian mobile hero'));
  });

  it('a live audience renamed, or given the rules it already has, needs no confirmation', async () => {
    stack.mark();
    const same = await stack.call('update_audience', { audienceUid: canadian, rules: 'country = ca and device_type in ("MOBILE", "TABLET")' });
    expect(sc(same).status).toBeUndefined();
    const renamed = await stack.call('update_audience', { audienceUid: canadian, name: 'Canadian mobile and tablet visitors' });
    expect(renamed.isError, text(renamed)).toBeFalsy();
    expect(sc(renamed).status).toBeUndefined();
    expect(writes(stack)).toHaveLength(2);
  });

  it('Lytics-synced audiences are read-only and say so', async () => {
    const d = sc(await stack.call('describe_audience', { audienceUid: LYTICS_UID }));
    expect(d).toMatchObject({ rules: null, ruleCount: 0 });
    expect(String(d.warnings)).toContain('read-only');
    stack.mark();
    for (const [tool, args] of [
      ['update_audience', { rules: 'plan is set' }],
      ['update_audience', { name: 'x' }],
      ['preview_audience_change', { rules: 'plan is set' }],
    ] as const) {
      const r = await stack.call(tool, { audienceUid: LYTICS_UID, ...args });
      expect(r.isError, tool).toBe(true);
      expect(text(r)).toContain('synced from Lytics and is read-only here');
    }
    expect(writes(stack)).toEqual([]);
  });

  it('the audience resource shows its rules in the language', async () => {
    const uri = `personalize://projects/${stack.sandbox.demo.projectUid}/audiences/${canadian}`;
    const body = JSON.parse(resourceText(await stack.client.readResource({ uri }))) as Obj;
    expect(body).toMatchObject({ uid: canadian, rules: 'country = "CA" and device_type in ("MOBILE", "TABLET")', english: 'Visitors in Canada who use a mobile or tablet device' });
  });

  it('the edit_audience prompt embeds the rules, the attribute keys, the grammar and the steps; audience completes', async () => {
    const { prompts } = await stack.client.listPrompts();
    expect(prompts.map((p) => p.name)).toContain('edit_audience');
    expect(prompts.find((p) => p.name === 'edit_audience')!.arguments!.map((a) => a.name)).toEqual(['audience', 'instruction']);
    const done = await stack.client.complete({ ref: { type: 'ref/prompt', name: 'edit_audience' }, argument: { name: 'audience', value: 'loy' } });
    expect(done.completion.values).toEqual(['Loyal shoppers']);
    const got = await stack.client.getPrompt({ name: 'edit_audience', arguments: { audience: 'loyal shoppers', instruction: 'also allow the plus plan' } });
    const body = (got.messages[0]!.content as { text: string }).text;
    expect(body).toContain('also allow the plus plan');
    expect(body).toContain('loyalty_points >= 500 and plan != "free"');
    expect(body).toContain('loyalty_points ("Loyalty points")');
    expect(body).toContain('is_subscriber');
    expect(body).toContain('not in (…)');
    for (const step of ['describe_audience', 'preview_audience_change', 'confirm', 'update_audience', 'confirmationToken']) expect(body).toContain(step);
    await expect(stack.client.getPrompt({ name: 'edit_audience', arguments: { audience: 'Loyal shopers', instruction: 'x' } })).rejects.toThrow(/closest: 'Loyal shoppers'/);
  });
});

describe('a live audience edit with elicitation', () => {
  let stack: Stack;
  const asked: string[] = [];
  let answer: ElicitResult = { action: 'decline' };
  beforeAll(async () => {
    stack = await startStack({
      env: { PERSONALIZE_CONFIRM: 'elicit' },
      elicit: (message) => {
        asked.push(message);
        return answer;
      },
    });
  });
  afterAll(async () => {
    await stack.close();
  });

  it('the prompt carries the English and the diff; declining changes nothing, accepting applies it', async () => {
    const uid = audienceUid(stack, 'Loyal shoppers');
    const rules = 'loyalty_points >= 500 and plan not in ("free", "trial")';
    stack.mark();
    const refused = await stack.call('update_audience', { audienceUid: uid, rules });
    expect(refused.isError).toBe(true);
    expect(asked).toHaveLength(1);
    expect(asked[0]).toContain('Homepage hero by segment');
    expect(asked[0]).toContain('In English: Visitors who have at least 500 loyalty points and whose plan is set and is neither "free" nor "trial"');
    expect(asked[0]).toContain('~ plan != "free" → plan not in ("free", "trial")');
    expect(writes(stack)).toEqual([]);
    answer = { action: 'accept', content: { confirm: true } };
    const r = await stack.call('update_audience', { audienceUid: uid, rules });
    expect(r.isError, text(r)).toBeFalsy();
    expect(writes(stack).map((q) => q.method)).toEqual(['PUT']);
    expect(sc(await stack.call('describe_audience', { audienceUid: uid })).rules).toBe(rules);
  });
});
