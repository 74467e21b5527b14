import { describe, expect, it } from 'vitest';
import { experimentResults, parseSummary, type ResultsInput } from '../../src/tools/analytics/results.js';

const NOW = Date.parse('2026-06-30T12:00:00Z');
const daysAgo = (d: number) => new Date(NOW - d * 86_400_000).toISOString();

/** An A/B input from [name, impressions, conversions] rows, in the sandbox's summary shape. */
function ab(rows: Array<[string, number, number]>, extra: Partial<ResultsInput> = {}): ResultsInput {
  return {
    experienceUid: 'exp1',
    experienceName: 'Test',
    type: 'AB_TEST',
    versionUid: 'v1',
    variants: rows.map(([name], i) => ({ name, shortUid: String(i), trafficDistribution: 100 / rows.length })),
    metrics: [{ __type: 'Primary', event: 'ev1', eventKey: 'purchase' }],
    startedAt: daysAgo(20),
    summary: { variants: rows.map(([name, impressions, conversions], i) => ({ variantShortUid: String(i), variantName: name, impressions, conversions })) },
    now: NOW,
    ...extra,
  };
}

/** The verdict, typed loosely enough to read the A/B-only fields (sampleRatio, timeLeft) without narrowing. */
const judge = (input: ResultsInput) => experimentResults(input) as ReturnType<typeof experimentResults> & { sampleRatio?: unknown; timeLeft?: unknown };

const noNaN = (x: unknown) => expect(JSON.stringify(x)).not.toMatch(/NaN|Infinity/);

describe('experiment verdicts (issue 14 rules)', () => {
  it('winner: ≥ 95% probability to be best after ≥ 14 days', () => {
    const r = judge(
      ab([
        ['Control', 5000, 200],
        ['B', 5000, 260],
      ]),
    );
    expect(r.status).toBe('winner');
    expect(r).toMatchObject({ winner: { name: 'B', shortUid: '1' } });
    noNaN(r);
  });

  it('the same numbers before 14 days: no winner yet, and the rule says why', () => {
    const r = judge(
      ab(
        [
          ['Control', 5000, 200],
          ['B', 5000, 260],
        ],
        { startedAt: daysAgo(6) },
      ),
    );
    expect(r.status).toBe('no_winner_yet');
    expect(r.rule).toMatch(/live 6 days; a winner needs 14 days/);
  });

  it('stop_early_loss: the control is ≥ 99% likely to beat every variant, before 14 days', () => {
    const r = judge(
      ab(
        [
          ['Control', 5000, 300],
          ['B', 5000, 200],
        ],
        { startedAt: daysAgo(5) },
      ),
    );
    expect(r.status).toBe('stop_early_loss');
    expect(r.rule).toMatch(/control \(Control\) is 100\.0% likely/);
  });

  it('collecting: under 1,000 impressions and under 30 conversions', () => {
    const r = judge(
      ab([
        ['Control', 400, 10],
        ['B', 400, 15],
      ]),
    );
    expect(r.status).toBe('collecting');
    expect(r.rule).toMatch(/Under 1,000 impressions \(800\) and under 30 conversions \(25\)/);
    // 30 conversions are enough even under 1,000 impressions.
    expect(
      judge(
        ab([
          ['Control', 400, 10],
          ['B', 400, 20],
        ]),
      ).status,
    ).not.toBe('collecting');
  });

  it('zero conversions everywhere: equal chances, p = 1, no lift, no time estimate, never NaN', () => {
    const r = judge(
      ab([
        ['Control', 1500, 0],
        ['B', 1500, 0],
      ]),
    );
    expect(r.status).toBe('no_winner_yet');
    const [c, b] = r.variants as Array<Record<string, unknown>>;
    expect(c!.probabilityToBeBest).toBe(0.5);
    expect(b).toMatchObject({ liftVsControl: null, pValueVsControl: 1, conversionRate: 0, conversionRateInterval95: { low: 0 } });
    expect((r.timeLeft as { note: string }).note).toMatch(/No conversions yet/);
    noNaN(r);
  });

  it('all conversions: rate 1 with an interval ending at 1, p = 1, never NaN', () => {
    const r = judge(
      ab([
        ['Control', 600, 600],
        ['B', 600, 600],
      ]),
    );
    const [, b] = r.variants as Array<Record<string, unknown>>;
    expect(b).toMatchObject({ conversionRate: 1, conversionRateInterval95: { high: 1 }, pValueVsControl: 1, liftVsControl: { value: 0 } });
    noNaN(r);
  });

  it('a single variant: nothing to compare, said so', () => {
    const r = judge(ab([['Only', 2000, 80]]));
    expect(r.status).toBe('no_winner_yet');
    expect(r.rule).toBe('Only one variant: there is nothing to compare it with.');
    expect(r.sampleRatio).toBeNull();
    expect((r.variants as Array<{ probabilityToBeBest: number }>)[0]!.probabilityToBeBest).toBe(1);
    noNaN(r);
  });

  it('three variants: the control is the one named control, each variant compared with it, probabilities sum to 1', () => {
    const r = judge(
      ab([
        ['Green', 3000, 150],
        ['Control', 3000, 120],
        ['Blue', 3000, 125],
      ]),
    );
    const vs = r.variants as Array<{ name: string; isControl: boolean; probabilityToBeBest: number; pValueVsControl?: number }>;
    expect(vs.filter((v) => v.isControl).map((v) => v.name)).toEqual(['Control']);
    expect(vs.find((v) => v.name === 'Green')!.pValueVsControl).toBeGreaterThan(0);
    expect(vs.reduce((s, v) => s + v.probabilityToBeBest, 0)).toBeCloseTo(1, 3);
    expect(r.sampleRatio).toMatchObject({ degreesOfFreedom: 2, broken: false });
  });

  it('a sample-ratio mismatch is flagged with its usual causes and blocks a winner', () => {
    const r = judge(
      ab([
        ['Control', 6000, 200],
        ['B', 4000, 200],
      ]),
    );
    expect(r.sampleRatio).toMatchObject({ broken: true });
    expect((r.sampleRatio as { causes: string }).causes).toMatch(/Usual causes/);
    expect(r.status).toBe('no_winner_yet');
    expect(r.rule).toMatch(/Sample ratio mismatch/);
    expect(r.summary).toMatch(/does not follow the configured split/);
  });

  it('the split checked is the configured one: 80/20 traffic on an 80/20 split is healthy', () => {
    const input = ab([
      ['Control', 8000, 300],
      ['B', 2000, 80],
    ]);
    input.variants = [
      { name: 'Control', shortUid: '0', trafficDistribution: 80 },
      { name: 'B', shortUid: '1', trafficDistribution: 20 },
    ];
    expect(judge(input).sampleRatio).toMatchObject({ broken: false, expectedShares: [0.8, 0.2] });
  });

  it('time left: impressions per day and the days until every variant has the sample for the lift asked', () => {
    const r = judge(
      ab(
        [
          ['Control', 2000, 100],
          ['B', 2000, 110],
        ],
        { startedAt: daysAgo(10), minimumLift: 0.2 },
      ),
    );
    const t = r.timeLeft as { impressionsPerDay: number; impressionsNeededPerVariant: number; daysLeft: number };
    expect(t.impressionsPerDay).toBe(400);
    // 5% → 6% at 80% power, α = 0.05: 8,158 per variant; at 200 a day each, (8,158 − 2,000) / 200 = 30.79 → 31 days.
    expect(t.impressionsNeededPerVariant).toBe(8158);
    expect(t.daysLeft).toBe(31);
  });

  it('a version that is no longer live has no time left to estimate', () => {
    const r = judge(
      ab(
        [
          ['Control', 2000, 100],
          ['B', 2000, 110],
        ],
        { versionStatus: 'PAUSED' },
      ),
    );
    expect(r.timeLeft).toMatchObject({ daysLeft: null, note: expect.stringMatching(/paused: it gets no new traffic/) });
  });

  it('a segmented experience: impressions per variant and a sentence saying there is nothing to compare', () => {
    const r = judge({
      ...ab([
        ['North', 500, 0],
        ['South', 700, 0],
      ]),
      type: 'SEGMENTED',
    });
    expect(r.status).toBe('not_an_ab_test');
    expect(r.variants).toEqual([
      { shortUid: '0', name: 'North', impressions: 500 },
      { shortUid: '1', name: 'South', impressions: 700 },
    ]);
  });

  it('no analytics (404): collecting, with the reason', () => {
    const r = judge(
      ab(
        [
          ['Control', 0, 0],
          ['B', 0, 0],
        ],
        { summary: null },
      ),
    );
    expect(r.status).toBe('collecting');
    expect(r.rule).toMatch(/404/);
    noNaN(r);
  });
});

describe('tolerant parsing of the analytics summary (field names not established, docs/api.md §10)', () => {
  it('reads other plausible names and per-metric counts, and names what it did not understand', () => {
    const body = {
      data: {
        variants: [
          { shortUid: 0, name: 'Control', uniqueImpressions: '1000', metrics: [{ eventKey: 'purchase', count: 40 }], bounceRate: 0.3 },
          { shortUid: 1, name: 'B', uniqueImpressions: 1000, metrics: [{ eventKey: 'purchase', count: 55 }] },
        ],
      },
      generatedAt: '2026-06-30',
    };
    const p = parseSummary(body);
    expect(p.variants).toEqual([
      { id: '0', name: 'Control', impressions: 1000, conversions: { purchase: 40 } },
      { id: '1', name: 'B', impressions: 1000, conversions: { purchase: 55 } },
    ]);
    expect(p.unrecognized).toEqual({ generatedAt: '2026-06-30', 'data.variants[0].bounceRate': 0.3 });
    const r = judge(
      ab(
        [
          ['Control', 0, 0],
          ['B', 0, 0],
        ],
        { summary: body },
      ),
    );
    expect((r.variants as Array<{ conversions: Record<string, number> }>).map((v) => v.conversions)).toEqual([{ purchase: 40 }, { purchase: 55 }]);
    expect(r.notes.join(' ')).toMatch(/Not understood .*generatedAt, data\.variants\[0\]\.bounceRate/);
    expect(r).toHaveProperty('unrecognized');
  });

  it('an answer with no variant list is said so, not a crash', () => {
    const r = judge(
      ab(
        [
          ['Control', 0, 0],
          ['B', 0, 0],
        ],
        { summary: { something: 'else' } },
      ),
    );
    expect(r.status).toBe('collecting');
    expect(r.notes.join(' ')).toMatch(/\(variants\)/);
    noNaN(r);
  });
});
