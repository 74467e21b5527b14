import { EdgeApiError } from '../errors.js';
import { header } from '../http.js';
import type { EdgeClient } from './client.js';

/** What a manifest is evaluated for: the visitor and what the Edge would see of their request. */
export interface ManifestQuery {
  project: string;
  userUid?: string;
  liveAttributes?: Record<string, unknown>;
  pageUrl?: string;
  referrer?: string;
  userAgent?: string;
  ipAddress?: string;
  tags?: string[];
}

export interface ManifestExperience {
  shortUid: string;
  activeVariantShortUid: string | null;
}

export interface Manifest {
  /** The visitor uid in effect: the response header, else the one sent. */
  userUid: string;
  experiences: ManifestExperience[];
}

/** Header values must be Latin-1; JSON escapes keep any text intact as ASCII. */
const asciiJson = (v: unknown) => JSON.stringify(v).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** GET /manifest: which variant of each live experience the visitor gets (docs/edge-api.md §3.1). */
export async function getManifest(edge: EdgeClient, q: ManifestQuery): Promise<Manifest> {
  const headers: Record<string, string> = {};
  if (q.userUid) headers['x-cs-personalize-user-uid'] = q.userUid;
  if (q.liveAttributes && Object.keys(q.liveAttributes).length) headers['x-live-attributes'] = asciiJson(q.liveAttributes);
  if (q.pageUrl) headers['x-page-url'] = q.pageUrl;
  if (q.referrer) headers.referer = q.referrer;
  if (q.userAgent) headers['user-agent'] = q.userAgent;
  if (q.ipAddress) headers['x-forwarded-for'] = q.ipAddress;
  // The SDK's encoding: brackets raw, values encoded (docs/edge-api.md §3.1).
  const query = (q.tags ?? []).map((t) => `tags[]=${encodeURIComponent(t)}`).join('&');
  const res = await edge.send({ method: 'GET', path: '/manifest', project: q.project, headers, query });
  const body = edge.json(res, 'GET', '/manifest') as Record<string, unknown> | undefined;
  const userUid = header(res, 'x-cs-personalize-user-uid') ?? q.userUid;
  if (!userUid) throw new EdgeApiError('GET', '/manifest', res.status, undefined, 'no x-cs-personalize-user-uid header in the answer', 'malformed');
  return { userUid, experiences: readExperiences(body) };
}

/** `experiences[]`, or the legacy `activeVariants` map when only that is present (docs/edge-api.md §3.1). */
function readExperiences(body: Record<string, unknown> | undefined): ManifestExperience[] {
  const list = body?.experiences;
  if (Array.isArray(list)) {
    return list
      .filter((x): x is Record<string, unknown> => !!x && typeof x === 'object' && x.shortUid !== undefined)
      .map((x) => ({ shortUid: String(x.shortUid), activeVariantShortUid: x.activeVariantShortUid == null ? null : String(x.activeVariantShortUid) }));
  }
  const map = body?.activeVariants;
  if (map && typeof map === 'object') {
    return Object.entries(map as Record<string, unknown>).map(([shortUid, v]) => ({ shortUid, activeVariantShortUid: v == null ? null : String(v) }));
  }
  return [];
}
