import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoProject, startStack, text, type Stack } from '../helpers/harness.js';
import { experience, IPHONE, manifest, MONTREAL_IP } from './helpers.js';

interface VariantStats {
  variantShortUid: string;
  impressions: number;
  conversions?: number;
}

async function stats(stack: Stack, experienceUid: string): Promise<Map<string, VariantStats>> {
  const r = await stack.call('get_experience_analytics', { experienceUid });
  expect(r.isError, text(r)).toBeFalsy();
  const variants = (r.structuredContent as { analytics: { variants: VariantStats[] } }).analytics.variants;
  return new Map(variants.map((v) => [v.variantShortUid, v]));
}

describe('track_events records impressions and conversions that analytics then report', () => {
  let stack: Stack;
  let hero: ReturnType<typeof experience>;
  let checkout: ReturnType<typeof experience>;
  beforeAll(async () => {
    stack = await startStack();
    hero = experience(stack.sandbox, 'Homepage hero by segment');
    checkout = experience(stack.sandbox, 'Checkout button test');
  });
  afterAll(async () => {
    await stack.close();
  });

  it('an A/B impression and a purchase conversion show up in get_experience_analytics', async () => {
    const m = await manifest(stack, { ipAddress: MONTREAL_IP, userAgent: IPHONE });
    const ab = m.experiences.find((x) => x.shortUid === checkout.shortUid)!;
    const seg = m.experiences.find((x) => x.shortUid === hero.shortUid)!;
    const beforeAb = await stats(stack, checkout.uid);
    const beforeSeg = await stats(stack, hero.uid);
    const edgeBefore = stack.sandbox.edgeRequests.length;

    const r = await stack.call('track_events', {
      userUid: m.userUid,
      impressions: [{ alias: ab.alias }, { experienceShortUid: seg.shortUid, variantShortUid: seg.variantShortUid }, { alias: `cs_personalize_${hero.shortUid}_null` }],
      conversions: [{ eventKey: 'purchase' }],
    });
    expect(r.isError, text(r)).toBeFalsy();
    expect(r.structuredContent).toMatchObject({ dropped: 1, conversions: ['purchase'] });
    // One POST /events with everything in one array.
    const sent = stack.sandbox.edgeRequests.slice(edgeBefore);
    expect(sent.map((x) => `${x.method} ${x.path} ${x.status}`)).toEqual(['POST /events 202']);

    const afterAb = await stats(stack, checkout.uid);
    const v = ab.variantShortUid!;
    expect(afterAb.get(v)!.impressions).toBe(beforeAb.get(v)!.impressions + 1);
    expect(afterAb.get(v)!.conversions).toBe(beforeAb.get(v)!.conversions! + 1);
    const afterSeg = await stats(stack, hero.uid);
    expect(afterSeg.get(seg.variantShortUid!)!.impressions).toBe(beforeSeg.get(seg.variantShortUid!)!.impressions + 1);

    // Impressions count once per visitor: the same impression again changes nothing.
    await stack.call('track_events', { userUid: m.userUid, impressions: [{ alias: ab.alias }] });
    expect((await stats(stack, checkout.uid)).get(v)!.impressions).toBe(afterAb.get(v)!.impressions);
  });

  it('the sandbox keeps what was tracked against the live version', async () => {
    const visitor = `tracked-${Date.now()}`;
    const m = await manifest(stack, { userUid: visitor });
    const ab = m.experiences.find((x) => x.shortUid === checkout.shortUid)!;
    await stack.call('track_events', { userUid: visitor, impressions: [{ alias: ab.alias }], conversions: [{ eventKey: 'add_to_cart' }] });
    const mine = demoProject(stack.sandbox).tracked.filter((t) => t.userUid === visitor);
    expect(mine).toEqual([
      expect.objectContaining({ type: 'IMPRESSION', experienceUid: checkout.uid, versionUid: checkout.version.uid, variantShortUid: ab.variantShortUid }),
      expect.objectContaining({ type: 'CONVERSION', eventKey: 'add_to_cart' }),
    ]);
  });

  it('an unknown event key, a bad alias or nothing to send is refused and nothing reaches the Edge', async () => {
    const before = stack.sandbox.edgeRequests.length;
    const unknown = await stack.call('track_events', { userUid: 'v-1', conversions: [{ eventKey: 'signup' }] });
    expect(unknown.isError).toBe(true);
    expect(text(unknown)).toContain('"signup"');
    expect(text(unknown)).toContain('purchase');
    const badAlias = await stack.call('track_events', { userUid: 'v-1', impressions: [{ alias: 'personalize_0_1' }] });
    expect(badAlias.isError).toBe(true);
    const onlyNull = await stack.call('track_events', { userUid: 'v-1', impressions: [{ experienceShortUid: hero.shortUid, variantShortUid: null }] });
    expect(onlyNull.isError).toBe(true);
    expect(stack.sandbox.edgeRequests.length).toBe(before);
  });

  it('an impression of a variant the experience does not have is refused by the Edge', async () => {
    const r = await stack.call('track_events', { userUid: 'v-2', impressions: [{ experienceShortUid: checkout.shortUid, variantShortUid: '99' }] });
    expect(r.isError).toBe(true);
    expect(text(r)).toContain('personalize.EVENTS.VARIANT_NOT_FOUND');
  });

  it('Edge writes are marked as reaching the open world and say they write production data', async () => {
    const { tools } = await stack.client.listTools();
    for (const name of ['set_user_attributes', 'merge_users', 'track_events']) {
      const tool = tools.find((t) => t.name === name)!;
      expect(tool.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: false, openWorldHint: true });
      expect(tool.description).toMatch(/WRITES INTO PRODUCTION/);
    }
    expect(tools.find((t) => t.name === 'get_manifest')!.annotations?.readOnlyHint).toBe(true);
  });
});
