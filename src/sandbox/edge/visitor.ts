import type { IncomingHttpHeaders } from 'node:http';
import type { Visitor } from '../../rules/evaluate.js';
import type { Project } from '../store.js';
import { deviceOf } from './agent.js';
import { edgeError } from './respond.js';
import { placeOf } from './geo.js';

/** The reserved live attribute carrying the Lytics audience cookie: pipe-delimited slugs (docs/edge-api.md §3.1). */
export const LYTICS_KEY = '__lytics_audiences';

const header = (h: IncomingHttpHeaders, name: string): string | undefined => {
  const v = h[name];
  return (Array.isArray(v) ? v[0] : v)?.trim() || undefined;
};

/** `x-live-attributes`: a JSON object of attribute key → value, used for this evaluation only (not stored). */
export function liveAttributes(headers: IncomingHttpHeaders): Record<string, unknown> {
  const raw = header(headers, 'x-live-attributes');
  if (!raw) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw edgeError(400, 'personalize.MANIFEST.INVALID_LIVE_ATTRIBUTES', 'x-live-attributes must be a JSON object of attribute keys to values');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw edgeError(400, 'personalize.MANIFEST.INVALID_LIVE_ATTRIBUTES', 'x-live-attributes must be a JSON object of attribute keys to values');
  }
  return parsed as Record<string, unknown>;
}

/** Query parameters of the page URL; a repeated parameter becomes a list. */
function queryOf(pageUrl: string | undefined): Record<string, string | string[]> | undefined {
  if (!pageUrl) return undefined;
  let url: URL;
  try {
    url = new URL(pageUrl);
  } catch {
    return undefined;
  }
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of url.searchParams) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

/**
 * The visitor as the rules see it: stored attributes overlaid by live ones (live wins: it is what the
 * page knows now), keyed by custom attribute uid; keys that are not custom attributes of the project are
 * ignored. Presets come from the request: place from x-forwarded-for, device and OS from user-agent,
 * referrer from referer, query parameters from x-page-url, and the time of the request.
 */
export function visitorFor(project: Project, userUid: string, headers: IncomingHttpHeaders, live: Record<string, unknown>, now: Date): Visitor {
  const stored = project.visitors.get(userUid) ?? {};
  const custom: Record<string, unknown> = {};
  for (const a of project.attributes) {
    if (a.__type === 'PRESET' || typeof a.key !== 'string') continue;
    const value = a.key in live ? live[a.key] : stored[a.key];
    if (value !== undefined) custom[a.uid] = value;
  }
  const place = placeOf(header(headers, 'x-forwarded-for'));
  const device = deviceOf(header(headers, 'user-agent'));
  const lytics = live[LYTICS_KEY];
  return {
    presets: {
      COUNTRY: place?.country,
      REGION: place?.region,
      CITY: place?.city,
      DEVICE_TYPE: device.deviceType,
      OPERATING_SYSTEM: device.operatingSystem,
      REFERRER: header(headers, 'referer'),
      QUERY_PARAMETERS: queryOf(header(headers, 'x-page-url')),
      DATE_AND_TIME: now.toISOString(),
    },
    custom,
    lyticsAudiences:
      typeof lytics === 'string'
        ? lytics
            .split('|')
            .map((s) => s.trim())
            .filter(Boolean)
        : undefined,
  };
}
