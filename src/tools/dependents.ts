import type { Item } from '../api/reads.js';
import { ToolInputError } from '../api/errors.js';
import type { SessionContext } from '../context.js';

export type DependencyKind = 'attribute' | 'audience' | 'event';

interface Version extends Item {
  status?: string;
  variants?: Array<{ audiences?: string[] }>;
  metrics?: Array<{ event?: string }>;
  targeting?: unknown;
}

export interface Dependents {
  audiences: Array<{ uid: string; name: string }>;
  experiences: Array<{ uid: string; name: string; live: boolean; versions: Array<{ uid: string; status: string }> }>;
}

const LIVE = new Set(['ACTIVE', 'PAUSED']);

/** Does the JSON mention this uid as a custom attribute reference anywhere in the tree? */
function refersToAttribute(definition: unknown, uid: string): boolean {
  if (Array.isArray(definition)) return definition.some((d) => refersToAttribute(d, uid));
  if (!definition || typeof definition !== 'object') return false;
  const o = definition as Record<string, unknown>;
  if (o.__type === 'CustomAttributeReference' && o.ref === uid) return true;
  return Object.values(o).some((v) => refersToAttribute(v, uid));
}

function versionUses(v: Version, kind: DependencyKind, uids: Set<string>): boolean {
  if (kind === 'event') return (v.metrics ?? []).some((m) => m.event !== undefined && uids.has(m.event));
  const inVariants = (v.variants ?? []).some((variant) => (variant.audiences ?? []).some((a) => uids.has(a)));
  // Targeting's shape is not established (reference §8.3): any mention of the uid in it counts.
  const inTargeting = v.targeting !== undefined && [...uids].some((u) => JSON.stringify(v.targeting).includes(u));
  return inVariants || inTargeting;
}

/**
 * What uses an attribute (audiences whose rules test it, and the experiences that use those),
 * an audience (experience versions that target it) or an event (A/B metrics). Reads go through the
 * per-project cache, so a confirmation and the delete after it cost the lists once.
 */
export async function findDependents(ctx: SessionContext, project: string, kind: DependencyKind, uid: string): Promise<Dependents> {
  const audiences = kind === 'attribute'
    ? (await ctx.reads.list(project, '/audiences')).filter((a) => refersToAttribute(a.definition, uid)).map((a) => ({ uid: a.uid, name: String(a.name ?? a.uid) }))
    : [];
  const targets = kind === 'attribute' ? new Set(audiences.map((a) => a.uid)) : new Set([uid]);
  if (targets.size === 0) return { audiences, experiences: [] };
  const experiences = await ctx.reads.list(project, '/experiences');
  const found: Dependents['experiences'] = [];
  await Promise.all(experiences.map(async (e) => {
    const versions = await ctx.reads.list<Version>(project, `/experiences/${e.uid}/versions`);
    const using = versions.filter((v) => versionUses(v, kind === 'attribute' ? 'audience' : kind, targets));
    if (using.length) {
      found.push({
        uid: e.uid,
        name: String(e.name ?? e.uid),
        live: using.some((v) => LIVE.has(String(v.status))),
        versions: using.map((v) => ({ uid: v.uid, status: String(v.status) })),
      });
    }
  }));
  return { audiences, experiences: found.sort((a, b) => a.name.localeCompare(b.name)) };
}

export function describeDependents(d: Dependents): string {
  const parts: string[] = [];
  if (d.audiences.length) parts.push(`audiences ${d.audiences.map((a) => `'${a.name}' (${a.uid})`).join(', ')}`);
  if (d.experiences.length) {
    parts.push(`experiences ${d.experiences.map((e) => `'${e.name}' (${e.uid}; ${e.versions.map((v) => v.status).join('/')} version${e.versions.length > 1 ? 's' : ''})`).join(', ')}`);
  }
  return parts.length ? `It is used by ${parts.join(' and ')}.` : 'Nothing uses it.';
}

/** Refuses when a live (active or paused) experience depends on the item, unless the caller forces it. */
export function assertNotLive(kind: DependencyKind, uid: string, d: Dependents, force: boolean | undefined): void {
  const live = d.experiences.filter((e) => e.live);
  if (!live.length || force) return;
  throw new ToolInputError(
    `Refusing to delete ${kind} ${uid}: live experience${live.length > 1 ? 's' : ''} ${live.map((e) => `'${e.name}' (${e.uid})`).join(', ')} depend${live.length > 1 ? '' : 's'} on it. ${describeDependents(d)} Change or pause those experiences first, or call again with force: true (the user will still be asked to confirm). Nothing was deleted.`,
  );
}
