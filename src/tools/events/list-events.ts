import { listEvents as readEvents } from '../../api/management/events.js';
import { defineTool, READ } from '../define.js';
import { listText, pageInput, pageOf, pageOutput } from '../paging.js';
import { rowsOf } from '../rows.js';
import { entities, projectUid } from '../params.js';

export const listEvents = defineTool({
  name: 'list_events',
  toolset: 'events',
  title: 'List events',
  description: 'List conversion events (uid, key), the A/B test metrics.',
  input: { projectUid, ...pageInput },
  output: { events: entities, ...pageOutput },
  hints: READ,
  async run(a, ctx) {
    const project = ctx.project(a.projectUid);
    const { items, ...page } = pageOf(ctx, 'list_events', [project], rowsOf(await readEvents(ctx.api, project), ['key']), a);
    return { events: items, ...page };
  },
  summary: (o) => listText(o, o.events, 'events'),
});
