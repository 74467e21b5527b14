import { listExperiences as readExperiences } from '../../api/management/experiences.js';
import { defineTool, READ } from '../define.js';
import { pageInput, pageOf, pageOutput, pageSummary } from '../paging.js';
import { entities, projectUid } from '../params.js';

export const listExperiences = defineTool({
  name: 'list_experiences',
  toolset: 'experiences',
  title: 'List experiences',
  description: "List the project's experiences (uid, name, __type SEGMENTED or AB_TEST, status, latestVersion).",
  input: { projectUid, ...pageInput },
  output: { experiences: entities, ...pageOutput },
  hints: READ,
  async run(a, ctx) {
    const project = ctx.project(a.projectUid);
    const { items, ...page } = pageOf(ctx, 'list_experiences', [project], await readExperiences(ctx.api, project), a);
    return { experiences: items, ...page };
  },
  summary: (o) => pageSummary(o, o.experiences.length, 'experience(s)'),
});
