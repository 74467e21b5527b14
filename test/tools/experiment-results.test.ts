import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoProject, ENTRY, resourceText, startStack, text, type Stack } from '../helpers/harness.js';

type Obj = Record<string, unknown>;
interface Variant {
  shortUid: string;
  name: string;
  isControl: boolean;
  impressions: number;
  conversionRate: number | null;
  probabilityToBeBest: number | null;
  liftVsControl?: { value: number; low95: number; high95: number } | null;
  pValueVsControl?: number | null;
}
const sc = (r: { structuredContent?: unknown }) => r.structuredContent as Obj;
const variantsOf = (r: { structuredContent?: unknown }) => sc(r).variants as Variant[];

/** get_experiment_results and its resource, through a real MCP client against the sandbox's seeded traffic. */
describe('get_experiment_results', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack.close();
  });

  const experience = (name: string) => demoProject(stack.sandbox).experiences.find((e) => e.name === name)!;

  it('the seeded A/B test has a verdict with its rule, numbers that are never NaN, a healthy split and a summary', async () => {
    const ab = experience('Checkout button test');
    stack.mark();
    const r = await stack.call('get_experiment_results', { experienceUid: ab.uid });
    expect(r.isError).toBeFalsy();
    const out = sc(r);
    expect(out.status).toBe('winner');
    expect(out.winner).toMatchObject({ name: 'Orange button' });
    expect(String(out.rule)).toMatch(/probability to be best .*after 2\d days live/);
    expect(JSON.stringify(out)).not.toMatch(/NaN|Infinity|null,"low/);
    const [control, orange] = variantsOf(r);
    expect(control).toMatchObject({ name: 'Control', isControl: true });
    // The seeded traffic is the same on every start: these are the README's worked example.
    expect([control, orange].map((v) => [v!.impressions, (v as unknown as { conversions: { purchase: number } }).conversions.purchase])).toEqual([
      [3116, 125],
      [3184, 165],
    ]);
    expect(orange!.liftVsControl).toEqual({ value: 0.2918, low95: 0.02937, high95: 0.6212 });
    expect(orange!.pValueVsControl).toBe(0.02664);
    expect(control!.impressions + orange!.impressions).toBeGreaterThan(5000);
    expect(orange!.probabilityToBeBest).toBeGreaterThan(0.95);
    expect(control!.probabilityToBeBest! + orange!.probabilityToBeBest!).toBeCloseTo(1, 3);
    expect(orange!.liftVsControl!.low95).toBeLessThan(orange!.liftVsControl!.value);
    expect(orange!.pValueVsControl).toBeLessThan(0.05);
    expect(out.sampleRatio).toMatchObject({ broken: false, degreesOfFreedom: 1 });
    expect((out.timeLeft as Obj).impressionsPerDay).toBeGreaterThan(200);
    expect((out.timeLeft as Obj).impressionsNeededPerVariant).toBeGreaterThan(1000);
    expect(out.summary).toMatch(/Checkout button test has a winner\..*Orange button.*impressions a day/);
    expect(text(r).startsWith('Checkout button test has a winner.')).toBe(true);
    // Reads only.
    expect(stack.sinceMark().every((x) => x.method === 'GET')).toBe(true);
  });

  it('the same inputs give the same digits', async () => {
    const ab = experience('Checkout button test');
    const a = await stack.call('get_experiment_results', { experienceUid: ab.uid });
    const b = await stack.call('get_experiment_results', { experienceUid: ab.uid });
    expect(variantsOf(a).map((v) => v.probabilityToBeBest)).toEqual(variantsOf(b).map((v) => v.probabilityToBeBest));
  });

  it('tracking more conversions for the control moves its probability to be best up', async () => {
    const ab = experience('Checkout button test');
    const before = variantsOf(await stack.call('get_experiment_results', { experienceUid: ab.uid }));
    const control = before.find((v) => v.isControl)!;
    for (let i = 0; i < 40; i++) {
      const r = await stack.call('track_events', {
        userUid: `results-test-${i}`,
        impressions: [{ experienceShortUid: ab.shortUid, variantShortUid: control.shortUid }],
        conversions: [{ eventKey: 'purchase' }],
      });
      expect(r.isError).toBeFalsy();
    }
    const after = variantsOf(await stack.call('get_experiment_results', { experienceUid: ab.uid }));
    const controlAfter = after.find((v) => v.isControl)!;
    expect(controlAfter.impressions).toBe(control.impressions + 40);
    expect(controlAfter.probabilityToBeBest!).toBeGreaterThan(control.probabilityToBeBest! + 0.01);
    expect(after.find((v) => !v.isControl)!.probabilityToBeBest!).toBeLessThan(before.find((v) => !v.isControl)!.probabilityToBeBest!);
  });

  it('a segmented experience reports impressions per variant and says there is nothing to compare', async () => {
    const hero = experience('Homepage hero by segment');
    const r = await stack.call('get_experiment_results', { experienceUid: hero.uid });
    expect(r.isError).toBeFalsy();
    expect(sc(r).status).toBe('not_an_ab_test');
    expect(variantsOf(r).every((v) => v.impressions > 0 && v.probabilityToBeBest === undefined)).toBe(true);
    expect(sc(r).summary).toMatch(/segmented experience.*no conversions to compare/);
  });

  it('a version with no analytics (404 upstream) is a clear collecting answer, not an error or NaN', async () => {
    const created = await stack.call('create_experience', { name: 'Never launched test', type: 'AB_TEST' });
    const uid = (sc(created).experience as Obj).uid as string;
    stack.mark();
    const r = await stack.call('get_experiment_results', { experienceUid: uid });
    expect(stack.sinceMark().find((x) => x.path.endsWith('/analytics/summary'))?.status).toBe(404);
    expect(r.isError).toBeFalsy();
    expect(sc(r)).toMatchObject({ status: 'collecting', versionStatus: 'DRAFT', totals: { impressions: 0, conversions: 0 } });
    expect(String(sc(r).rule)).toContain('no analytics for this version yet (404)');
    expect(JSON.stringify(sc(r))).not.toMatch(/NaN|Infinity/);
  });

  it('an unknown version is an error naming it', async () => {
    const ab = experience('Checkout button test');
    const r = await stack.call('get_experiment_results', { experienceUid: ab.uid, versionUid: 'nosuchversion1' });
    expect(r.isError).toBe(true);
    expect(text(r)).toContain('nosuchversion1');
  });

  it('the results resource holds what the tool returns', async () => {
    const ab = experience('Checkout button test');
    const project = demoProject(stack.sandbox).uid;
    const uri = `personalize://projects/${project}/experiences/${ab.uid}/results`;
    const listed = await stack.client.listResources();
    expect(listed.resources.map((x) => x.uri)).toContain(uri);
    const body = JSON.parse(resourceText(await stack.client.readResource({ uri }))) as Obj;
    const tool = sc(await stack.call('get_experiment_results', { experienceUid: ab.uid }));
    expect(body.status).toBe(tool.status);
    expect(body.variants).toEqual(tool.variants);
    expect(body.summary).toBe(tool.summary);
    await expect(stack.client.readResource({ uri: `personalize://projects/${project}/experiences/nosuchexp1/results` })).rejects.toThrow(/not found/);
  });
});

describe('get_experiment_results on `--sandbox` (the built server over stdio)', () => {
  it('the demo A/B test has a verdict out of the box', async () => {
    const transport = new StdioClientTransport({ command: process.execPath, args: [ENTRY, '--sandbox'], env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn' }, stderr: 'pipe' });
    const client = new Client({ name: 'test', version: '0' });
    await client.connect(transport);
    try {
      const list = await client.callTool({ name: 'list_experiences', arguments: {} });
      const checkout = (list.structuredContent as { experiences: Array<{ uid: string; name: string }> }).experiences.find((e) => e.name === 'Checkout button test')!;
      const r = await client.callTool({ name: 'get_experiment_results', arguments: { experienceUid: checkout.uid } });
      expect(r.isError).toBeFalsy();
      expect(r.structuredContent).toMatchObject({ status: 'winner', winner: { name: 'Orange button' } });
    } finally {
      await client.close();
    }
  });
});
