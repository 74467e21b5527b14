import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoProject, startStack, text, type Stack } from '../helpers/harness.js';

type Obj = Record<string, unknown>;
const sc = (r: { structuredContent?: unknown }) => r.structuredContent as Obj;

/** The analytics and geo toolsets against the sandbox's seeded traffic and geolocation lists. */
describe('analytics and geo tools', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack.close();
  });

  const experience = (name: string) => demoProject(stack.sandbox).experiences.find((e) => e.name === name)!;

  it('get_experience_analytics reads the active version by default and reports the tracked impressions per variant', async () => {
    const ab = experience('Checkout button test');
    const active = ab.versions.find((v) => v.status === 'ACTIVE')!;
    stack.mark();
    const r = await stack.call('get_experience_analytics', { experienceUid: ab.uid });
    expect(r.isError).toBeFalsy();
    expect(sc(r)).toMatchObject({ experienceUid: ab.uid, versionUid: active.uid });
    expect(stack.sinceMark().map((x) => x.path)).toContain(`/experiences/${ab.uid}/analytics/summary`);

    const seen = demoProject(stack.sandbox).tracked.filter((t) => t.type === 'IMPRESSION' && t.experienceUid === ab.uid);
    const analytics = sc(r).analytics as { totalImpressions: number; variants: Array<{ variantShortUid: string; impressions: number }> };
    // Impressions count once per visitor and variant.
    const visitors = (short: string) => new Set(seen.filter((t) => t.variantShortUid === short).map((t) => t.userUid)).size;
    expect(analytics.variants.map((v) => v.variantShortUid).sort()).toEqual(active.variants.map((v) => String(v.shortUid)).sort());
    for (const v of analytics.variants) expect(v.impressions).toBe(visitors(v.variantShortUid));
    expect(analytics.totalImpressions).toBe(analytics.variants.reduce((n, v) => n + v.impressions, 0));
  });

  it('get_experience_timeseries returns days with traffic for the version asked', async () => {
    const hero = experience('Homepage hero by segment');
    const versionUid = hero.versions.find((v) => v.status === 'ACTIVE')!.uid;
    const r = await stack.call('get_experience_timeseries', { experienceUid: hero.uid, versionUid });
    expect(r.isError).toBeFalsy();
    const series = (sc(r).analytics as { series: Array<{ date: string }> }).series;
    expect(series.length).toBeGreaterThan(5);
    expect(series.map((d) => d.date)).toEqual([...series.map((d) => d.date)].sort());
  });

  it('analytics of a version that was never live is an error naming the code, not a crash', async () => {
    const draft = experience('Summer banner');
    const r = await stack.call('get_experience_analytics', { experienceUid: draft.uid });
    expect(r.isError).toBe(true);
    expect(text(r)).toContain('SUMMARY_NOT_FOUND');
    expect(text(r)).toContain('404');
  });

  it('list_countries, list_regions and list_cities filter by search and cap by limit', async () => {
    const all = await stack.call('list_countries', { limit: 200 });
    const total = sc(all).total as number;
    expect(total).toBeGreaterThan(3);
    const canada = await stack.call('list_countries', { search: 'canada' });
    expect(JSON.stringify(sc(canada).countries)).toContain('CA');
    expect(sc(canada).total).toBeLessThan(total);

    const two = await stack.call('list_regions', { limit: 2 });
    expect((sc(two).regions as unknown[]).length).toBe(2);
    expect(sc(two).total).toBeGreaterThan(2);

    const montreal = await stack.call('list_cities', { search: 'montr' });
    expect(JSON.stringify(sc(montreal).cities)).toContain('Montreal');
    expect(sc(await stack.call('list_regions', { search: 'california' })).regions).toEqual([expect.objectContaining({ name: 'California', code: 'US-CA' })]);
    expect(JSON.stringify(sc(await stack.call('list_cities', { search: 'san fran' })).cities)).toContain('"code":"san francisco,CA,US"');
  });
});
