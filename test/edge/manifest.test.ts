import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmed, text, type Stack, startStack } from '../helpers/harness.js';
import { DESKTOP, experience, IPHONE, manifest, MONTREAL_IP, SAN_FRANCISCO_IP, variantOf } from './helpers.js';

describe('get_manifest evaluates segmented experiences for a visitor', () => {
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

  it('a new visitor gets a uid from the Edge, and keeps it on later calls', async () => {
    const first = await manifest(stack);
    expect(first.userUid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const again = await manifest(stack, { userUid: first.userUid });
    expect(again.userUid).toBe(first.userUid);
    // Active experiences in priority order; the draft-only "Summer banner" is not in the manifest.
    expect(first.experiences.map((x) => x.shortUid)).toEqual([hero.shortUid, checkout.shortUid]);
  });

  it('a comparison never matches a visitor without the value: "points >= 500 and plan != free" needs both', async () => {
    // "Loyal shoppers" is compiled so that visitors without points or a plan are out (rules/patterns.ts).
    expect(variantOf(await manifest(stack), hero.shortUid)).toBeNull();
    expect(variantOf(await manifest(stack, { liveAttributes: { loyalty_points: 900 } }), hero.shortUid)).toBeNull();
    expect(variantOf(await manifest(stack, { liveAttributes: { plan: 'pro' } }), hero.shortUid)).toBeNull();
    expect(variantOf(await manifest(stack, { liveAttributes: { loyalty_points: 500, plan: 'pro' } }), hero.shortUid)).toBe(hero.variant('Loyalty hero'));
    expect(variantOf(await manifest(stack, { liveAttributes: { loyalty_points: 499, plan: 'pro' } }), hero.shortUid)).toBeNull();
  });

  it('presets from the IP and user agent: a Canadian on a phone gets the Canadian variant, others get none', async () => {
    const canadianPhone = await manifest(stack, { ipAddress: MONTREAL_IP, userAgent: IPHONE });
    const expected = hero.variant('Canadian mobile hero');
    expect(variantOf(canadianPhone, hero.shortUid)).toBe(expected);
    const entry = canadianPhone.experiences.find((x) => x.shortUid === hero.shortUid)!;
    expect(entry.alias).toBe(`cs_personalize_${hero.shortUid}_${expected}`);
    expect(canadianPhone.aliases).toContain(entry.alias);
    expect(canadianPhone.variantParam.split(',')).toContain(`${hero.shortUid}_${expected}`);

    // Few loyalty points, so the second variant ("Loyal shoppers") cannot catch them.
    const few = { liveAttributes: { loyalty_points: 10 } };
    expect(variantOf(await manifest(stack, { ...few, ipAddress: MONTREAL_IP, userAgent: DESKTOP }), hero.shortUid)).toBeNull();
    expect(variantOf(await manifest(stack, { ...few, ipAddress: SAN_FRANCISCO_IP, userAgent: IPHONE }), hero.shortUid)).toBeNull();
    expect(variantOf(await manifest(stack, { ...few, userAgent: IPHONE }), hero.shortUid)).toBeNull();
  });

  it('names come from the Management API when credentials are configured', async () => {
    const m = await manifest(stack, { ipAddress: MONTREAL_IP, userAgent: IPHONE });
    const entry = m.experiences.find((x) => x.shortUid === hero.shortUid)!;
    expect(entry).toMatchObject({ experienceUid: hero.uid, experienceName: 'Homepage hero by segment', variantName: 'Canadian mobile hero' });
    const ab = m.experiences.find((x) => x.shortUid === checkout.shortUid)!;
    expect(ab.experienceName).toBe('Checkout button test');
    expect(['Control', 'Orange button']).toContain(ab.variantName);
    expect(text(await stack.call('get_manifest', { userUid: m.userUid }))).toContain('Homepage hero by segment');
  });

  it('stored attributes: set_user_attributes makes a visitor match, and a change makes them stop matching', async () => {
    const visitor = `loyal-${Date.now()}`;
    await stack.call('set_user_attributes', { userUid: visitor, attributes: { loyalty_points: 100 } });
    expect(variantOf(await manifest(stack, { userUid: visitor }), hero.shortUid)).toBeNull();
    const set = await stack.call('set_user_attributes', { userUid: visitor, attributes: { loyalty_points: 750, plan: 'pro' } });
    expect(set.isError, text(set)).toBeFalsy();
    expect(variantOf(await manifest(stack, { userUid: visitor }), hero.shortUid)).toBe(hero.variant('Loyalty hero'));
    await stack.call('set_user_attributes', { userUid: visitor, attributes: { plan: 'free' } });
    expect(variantOf(await manifest(stack, { userUid: visitor }), hero.shortUid)).toBeNull();
  });

  it('live attributes count for one evaluation only and win over stored ones', async () => {
    const visitor = `live-${Date.now()}`;
    await stack.call('set_user_attributes', { userUid: visitor, attributes: { loyalty_points: 100, plan: 'pro' } });
    const live = await manifest(stack, { userUid: visitor, liveAttributes: { loyalty_points: 900 } });
    expect(variantOf(live, hero.shortUid)).toBe(hero.variant('Loyalty hero'));
    expect(variantOf(await manifest(stack, { userUid: visitor }), hero.shortUid)).toBeNull();
    await stack.call('set_user_attributes', { userUid: visitor, attributes: { loyalty_points: 900 } });
    expect(variantOf(await manifest(stack, { userUid: visitor, liveAttributes: { plan: 'FREE' } }), hero.shortUid)).toBeNull();
  });

  it('the first matching variant wins when a visitor is in several audiences', async () => {
    const both = await manifest(stack, { ipAddress: MONTREAL_IP, userAgent: IPHONE, liveAttributes: { loyalty_points: 900 } });
    expect(variantOf(both, hero.shortUid)).toBe(hero.variant('Canadian mobile hero'));
  });

  it('tags keep only experiences that carry one of them, in any case', async () => {
    const m = await manifest(stack, { tags: ['CHECKOUT', 'nothing-here'] });
    expect(m.experiences.map((x) => x.shortUid)).toEqual([checkout.shortUid]);
  });

  it('a live attribute key the project lacks is reported, not silently ignored', async () => {
    const m = await manifest(stack, { liveAttributes: { loyaltyPoints: 900 } });
    expect(m.notes?.join(' ')).toContain('loyaltyPoints');
  });

  it('an unknown project is an error naming the Edge code', async () => {
    const r = await stack.call('get_manifest', { projectUid: 'aaaaaaaaaaaaaaaaaaaaaaaa' });
    expect(r.isError).toBe(true);
    expect(text(r)).toContain('personalize.MANIFEST.PROJECT_NOT_FOUND');
    expect(text(r)).toContain('404');
  });

  it('bad inputs are refused before anything is sent', async () => {
    const before = stack.sandbox.edgeRequests.length;
    const tooMany = await stack.call('get_manifest', { tags: Array.from({ length: 11 }, (_, i) => `t${i}`) });
    expect(tooMany.isError).toBe(true);
    expect((await stack.call('get_manifest', { ipAddress: 'not-an-ip' })).isError).toBe(true);
    expect((await stack.call('set_user_attributes', { userUid: 'v1', attributes: { plan: { tier: 'pro' } } })).isError).toBe(true);
    const unknown = await stack.call('set_user_attributes', { userUid: 'v1', attributes: { points: 5 } });
    expect(unknown.isError).toBe(true);
    expect(text(unknown)).toContain('"points"');
    expect(text(unknown)).toContain('loyalty_points');
    expect(stack.sandbox.edgeRequests.length).toBe(before);
  });
});

describe('get_manifest with rules on the page URL and referrer', () => {
  let stack: Stack;
  let shortUid: string;
  let experienceUid: string;
  beforeAll(async () => {
    stack = await startStack();
    const audience = await stack.call('create_audience', {
      name: 'Spring campaign traffic',
      definition: {
        __type: 'RuleCombination',
        combinationType: 'OR',
        rules: [
          {
            __type: 'Rule',
            attribute: { __type: 'PresetAttributeReference', ref: 'QUERY_PARAMETERS' },
            attributeMatchCondition: 'JSON_MATCH',
            attributeMatchOptions: { __type: 'JsonMatchOptions', value: { utm_campaign: 'spring' } },
            invertCondition: false,
          },
          {
            __type: 'Rule',
            attribute: { __type: 'PresetAttributeReference', ref: 'REFERRER' },
            attributeMatchCondition: 'CONTAINS_SUBSTRING',
            attributeMatchOptions: { __type: 'StringMatchOptions', value: 'newsletter' },
            invertCondition: false,
          },
        ],
      },
    });
    expect(audience.isError, text(audience)).toBeFalsy();
    const audienceUid = (audience.structuredContent as { audience: { uid: string } }).audience.uid;
    const created = await stack.call('create_experience', { name: 'Spring banner', type: 'SEGMENTED', tags: ['campaign'] });
    expect(created.isError, text(created)).toBeFalsy();
    const exp = (created.structuredContent as { experience: { uid: string; shortUid: string; latestVersion: string } }).experience;
    experienceUid = exp.uid;
    shortUid = exp.shortUid;
    const version = await stack.call('update_experience_version', {
      experienceUid,
      versionUid: exp.latestVersion,
      variants: [{ __type: 'SegmentedVariant', name: 'Spring hero', audiences: [audienceUid], audienceCombinationType: 'OR' }],
    });
    expect(version.isError, text(version)).toBeFalsy();
    const live = await confirmed(stack, 'activate_experience', { experienceUid });
    expect(live.isError, text(live)).toBeFalsy();
  });
  afterAll(async () => {
    await stack.close();
  });

  it('query parameters of the page URL and the referrer are presets the rules see', async () => {
    const spring = experience(stack.sandbox, 'Spring banner').variant('Spring hero');
    const byUrl = await manifest(stack, { tags: ['campaign'], pageUrl: 'https://shop.example/sale?utm_source=mail&utm_campaign=Spring' });
    expect(byUrl.experiences).toEqual([expect.objectContaining({ shortUid, variantShortUid: spring, variantName: 'Spring hero' })]);
    const byReferrer = await manifest(stack, { tags: ['campaign'], referrer: 'https://newsletter.example.com/issue/12' });
    expect(variantOf(byReferrer, shortUid)).toBe(spring);
    const neither = await manifest(stack, { tags: ['campaign'], pageUrl: 'https://shop.example/sale?utm_campaign=winter', referrer: 'https://search.example/' });
    expect(variantOf(neither, shortUid)).toBeNull();
    expect(neither.variantParam).toBe('');
    expect(neither.aliases).toEqual([]);
  });

  it('a paused experience stays in the manifest with no variant', async () => {
    const paused = await confirmed(stack, 'pause_experience', { experienceUid });
    expect(paused.isError, text(paused)).toBeFalsy();
    const m = await manifest(stack, { tags: ['campaign'], pageUrl: 'https://shop.example/?utm_campaign=spring' });
    expect(m.experiences.map((x) => [x.shortUid, x.variantShortUid])).toEqual([[shortUid, null]]);
  });
});
