import type { ManifestExperience } from '../../api/edge.js';
import type { SessionContext } from '../../context.js';

export interface Names {
  experienceUid: string;
  experienceName?: string;
  variantName?: string;
}

interface Experience {
  uid: string;
  shortUid?: unknown;
  name?: unknown;
}

interface Version {
  uid: string;
  status?: unknown;
  variants?: Array<{ shortUid?: unknown; name?: unknown }>;
}

/**
 * Names for a manifest from the Management API, through the session's short-lived list cache: one
 * `GET /experiences`, plus one versions list per experience the visitor got a variant of. The variant is
 * looked up in the active version first (it is the one the Edge served), then in the others.
 */
export async function manifestNames(ctx: SessionContext, project: string, entries: ManifestExperience[]): Promise<Map<string, Names>> {
  const experiences = await ctx.reads.list<Experience>(project, '/experiences');
  const byShort = new Map(experiences.filter((e) => e.shortUid !== undefined).map((e) => [String(e.shortUid), e]));
  const names = new Map<string, Names>();
  await Promise.all(entries.map(async (entry) => {
    const e = byShort.get(entry.shortUid);
    if (!e) return;
    const n: Names = { experienceUid: e.uid, experienceName: typeof e.name === 'string' ? e.name : undefined };
    names.set(entry.shortUid, n);
    if (entry.activeVariantShortUid === null) return;
    const versions = await ctx.reads.list<Version>(project, `/experiences/${e.uid}/versions`);
    const ordered = [...versions.filter((v) => v.status === 'ACTIVE'), ...versions.filter((v) => v.status !== 'ACTIVE')];
    for (const v of ordered) {
      const variant = (v.variants ?? []).find((x) => String(x.shortUid) === entry.activeVariantShortUid);
      if (variant) {
        if (typeof variant.name === 'string') n.variantName = variant.name;
        return;
      }
    }
  }));
  return names;
}
