import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmed, demoProject, startStack, type Stack } from '../helpers/harness.js';

type Obj = Record<string, unknown>;
const sc = (r: { structuredContent?: unknown }) => r.structuredContent as Obj;

/** Fields the server has no schema for, at the top and deeper: every read-modify-write must send them back as read. */
const UNKNOWN = { futureFlag: true, settings: { depth: { kept: [1, 2, { three: 3 }] } } };
const SERVER_MANAGED = ['uid', '_id', 'createdAt', 'updatedAt', 'createdBy', 'updatedBy', 'createdByUserName', 'updatedByUserName'];
const COUNTRY_CA = {
  __type: 'RuleCombination',
  combinationType: 'AND',
  rules: [
    {
      __type: 'Rule',
      attribute: { __type: 'PresetAttributeReference', ref: 'COUNTRY' },
      attributeMatchCondition: 'STRING_EQUALS',
      attributeMatchOptions: { __type: 'StringMatchOptions', value: 'CA' },
      invertCondition: false,
    },
  ],
};

describe('writes keep what they do not model', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack.close();
  });

  const project = () => demoProject(stack.sandbox);
  /** The body of the one PUT the last call sent. */
  const putBody = () => {
    const puts = stack.sinceMark().filter((r) => r.method === 'PUT');
    expect(puts).toHaveLength(1);
    return puts[0]!.body as Obj;
  };
  const noServerManaged = (body: Obj) => {
    for (const k of SERVER_MANAGED) expect(body, k).not.toHaveProperty(k);
  };

  it('update_attribute, update_event, update_audience, update_project and update_experience send every field they read', async () => {
    const p = project();
    const attribute = p.attributes.find((a) => a.key === 'plan')!;
    const event = p.events[0]!;
    const audience = p.audiences.find((a) => a.name === 'Newsletter subscribers')!;
    const experience = p.experiences.find((e) => e.name === 'Summer banner')!;
    for (const doc of [attribute, event, audience, p, experience]) Object.assign(doc, structuredClone(UNKNOWN));

    const cases: Array<[string, Obj, Obj]> = [
      [
        'update_attribute',
        { attributeUid: attribute.uid, description: 'Plan, renamed' },
        { name: attribute.name, key: 'plan', __type: 'CUSTOM', project: p.uid, description: 'Plan, renamed' },
      ],
      ['update_event', { eventUid: event.uid, description: 'Bought something' }, { key: event.key, project: p.uid, description: 'Bought something' }],
      [
        'update_audience',
        { audienceUid: audience.uid, name: 'Subscribers' },
        { name: 'Subscribers', description: audience.description, definition: structuredClone(audience.definition), project: p.uid },
      ],
      ['update_project', { projectUid: p.uid, description: 'Demo, edited' }, { name: p.name, description: 'Demo, edited', organizationUid: p.organizationUid }],
      [
        'update_experience',
        { experienceUid: experience.uid, name: 'Summer banner 2' },
        {
          name: 'Summer banner 2',
          description: experience.description,
          __type: 'SEGMENTED',
          tags: ['seasonal'],
          shortUid: experience.shortUid,
          _cms: structuredClone(experience._cms),
        },
      ],
    ];
    for (const [tool, args, expected] of cases) {
      stack.mark();
      const r = await stack.call(tool, args);
      expect(r.isError, `${tool}: ${JSON.stringify(r.content)}`).toBeFalsy();
      const body = putBody();
      expect(body, tool).toMatchObject({ ...UNKNOWN, ...expected });
      noServerManaged(body);
    }
    // The sandbox stores and returns what it does not model, as the real API does.
    // (list_events shows compact rows, so the store is read directly.)
    expect(project().events.find((e) => e.uid === event.uid)).toMatchObject(UNKNOWN);
  });

  it('versions: a 90/10 CUSTOM_PERCENTAGE split, inline targeting and unknown fields survive update, activate and pause', async () => {
    const created = await stack.call('create_experience', { name: 'Hero split', type: 'AB_TEST' });
    const uid = (sc(created).experience as Obj).uid as string;
    const e = project().experiences.find((x) => x.uid === uid)!;
    const draft = e.versions[0]!;
    const purchase = project().events.find((x) => x.key === 'purchase')!;
    Object.assign(
      draft,
      structuredClone({
        ...UNKNOWN,
        variantSplit: 'CUSTOM_PERCENTAGE',
        targeting: { target: COUNTRY_CA },
        metrics: [{ __type: 'Primary', event: purchase.uid, name: 'Purchases' }],
        variants: [
          { __type: 'ABTestVariant', name: 'Control', trafficDistribution: 90, shortUid: '0', colour: 'green', layout: { columns: 2 } },
          { __type: 'ABTestVariant', name: 'Bold', trafficDistribution: 10, shortUid: '1', colour: 'orange' },
        ],
      }),
    );
    e.nextVariantShortUid = 2;
    const planted = structuredClone({ variants: draft.variants, targeting: draft.targeting });

    stack.mark();
    const metricsOnly = await stack.call('update_experience_version', {
      experienceUid: uid,
      versionUid: draft.uid,
      metrics: [{ __type: 'Primary', event: purchase.uid, name: 'Orders' }],
    });
    expect(metricsOnly.isError).toBeFalsy();
    const first = putBody();
    expect(first).toMatchObject({
      ...UNKNOWN,
      status: 'DRAFT',
      variantSplit: 'CUSTOM_PERCENTAGE',
      ...planted,
      metrics: [{ __type: 'Primary', event: purchase.uid, name: 'Orders' }],
    });
    noServerManaged(first);

    // New shares for the same variants: their other fields stay.
    stack.mark();
    const split = await stack.call('update_experience_version', {
      experienceUid: uid,
      versionUid: draft.uid,
      variants: [
        { __type: 'ABTestVariant', name: 'Control', shortUid: '0', trafficDistribution: 80 },
        { __type: 'ABTestVariant', name: 'Bold', shortUid: '1', trafficDistribution: 20 },
      ],
    });
    expect(split.isError).toBeFalsy();
    expect(putBody().variants).toEqual([
      { __type: 'ABTestVariant', name: 'Control', trafficDistribution: 80, shortUid: '0', colour: 'green', layout: { columns: 2 } },
      { __type: 'ABTestVariant', name: 'Bold', trafficDistribution: 20, shortUid: '1', colour: 'orange' },
    ]);

    const stored = structuredClone(e.versions[0]!);
    stack.mark();
    expect((await confirmed(stack, 'activate_experience', { experienceUid: uid })).isError).toBeFalsy();
    const activated = putBody();
    const { uid: _u, _id, createdAt: _c, updatedAt: _up, createdBy: _cb, updatedBy: _ub, createdByUserName: _cn, updatedByUserName: _un, status: _s, ...kept } = stored;
    expect(activated).toEqual({ ...kept, status: 'ACTIVE' });
    expect(e.versions[0]).toMatchObject({ status: 'ACTIVE', variantSplit: 'CUSTOM_PERCENTAGE', variants: [{ trafficDistribution: 80 }, { trafficDistribution: 20 }] });

    stack.mark();
    expect((await confirmed(stack, 'pause_experience', { experienceUid: uid })).isError).toBeFalsy();
    expect(putBody()).toMatchObject({ ...kept, status: 'PAUSED', variantSplit: 'CUSTOM_PERCENTAGE' });
  });

  it('segmented: inline target rules given as text compile like audience rules, and visitors they match get the variant', async () => {
    const created = await stack.call('create_experience', { name: 'Inline hero', type: 'SEGMENTED' });
    const exp = sc(created).experience as Obj;
    stack.mark();
    const r = await stack.call('update_experience_version', {
      experienceUid: exp.uid,
      versionUid: exp.latestVersion,
      variants: [{ __type: 'SegmentedVariant', name: 'Canadians', target: 'country = "CA"' }],
    });
    expect(r.isError, JSON.stringify(r.content)).toBeFalsy();
    expect(putBody().variants).toEqual([{ __type: 'SegmentedVariant', name: 'Canadians', target: COUNTRY_CA, audiences: [], audienceCombinationType: 'AND' }]);

    // A field the server does not model, on the stored variant; a rename keeps it and the inline target.
    const version = project().experiences.find((x) => x.uid === exp.uid)!.versions[0]!;
    Object.assign(version.variants[0]!, { badge: { text: 'Bonjour' } });
    stack.mark();
    const renamed = await stack.call('update_experience_version', {
      experienceUid: exp.uid,
      versionUid: version.uid,
      variants: [{ __type: 'SegmentedVariant', name: 'Canada', shortUid: version.variants[0]!.shortUid }],
    });
    expect(renamed.isError, JSON.stringify(renamed.content)).toBeFalsy();
    expect(putBody().variants).toEqual([
      {
        __type: 'SegmentedVariant',
        name: 'Canada',
        shortUid: version.variants[0]!.shortUid,
        target: COUNTRY_CA,
        audiences: [],
        audienceCombinationType: 'AND',
        badge: { text: 'Bonjour' },
      },
    ]);

    expect((await confirmed(stack, 'activate_experience', { experienceUid: exp.uid })).isError).toBeFalsy();
    const shortUid = (sc(await stack.call('get_experience', { experienceUid: exp.uid })).experience as Obj).shortUid as string;
    const manifest = async (ipAddress: string) =>
      (sc(await stack.call('get_manifest', { userUid: `inline-${ipAddress}`, ipAddress })).experiences as Obj[]).find((x) => x.shortUid === shortUid);
    expect((await manifest('203.0.113.7'))?.variantShortUid).toBe(version.variants[0]!.shortUid);
    expect((await manifest('198.51.100.7'))?.variantShortUid ?? null).toBeNull();
  });

  it('variantSplit: EQUALLY_SPLIT with an uneven split is refused before sending; CUSTOM_PERCENTAGE keeps it', async () => {
    const created = await stack.call('create_experience', { name: 'Split choice', type: 'AB_TEST' });
    const exp = sc(created).experience as Obj;
    const uneven = [
      { __type: 'ABTestVariant', name: 'A', trafficDistribution: 90 },
      { __type: 'ABTestVariant', name: 'B', trafficDistribution: 10 },
    ];
    stack.mark();
    const refused = await stack.call('update_experience_version', { experienceUid: exp.uid, versionUid: exp.latestVersion, variants: uneven, variantSplit: 'EQUALLY_SPLIT' });
    expect(refused.isError).toBe(true);
    expect(JSON.stringify(refused.content)).toContain('CUSTOM_PERCENTAGE');
    expect(stack.sinceMark().filter((q) => q.method !== 'GET')).toEqual([]);
    const kept = await stack.call('update_experience_version', { experienceUid: exp.uid, versionUid: exp.latestVersion, variants: uneven, variantSplit: 'CUSTOM_PERCENTAGE' });
    expect(kept.isError).toBeFalsy();
    const v = project().experiences.find((x) => x.uid === exp.uid)!.versions[0]!;
    expect(v.variantSplit).toBe('CUSTOM_PERCENTAGE');
    expect(v.variants.map((x) => x.trafficDistribution)).toEqual([90, 10]);
  });
});
