import { listEvents as readEvents } from '../../api/management/events.js';
import { defineTool, READ } from '../define.js';
import { pageInput, pageOf, pageOutput, pageSummary } from '../paging.js';
import { entities, projectUid } from '../params.js';

export const listEvents = defineTool({
  name: 'list_events',
  toolset: 'events',
  title: 'List events',
  description: "List the project's conversion events (uid, key), used as A/B test metrics.",
  input: { projectUid, ...pageInput },
  output: { events: entities, ...pageOutput },
  hints: READ,
  async run(a, ctx) {
    const project = ctx.project(a.projectUid);
    const { items, ...page } = pageOf(ctx, 'list_events', [project], await readEvents(ctx.api, project), a);
    return { events: items, ...page };
  },
  summary: (o) => pageSummary(o, o.events.length, 'events'),
});
