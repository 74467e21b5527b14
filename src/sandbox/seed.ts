import { createExperience, newVersion, syncCms } from './management/experiences.js';
import { newProject } from './management/misc.js';
import { objectId, stamp, type Experience, type Project, type Store, type Tracked } from './store.js';

export interface DemoIds {
  organizationUid: string;
  projectUid: string;
}

const rule = (ref: Record<string, unknown>, condition: string, options?: Record<string, unknown>, invert = false) => ({
  __type: 'Rule',
  attribute: ref,
  attributeMatchCondition: condition,
  ...(options ? { attributeMatchOptions: options } : {}),
  invertCondition: invert,
});
const preset = (ref: string) => ({ __type: 'PresetAttributeReference', ref });
const custom = (uid: string) => ({ __type: 'CustomAttributeReference', ref: uid });
const str = (value: string) => ({ __type: 'StringMatchOptions', value });
const num = (value: number) => ({ __type: 'NumberMatchOptions', value });
const group = (combinationType: 'AND' | 'OR', rules: unknown[]) => ({ __type: 'RuleCombination', combinationType, rules });

function activate(e: Experience, variants: Array<Record<string, unknown>>, extra: Record<string, unknown> = {}, daysAgo = 14): void {
  const draft = e.versions[0]!;
  draft.variants = variants.map((v) => ({ ...v, shortUid: String(e.nextVariantShortUid++) }));
  Object.assign(draft, extra);
  draft.status = 'ACTIVE';
  draft.activatedAt = new Date(Date.now() - daysAgo * 86_400_000).toISOString();
  syncCms(e);
}

/** A demo organization with one project: attributes, audiences, events, and segmented and A/B experiences. */
export function seedDemo(store: Store): DemoIds {
  const organizationUid = 'blt0demo0org0sandbox';
  store.organizations.push({ uid: organizationUid, name: 'Demo Organization' });
  const p: Project = newProject(organizationUid, { name: 'Demo Store', description: 'Sandbox demo project' });
  store.projects.push(p);

  const loyalty = stamp({ name: 'Loyalty points', key: 'loyalty_points', description: 'Points in the loyalty programme', __type: 'CUSTOM' }, p.uid);
  const plan = stamp({ name: 'Plan', key: 'plan', description: 'Subscription plan: free, plus or pro', __type: 'CUSTOM' }, p.uid);
  const subscriber = stamp({ name: 'Newsletter subscriber', key: 'is_subscriber', description: 'Signed up for the newsletter', __type: 'CUSTOM' }, p.uid);
  p.attributes.push(loyalty, plan, subscriber);

  const canadianMobile = stamp(
    {
      name: 'Canadian mobile visitors',
      description: 'Visitors in Canada on a phone',
      definition: {
        __type: 'RuleCombination',
        combinationType: 'AND',
        rules: [rule(preset('COUNTRY'), 'STRING_EQUALS', str('CA')), rule(preset('DEVICE_TYPE'), 'STRING_EQUALS', str('MOBILE'))],
      },
    },
    p.uid,
  );
  const loyal = stamp(
    {
      name: 'Loyal shoppers',
      description: 'At least 500 loyalty points, not on the free plan',
      // loyalty_points >= 500 and plan != "free", as the rule language compiles it (rules/patterns.ts): no
      // visitor without points or a plan is in, whatever the engine does with inverted rules on absent values.
      definition: group('AND', [
        group('OR', [rule(custom(loyalty.uid), 'NUMBER_GREATER_THAN', num(500)), rule(custom(loyalty.uid), 'NUMBER_EQUAL_TO', num(500))]),
        group('AND', [rule(custom(plan.uid), 'HAS_ANY_VALUE'), rule(custom(plan.uid), 'STRING_EQUALS', str('free'), true)]),
      ]),
    },
    p.uid,
  );
  const subscribers = stamp(
    {
      name: 'Newsletter subscribers',
      description: 'Signed up for the newsletter',
      definition: { __type: 'RuleCombination', combinationType: 'OR', rules: [rule(custom(subscriber.uid), 'IS_TRUE')] },
    },
    p.uid,
  );
  p.audiences.push(canadianMobile, loyal, subscribers);

  const purchase = stamp({ key: 'purchase', description: 'Completed a purchase' }, p.uid);
  const addToCart = stamp({ key: 'add_to_cart', description: 'Added an item to the cart' }, p.uid);
  p.events.push(purchase, addToCart);

  const hero = createExperience(p, { name: 'Homepage hero by segment', description: 'Hero banner per audience', __type: 'SEGMENTED', tags: ['homepage'] });
  activate(hero, [
    { __type: 'SegmentedVariant', name: 'Canadian mobile hero', audiences: [canadianMobile.uid], lyticsAudiences: [], audienceCombinationType: 'OR' },
    { __type: 'SegmentedVariant', name: 'Loyalty hero', audiences: [loyal.uid], lyticsAudiences: [], audienceCombinationType: 'OR' },
  ]);
  const checkout = createExperience(p, { name: 'Checkout button test', description: 'Green or orange checkout button', __type: 'AB_TEST', tags: ['checkout'] });
  activate(
    checkout,
    [
      { __type: 'ABTestVariant', name: 'Control', trafficDistribution: 50 },
      { __type: 'ABTestVariant', name: 'Orange button', trafficDistribution: 50 },
    ],
    { metrics: [{ __type: 'Primary', event: purchase.uid, name: 'Purchases' }], targeting: {} },
    AB_DAYS,
  );
  const summer = createExperience(p, { name: 'Summer banner', description: 'Seasonal banner, not launched yet', __type: 'SEGMENTED', tags: ['seasonal'] });
  summer.versions[0]!.variants = [
    {
      __type: 'SegmentedVariant',
      name: 'Subscribers banner',
      audiences: [subscribers.uid],
      lyticsAudiences: [],
      audienceCombinationType: 'OR',
      shortUid: String(summer.nextVariantShortUid++),
    },
  ];
  syncCms(summer);

  seedTraffic(p, hero, checkout);
  return { organizationUid, projectUid: p.uid };
}

/** How long ago the seeded A/B test went live, and its simulated traffic: enough for get_experiment_results to judge. */
const AB_DAYS = 21;
const AB_VISITORS_PER_DAY = 300;
/** Purchase rates the simulation draws from: the orange button converts better. */
const AB_RATES = [0.04, 0.055];

/** mulberry32: a small seeded generator, so the seeded traffic is the same on every start. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Past traffic for the live experiences, so analytics have something to show: two weeks of visitors for the
 * segmented hero, and three weeks of a 50/50 A/B test (about 300 visitors a day, each assigned at random and
 * purchasing at its variant's rate) so the checkout test has a verdict. track_events adds to the same list.
 */
function seedTraffic(p: Project, hero: Experience, checkout: Experience): void {
  const now = Date.now();
  let n = 0;
  const push = (t: Omit<Tracked, 'at'>, daysAgo: number) => p.tracked.push({ ...t, at: now - daysAgo * 86_400_000 - (n++ % 1000) * 1000 });
  const heroV = hero.versions[0]!;
  for (let i = 0; i < 120; i++) {
    push(
      { userUid: `seed-visitor-${i}`, experienceUid: hero.uid, versionUid: heroV.uid, variantShortUid: String(heroV.variants[i % 2]!.shortUid), type: 'IMPRESSION' },
      1 + (i % 13),
    );
  }
  const abV = checkout.versions[0]!;
  const random = seeded(14);
  for (let day = 0; day < AB_DAYS; day++) {
    for (let k = 0; k < AB_VISITORS_PER_DAY; k++) {
      const userUid = `seed-shopper-${day}-${k}`;
      const arm = random() < 0.5 ? 0 : 1;
      // Spread over the day, never in the future: day 0 is the day the test went live.
      const daysAgo = AB_DAYS - day - (k + 0.5) / AB_VISITORS_PER_DAY;
      push({ userUid, experienceUid: checkout.uid, versionUid: abV.uid, variantShortUid: String(abV.variants[arm]!.shortUid), type: 'IMPRESSION' }, daysAgo);
      if (random() < AB_RATES[arm]!)
        push({ userUid, experienceUid: '', versionUid: '', variantShortUid: '', type: 'CONVERSION', eventKey: 'purchase' }, Math.max(0, daysAgo - 0.01));
    }
  }
}

export { objectId, newVersion };
