import { cachedEvents, listEvents, updateEvent as putEvent } from '../../api/management/events.js';
import type { SessionContext } from '../../context.js';
import { defineTool, LIVE } from '../define.js';
import { findDependents } from '../dependents.js';
import { findByUid, label, pick } from '../lookup.js';
import { mergeWrite } from '../merge.js';
import { description, Entity, eventUid, projectUid } from '../params.js';
import { key } from './params.js';

/** The event as stored and the live experiences that count it as a metric, when the key changes. */
async function keyChange(a: { projectUid?: string; eventUid: string; key?: string }, ctx: SessionContext) {
  if (a.key === undefined) return undefined;
  const project = ctx.project(a.projectUid);
  const event = findByUid(await cachedEvents(ctx.reads, project), a.eventUid, 'event', 'list_events', project);
  if (event.key === a.key) return undefined;
  const live = (await findDependents(ctx, project, 'event', event.uid)).experiences.filter((e) => e.live);
  return live.length ? { project, event, live } : undefined;
}

export const updateEvent = defineTool({
  name: 'update_event',
  toolset: 'events',
  title: 'Update event',
  description: "Change an event's key or description. Pass only what changes. A new key for an event a live experience measures needs the user's confirmation.",
  input: { projectUid, eventUid, key: key.optional(), description: description.optional() },
  output: { event: Entity },
  hints: LIVE,
  // A new key breaks the metric of every live A/B test that counts the old one: the site still sends the old key.
  needsConfirmation: async (a, ctx) => Boolean(await keyChange(a, ctx)),
  async confirm(a, ctx) {
    const { project, event, live } = (await keyChange(a, ctx))!;
    const names = live.map((e) => `'${e.name}' (${e.uid}; ${e.versions.map((v) => v.status).join('/')})`).join(', ');
    return (
      `Change the key of event ${label(event)} in project ${project} from '${String(event.key)}' to '${String(a.key)}'. ` +
      `Live experience${live.length > 1 ? 's' : ''} ${names} count${live.length > 1 ? '' : 's'} it as a metric: conversions the site sends as '${String(event.key)}' stop counting at once, so ${live.length > 1 ? 'their' : 'its'} results break until the site sends '${String(a.key)}'.`
    );
  },
  async run(a, ctx) {
    const project = ctx.project(a.projectUid);
    const current = findByUid(await listEvents(ctx.api, project), a.eventUid, 'event', 'list_events', project);
    const changes = pick(a, ['key', 'description']);
    return { event: await mergeWrite(current, changes, (body) => putEvent(ctx.api, project, a.eventUid, body)) };
  },
  summary: (o) => `Updated event ${label(o.event)}`,
});
