import { z } from 'zod';
import type { SessionContext } from '../../context.js';
import { createTool, deleteTool, listTool, updateTool, type Collection, type UpdateGuard } from '../crud.js';
import { findDependents } from '../dependents.js';
import { findByUid, label } from '../lookup.js';
import { description, eventUid } from '../params.js';

const events: Collection = {
  toolset: 'events', path: '/events', singular: 'event', plural: 'events',
  fields: ['key', 'description'], idParam: 'eventUid', idSchema: eventUid,
};

const key = z.string().trim().min(1).max(100).describe('Event key, as sent by the SDK\'s triggerEvent(key)');

/** The event as stored and the live experiences (ACTIVE or PAUSED) that count it as a metric, when the key changes. */
async function keyChange(a: Record<string, unknown>, ctx: SessionContext) {
  if (a.key === undefined) return undefined;
  const project = ctx.project(a.projectUid as string | undefined);
  const event = findByUid(await ctx.reads.list(project, events.path), a.eventUid as string, 'event', 'list_events', project);
  if (event.key === a.key) return undefined;
  const live = (await findDependents(ctx, project, 'event', event.uid)).experiences.filter((e) => e.live);
  return live.length ? { project, event, live } : undefined;
}

/** A new key breaks the metric of every live A/B test that counts the old one: the site still sends the old key. */
const keyGuard: UpdateGuard = {
  needsConfirmation: async (a, ctx) => Boolean(await keyChange(a, ctx)),
  async confirm(a, ctx) {
    const { project, event, live } = (await keyChange(a, ctx))!;
    const names = live.map((e) => `'${e.name}' (${e.uid}; ${e.versions.map((v) => v.status).join('/')})`).join(', ');
    return `Change the key of event ${label(event)} in project ${project} from '${String(event.key)}' to '${String(a.key)}'. `
      + `Live experience${live.length > 1 ? 's' : ''} ${names} count${live.length > 1 ? '' : 's'} it as a metric: conversions the site sends as '${String(event.key)}' stop counting at once, so ${live.length > 1 ? 'their' : 'its'} results break until the site sends '${String(a.key)}'.`;
  },
};

export const eventTools = [
  listTool(events, 'List the project\'s conversion events (uid, key), used as A/B test metrics.'),
  createTool(events, 'Create a conversion event that A/B tests can use as a metric.', { key, description: description.optional() }),
  updateTool(events, 'Change an event\'s key or description. Pass only what changes. A new key for an event a live experience measures needs the user\'s confirmation.', { key: key.optional(), description: description.optional() }, keyGuard),
  deleteTool(events, 'Delete a conversion event.', 'A/B tests that use it as a metric lose its conversion data.'),
];
