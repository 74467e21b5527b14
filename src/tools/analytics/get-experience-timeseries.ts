import { analyticsTimeSeries } from '../../api/management/analytics.js';
import { defineTool, READ } from '../define.js';
import { analyticsInput, analyticsOutput, analyticsVersion } from './version.js';

export const getExperienceTimeseries = defineTool({
  name: 'get_experience_timeseries',
  toolset: 'analytics',
  title: 'Get experience time series',
  description: 'Impressions and conversions over time per variant for a version.',
  input: analyticsInput,
  output: analyticsOutput,
  hints: READ,
  async run(a, ctx) {
    const project = ctx.project(a.projectUid);
    const version = await analyticsVersion(ctx, project, a.experienceUid, a.versionUid);
    const analytics = await analyticsTimeSeries(ctx.api, project, a.experienceUid, version);
    return { experienceUid: a.experienceUid, versionUid: version, analytics };
  },
});
