import { listAudiences as readAudiences } from '../../api/management/audiences.js';
import { defineTool, READ } from '../define.js';
import { listText, pageInput, pageOf, pageOutput } from '../paging.js';
import { rowsOf } from '../rows.js';
import { entities, projectUid } from '../params.js';

export const listAudiences = defineTool({
  name: 'list_audiences',
  toolset: 'audiences',
  title: 'List audiences',
  description: 'List audiences (uid, name; source LYTICS when synced); rules via describe_audience.',
  input: { projectUid, ...pageInput },
  output: { audiences: entities, ...pageOutput },
  hints: READ,
  async run(a, ctx) {
    const project = ctx.project(a.projectUid);
    const { items, ...page } = pageOf(ctx, 'list_audiences', [project], rowsOf(await readAudiences(ctx.api, project), ['name', 'source']), a);
    return { audiences: items, ...page };
  },
  summary: (o) => listText(o, o.audiences, 'audiences'),
});
