import { z } from 'zod';
import { ToolInputError } from '../../api/errors.js';
import { defineTool } from '../define.js';
import { projectUid } from '../params.js';
import { EDGE_WRITE } from './hints.js';
import { assertKnownKeys } from './keys.js';
import { attributeValue, userUid } from './params.js';

export const setUserAttributes = defineTool({
  name: 'set_user_attributes',
  toolset: 'edge',
  title: 'Set visitor attributes',
  description: [
    'Store attribute values for a visitor through the Edge API (PATCH /user-attributes): they count in every later manifest.',
    'WRITES INTO PRODUCTION VISITOR DATA of the project (not a simulation): use test visitor uids, or liveAttributes on get_manifest to try values without storing them.',
    'Keys are custom attribute keys (list_attributes); values are strings, numbers or booleans. New values overwrite old ones; other keys are kept.',
  ].join(' '),
  input: {
    projectUid,
    userUid,
    attributes: z.record(z.string().min(1).max(100), attributeValue).describe('Custom attribute key → value, e.g. {"loyalty_points": 750, "plan": "pro"}'),
  },
  output: { projectUid: z.string(), userUid: z.string(), attributes: z.record(z.string(), attributeValue) },
  hints: EDGE_WRITE,
  async run(a, ctx) {
    const project = ctx.project(a.projectUid);
    const keys = Object.keys(a.attributes);
    if (!keys.length) throw new ToolInputError('attributes is empty: pass at least one custom attribute key and value.');
    await assertKnownKeys(ctx, project, '/attributes', keys);
    await ctx.edge.setUserAttributes(project, a.userUid, a.attributes);
    return { projectUid: project, userUid: a.userUid, attributes: a.attributes };
  },
  summary: (o) => `Stored ${Object.keys(o.attributes).length} attribute(s) for visitor ${o.userUid}`,
});
