import { cachedEvents, deleteEvent as removeEvent } from '../../api/management/events.js';
import { defineTool, DESTROY } from '../define.js';
import { confirmDelete, deletedOutput, deleteWithDependents, force, type Deletable } from '../dependents.js';
import { eventUid, projectUid } from '../params.js';

const event: Deletable = {
  kind: 'event',
  listTool: 'list_events',
  cached: cachedEvents,
  remove: removeEvent,
  consequence: 'A/B tests that use it as a metric lose its conversion data.',
};

export const deleteEvent = defineTool({
  name: 'delete_event',
  toolset: 'events',
  title: 'Delete event',
  description: "Delete a conversion event. Refuses when a live experience depends on it unless force. Needs the user's confirmation.",
  input: { projectUid, eventUid, force },
  output: deletedOutput,
  hints: DESTROY,
  confirm: (a, ctx) => confirmDelete(event, ctx, a, a.eventUid),
  run: (a, ctx) => deleteWithDependents(event, ctx, a, a.eventUid),
  summary: (o) => `Deleted event ${o.uid}`,
});
