import { listAudiences as readAudiences } from '../../api/management/audiences.js';
import { defineTool, READ } from '../define.js';
import { pageInput, pageOf, pageOutput, pageSummary } from '../paging.js';
import { entities, projectUid } from '../params.js';

export const listAudiences = defineTool({
  name: 'list_audiences',
  toolset: 'audiences',
  title: 'List audiences',
  description: "List the project's audiences (uid, name, description, definition); Lytics-synced ones have source LYTICS.",
  input: { projectUid, ...pageInput },
  output: { audiences: entities, ...pageOutput },
  hints: READ,
  async run(a, ctx) {
    const project = ctx.project(a.projectUid);
    const { items, ...page } = pageOf(ctx, 'list_audiences', [project], await readAudiences(ctx.api, project), a);
    return { audiences: items, ...page };
  },
  summary: (o) => pageSummary(o, o.audiences.length, 'audiences'),
});
