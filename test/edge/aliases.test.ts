import { describe, expect, it } from 'vitest';
import { splitVariant } from '../../src/sandbox/edge/assign.js';
import { aliasOf, parseAlias, variantParam } from '../../src/tools/edge/aliases.js';

describe('variant aliases and the variant param', () => {
  it('an alias round-trips, and a _null alias means no variant', () => {
    expect(parseAlias(aliasOf('a', '0'))).toEqual({ experienceShortUid: 'a', variantShortUid: '0' });
    expect(parseAlias('cs_personalize_3_null')).toEqual({ experienceShortUid: '3', variantShortUid: null });
  });
  it('anything else is not an alias', () => {
    for (const s of ['cs_personalize_3', 'personalize_3_1', 'cs_personalize__1', 'cs_personalize_3_1_2', 'cs_other_3_1']) expect(parseAlias(s)).toBeUndefined();
  });
  it('the param joins pairs with a variant in order and drops the rest', () => {
    expect(
      variantParam([
        { experienceShortUid: '0', variantShortUid: '1' },
        { experienceShortUid: '1', variantShortUid: null },
        { experienceShortUid: '2', variantShortUid: '0' },
      ]),
    ).toBe('0_1,2_0');
    expect(variantParam([])).toBe('');
  });
});

describe('A/B split by cumulative traffic distribution', () => {
  const variants = [
    { shortUid: '0', trafficDistribution: 30 },
    { shortUid: '1', trafficDistribution: 0 },
    { shortUid: '2', trafficDistribution: 70 },
  ];
  it("each point falls in its variant's share; a 0% variant gets nobody", () => {
    expect(splitVariant(variants, 0)).toBe('0');
    expect(splitVariant(variants, 29.99)).toBe('0');
    expect(splitVariant(variants, 30)).toBe('2');
    expect(splitVariant(variants, 99.999)).toBe('2');
  });
  it('shares that do not add up to 100 are taken in proportion; no shares at all is no variant', () => {
    expect(
      splitVariant(
        [
          { shortUid: 'a', trafficDistribution: 1 },
          { shortUid: 'b', trafficDistribution: 1 },
        ],
        49,
      ),
    ).toBe('a');
    expect(
      splitVariant(
        [
          { shortUid: 'a', trafficDistribution: 1 },
          { shortUid: 'b', trafficDistribution: 1 },
        ],
        51,
      ),
    ).toBe('b');
    expect(splitVariant([{ shortUid: 'a' }], 10)).toBeNull();
  });
});
