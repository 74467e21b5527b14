import { createHash } from 'node:crypto';
import { matches, type Visitor } from '../../rules/evaluate.js';
import type { Doc, Experience, Project, Version } from '../store.js';

/**
 * Which variant of an experience a visitor gets. Segmented: the first variant (in array order) whose
 * audiences match. A/B: a visitor in the target group gets the variant their stable hash falls into.
 */
export function assignVariant(project: Project, e: Experience, v: Version, visitor: Visitor, userUid: string): string | null {
  if (e.__type === 'AB_TEST') {
    if (!inTargetGroup(project, v.targeting, visitor)) return null;
    return splitVariant(v.variants, bucket(userUid, e.uid));
  }
  for (const variant of v.variants) if (variantMatches(project, variant, visitor)) return String(variant.shortUid);
  return null;
}

/** A number in [0, 100) from the visitor and experience uids: the same visitor always lands in the same place. */
export function bucket(userUid: string, experienceUid: string): number {
  const digest = createHash('sha256').update(`${userUid}\n${experienceUid}`).digest();
  return (digest.readUInt32BE(0) / 2 ** 32) * 100;
}

/**
 * Walks the cumulative trafficDistribution. Shares are normalised to their sum, so a split that does not
 * add up to 100 still divides all traffic in proportion (the API's behaviour for such splits is not established).
 */
export function splitVariant(variants: Array<Record<string, unknown>>, point: number): string | null {
  const shares = variants.map((x) => (typeof x.trafficDistribution === 'number' && x.trafficDistribution > 0 ? x.trafficDistribution : 0));
  const total = shares.reduce((a, b) => a + b, 0);
  if (total <= 0) return null;
  let edge = 0;
  for (let i = 0; i < variants.length; i++) {
    edge += (shares[i]! / total) * 100;
    if (point < edge && shares[i]! > 0) return String(variants[i]!.shortUid);
  }
  const last = [...variants].reverse().find((_, i) => shares[variants.length - 1 - i]! > 0);
  return last ? String(last.shortUid) : null;
}

/** One audience by uid: a rule audience evaluates its definition; a Lytics-synced one checks membership by slug. */
function audienceMatches(project: Project, uid: string, visitor: Visitor): boolean {
  const audience: Doc | undefined = project.audiences.find((a) => a.uid === uid);
  if (!audience) return lyticsMember(uid, visitor);
  if (audience.definition !== undefined) return matches(audience.definition, visitor);
  return lyticsMember(String(audience.slug ?? audience.uid), visitor) || lyticsMember(audience.uid, visitor);
}

function lyticsMember(slug: string, visitor: Visitor): boolean {
  return (visitor.lyticsAudiences ?? []).some((s) => s.toLowerCase() === slug.toLowerCase());
}

/** Audiences, Lytics audiences and an inline `target` rule (the "v2" form) combined by audienceCombinationType. */
function conditionsMatch(project: Project, spec: Record<string, unknown>, visitor: Visitor): boolean | undefined {
  const checks: Array<() => boolean> = [];
  for (const uid of stringList(spec.audiences)) checks.push(() => audienceMatches(project, uid, visitor));
  for (const slug of stringList(spec.lyticsAudiences)) checks.push(() => lyticsMember(slug, visitor));
  if (spec.target && typeof spec.target === 'object') checks.push(() => matches(spec.target, visitor));
  if (checks.length === 0) return undefined;
  return spec.audienceCombinationType === 'AND' ? checks.every((c) => c()) : checks.some((c) => c());
}

/** A segmented variant with no audiences at all matches no one (the API requires at least one). */
function variantMatches(project: Project, variant: Record<string, unknown>, visitor: Visitor): boolean {
  return conditionsMatch(project, variant, visitor) ?? false;
}

/**
 * The A/B target group: `{ audience: { audiences, audienceCombinationType } }` or `{ target: RuleCombination }`
 * (both shapes are seen, docs/api.md §8.3); no targeting, or an empty one, is everyone.
 */
function inTargetGroup(project: Project, targeting: unknown, visitor: Visitor): boolean {
  if (!targeting || typeof targeting !== 'object') return true;
  const t = targeting as Record<string, unknown>;
  const spec: Record<string, unknown> = t.audience && typeof t.audience === 'object' ? { ...(t.audience as Record<string, unknown>) } : {};
  if (t.target && typeof t.target === 'object') spec.target = t.target;
  return conditionsMatch(project, spec, visitor) ?? true;
}

function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}
