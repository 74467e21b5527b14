import { createEvent as postEvent } from '../../api/management/events.js';
import { CREATE, defineTool } from '../define.js';
import { label, pick } from '../lookup.js';
import { description, Entity, projectUid } from '../params.js';
import { key } from './params.js';

export const createEvent = defineTool({
  name: 'create_event',
  toolset: 'events',
  title: 'Create event',
  description: 'Create a conversion event that A/B tests can use as a metric.',
  input: { projectUid, key, description: description.optional() },
  output: { event: Entity },
  hints: CREATE,
  async run(a, ctx) {
    return { event: await postEvent(ctx.api, ctx.project(a.projectUid), pick(a, ['key', 'description'])) };
  },
  summary: (o) => `Created event ${label(o.event)}`,
});
