import { z } from 'zod';
import { createTool, deleteTool, listTool, updateTool, type Collection } from '../crud.js';
import { description, eventUid } from '../params.js';

const events: Collection = {
  toolset: 'events', path: '/events', singular: 'event', plural: 'events',
  fields: ['key', 'description'], idParam: 'eventUid', idSchema: eventUid,
};

const key = z.string().trim().min(1).max(100).describe('Event key, as sent by the SDK\'s triggerEvent(key)');

export const eventTools = [
  listTool(events, 'List the project\'s conversion events (uid, key), used as A/B test metrics.'),
  createTool(events, 'Create a conversion event that A/B tests can use as a metric.', { key, description: description.optional() }),
  updateTool(events, 'Change an event\'s key or description. Pass only what changes.', { key: key.optional(), description: description.optional() }),
  deleteTool(events, 'Delete a conversion event.', 'A/B tests that use it as a metric lose its conversion data.'),
];
