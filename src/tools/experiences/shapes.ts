import { z } from 'zod';
import { ToolInputError } from '../../api/errors.js';
import type { SessionContext } from '../../context.js';
import { asList, findByUid, pick, type WithUid } from '../lookup.js';
import { uidString } from '../params.js';

const shortUid = z.string().optional().describe('Existing variant\'s shortUid (keeps its CMS content); omit if new');

/** Variant shapes of reference §8.3; the API's own field names. */
export const Variant = z.discriminatedUnion('__type', [
  z.object({
    __type: z.literal('SegmentedVariant'),
    name: z.string().trim().min(1),
    shortUid,
    audiences: z.array(uidString()).describe('Audience uids (list_audiences)'),
    lyticsAudiences: z.array(z.string()).optional(),
    audienceCombinationType: z.enum(['AND', 'OR']).describe('AND: in all audiences; OR: in any'),
  }),
  z.object({
    __type: z.literal('ABTestVariant'),
    name: z.string().trim().min(1),
    shortUid,
    trafficDistribution: z.number().min(0).max(100).describe('Percent of traffic; variants sum to 100'),
  }),
]);

export const variants = z.array(Variant).min(1).max(50).describe('The full variant list, in priority order (segmented: first match wins)');

export const metrics = z
  .array(z.object({ __type: z.enum(['Primary', 'Secondary']), event: uidString().describe('Event uid (list_events)'), name: z.string().min(1) }))
  .max(5)
  .describe('A/B metrics: one Primary, up to 4 Secondary');

/** The shape is not established (reference §8.3: audience form or inline target); passed through as given. */
export const targeting = z.record(z.string(), z.unknown()).describe('A/B target group, e.g. {"audience":{"audiences":[uid],"audienceCombinationType":"OR"}}');

export const versionStatus = z.enum(['DRAFT', 'ACTIVE', 'PAUSED']);

export type Version = WithUid & { status?: string; variants?: unknown[]; metrics?: unknown; targeting?: unknown; createdAt?: string };

/** Fields a version PUT/POST takes; bookkeeping fields (uid, _id, dates, authors) are not sent back. */
const VERSION_FIELDS = ['status', 'variants', 'metrics', 'targeting', 'name', 'description'] as const;
const VARIANT_BOOKKEEPING = new Set(['_id', 'uid', 'createdAt', 'updatedAt', 'createdBy', 'updatedBy', 'createdByUserName', 'updatedByUserName']);

/** A variant as read, ready to send back: unknown fields are kept so nothing the API added is lost. */
export function sendableVariant(v: unknown): unknown {
  if (!v || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v as Record<string, unknown>).filter(([k]) => !VARIANT_BOOKKEEPING.has(k)));
}

/** The full body for a version PUT: what is stored, with the changes over it. */
export function versionBody(current: Version, changes: Partial<Record<(typeof VERSION_FIELDS)[number], unknown>>): Record<string, unknown> {
  const body = { ...pick(current, VERSION_FIELDS), ...pick(changes, VERSION_FIELDS) };
  if (Array.isArray(body.variants)) body.variants = body.variants.map(sendableVariant);
  return body;
}

export async function readVersions(ctx: SessionContext, project: string, experienceUid: string): Promise<Version[]> {
  return asList<Version>(await ctx.api.get(`/experiences/${experienceUid}/versions`, { project }), 'versions');
}

export async function readVersion(ctx: SessionContext, project: string, experienceUid: string, versionUid: string): Promise<Version> {
  return findByUid(await readVersions(ctx, project, experienceUid), versionUid, 'version', 'list_experience_versions', project);
}

export async function readExperience(ctx: SessionContext, project: string, experienceUid: string): Promise<WithUid> {
  return ctx.api.get<WithUid>(`/experiences/${experienceUid}`, { project });
}

/** Newest first by createdAt when present, else the API's own order. */
export function newest(versions: Version[]): Version | undefined {
  return [...versions].sort((a, b) => String(b.createdAt ?? '').localeCompare(String(a.createdAt ?? '')))[0];
}

/** Tags: at most 10, each ≤ 32 of [A-Za-z0-9_:-], lower-cased and de-duplicated (reference §3). */
export const tags = z
  .array(z.string().regex(/^[A-Za-z0-9_:-]{1,32}$/, 'a tag is 1–32 of letters, digits, _ : -'))
  .max(10)
  .transform((t) => [...new Set(t.map((s) => s.toLowerCase()))])
  .describe('Up to 10 tags for the Edge manifest filter');

export function requireOne(found: Version | undefined, message: string): Version {
  if (!found) throw new ToolInputError(message);
  return found;
}
