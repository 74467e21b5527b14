import { listVersions } from '../../api/management/versions.js';
import { defineTool, READ } from '../define.js';
import { pageInput, pageOf, pageOutput, pageSummary } from '../paging.js';
import { entities, experienceUid, projectUid } from '../params.js';

export const listExperienceVersions = defineTool({
  name: 'list_experience_versions',
  toolset: 'experiences',
  title: 'List experience versions',
  description: "List an experience's versions (uid, status DRAFT/ACTIVE/PAUSED/ARCHIVED, variants with shortUid, metrics, targeting).",
  input: { projectUid, experienceUid, ...pageInput },
  output: { versions: entities, ...pageOutput },
  hints: READ,
  async run(a, ctx) {
    const project = ctx.project(a.projectUid);
    const { items, ...page } = pageOf(ctx, 'list_experience_versions', [project, a.experienceUid], await listVersions(ctx.api, project, a.experienceUid), a);
    return { versions: items, ...page };
  },
  summary: (o) => pageSummary(o, o.versions.length, 'version(s)'),
});
