import { z } from 'zod';
import { ToolInputError } from '../../api/errors.js';
import type { SessionContext } from '../../context.js';
import { defineTool, READ } from '../define.js';
import { experienceUid, projectUid, versionUid } from '../params.js';
import { newest, readVersions } from '../experiences/shapes.js';

/** The version analytics are read for: the one named, else the active one, else the newest. */
async function analyticsVersion(ctx: SessionContext, project: string, experience: string, version?: string): Promise<string> {
  if (version) return version;
  const versions = await readVersions(ctx, project, experience);
  const chosen = versions.find((v) => v.status === 'ACTIVE') ?? newest(versions);
  if (!chosen) throw new ToolInputError(`Experience ${experience} has no versions.`);
  return chosen.uid;
}

// Analytics response fields are not established (reference §10): passed through as the API returns them.
const output = { experienceUid: z.string(), versionUid: z.string(), analytics: z.unknown() };

function analyticsTool(name: string, title: string, path: string, description: string) {
  return defineTool({
    name,
    toolset: 'analytics',
    title,
    description,
    input: { projectUid, experienceUid, versionUid: versionUid.optional().describe('Version uid (list_experience_versions); default: the active, else the newest') },
    output,
    hints: READ,
    async run(a, ctx) {
      const project = ctx.project(a.projectUid);
      const version = await analyticsVersion(ctx, project, a.experienceUid, a.versionUid);
      const analytics = await ctx.api.get(`/experiences/${a.experienceUid}/analytics/${path}`, { project, query: { version } });
      return { experienceUid: a.experienceUid, versionUid: version, analytics };
    },
  });
}

export const analyticsTools = [
  analyticsTool('get_experience_analytics', 'Get experience analytics', 'summary',
    'Impressions per variant for a version, and for A/B tests conversions and conversion rates.'),
  analyticsTool('get_experience_timeseries', 'Get experience time series', 'time-series',
    'Impressions and conversions over time per variant for a version.'),
];
