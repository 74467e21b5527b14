import { ToolInputError } from '../../api/errors.js';
import type { SessionContext } from '../../context.js';
import { checkDefinition, type RuleCombination } from '../audiences/definition.js';
import { compileRules, freshRuleAttributes } from '../audiences/rules.js';
import type { Attributes } from '../../rules/index.js';
import { mergedVariants } from '../merge.js';
import type { Version } from '../../api/management/versions.js';
import type { VariantInput } from './shapes.js';

/** Inline rules, as text or JSON, checked like an audience's definition (and compiled when text). */
function rulesOf(value: string | Record<string, unknown>, attributes: Attributes, at: string): RuleCombination {
  try {
    if (typeof value !== 'string') return checkDefinition(value);
    const compiled = compileRules(value, attributes).definition;
    checkDefinition(compiled);
    return compiled as RuleCombination;
  } catch (err) {
    if (err instanceof ToolInputError) throw new ToolInputError(`${at}: ${err.message}`);
    throw err;
  }
}

/**
 * The variants to send: inline `target` rules compiled, every field a stored variant with the same shortUid
 * has and the input does not name kept (its targeting too, unless the input gives one), then each segmented
 * variant checked to say whom it reaches.
 */
export async function variantsToSend(ctx: SessionContext, project: string, given: VariantInput[], stored?: Version): Promise<Array<Record<string, unknown>>> {
  const needsRules = given.some((v) => v.__type === 'SegmentedVariant' && typeof v.target === 'string');
  const attributes = needsRules ? await freshRuleAttributes(ctx, project) : undefined;
  const compiled = given.map((v, i): Record<string, unknown> => {
    if (v.__type !== 'SegmentedVariant' || v.target === undefined) return v;
    const target = rulesOf(v.target, attributes!, `variants.${i}.target`);
    // Contentstack's own client sends audiences: [] and the rules' top combinator beside target (docs/evidence.md).
    return { ...v, target, audiences: v.audiences ?? [], audienceCombinationType: v.audienceCombinationType ?? target.combinationType };
  });
  const out = mergedVariants(stored?.variants, compiled);
  out.forEach((v, i) => {
    if (v.__type !== 'SegmentedVariant') return;
    const some = (k: string) => Array.isArray(v[k]) && (v[k] as unknown[]).length > 0;
    if (!some('audiences') && !some('lyticsAudiences') && v.target === undefined) {
      throw new ToolInputError(`variants.${i}: a segmented variant needs audiences (list_audiences), lyticsAudiences or inline target rules.`);
    }
    if (v.audienceCombinationType === undefined) throw new ToolInputError(`variants.${i}.audienceCombinationType is required with audiences: AND (in all of them) or OR (in any).`);
  });
  return out;
}

/** Version-level targeting (A/B target group): `{ audience: {…} }` as given, or `{ target }` with rules compiled. */
export async function targetingToSend(ctx: SessionContext, project: string, targeting: Record<string, unknown> | undefined): Promise<Record<string, unknown> | undefined> {
  if (!targeting || targeting.target === undefined) return targeting;
  const t = targeting.target;
  if (typeof t !== 'string' && (typeof t !== 'object' || t === null || Array.isArray(t)))
    throw new ToolInputError('targeting.target: expected rule text or a RuleCombination object.');
  const attributes = typeof t === 'string' ? await freshRuleAttributes(ctx, project) : undefined;
  return { ...targeting, target: rulesOf(t as string | Record<string, unknown>, attributes!, 'targeting.target') };
}

/**
 * Under EQUALLY_SPLIT Personalize evens out trafficDistribution (docs/evidence.md): a custom split sent with it
 * would silently become an even one, so it is refused with what to pass instead.
 */
export function assertSplitKept(split: unknown, variants: Array<Record<string, unknown>> | undefined): void {
  if (split !== 'EQUALLY_SPLIT' || !variants) return;
  const shares = variants.map((v) => v.trafficDistribution).filter((x): x is number => typeof x === 'number');
  if (shares.length > 1 && shares.some((x) => Math.abs(x - shares[0]!) > 0.01)) {
    throw new ToolInputError(
      `variantSplit is EQUALLY_SPLIT, under which Personalize evens out the split, but the variants ask for ${shares.join('/')}: pass variantSplit "CUSTOM_PERCENTAGE" to keep that split, or equal shares. Nothing was sent.`,
    );
  }
}
