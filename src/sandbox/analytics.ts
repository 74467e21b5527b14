import { apiError } from './errors.js';
import type { Experience, Project, Tracked, Version } from './store.js';

const DAY = 86_400_000;
const ATTRIBUTION_MS = 30 * DAY;

function pickVersion(e: Experience, versionUid: string | null): Version {
  const v = versionUid ? e.versions.find((x) => x.uid === versionUid) : (e.versions.find((x) => x.status === 'ACTIVE') ?? e.versions[e.versions.length - 1]);
  if (!v) throw apiError(404, 'personalize.EXPERIENCES.VERSIONS.NOT_FOUND', `Version ${versionUid} not found`);
  return v;
}

/**
 * Impressions count once per visitor and variant (reference: impressions are de-duplicated per user);
 * a conversion counts for the variant the visitor last saw within 30 days, A/B tests only.
 */
function tally(project: Project, e: Experience, v: Version, events: Tracked[]) {
  const mine = events.filter((t) => t.experienceUid === e.uid && t.versionUid === v.uid);
  const seen = new Map<string, Set<string>>();
  const lastSeen = new Map<string, { variant: string; at: number }>();
  for (const t of mine.filter((x) => x.type === 'IMPRESSION').sort((a, b) => a.at - b.at)) {
    (seen.get(t.variantShortUid) ?? seen.set(t.variantShortUid, new Set()).get(t.variantShortUid)!).add(t.userUid);
    lastSeen.set(t.userUid, { variant: t.variantShortUid, at: t.at });
  }
  const metricKeys = new Set(((v.metrics as Array<{ event: string }> | undefined) ?? []).map((m) => project.events.find((ev) => ev.uid === m.event)?.key as string));
  const conversions = new Map<string, number>();
  if (e.__type === 'AB_TEST') {
    for (const t of project.tracked.filter((x) => x.type === 'CONVERSION' && (metricKeys.size === 0 || metricKeys.has(x.eventKey!)))) {
      const last = lastSeen.get(t.userUid);
      if (last && t.at >= last.at && t.at - last.at <= ATTRIBUTION_MS) conversions.set(last.variant, (conversions.get(last.variant) ?? 0) + 1);
    }
  }
  return v.variants.map((variant) => {
    const short = String(variant.shortUid);
    const impressions = seen.get(short)?.size ?? 0;
    const conv = conversions.get(short) ?? 0;
    return {
      variantShortUid: short,
      variantName: variant.name,
      impressions,
      ...(e.__type === 'AB_TEST' ? { conversions: conv, conversionRate: impressions ? conv / impressions : 0 } : {}),
    };
  });
}

function assertHasData(v: Version, code: string): void {
  if (!v.activatedAt) throw apiError(404, `personalize.EXPERIENCE_ANALYTICS.${code}`, `No analytics for version ${v.uid}: it has never been active (${code})`);
}

export function summary(project: Project, e: Experience, versionUid: string | null) {
  const v = pickVersion(e, versionUid);
  assertHasData(v, 'SUMMARY_NOT_FOUND');
  const variants = tally(project, e, v, project.tracked);
  return {
    experienceUid: e.uid,
    versionUid: v.uid,
    type: e.__type,
    totalImpressions: variants.reduce((s, x) => s + x.impressions, 0),
    ...(e.__type === 'AB_TEST' ? { totalConversions: variants.reduce((s, x) => s + (x.conversions ?? 0), 0) } : {}),
    variants,
  };
}

export function timeSeries(project: Project, e: Experience, versionUid: string | null) {
  const v = pickVersion(e, versionUid);
  assertHasData(v, 'TIME_SERIES_ANALYTICS_NOT_FOUND');
  const byDay = new Map<string, Tracked[]>();
  for (const t of project.tracked.filter((x) => x.type === 'CONVERSION' || (x.experienceUid === e.uid && x.versionUid === v.uid))) {
    const day = new Date(t.at).toISOString().slice(0, 10);
    (byDay.get(day) ?? byDay.set(day, []).get(day)!).push(t);
  }
  const series = [...byDay.keys()]
    .sort()
    .map((date) => ({ date, variants: tally(project, e, v, byDay.get(date)!) }))
    .filter((d) => d.variants.some((x) => x.impressions > 0));
  return { experienceUid: e.uid, versionUid: v.uid, granularity: 'day', series };
}
