import { z } from 'zod';
import { ToolInputError } from '../api/errors.js';
import type { PersonalizeClient } from '../api/management/client.js';
import { cachedAudiences } from '../api/management/audiences.js';
import { cachedExperiences } from '../api/management/experiences.js';
import { cachedVersions, type Version } from '../api/management/versions.js';
import type { CachedReads, Item } from '../api/reads.js';
import type { SessionContext } from '../context.js';
import { isLive } from './live.js';
import { findByUid, label } from './lookup.js';

export type DependencyKind = 'attribute' | 'audience' | 'event';

type Uses = Pick<Version, 'uid' | 'status' | 'targeting'> & { variants?: Array<{ audiences?: string[] }>; metrics?: Array<{ event?: string }> };

export interface Dependents {
  audiences: Array<{ uid: string; name: string }>;
  /** `live`: a live version (src/tools/live.ts) uses it. */
  experiences: Array<{ uid: string; name: string; live: boolean; versions: Array<{ uid: string; status: string }> }>;
}

/** Does the JSON mention this uid as a custom attribute reference anywhere in the tree? */
function refersToAttribute(definition: unknown, uid: string): boolean {
  if (Array.isArray(definition)) return definition.some((d) => refersToAttribute(d, uid));
  if (!definition || typeof definition !== 'object') return false;
  const o = definition as Record<string, unknown>;
  if (o.__type === 'CustomAttributeReference' && o.ref === uid) return true;
  return Object.values(o).some((v) => refersToAttribute(v, uid));
}

function versionUses(v: Uses, kind: DependencyKind, uids: Set<string>): boolean {
  if (kind === 'event') return (v.metrics ?? []).some((m) => m.event !== undefined && uids.has(m.event));
  const inVariants = (v.variants ?? []).some((variant) => (variant.audiences ?? []).some((a) => uids.has(a)));
  // Targeting's shape is not established (docs/api.md §8.3): any mention of the uid in it counts.
  const inTargeting = v.targeting !== undefined && [...uids].some((u) => JSON.stringify(v.targeting).includes(u));
  return inVariants || inTargeting;
}

/**
 * What uses an attribute (audiences whose rules test it, and the experiences that use those),
 * an audience (experience versions that target it) or an event (A/B metrics). Reads go through the
 * per-project cache, so a confirmation and the delete after it cost the lists once.
 */
export async function findDependents(ctx: SessionContext, project: string, kind: DependencyKind, uid: string): Promise<Dependents> {
  const audiences =
    kind === 'attribute'
      ? (await cachedAudiences(ctx.reads, project)).filter((a) => refersToAttribute(a.definition, uid)).map((a) => ({ uid: a.uid, name: String(a.name ?? a.uid) }))
      : [];
  const targets = kind === 'attribute' ? new Set(audiences.map((a) => a.uid)) : new Set([uid]);
  if (targets.size === 0) return { audiences, experiences: [] };
  const experiences = await cachedExperiences(ctx.reads, project);
  const found: Dependents['experiences'] = [];
  await Promise.all(
    experiences.map(async (e) => {
      const versions = (await cachedVersions(ctx.reads, project, e.uid)) as Uses[];
      const using = versions.filter((v) => versionUses(v, kind === 'attribute' ? 'audience' : kind, targets));
      if (using.length) {
        found.push({
          uid: e.uid,
          name: String(e.name ?? e.uid),
          live: using.some((v) => isLive(v.status)),
          versions: using.map((v) => ({ uid: v.uid, status: String(v.status) })),
        });
      }
    }),
  );
  return { audiences, experiences: found.sort((a, b) => a.name.localeCompare(b.name)) };
}

function describeDependents(d: Dependents): string {
  const parts: string[] = [];
  if (d.audiences.length) parts.push(`audiences ${d.audiences.map((a) => `'${a.name}' (${a.uid})`).join(', ')}`);
  if (d.experiences.length) {
    parts.push(
      `experiences ${d.experiences.map((e) => `'${e.name}' (${e.uid}; ${e.versions.map((v) => v.status).join('/')} version${e.versions.length > 1 ? 's' : ''})`).join(', ')}`,
    );
  }
  return parts.length ? `It is used by ${parts.join(' and ')}.` : 'Nothing uses it.';
}

/** Refuses when a live experience depends on the item, unless the caller forces it. */
function assertNotLive(kind: DependencyKind, uid: string, d: Dependents, force: boolean | undefined): void {
  const live = d.experiences.filter((e) => e.live);
  if (!live.length || force) return;
  throw new ToolInputError(
    `Refusing to delete ${kind} ${uid}: live experience${live.length > 1 ? 's' : ''} ${live.map((e) => `'${e.name}' (${e.uid})`).join(', ')} depend${live.length > 1 ? '' : 's'} on it. ${describeDependents(d)} Change or pause those experiences first, or call again with force: true (the user will still be asked to confirm). Nothing was deleted.`,
  );
}

/** The input and output every delete of something others use shares (delete_attribute, delete_audience, delete_event). */
export const force = z.boolean().optional().describe('Delete although a live experience depends on it');
export const deletedOutput = { status: z.string(), uid: z.string(), dependents: z.array(z.object({ uid: z.string(), name: z.string() })).optional() };

/** What a delete-with-dependents needs to know of the kind of item it deletes. */
export interface Deletable {
  kind: DependencyKind;
  /** The list tool that shows the uids. */
  listTool: string;
  cached: (reads: CachedReads, project: string) => Promise<Item[]>;
  remove: (api: PersonalizeClient, project: string, uid: string) => Promise<unknown>;
  /** What stops working once it is gone, for the confirmation. */
  consequence: string;
}

/**
 * The confirmation of a delete: what goes, everything that uses it, and whether live visitors notice.
 * Live dependents refuse here already unless forced.
 */
export async function confirmDelete(d: Deletable, ctx: SessionContext, a: { projectUid?: string; force?: boolean }, uid: string): Promise<string> {
  const project = ctx.project(a.projectUid);
  // A name for the message: the cached list will do (the delete itself reads nothing stale).
  const item = findByUid(await d.cached(ctx.reads, project), uid, d.kind, d.listTool, project);
  const dependents = await findDependents(ctx, project, d.kind, uid);
  assertNotLive(d.kind, uid, dependents, a.force);
  const live = dependents.experiences.some((e) => e.live) ? ' Live visitors are affected at once.' : '';
  return `Delete ${d.kind} ${label(item)} from project ${project}. ${describeDependents(dependents)} ${d.consequence}${live} This cannot be undone.`;
}

/** The delete itself: dependents checked again (live ones refuse unless forced), then DELETE. */
export async function deleteWithDependents(d: Deletable, ctx: SessionContext, a: { projectUid?: string; force?: boolean }, uid: string) {
  const project = ctx.project(a.projectUid);
  const dependents = await findDependents(ctx, project, d.kind, uid);
  assertNotLive(d.kind, uid, dependents, a.force);
  await d.remove(ctx.api, project, uid);
  return { status: 'deleted', uid, dependents: [...dependents.audiences, ...dependents.experiences.map(({ uid: u, name }) => ({ uid: u, name }))] };
}
