import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoProject, startStack, text, type Stack } from '../helpers/harness.js';
import { experience, manifest, variantOf } from './helpers.js';

describe("merge_users carries a visitor's attributes over to another uid", () => {
  let stack: Stack;
  let hero: ReturnType<typeof experience>;
  beforeAll(async () => {
    stack = await startStack();
    hero = experience(stack.sandbox, 'Homepage hero by segment');
  });
  afterAll(async () => {
    await stack.close();
  });

  it("an anonymous visitor's attributes reach their login id, and the login id then gets the matching variant", async () => {
    const anonymous = (await manifest(stack)).userUid;
    const login = `shopper-${Date.now()}@example.com`;
    expect((await stack.call('set_user_attributes', { userUid: anonymous, attributes: { loyalty_points: 820, plan: 'plus' } })).isError).toBeFalsy();
    // The known user had few points and the free plan from an earlier visit.
    expect((await stack.call('set_user_attributes', { userUid: login, attributes: { loyalty_points: 20, plan: 'free', is_subscriber: true } })).isError).toBeFalsy();
    expect(variantOf(await manifest(stack, { userUid: login }), hero.shortUid)).toBeNull();

    const merged = await stack.call('merge_users', { sourceUserUid: anonymous, targetUserUid: login });
    expect(merged.isError, text(merged)).toBeFalsy();
    expect(merged.structuredContent).toMatchObject({ sourceUserUid: anonymous, targetUserUid: login, merged: true });

    // The source's values win on shared keys; keys only the target had are kept.
    expect(demoProject(stack.sandbox).visitors.get(login)).toEqual({ loyalty_points: 820, plan: 'plus', is_subscriber: true });
    expect(variantOf(await manifest(stack, { userUid: login }), hero.shortUid)).toBe(hero.variant('Loyalty hero'));
  });

  it('merging a visitor into itself is refused before anything is sent', async () => {
    const before = stack.sandbox.edgeRequests.length;
    const r = await stack.call('merge_users', { sourceUserUid: 'same-visitor', targetUserUid: 'same-visitor' });
    expect(r.isError).toBe(true);
    expect(stack.sandbox.edgeRequests.length).toBe(before);
  });
});
