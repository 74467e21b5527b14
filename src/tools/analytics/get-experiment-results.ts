import { z } from 'zod';
import { PersonalizeApiError } from '../../api/errors.js';
import { analyticsSummary } from '../../api/management/analytics.js';
import { cachedEvents } from '../../api/management/events.js';
import { getExperience } from '../../api/management/experiences.js';
import { listVersions } from '../../api/management/versions.js';
import type { SessionContext } from '../../context.js';
import { ToolInputError } from '../../api/errors.js';
import { isServing } from '../live.js';
import { newest } from '../experiences/shapes.js';
import { defineTool, READ } from '../define.js';
import { experienceUid, projectUid, versionUid } from '../params.js';
import { DEFAULT_MINIMUM_LIFT, experimentResults, type Metric, type VersionVariant } from './results.js';

const STATUS = ['collecting', 'no_winner_yet', 'winner', 'stop_early_loss', 'not_an_ab_test'] as const;

/** Reads the experience, the version, its events and its analytics summary, and judges them (results.ts). */
export async function readExperimentResults(ctx: SessionContext, project: string, experience: string, version?: string, minimumLift?: number) {
  const [exp, versions, events] = await Promise.all([getExperience(ctx.api, project, experience), listVersions(ctx.api, project, experience), cachedEvents(ctx.reads, project)]);
  const v = version ? versions.find((x) => x.uid === version) : (versions.find((x) => isServing(x.status)) ?? newest(versions));
  if (!v)
    throw new ToolInputError(version ? `Experience ${experience} has no version ${version} (list_experience_versions lists them).` : `Experience ${experience} has no versions.`);
  let summary: unknown | null;
  try {
    summary = await analyticsSummary(ctx.api, project, experience, v.uid);
  } catch (err) {
    if (!(err instanceof PersonalizeApiError && err.status === 404)) throw err;
    summary = null;
  }
  const keyOf = new Map(events.map((e) => [e.uid, typeof e.key === 'string' ? e.key : undefined]));
  const metrics = (Array.isArray(v.metrics) ? (v.metrics as Metric[]) : []).map((m) => ({ ...m, eventKey: m.event ? keyOf.get(m.event) : undefined }));
  const startedAt = [v.firstActivatedAt, v.activatedAt, exp.activatedAt].find((x): x is string => typeof x === 'string' && Number.isFinite(Date.parse(x)));
  return experimentResults({
    experienceUid: experience,
    experienceName: typeof exp.name === 'string' ? exp.name : undefined,
    // An experience without __type is judged as A/B when its variants are A/B variants.
    type: typeof exp.__type === 'string' ? exp.__type : (v.variants as Array<{ __type?: unknown }> | undefined)?.some((x) => x?.__type === 'ABTestVariant') ? 'AB_TEST' : undefined,
    versionUid: v.uid,
    versionStatus: typeof v.status === 'string' ? v.status : undefined,
    variants: Array.isArray(v.variants) ? (v.variants as VersionVariant[]) : [],
    metrics,
    startedAt,
    summary,
    now: Date.now(),
    minimumLift,
  });
}

export const getExperimentResults = defineTool({
  name: 'get_experiment_results',
  toolset: 'analytics',
  title: 'Get experiment results',
  description: 'Is the A/B test winning, healthy, how long to wait: a status with its rule, per-variant statistics, a summary.',
  input: {
    projectUid,
    experienceUid,
    versionUid: versionUid.optional().describe('Default: the active, else the newest'),
    minimumLift: z.number().gt(0).max(10).optional().describe(`Lift to detect; default ${DEFAULT_MINIMUM_LIFT}`),
  },
  output: {
    status: z.enum(STATUS),
    summary: z.string(),
  },
  hints: READ,
  async run(a, ctx) {
    return readExperimentResults(ctx, ctx.project(a.projectUid), a.experienceUid, a.versionUid, a.minimumLift);
  },
  summary: (o) => o.summary,
});
