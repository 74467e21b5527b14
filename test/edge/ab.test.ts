import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmed, demoProject, startStack, text, type Stack } from '../helpers/harness.js';
import { edgeManifest, experience, IPHONE, manifest, MONTREAL_IP, SAN_FRANCISCO_IP, variantOf } from './helpers.js';

type Body = { experiences: Array<{ shortUid: string; activeVariantShortUid: string | null }> };

/** The variant each of `count` visitors gets, straight from the sandbox Edge over HTTP (fast: no MCP round trip). */
async function assignments(stack: Stack, shortUid: string, count: number, headers: Record<string, string> = {}, prefix = 'ab-visitor'): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>();
  for (let i = 0; i < count; i += 50) {
    const batch = Array.from({ length: Math.min(50, count - i) }, (_, j) => `${prefix}-${i + j}`);
    const answers = await Promise.all(batch.map((uid) => edgeManifest(stack.sandbox, { 'x-cs-personalize-user-uid': uid, ...headers })));
    answers.forEach((a, j) => {
      expect(a.status).toBe(200);
      out.set(batch[j]!, (a.body as Body).experiences.find((x) => x.shortUid === shortUid)?.activeVariantShortUid ?? null);
    });
  }
  return out;
}

function counts(values: Iterable<string | null>): Map<string | null, number> {
  const c = new Map<string | null, number>();
  for (const v of values) c.set(v, (c.get(v) ?? 0) + 1);
  return c;
}

describe('A/B assignment on the Edge', () => {
  let stack: Stack;
  let checkout: ReturnType<typeof experience>;
  beforeAll(async () => {
    stack = await startStack();
    checkout = experience(stack.sandbox, 'Checkout button test');
  });
  afterAll(async () => {
    await stack.close();
  });

  it('follows the 50/50 split over 1,000 visitors and gives each visitor the same variant every time', async () => {
    const first = await assignments(stack, checkout.shortUid, 1000);
    const c = counts(first.values());
    const control = checkout.variant('Control');
    const orange = checkout.variant('Orange button');
    expect([...c.keys()].sort()).toEqual([control, orange].sort());
    // 1,000 draws of a fair coin: ±70 is more than four standard deviations.
    expect(Math.abs(c.get(control)! - 500)).toBeLessThan(70);
    const again = await assignments(stack, checkout.shortUid, 1000);
    expect(again).toEqual(first);
  });

  it('the tool gives a visitor the same variant as the Edge does directly, call after call', async () => {
    const direct = await assignments(stack, checkout.shortUid, 5, {}, 'tool-visitor');
    for (const [uid, variant] of direct) {
      for (let n = 0; n < 2; n++) {
        const m = await manifest(stack, { userUid: uid });
        expect(variantOf(m, checkout.shortUid)).toBe(variant);
        const entry = m.experiences.find((x) => x.shortUid === checkout.shortUid)!;
        expect(entry.alias).toBe(`cs_personalize_${checkout.shortUid}_${variant}`);
      }
    }
  });

  it('a target group limits who is in the test, and an uneven split is followed', async () => {
    const canadianMobile = demoProject(stack.sandbox).audiences.find((a) => a.name === 'Canadian mobile visitors')!;
    const created = await stack.call('create_experience', { name: 'Free shipping test', type: 'AB_TEST', tags: ['shipping'] });
    expect(created.isError, text(created)).toBeFalsy();
    const exp = (created.structuredContent as { experience: { uid: string; shortUid: string; latestVersion: string } }).experience;
    const version = await stack.call('update_experience_version', {
      experienceUid: exp.uid,
      versionUid: exp.latestVersion,
      variants: [
        { __type: 'ABTestVariant', name: 'No banner', trafficDistribution: 80 },
        { __type: 'ABTestVariant', name: 'Free shipping banner', trafficDistribution: 20 },
      ],
      targeting: { audience: { audiences: [canadianMobile.uid], audienceCombinationType: 'OR' } },
    });
    expect(version.isError, text(version)).toBeFalsy();
    expect((await confirmed(stack, 'activate_experience', { experienceUid: exp.uid })).isError).toBeFalsy();
    const shipping = experience(stack.sandbox, 'Free shipping test');

    const outside = await assignments(stack, exp.shortUid, 50, { 'x-forwarded-for': SAN_FRANCISCO_IP, 'user-agent': IPHONE }, 'ship');
    expect(counts(outside.values())).toEqual(new Map([[null, 50]]));

    const inside = counts((await assignments(stack, exp.shortUid, 1000, { 'x-forwarded-for': MONTREAL_IP, 'user-agent': IPHONE }, 'ship')).values());
    expect(inside.get(null)).toBeUndefined();
    // 20% of 1,000: standard deviation about 13.
    expect(Math.abs(inside.get(shipping.variant('Free shipping banner'))! - 200)).toBeLessThan(60);
    expect(inside.get(shipping.variant('No banner'))! + inside.get(shipping.variant('Free shipping banner'))!).toBe(1000);

    const m = await manifest(stack, { tags: ['shipping'], ipAddress: MONTREAL_IP, userAgent: IPHONE });
    expect(m.experiences[0]?.variantName).toMatch(/^(No banner|Free shipping banner)$/);
  });
});
