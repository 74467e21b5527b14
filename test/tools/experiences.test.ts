import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmed, demoProject, startStack, text, type Stack } from '../helpers/harness.js';

type Obj = Record<string, unknown>;
const sc = (r: { structuredContent?: unknown }) => r.structuredContent as Obj;

/**
 * Every tool of the experiences toolset, in the order a person uses them: create an A/B test, fill its
 * draft, activate, pause, change it through a new version, reorder priorities, delete. After each step
 * the sandbox's own state is checked.
 */
describe('experiences tools', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack.close();
  });

  const held = (uid: string) => demoProject(stack.sandbox).experiences.find((e) => e.uid === uid);
  const eventUid = () => demoProject(stack.sandbox).events.find((e) => e.key === 'purchase')!.uid;
  const abVariants = (control: number) => [
    { __type: 'ABTestVariant', name: 'Monthly first', trafficDistribution: control },
    { __type: 'ABTestVariant', name: 'Yearly first', trafficDistribution: 100 - control },
  ];
  let experienceUid = '';
  let firstVersion = '';

  it('list_experiences and get_experience read the demo', async () => {
    const listed = await stack.call('list_experiences');
    const names = (sc(listed).experiences as Obj[]).map((e) => e.name);
    expect(names).toEqual(expect.arrayContaining(['Homepage hero by segment', 'Checkout button test', 'Summer banner']));
    const hero = (sc(listed).experiences as Obj[]).find((e) => e.name === 'Homepage hero by segment')!;
    const got = await stack.call('get_experience', { experienceUid: hero.uid });
    expect(sc(got).experience).toMatchObject({ uid: hero.uid, __type: 'SEGMENTED', status: 'ACTIVE' });
  });

  it('create_experience sends __type and gets an auto-created draft; update_experience changes only what is given', async () => {
    const created = await stack.call('create_experience', { name: 'Pricing page test', type: 'AB_TEST', description: 'Which plan first', tags: ['Pricing', 'pricing'] });
    expect(created.isError).toBeFalsy();
    experienceUid = (sc(created).experience as Obj).uid as string;
    const e = held(experienceUid)!;
    expect(e).toMatchObject({ name: 'Pricing page test', __type: 'AB_TEST', tags: ['pricing'] });
    expect(e.versions.map((v) => v.status)).toEqual(['DRAFT']);
    firstVersion = e.versions[0]!.uid;

    await stack.call('update_experience', { experienceUid, description: 'Monthly or yearly plan first' });
    expect(held(experienceUid)).toMatchObject({ name: 'Pricing page test', description: 'Monthly or yearly plan first', tags: ['pricing'] });
  });

  it('update_experience_version fills the draft without confirmation; list_experience_versions shows it', async () => {
    const r = await stack.call('update_experience_version', {
      experienceUid,
      versionUid: firstVersion,
      variants: abVariants(50),
      metrics: [{ __type: 'Primary', event: eventUid(), name: 'Purchases' }],
    });
    expect(r.isError).toBeFalsy();
    const v = held(experienceUid)!.versions[0]!;
    expect(v.status).toBe('DRAFT');
    expect(v.variants.map((x) => [x.name, x.trafficDistribution])).toEqual([
      ['Monthly first', 50],
      ['Yearly first', 50],
    ]);
    expect(v.metrics).toEqual([{ __type: 'Primary', event: eventUid(), name: 'Purchases' }]);

    const listed = await stack.call('list_experience_versions', { experienceUid });
    expect((sc(listed).versions as Obj[]).map((x) => [x.uid, x.status])).toEqual([[firstVersion, 'DRAFT']]);
  });

  it('activate_experience asks first, then puts the draft live with its full variants', async () => {
    stack.mark();
    const first = await stack.call('activate_experience', { experienceUid });
    expect(sc(first).status).toBe('confirmation_required');
    expect(String(sc(first).summary)).toContain('Monthly first, Yearly first');
    expect(stack.sinceMark().filter((r) => r.method !== 'GET')).toHaveLength(0);

    const done = await confirmed(stack, 'activate_experience', { experienceUid });
    expect(sc(done)).toMatchObject({ status: 'ACTIVE', versionUid: firstVersion, previousStatus: 'DRAFT' });
    expect(held(experienceUid)!.versions[0]).toMatchObject({ status: 'ACTIVE' });
    expect(held(experienceUid)!.versions[0]!.variants).toHaveLength(2);
  });

  it('pause_experience pauses the live version', async () => {
    const done = await confirmed(stack, 'pause_experience', { experienceUid });
    expect(sc(done)).toMatchObject({ status: 'PAUSED', versionUid: firstVersion });
    expect(held(experienceUid)!.versions[0]!.status).toBe('PAUSED');
  });

  it('create_experience_version makes a new draft; update_experience_version with ACTIVE needs confirmation and archives the paused one', async () => {
    const created = await stack.call('create_experience_version', { experienceUid, variants: abVariants(70) });
    expect(created.isError).toBeFalsy();
    const draftUid = (sc(created).version as Obj).uid as string;
    expect(held(experienceUid)!.versions.find((v) => v.uid === draftUid)).toMatchObject({ status: 'DRAFT' });

    const asked = await stack.call('update_experience_version', { experienceUid, versionUid: draftUid, status: 'ACTIVE' });
    expect(sc(asked).status).toBe('confirmation_required');
    expect(held(experienceUid)!.versions.find((v) => v.uid === draftUid)!.status).toBe('DRAFT');

    const done = await confirmed(stack, 'update_experience_version', { experienceUid, versionUid: draftUid, status: 'ACTIVE' });
    expect(done.isError).toBeFalsy();
    const versions = held(experienceUid)!.versions;
    expect(versions.find((v) => v.uid === draftUid)).toMatchObject({ status: 'ACTIVE' });
    expect(versions.find((v) => v.uid === draftUid)!.variants.map((x) => x.trafficDistribution)).toEqual([70, 30]);
    expect(versions.find((v) => v.uid === firstVersion)!.status).toBe('ARCHIVED');
    expect(versions.filter((v) => v.status === 'ACTIVE')).toHaveLength(1);
  });

  it('a live version is locked: the tool says to create a new draft', async () => {
    const live = held(experienceUid)!.versions.find((v) => v.status === 'ACTIVE')!;
    const r = await stack.call('update_experience_version', { experienceUid, versionUid: live.uid, variants: abVariants(10) });
    expect(r.isError).toBe(true);
    expect(text(r)).toContain('CANNOT_UPDATE_LOCKED_VERSION');
    expect(text(r)).toMatch(/create_experience_version|new draft/);
  });

  it('delete_experience_version deletes a draft after confirmation', async () => {
    const created = await stack.call('create_experience_version', { experienceUid, variants: abVariants(20) });
    const draftUid = (sc(created).version as Obj).uid as string;
    const done = await confirmed(stack, 'delete_experience_version', { experienceUid, versionUid: draftUid });
    expect(done.isError).toBeFalsy();
    expect(held(experienceUid)!.versions.some((v) => v.uid === draftUid)).toBe(false);
  });

  it('get_experience_priority names every experience; set_experience_priority reorders after confirmation', async () => {
    const got = await stack.call('get_experience_priority');
    const order = (sc(got).priorityOrder as Obj[]).map((e) => e.uid as string);
    expect(order).toHaveLength(demoProject(stack.sandbox).experiences.length);
    expect((sc(got).priorityOrder as Obj[]).find((e) => e.uid === experienceUid)?.name).toBe('Pricing page test');

    const reversed = [...order].reverse();
    const done = await confirmed(stack, 'set_experience_priority', { priorityOrder: reversed });
    expect(done.isError).toBeFalsy();
    expect(demoProject(stack.sandbox).priority).toEqual(reversed);
  });

  it('delete_experience removes it after confirmation, even while live', async () => {
    const first = await stack.call('delete_experience', { experienceUid });
    expect(String(sc(first).summary)).toContain('Pricing page test');
    expect(held(experienceUid)).toBeDefined();
    const done = await confirmed(stack, 'delete_experience', { experienceUid });
    expect(done.isError).toBeFalsy();
    expect(held(experienceUid)).toBeUndefined();
  });
});
