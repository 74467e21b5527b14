import { z } from 'zod';
import { listVersions, type Version } from '../../api/management/versions.js';
import type { SessionContext } from '../../context.js';
import { isObject } from '../../bounds/json.js';
import { findByUid } from '../lookup.js';
import { writable } from '../merge.js';
import { nonEmpty, uidString } from '../params.js';

const shortUid = z.string().optional().describe("Existing variant's shortUid (keeps its CMS content); omit if new");

/** Inline rules on a segmented variant (the "v2" form: `audiences: []` beside `target`; docs/evidence.md). */
const target = z
  .union([z.string().min(1), z.record(z.string(), z.unknown())])
  .describe('Inline rules instead of audiences: rule text as in create_audience, or RuleCombination JSON');

/** Variant shapes of docs/api.md §8.3; the API's own field names. */
export const Variant = z.discriminatedUnion('__type', [
  z.object({
    __type: z.literal('SegmentedVariant'),
    name: z.string().trim().min(1),
    shortUid,
    audiences: z.array(uidString()).optional().describe('Audience uids (list_audiences)'),
    lyticsAudiences: z.array(z.string()).optional(),
    target: target.optional(),
    audienceCombinationType: z.enum(['AND', 'OR']).optional().describe('AND: in all audiences; OR: in any (with target: its top combinator)'),
  }),
  z.object({
    __type: z.literal('ABTestVariant'),
    name: z.string().trim().min(1),
    shortUid,
    trafficDistribution: z.number().min(0).max(100).describe('Percent of traffic; variants sum to 100'),
  }),
]);

export type VariantInput = z.infer<typeof Variant>;

/**
 * What tools/list shows of a variant: one object whose fields say which type they belong to, half the
 * tokens of the two-branch oneOf (which the SDK would print in full in both version tools). Its pipe into
 * Variant keeps the check exactly as strict: tools/list shows a pipe's input side, calls pass both.
 */
const VariantFields = z.object({
  __type: z.enum(['SegmentedVariant', 'ABTestVariant']),
  name: z.string(),
  shortUid: z.string().optional().describe("An existing variant's: keeps its CMS content"),
  audiences: z.array(z.string()).optional().describe('Segmented: audience uids'),
  lyticsAudiences: z.array(z.string()).optional(),
  target: z.unknown().optional().describe('Segmented: rule text or RuleCombination, instead of audiences'),
  audienceCombinationType: z.enum(['AND', 'OR']).optional().describe('Segmented: in all audiences or any'),
  trafficDistribution: z.number().optional().describe('A/B, required: percent, summing to 100'),
});

export const variants = z.array(VariantFields.pipe(Variant)).min(1).max(50).describe('All variants, in priority order (segmented: first match wins)');

/** Seen values (docs/api.md §17, docs/evidence.md); under EQUALLY_SPLIT Personalize evens out trafficDistribution. */
export const variantSplit = z.enum(['EQUALLY_SPLIT', 'CUSTOM_PERCENTAGE']).describe('A/B: EQUALLY_SPLIT evens the split; CUSTOM_PERCENTAGE keeps trafficDistribution');

export const metrics = z
  .array(z.object({ __type: z.enum(['Primary', 'Secondary']), event: uidString().describe('Event uid'), name: z.string().refine(...nonEmpty) }))
  .max(5)
  .describe('A/B metrics: one Primary, up to 4 Secondary');

/** Both forms are in Contentstack's own code (docs/evidence.md): the audience form as given, inline rules compiled. */
export const targeting = z.record(z.string(), z.unknown()).describe('A/B target group: {"audience":{"audiences":[uid],"audienceCombinationType":"OR"}} or {"target": rule text}');

export const versionStatus = z.enum(['DRAFT', 'ACTIVE', 'PAUSED']);

/** A version as read, ready to send back: every field but the server-managed ones, in its variants too. */
export function writableVersion(v: Version): Record<string, unknown> {
  const body = writable(v);
  if (Array.isArray(body.variants)) body.variants = body.variants.map((x) => (isObject(x) ? writable(x) : x));
  return body;
}

/** One version, read now with the others (the list is what the API offers). */
export async function readVersion(ctx: SessionContext, project: string, experienceUid: string, versionUid: string): Promise<Version> {
  return findByUid(await listVersions(ctx.api, project, experienceUid), versionUid, 'version', 'list_experience_versions', project);
}

/** Newest first by createdAt when present, else the API's own order. */
export function newest(versions: Version[]): Version | undefined {
  return [...versions].sort((a, b) => String(b.createdAt ?? '').localeCompare(String(a.createdAt ?? '')))[0];
}

/** Tags: at most 10, each ≤ 32 of [A-Za-z0-9_:-], lower-cased and de-duplicated (docs/api.md §3). */
export const tags = z
  .array(z.string().refine((s) => /^[A-Za-z0-9_:-]{1,32}$/.test(s), 'a tag is 1–32 of letters, digits, _ : -'))
  .max(10)
  .transform((t) => [...new Set(t.map((s) => s.toLowerCase()))])
  .describe('Tags for the Edge manifest filter');
