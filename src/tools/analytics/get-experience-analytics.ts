import { analyticsSummary } from '../../api/management/analytics.js';
import { defineTool, READ } from '../define.js';
import { analyticsInput, analyticsOutput, analyticsVersion } from './version.js';

export const getExperienceAnalytics = defineTool({
  name: 'get_experience_analytics',
  toolset: 'analytics',
  title: 'Get experience analytics',
  description: 'Impressions per variant of a version; for A/B tests also conversions and rates.',
  input: analyticsInput,
  output: analyticsOutput,
  hints: READ,
  async run(a, ctx) {
    const project = ctx.project(a.projectUid);
    const version = await analyticsVersion(ctx, project, a.experienceUid, a.versionUid);
    const analytics = await analyticsSummary(ctx.api, project, a.experienceUid, version);
    return { experienceUid: a.experienceUid, versionUid: version, analytics };
  },
});
