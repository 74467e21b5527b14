import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoProject, startStack, text, type Stack } from '../helpers/harness.js';

/** {"rules":[{"rules":[…]}]}-like nesting, n containers deep, built without recursion. */
function nested(n: number): Record<string, unknown> {
  let v: Record<string, unknown> = { leaf: true };
  for (let i = 1; i < n; i++) v = { a: v };
  return v;
}
const wide = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]));
const huge = (kb: number) => ({ blob: 'x'.repeat(kb * 1024) });

/**
 * Free-form input is bounded before anything runs (src/tools/input-bounds.ts): too deep, too wide or too
 * big is one isError naming the field and the limit, and neither Personalize API sees a request.
 */
describe('bounded input', () => {
  let stack: Stack;
  let experienceUid = '';
  let versionUid = '';
  let audienceUid = '';
  beforeAll(async () => {
    stack = await startStack();
    const p = demoProject(stack.sandbox);
    const ab = p.experiences.find((e) => e.__type === 'AB_TEST')!;
    experienceUid = ab.uid;
    versionUid = ab.versions[0]!.uid;
    audienceUid = p.audiences[0]!.uid;
  });
  afterAll(async () => {
    await stack.close();
  });

  const upstream = () => stack.sandbox.requests.length + stack.sandbox.edgeRequests.length;

  async function refused(tool: string, args: Record<string, unknown>, message: RegExp): Promise<void> {
    const before = upstream();
    const r = await stack.call(tool, args);
    expect(r.isError, `${tool}: ${text(r)}`).toBe(true);
    expect(text(r), tool).toMatch(message);
    expect(text(r), tool).toContain('Nothing was sent.');
    expect(r.structuredContent, tool).toBeUndefined();
    expect(upstream(), `${tool} sent nothing upstream`).toBe(before);
  }

  const DEEP = /nested 40 deep; at most 32 levels are accepted\./;
  const WIDE = /1001 keys or items in one object or list; at most 1000 are accepted\./;
  const HUGE = /: 6\d\d KB as JSON; at most 512 KB are accepted\./;

  it('targeting (A/B target group): deep, wide, huge', async () => {
    const base = { experienceUid, variants: [{ __type: 'ABTestVariant', name: 'A', trafficDistribution: 100 }] };
    await refused('create_experience_version', { ...base, targeting: nested(40) }, new RegExp(`^targeting: ${DEEP.source}`));
    await refused('create_experience_version', { ...base, targeting: wide(1001) }, new RegExp(`^targeting: ${WIDE.source}`));
    await refused('create_experience_version', { ...base, targeting: huge(600) }, new RegExp(`^targeting${HUGE.source}`));
  });

  it('before any confirmation: a guarded call with a deep argument gets no confirmation request', async () => {
    await refused('update_experience_version', { experienceUid, versionUid, status: 'ACTIVE', targeting: nested(40) }, /^targeting: nested 40 deep/);
  });

  it('definition of create_audience and update_audience', async () => {
    await refused('create_audience', { name: 'Deep', definition: nested(40) }, /^definition: nested 40 deep; at most 32 levels/);
    await refused('update_audience', { audienceUid, definition: wide(1001) }, new RegExp(`^definition: ${WIDE.source}`));
    const many = { __type: 'RuleCombination', combinationType: 'AND', rules: Array.from({ length: 25 }, () => ({ values: Array.from({ length: 900 }, () => 1) })) };
    await refused('update_audience', { audienceUid, definition: many }, /^definition: \d+ keys and items in all; at most 20000 are accepted\./);
    await refused('create_audience', { name: 'Huge', definition: huge(600) }, new RegExp(`^definition${HUGE.source}`));
  });

  it('variants, with a deep inline target on a segmented variant', async () => {
    const segmented = (target: unknown) => [{ __type: 'SegmentedVariant', name: 'V', target }];
    await refused('create_experience_version', { experienceUid, variants: segmented(nested(40)) }, /^variants: nested 42 deep; at most 32 levels are accepted\./);
    await refused('update_experience_version', { experienceUid, versionUid, variants: segmented(wide(1001)) }, new RegExp(`^variants: ${WIDE.source}`));
  });

  it('metrics: a huge metric name', async () => {
    await refused(
      'update_experience_version',
      { experienceUid, versionUid, metrics: [{ __type: 'Primary', event: 'a'.repeat(24), name: 'n'.repeat(600 * 1024) }] },
      new RegExp(`^metrics${HUGE.source}`),
    );
  });

  it('attributes of set_user_attributes and liveAttributes of get_manifest', async () => {
    await refused('set_user_attributes', { userUid: 'visitor-1', attributes: wide(1001) }, new RegExp(`^attributes: ${WIDE.source}`));
    const big = Object.fromEntries(Array.from({ length: 700 }, (_, i) => [`k${i}`, 'v'.repeat(1000)]));
    await refused('set_user_attributes', { userUid: 'visitor-1', attributes: big }, new RegExp(`^attributes${HUGE.source}`));
    await refused('get_manifest', { liveAttributes: wide(1001) }, new RegExp(`^liveAttributes: ${WIDE.source}`));
  });

  it('visitors of evaluate_audience, whose values are free JSON', async () => {
    await refused('evaluate_audience', { rules: 'country = "CA"', visitors: [{ country: 'CA', extra: nested(40) }] }, /^visitors: nested 42 deep/);
  });

  it('raw JSON inside rule text is bounded by the rule language itself', async () => {
    const before = upstream();
    const deepRaw = `raw ${JSON.stringify(nested(40))}`;
    const r = await stack.call('create_audience', { name: 'Deep raw', rules: deepRaw });
    expect(r.isError).toBe(true);
    expect(text(r)).toMatch(/raw JSON nested more than 32 deep/);
    // Compiling needs the project's attributes (one read); nothing is written.
    expect(stack.sandbox.requests.slice(before).filter((q) => q.method !== 'GET')).toEqual([]);
  });

  it('input thousands of levels deep is refused the same way, and the session goes on', async () => {
    await refused('create_audience', { name: 'Very deep', definition: nested(3000) }, /^definition: nested 3000 deep/);
    const r = await stack.call('list_events');
    expect(r.isError).toBeFalsy();
  });

  it("input within the limits still works (a 30-deep targeting is the API's to judge)", async () => {
    const r = await stack.call('list_audiences');
    expect(r.isError).toBeFalsy();
    const ok = await stack.call('evaluate_audience', { rules: 'country = "CA"', visitors: [{ country: 'CA', extra: nested(30) }] });
    expect(ok.isError, text(ok)).toBeFalsy();
  });
});
