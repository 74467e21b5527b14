import type { ManifestExperience } from '../../api/edge/manifest.js';
import { cachedExperiences } from '../../api/management/experiences.js';
import { cachedVersions } from '../../api/management/versions.js';
import type { SessionContext } from '../../context.js';
import { isServing } from '../live.js';

export interface Names {
  experienceUid: string;
  experienceName?: string;
  variantName?: string;
}

/**
 * Names for a manifest from the Management API, through the session's short-lived list cache: one
 * `GET /experiences`, plus one versions list per experience the visitor got a variant of. The variant is
 * looked up in the active version first (it is the one the Edge served), then in the others.
 */
export async function manifestNames(ctx: SessionContext, project: string, entries: ManifestExperience[]): Promise<Map<string, Names>> {
  const experiences = await cachedExperiences(ctx.reads, project);
  const byShort = new Map(experiences.filter((e) => e.shortUid !== undefined).map((e) => [String(e.shortUid), e]));
  const names = new Map<string, Names>();
  await Promise.all(
    entries.map(async (entry) => {
      const e = byShort.get(entry.shortUid);
      if (!e) return;
      const n: Names = { experienceUid: e.uid, experienceName: typeof e.name === 'string' ? e.name : undefined };
      names.set(entry.shortUid, n);
      if (entry.activeVariantShortUid === null) return;
      const versions = await cachedVersions(ctx.reads, project, e.uid);
      const ordered = [...versions.filter((v) => isServing(v.status)), ...versions.filter((v) => !isServing(v.status))];
      for (const v of ordered) {
        const variant = ((v.variants ?? []) as Array<{ shortUid?: unknown; name?: unknown }>).find((x) => String(x.shortUid) === entry.activeVariantShortUid);
        if (variant) {
          if (typeof variant.name === 'string') n.variantName = variant.name;
          return;
        }
      }
    }),
  );
  return names;
}
