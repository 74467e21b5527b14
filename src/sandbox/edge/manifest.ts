import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Experience, Project } from '../store.js';
import { assignVariant } from './assign.js';
import { edgeError } from './respond.js';
import { liveAttributes, visitorFor } from './visitor.js';

export interface ManifestEntry {
  shortUid: string;
  activeVariantShortUid: string | null;
}

/** `tags[]` (the SDK's form; `tags` accepted too): OR, case-insensitive, at most 10 (docs/edge-api.md §3.1). */
function requestedTags(query: URLSearchParams): string[] {
  const tags = [...query.getAll('tags[]'), ...query.getAll('tags')].map((t) => t.trim().toLowerCase()).filter(Boolean);
  if (tags.length > 10) throw edgeError(400, 'personalize.MANIFEST.TOO_MANY_TAGS', 'At most 10 tags[] values are allowed');
  return [...new Set(tags)];
}

/** Experiences in priority order; any the order misses (it should not) come after, in creation order. */
function byPriority(project: Project): Experience[] {
  const ordered = project.priority.map((uid) => project.experiences.find((e) => e.uid === uid)).filter((e): e is Experience => e !== undefined);
  return [...ordered, ...project.experiences.filter((e) => !ordered.includes(e))];
}

/**
 * GET /manifest. Active experiences get the visitor's variant; a paused experience is listed with a
 * null variant ("null when the experience is disabled", docs/edge-api.md §3.1); drafts are not listed.
 */
export function manifest(project: Project, headers: IncomingHttpHeaders, query: URLSearchParams): { userUid: string; experiences: ManifestEntry[] } {
  const sent = headers['x-cs-personalize-user-uid'];
  const userUid = (Array.isArray(sent) ? sent[0] : sent)?.trim() || randomUUID();
  const tags = requestedTags(query);
  const visitor = visitorFor(project, userUid, headers, liveAttributes(headers), new Date());
  const experiences: ManifestEntry[] = [];
  for (const e of byPriority(project)) {
    if (tags.length && !((e.tags as string[] | undefined) ?? []).some((t) => tags.includes(t.toLowerCase()))) continue;
    const active = e.versions.find((v) => v.status === 'ACTIVE');
    if (active) experiences.push({ shortUid: e.shortUid, activeVariantShortUid: assignVariant(project, e, active, visitor, userUid) });
    else if (e.versions.some((v) => v.status === 'PAUSED')) experiences.push({ shortUid: e.shortUid, activeVariantShortUid: null });
  }
  return { userUid, experiences };
}
