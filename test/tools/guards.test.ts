import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TEST_TOKEN, confirmed, demoProject, startStack, text, type Stack } from '../helpers/harness.js';

type Obj = Record<string, unknown>;
const sc = (r: { structuredContent?: unknown }) => r.structuredContent as Obj;

/** Live traffic changes only with confirmation; locked versions are refused before anything is sent. */
describe('guarded updates and locked versions', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack.close();
  });
  beforeEach(() => stack.mark());

  const project = () => demoProject(stack.sandbox);
  const experience = (name: string) => project().experiences.find((e) => e.name.startsWith(name))!;
  const sentWrites = () => stack.sinceMark().filter((r) => r.method !== 'GET');

  it("the sandbox refuses the same calls with the API's codes", async () => {
    const hero = experience('Homepage hero by segment');
    const active = hero.versions.find((v) => v.status === 'ACTIVE')!;
    const headers = { authtoken: TEST_TOKEN, 'x-project-uid': project().uid, 'content-type': 'application/json' };
    const base = `${stack.sandbox.url}/experiences/${hero.uid}/versions/${active.uid}`;
    const put = await fetch(base, { method: 'PUT', headers, body: JSON.stringify({ status: 'ACTIVE', variants: active.variants.slice(0, 1) }) });
    expect(put.status).toBe(400);
    expect(((await put.json()) as Obj).error).toBe('personalize.EXPERIENCES.VERSIONS.CANNOT_UPDATE_LOCKED_VERSION');
    const del = await fetch(base, { method: 'DELETE', headers });
    expect(del.status).toBe(400);
    expect(((await del.json()) as Obj).error).toBe('personalize.EXPERIENCES.VERSIONS.CANNOT_UPDATE_LOCKED_VERSION');
    expect(active.status).toBe('ACTIVE');
  });

  it('update_event: a new key for an event a live A/B test measures asks first, naming the experience', async () => {
    const purchase = project().events.find((e) => e.key === 'purchase')!;
    const first = await stack.call('update_event', { eventUid: purchase.uid, key: 'order_placed' });
    expect(sc(first).status).toBe('confirmation_required');
    expect(sc(first).summary).toMatch(/Checkout button test.*purchase.*order_placed|purchase.*order_placed.*Checkout button test/s);
    expect(sentWrites()).toEqual([]);
    // A description, or the same key, changes no metric: no question.
    expect(sc(await stack.call('update_event', { eventUid: purchase.uid, description: 'Paid' })).status).toBeUndefined();
    expect(sc(await stack.call('update_event', { eventUid: purchase.uid, key: 'purchase' })).status).toBeUndefined();
    const done = await confirmed(stack, 'update_event', { eventUid: purchase.uid, key: 'order_placed' });
    expect(done.isError).toBeFalsy();
    expect(purchase.key).toBe('order_placed');
    // An event no live experience measures is renamed at once.
    const cart = project().events.find((e) => e.key === 'add_to_cart')!;
    expect(sc(await stack.call('update_event', { eventUid: cart.uid, key: 'cart_add' })).status).toBeUndefined();
    expect(cart.key).toBe('cart_add');
  });

  it("update_experience: new tags on a live experience ask first; a name, or a draft's tags, do not", async () => {
    const hero = experience('Homepage hero by segment');
    const first = await stack.call('update_experience', { experienceUid: hero.uid, tags: ['homepage', 'spring'] });
    expect(sc(first).status).toBe('confirmation_required');
    expect(sc(first).summary).toContain('[homepage] to [homepage, spring]');
    expect(sentWrites()).toEqual([]);
    expect(sc(await stack.call('update_experience', { experienceUid: hero.uid, name: 'Homepage hero' })).status).toBeUndefined();
    expect(sc(await stack.call('update_experience', { experienceUid: hero.uid, tags: ['HOMEPAGE'] })).status).toBeUndefined();
    expect(sc(await stack.call('update_experience', { experienceUid: experience('Summer banner').uid, tags: ['summer'] })).status).toBeUndefined();
    expect((await confirmed(stack, 'update_experience', { experienceUid: hero.uid, tags: ['homepage', 'spring'] })).isError).toBeFalsy();
    expect(hero.tags).toEqual(['homepage', 'spring']);
  });

  it('ACTIVE and ARCHIVED versions are refused before sending; only drafts may be deleted', async () => {
    const checkout = experience('Checkout button test');
    const active = checkout.versions.find((v) => v.status === 'ACTIVE')!;
    const edit = await stack.call('update_experience_version', {
      experienceUid: checkout.uid,
      versionUid: active.uid,
      variants: [{ __type: 'ABTestVariant', name: 'Control', trafficDistribution: 100 }],
    });
    expect(edit.isError).toBe(true);
    expect(text(edit)).toMatch(/ACTIVE and locked \(personalize\.EXPERIENCES\.VERSIONS\.CANNOT_UPDATE_LOCKED_VERSION\).*create_experience_version/);
    const pauseByEdit = await stack.call('update_experience_version', { experienceUid: checkout.uid, versionUid: active.uid, status: 'PAUSED' });
    expect(text(pauseByEdit)).toContain('pause_experience');
    const del = await stack.call('delete_experience_version', { experienceUid: checkout.uid, versionUid: active.uid });
    expect(del.isError).toBe(true);
    expect(text(del)).toMatch(/only a DRAFT version can be deleted/);
    expect(sentWrites()).toEqual([]);

    // A new draft goes live: the old version is archived, and locked for good.
    const draft = await stack.call('create_experience_version', {
      experienceUid: checkout.uid,
      variants: [
        { __type: 'ABTestVariant', name: 'Control', shortUid: '0', trafficDistribution: 50 },
        { __type: 'ABTestVariant', name: 'Orange button', shortUid: '1', trafficDistribution: 50 },
      ],
    });
    const draftUid = (sc(draft).version as Obj).uid as string;
    expect((await confirmed(stack, 'activate_experience', { experienceUid: checkout.uid, versionUid: draftUid })).isError).toBeFalsy();
    expect(active.status).toBe('ARCHIVED');
    stack.mark();
    for (const [tool, args] of [
      ['update_experience_version', { experienceUid: checkout.uid, versionUid: active.uid, metrics: [] }],
      ['activate_experience', { experienceUid: checkout.uid, versionUid: active.uid }],
      ['delete_experience_version', { experienceUid: checkout.uid, versionUid: active.uid }],
    ] as const) {
      const r = await stack.call(tool, args);
      expect(r.isError, tool).toBe(true);
      expect(text(r), tool).toMatch(/ARCHIVED/);
      expect(text(r), tool).toContain('Nothing was sent');
    }
    expect(sentWrites()).toEqual([]);

    // A draft is deleted after confirmation.
    const spare = await stack.call('create_experience_version', {
      experienceUid: checkout.uid,
      variants: [{ __type: 'ABTestVariant', name: 'Control', trafficDistribution: 100 }],
    });
    const spareUid = (sc(spare).version as Obj).uid as string;
    expect(sc(await stack.call('delete_experience_version', { experienceUid: checkout.uid, versionUid: spareUid })).status).toBe('confirmation_required');
    expect((await confirmed(stack, 'delete_experience_version', { experienceUid: checkout.uid, versionUid: spareUid })).isError).toBeFalsy();
    expect(checkout.versions.some((v) => v.uid === spareUid)).toBe(false);
  });

  it('Lytics audiences are listed (includeLyticsAudiences) and read-only whatever the case of their source', async () => {
    project().audiences.push({ uid: '0123456789abcdef0123456789abcdef', name: 'High value (Lytics)', slug: 'high_value', source: 'lytics' });
    const listed = await stack.call('list_audiences');
    expect((sc(listed).audiences as Obj[]).map((a) => a.name)).toContain('High value (Lytics)');
    stack.mark();
    const r = await stack.call('update_audience', { audienceUid: '0123456789abcdef0123456789abcdef', name: 'Renamed' });
    expect(r.isError).toBe(true);
    expect(text(r)).toContain('synced from Lytics');
    expect(sentWrites()).toEqual([]);
  });
});
