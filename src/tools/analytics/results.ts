import { probabilityToBeBest, relativeLift, sampleRatioTest, sampleSizePerGroup, twoProportionTest, wilsonInterval } from '../../stats/ab.js';

/**
 * get_experiment_results and the results resource: from the analytics summary (whose field names are not
 * established, docs/api.md §10: parsed tolerantly, what is not understood is kept and named) and the version's
 * variants, split, metrics and start date, a verdict a person can act on. Pure: the caller reads the API.
 */

const DAY_MS = 86_400_000;
/** Contentstack's console shows insights after 1,000 impressions or 30 conversions (issue 14). */
export const MIN_IMPRESSIONS = 1_000;
export const MIN_CONVERSIONS = 30;
/** A winner needs this probability to be best and this many days live. */
export const WIN_PROBABILITY = 0.95;
export const MIN_DAYS = 14;
/** Stop early when the control is at least this likely to beat every variant. */
export const LOSS_PROBABILITY = 0.99;
/** A sample-ratio mismatch below this p-value marks the test as broken. */
export const SRM_ALPHA = 0.001;
export const DEFAULT_MINIMUM_LIFT = 0.1;
const POWER = 0.8;
const ALPHA = 0.05;

export const SRM_CAUSES =
  'Usual causes: visitors dropped before the impression is tracked in one variant (a slower page, a redirect, a crash, ad blockers), bots counted in one variant only, the split or the variants changed while the test ran, or impressions tracked for visitors who were never assigned (caching a personalized page for everyone).';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : typeof v === 'string' && /^\d+(\.\d+)?$/.test(v) ? Number(v) : undefined;
const text = (v: unknown): string | undefined => (typeof v === 'string' || typeof v === 'number' ? String(v) : undefined);

const ID_KEYS = ['variantShortUid', 'shortUid', 'variantShortId', 'variant_short_uid', 'variantUid', 'variantId', 'variant'];
const NAME_KEYS = ['variantName', 'name'];
const IMPRESSION_KEYS = ['impressions', 'impressionCount', 'uniqueImpressions', 'totalImpressions', 'visitors', 'users'];
const CONVERSION_KEYS = ['conversions', 'conversionCount', 'totalConversions'];
/** Fields understood and recomputed here, so not reported as unknown. */
const DERIVED_KEYS = ['conversionRate', 'rate', 'ctr'];
const METRIC_ID_KEYS = ['eventKey', 'event', 'eventUid', 'metricUid', 'metric', 'uid', 'name', 'key'];
const METRIC_COUNT_KEYS = ['conversions', 'count', 'value', 'total'];

export interface ParsedVariant {
  id?: string;
  name?: string;
  impressions: number;
  /** Conversions per metric (event key, event uid or name, as the API named it); `*` when the API gave one count. */
  conversions: Record<string, number>;
}

export interface ParsedSummary {
  variants: ParsedVariant[];
  /** What was not understood, by path, as the API returned it. */
  unrecognized: Record<string, unknown>;
}

const first = (o: Obj, keys: string[]) => keys.find((k) => o[k] !== undefined);

function parseMetrics(v: unknown, path: string, unrecognized: Obj): Record<string, number> {
  const out: Record<string, number> = {};
  if (num(v) !== undefined) return { '*': num(v)! };
  if (Array.isArray(v)) {
    v.forEach((m, i) => {
      const id = isObj(m) ? first(m, METRIC_ID_KEYS) : undefined;
      const count = isObj(m) ? first(m, METRIC_COUNT_KEYS) : undefined;
      if (isObj(m) && id && count && num(m[count]) !== undefined) out[text(m[id]) ?? String(i)] = num(m[count])!;
      else unrecognized[`${path}[${i}]`] = m;
    });
    return out;
  }
  if (isObj(v)) {
    for (const [k, x] of Object.entries(v)) {
      const n = num(x) ?? (isObj(x) ? num(x[first(x, METRIC_COUNT_KEYS) ?? '']) : undefined);
      if (n !== undefined) out[k] = n;
      else unrecognized[`${path}.${k}`] = x;
    }
    return out;
  }
  if (v !== undefined) unrecognized[path] = v;
  return out;
}

/** The variants' counts from an analytics summary, wherever the API put them; what is not understood is kept. */
export function parseSummary(body: unknown): ParsedSummary {
  const unrecognized: Obj = {};
  const containers: Array<[unknown, string]> = [[body, '']];
  if (isObj(body)) for (const k of ['data', 'summary', 'analytics', 'result']) if (body[k] !== undefined) containers.push([body[k], `${k}.`]);
  let list: unknown[] | undefined;
  let listPath = 'variants';
  for (const [c, prefix] of containers) {
    if (Array.isArray(c)) {
      list = c;
      listPath = prefix ? prefix.slice(0, -1) : '';
      break;
    }
    if (isObj(c) && Array.isArray(c.variants)) {
      list = c.variants;
      listPath = `${prefix}variants`;
      break;
    }
  }
  if (isObj(body)) {
    const knownTop = new Set([
      'experienceUid',
      'versionUid',
      'type',
      'totalImpressions',
      'totalConversions',
      'variants',
      ...(listPath.includes('.') ? [listPath.split('.')[0]!] : []),
    ]);
    for (const [k, v] of Object.entries(body)) if (!knownTop.has(k)) unrecognized[k] = v;
  } else if (!Array.isArray(body) && body !== undefined && body !== null) unrecognized[''] = body;
  const variants: ParsedVariant[] = [];
  (list ?? []).forEach((raw, i) => {
    const path = `${listPath || ''}[${i}]`;
    if (!isObj(raw)) {
      unrecognized[path] = raw;
      return;
    }
    const idKey = first(raw, ID_KEYS);
    const nameKey = first(raw, NAME_KEYS);
    const impKey = first(raw, IMPRESSION_KEYS);
    const convKey = first(raw, CONVERSION_KEYS) ?? (raw.metrics !== undefined ? 'metrics' : undefined);
    const used = new Set([idKey, nameKey, impKey, convKey, ...DERIVED_KEYS, ...NAME_KEYS.filter((k) => k !== nameKey && raw[k] !== undefined && typeof raw[k] === 'string')]);
    for (const [k, v] of Object.entries(raw)) if (!used.has(k)) unrecognized[`${path}.${k}`] = v;
    const impressions = impKey ? num(raw[impKey]) : undefined;
    if (impKey && impressions === undefined) unrecognized[`${path}.${impKey}`] = raw[impKey];
    variants.push({
      id: idKey ? text(raw[idKey]) : undefined,
      name: nameKey ? text(raw[nameKey]) : undefined,
      impressions: impressions ?? 0,
      conversions: convKey ? parseMetrics(raw[convKey], `${path}.${convKey}`, unrecognized) : {},
    });
  });
  if (!list && body !== undefined && body !== null) unrecognized['(variants)'] = 'no list of variants found';
  return { variants, unrecognized };
}

export interface VersionVariant {
  name?: string;
  shortUid?: string | number;
  trafficDistribution?: number;
}
export interface Metric {
  event?: string;
  name?: string;
  __type?: string;
  eventKey?: string;
}

export interface ResultsInput {
  experienceUid: string;
  experienceName?: string;
  /** `AB_TEST`, `SEGMENTED`, or what the API said. */
  type?: string;
  versionUid: string;
  versionStatus?: string;
  variants: VersionVariant[];
  metrics: Metric[];
  /** When the version went live (ISO), if known. */
  startedAt?: string;
  /** The analytics summary, or null when the API has none for this version (404). */
  summary: unknown | null;
  now: number;
  minimumLift?: number;
}

const pct = (x: number, digits = 1) => `${(x * 100).toFixed(digits)}%`;
const round = (x: number, digits = 6) => Number(x.toFixed(digits));
const sig = (x: number, digits = 4) => Number(x.toPrecision(digits));

export function experimentResults(input: ResultsInput) {
  const parsed: ParsedSummary = input.summary === null ? { variants: [], unrecognized: {} } : parseSummary(input.summary);
  const notes: string[] = [];
  const isAB = input.type === 'AB_TEST';
  const primary = input.metrics.find((m) => m.__type === 'Primary') ?? input.metrics[0];
  const metricLabel = primary ? (primary.eventKey ?? primary.name ?? primary.event ?? 'primary metric') : 'conversions';

  // Match the API's variants to the version's by short uid, then by name; keep any the version does not have.
  const used = new Set<ParsedVariant>();
  const rows = input.variants.map((v, i) => {
    const found =
      parsed.variants.find((p) => !used.has(p) && p.id !== undefined && p.id === String(v.shortUid)) ??
      parsed.variants.find((p) => !used.has(p) && p.name !== undefined && p.name === v.name) ??
      (parsed.variants.length === input.variants.length && parsed.variants.every((p) => p.id === undefined && p.name === undefined) ? parsed.variants[i] : undefined);
    if (found) used.add(found);
    return { shortUid: v.shortUid === undefined ? undefined : String(v.shortUid), name: v.name, share: v.trafficDistribution, data: found };
  });
  for (const p of parsed.variants.filter((x) => !used.has(x))) {
    rows.push({ shortUid: p.id, name: p.name ?? '(not in this version)', share: undefined, data: p });
    notes.push(`The analytics name a variant this version does not have (${p.id ?? p.name ?? '?'}); it is listed but not compared.`);
  }
  const conversionsOf = (d: ParsedVariant | undefined): number => {
    if (!d) return 0;
    const keys = Object.keys(d.conversions);
    if (keys.length === 0) return 0;
    if (keys.length === 1 && keys[0] === '*') return d.conversions['*']!;
    const match = primary && [primary.eventKey, primary.event, primary.name].find((k) => k !== undefined && d.conversions[k] !== undefined);
    return match ? d.conversions[match]! : d.conversions[keys[0]!]!;
  };
  if (parsed.variants.some((p) => Object.keys(p.conversions).length === 1 && p.conversions['*'] !== undefined) && input.metrics.length > 1) {
    notes.push(`The analytics give one conversion count per variant; it is read as the primary metric (${metricLabel}).`);
  }
  const unrecognizedPaths = Object.keys(parsed.unrecognized);
  if (unrecognizedPaths.length)
    notes.push(`Not understood in the analytics summary (kept under "unrecognized"): ${unrecognizedPaths.slice(0, 10).join(', ')}${unrecognizedPaths.length > 10 ? ', …' : ''}.`);

  const started = input.startedAt ? Date.parse(input.startedAt) : Number.NaN;
  const daysLive = Number.isFinite(started) ? Math.max(0, (input.now - started) / DAY_MS) : null;
  const totalImpressions = rows.reduce((s, r) => s + (r.data?.impressions ?? 0), 0);
  const totalConversions = isAB ? rows.reduce((s, r) => s + conversionsOf(r.data), 0) : 0;
  const controlIndex = Math.max(
    0,
    rows.findIndex((r) => /\bcontrol\b/i.test(r.name ?? '')),
  );

  const base = {
    experienceUid: input.experienceUid,
    ...(input.experienceName ? { experienceName: input.experienceName } : {}),
    type: input.type ?? 'UNKNOWN',
    versionUid: input.versionUid,
    ...(input.versionStatus ? { versionStatus: input.versionStatus } : {}),
    startedAt: input.startedAt ?? null,
    daysLive: daysLive === null ? null : round(daysLive, 2),
    totals: { impressions: totalImpressions, ...(isAB ? { conversions: totalConversions } : {}) },
  };

  // Traffic split: the configured percentages, or equal when none are given.
  const shares = rows.map((r) => (typeof r.share === 'number' && r.share >= 0 ? r.share : Number.NaN));
  const configured = shares.every((s) => Number.isFinite(s)) && shares.some((s) => s > 0);
  const splitShares = configured ? shares : rows.map(() => 1);
  const srm =
    rows.length > 1
      ? sampleRatioTest(
          rows.map((r) => r.data?.impressions ?? 0),
          splitShares,
        )
      : null;
  const sampleRatio = srm
    ? {
        expectedShares: splitShares.map((s) => round(s / splitShares.reduce((a, b) => a + b, 0), 4)),
        splitSource: configured ? 'configured trafficDistribution' : 'equal (no trafficDistribution configured)',
        chiSquare: Number.isFinite(srm.chiSquare) ? round(srm.chiSquare, 4) : null,
        degreesOfFreedom: srm.degreesOfFreedom,
        pValue: sig(srm.pValue),
        broken: srm.pValue < SRM_ALPHA,
        ...(srm.pValue < SRM_ALPHA ? { causes: SRM_CAUSES } : {}),
      }
    : null;

  if (!isAB) {
    const variants = rows.map((r) => ({ shortUid: r.shortUid ?? null, name: r.name ?? null, impressions: r.data?.impressions ?? 0 }));
    const summary = `${input.experienceName ?? input.experienceUid} is a segmented experience: each variant is shown to its own audience, so there are no conversions to compare and no winner to pick. ${
      variants.length ? `Impressions so far: ${variants.map((v) => `${v.name ?? v.shortUid} ${v.impressions.toLocaleString('en-US')}`).join(', ')}.` : 'No impressions yet.'
    }`;
    return {
      ...base,
      status: 'not_an_ab_test' as const,
      rule: 'Segmented experiences have no control or conversions to compare: only impressions per variant are reported.',
      variants,
      notes,
      ...(unrecognizedPaths.length ? { unrecognized: parsed.unrecognized } : {}),
      summary,
    };
  }

  const groups = rows.map((r) => ({ impressions: r.data?.impressions ?? 0, conversions: Math.min(conversionsOf(r.data), r.data?.impressions ?? 0) }));
  if (rows.some((r) => conversionsOf(r.data) > (r.data?.impressions ?? 0)))
    notes.push('A variant has more conversions than impressions; its conversions are capped at its impressions for the statistics.');
  const p2bb = groups.length ? probabilityToBeBest(groups) : [];
  const control = groups[controlIndex];
  const variants = rows.map((r, i) => {
    const g = groups[i]!;
    const interval = wilsonInterval(g.conversions, g.impressions);
    const isControl = i === controlIndex;
    const test = !isControl && control ? twoProportionTest(control.conversions, control.impressions, g.conversions, g.impressions) : null;
    const lift = !isControl && control ? relativeLift(control.conversions, control.impressions, g.conversions, g.impressions) : null;
    const perMetric = r.data && !(Object.keys(r.data.conversions).length === 1 && r.data.conversions['*'] !== undefined) ? r.data.conversions : { [metricLabel]: g.conversions };
    return {
      shortUid: r.shortUid ?? null,
      name: r.name ?? null,
      isControl,
      impressions: g.impressions,
      conversions: perMetric,
      conversionRate: g.impressions ? round(g.conversions / g.impressions) : null,
      conversionRateInterval95: interval ? { low: round(interval.low), high: round(interval.high) } : null,
      ...(isControl
        ? {}
        : {
            liftVsControl: lift ? { value: sig(lift.value), low95: sig(lift.low), high95: sig(lift.high) } : null,
            pValueVsControl: test ? sig(test.pValue) : null,
          }),
      probabilityToBeBest: p2bb[i] === undefined ? null : round(p2bb[i]!, 4),
    };
  });

  // Time left: impressions per day so far, and days until every arm has the sample the test needs.
  const minimumLift = input.minimumLift ?? DEFAULT_MINIMUM_LIFT;
  const baseline =
    control && control.impressions > 0 && control.conversions > 0 ? control.conversions / control.impressions : totalImpressions > 0 ? totalConversions / totalImpressions : 0;
  const needed = sampleSizePerGroup(baseline, minimumLift, ALPHA, POWER);
  const perDay = daysLive && daysLive > 0 ? totalImpressions / Math.max(daysLive, 1) : null;
  let daysLeft: number | null = null;
  let timeNote: string;
  if (needed === null)
    timeNote =
      baseline === 0 ? 'No conversions yet: the sample a test needs cannot be estimated.' : 'The lift asked for would take the rate to 100% or more: no sample size applies.';
  else if (input.versionStatus !== undefined && input.versionStatus !== 'ACTIVE')
    timeNote = `The version is ${input.versionStatus.toLowerCase()}: it gets no new traffic, so there is no time left to estimate.`;
  else if (daysLive === null) timeNote = "The version's start date is unknown: impressions per day cannot be measured.";
  else if (rows.length < 2) timeNote = 'Only one variant: there is nothing to compare.';
  else {
    const days = groups.map((g) => {
      const rate = g.impressions / Math.max(daysLive, 1);
      return g.impressions >= needed ? 0 : rate > 0 ? (needed - g.impressions) / rate : Number.POSITIVE_INFINITY;
    });
    const worst = Math.max(...days);
    daysLeft = Number.isFinite(worst) ? Math.ceil(worst) : null;
    const target = `To detect a relative lift as small as ${pct(minimumLift, 0)} (80% power, α = 0.05) every variant needs ${needed.toLocaleString('en-US')} impressions`;
    timeNote =
      daysLeft === null
        ? `${target}; a variant has no impressions yet, so the time left cannot be estimated.`
        : daysLeft === 0
          ? `${target}, and every variant has them.`
          : `${target}: about ${daysLeft} more day${daysLeft === 1 ? '' : 's'} at the current traffic.`;
  }
  const timeLeft = {
    impressionsPerDay: perDay === null ? null : round(perDay, 1),
    minimumRelativeLift: minimumLift,
    power: POWER,
    alpha: ALPHA,
    baselineRate: round(baseline),
    impressionsNeededPerVariant: needed,
    daysLeft,
    note: timeNote,
  };

  // The verdict, first rule that applies.
  const best = p2bb.length ? p2bb.indexOf(Math.max(...p2bb)) : -1;
  const nameOf = (i: number) => rows[i]?.name ?? rows[i]?.shortUid ?? `variant ${i + 1}`;
  let status: 'collecting' | 'no_winner_yet' | 'winner' | 'stop_early_loss';
  let rule: string;
  let winner: { shortUid: string | null; name: string | null } | undefined;
  if (input.summary === null) {
    status = 'collecting';
    rule = 'The API has no analytics for this version yet (404): it has not been live, or nothing has been tracked.';
  } else if (totalImpressions < MIN_IMPRESSIONS && totalConversions < MIN_CONVERSIONS) {
    status = 'collecting';
    rule = `Under ${MIN_IMPRESSIONS.toLocaleString('en-US')} impressions (${totalImpressions.toLocaleString('en-US')}) and under ${MIN_CONVERSIONS} conversions (${totalConversions}): too little data to judge.`;
  } else if (rows.length < 2) {
    status = 'no_winner_yet';
    rule = 'Only one variant: there is nothing to compare it with.';
  } else if (sampleRatio?.broken) {
    status = 'no_winner_yet';
    rule = `Sample ratio mismatch (p = ${sampleRatio.pValue} < ${SRM_ALPHA}): the traffic does not follow the configured split, so no verdict is trustworthy until the cause is found.`;
  } else if (p2bb[best]! >= WIN_PROBABILITY && daysLive !== null && daysLive >= MIN_DAYS) {
    status = 'winner';
    winner = { shortUid: rows[best]!.shortUid ?? null, name: rows[best]!.name ?? null };
    rule = `${nameOf(best)} has a ${pct(p2bb[best]!)} probability to be best (≥ ${pct(WIN_PROBABILITY, 0)}) after ${Math.floor(daysLive)} days live (≥ ${MIN_DAYS}).`;
  } else if (p2bb[controlIndex]! >= LOSS_PROBABILITY) {
    status = 'stop_early_loss';
    rule = `The control (${nameOf(controlIndex)}) is ${pct(p2bb[controlIndex]!)} likely to beat every variant (≥ ${pct(LOSS_PROBABILITY, 0)}): the variants are losing.`;
  } else {
    status = 'no_winner_yet';
    rule =
      p2bb[best]! >= WIN_PROBABILITY
        ? `${nameOf(best)} leads with ${pct(p2bb[best]!)} probability to be best, but the version has been live ${daysLive === null ? 'for an unknown time' : `${Math.floor(daysLive)} days`}; a winner needs ${MIN_DAYS} days.`
        : `No variant reaches ${pct(WIN_PROBABILITY, 0)} probability to be best (the leader, ${nameOf(best)}, has ${pct(p2bb[best]!)}).`;
  }

  const summary = plainSummary({
    name: input.experienceName ?? input.experienceUid,
    status,
    rule,
    variants,
    controlIndex,
    sampleRatio,
    timeLeft,
    metricLabel,
    daysLive,
    totalImpressions,
  });
  return {
    ...base,
    metric: metricLabel,
    status,
    rule,
    ...(winner ? { winner } : {}),
    control: { shortUid: rows[controlIndex]?.shortUid ?? null, name: rows[controlIndex]?.name ?? null },
    variants,
    sampleRatio,
    timeLeft,
    notes,
    ...(unrecognizedPaths.length ? { unrecognized: parsed.unrecognized } : {}),
    summary,
  };
}

interface SummaryParts {
  name: string;
  status: string;
  rule: string;
  variants: Array<{
    name: string | null;
    shortUid: string | null;
    impressions: number;
    conversionRate: number | null;
    probabilityToBeBest: number | null;
    liftVsControl?: { value: number; low95: number; high95: number } | null;
    pValueVsControl?: number | null;
  }>;
  controlIndex: number;
  sampleRatio: { broken: boolean; pValue: number } | null;
  timeLeft: { impressionsPerDay: number | null; daysLeft: number | null; minimumRelativeLift: number; note: string };
  metricLabel: string;
  daysLive: number | null;
  totalImpressions: number;
}

function plainSummary(s: SummaryParts): string {
  const label = (v: { name: string | null; shortUid: string | null }) => v.name ?? `variant ${v.shortUid}`;
  const verdict: Record<string, string> = {
    collecting: 'is still collecting data',
    no_winner_yet: 'has no winner yet',
    winner: 'has a winner',
    stop_early_loss: 'can be stopped early: the variants are losing to the control',
  };
  const parts = [`${s.name} ${verdict[s.status] ?? s.status}. ${s.rule}`];
  const control = s.variants[s.controlIndex];
  if (control) {
    const rates = s.variants
      .filter((v) => v.conversionRate !== null)
      .map((v) => {
        const lift = v.liftVsControl
          ? `, ${v.liftVsControl.value >= 0 ? '+' : ''}${pct(v.liftVsControl.value)} vs control (95% interval ${pct(v.liftVsControl.low95)} to ${pct(v.liftVsControl.high95)}, p = ${v.pValueVsControl})`
          : '';
        return `${label(v)} converts at ${pct(v.conversionRate!, 2)} on ${v.impressions.toLocaleString('en-US')} impressions${lift}, ${pct(v.probabilityToBeBest ?? 0)} likely to be best`;
      });
    if (rates.length) parts.push(`On ${s.metricLabel}: ${rates.join('; ')}.`);
  }
  if (s.sampleRatio?.broken)
    parts.push(`Warning: the traffic does not follow the configured split (sample ratio mismatch, p = ${s.sampleRatio.pValue}); find the cause before trusting these numbers.`);
  else if (s.sampleRatio) parts.push('The traffic follows the configured split.');
  if (s.timeLeft.impressionsPerDay !== null) parts.push(`The test gets about ${Math.round(s.timeLeft.impressionsPerDay).toLocaleString('en-US')} impressions a day.`);
  parts.push(s.timeLeft.note);
  return parts.join(' ');
}
