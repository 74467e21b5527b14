import { listExperiences as readExperiences } from '../../api/management/experiences.js';
import { defineTool, READ } from '../define.js';
import { listText, pageInput, pageOf, pageOutput } from '../paging.js';
import { rowsOf } from '../rows.js';
import { entities, projectUid } from '../params.js';

export const listExperiences = defineTool({
  name: 'list_experiences',
  toolset: 'experiences',
  title: 'List experiences',
  description: 'List experiences (uid, name, __type SEGMENTED or AB_TEST, status, latestVersion).',
  input: { projectUid, ...pageInput },
  output: { experiences: entities, ...pageOutput },
  hints: READ,
  async run(a, ctx) {
    const project = ctx.project(a.projectUid);
    const { items, ...page } = pageOf(ctx, 'list_experiences', [project], rowsOf(await readExperiences(ctx.api, project), ['name', '__type', 'status', 'latestVersion']), a);
    return { experiences: items, ...page };
  },
  summary: (o) => listText(o, o.experiences, 'experience(s)'),
});
