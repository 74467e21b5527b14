import { z } from 'zod';
import { setUserAttributes as patchAttributes } from '../../api/edge/user-attributes.js';
import { ToolInputError } from '../../api/errors.js';
import { defineTool } from '../define.js';
import { projectUid } from '../params.js';
import { EDGE_WRITE } from './hints.js';
import { assertKnownKeys, ATTRIBUTE_KEYS } from './keys.js';
import { attributeMap, attributeValue, userUid } from './params.js';

export const setUserAttributes = defineTool({
  name: 'set_user_attributes',
  toolset: 'edge',
  title: 'Set visitor attributes',
  description: [
    'Store custom attribute values (list_attributes keys) on a visitor (Edge API); other keys stay.',
    'WRITES INTO PRODUCTION VISITOR DATA: use test visitor uids, or get_manifest liveAttributes to try values unstored.',
  ].join(' '),
  input: {
    projectUid,
    userUid,
    attributes: attributeMap('e.g. {"loyalty_points": 750, "plan": "pro"}'),
  },
  output: { projectUid: z.string(), userUid: z.string(), attributes: z.record(z.string(), attributeValue) },
  hints: EDGE_WRITE,
  async run(a, ctx) {
    const project = ctx.project(a.projectUid);
    const keys = Object.keys(a.attributes);
    if (!keys.length) throw new ToolInputError('attributes is empty: pass at least one custom attribute key and value.');
    await assertKnownKeys(ctx, project, ATTRIBUTE_KEYS, keys);
    await patchAttributes(ctx.edge, project, a.userUid, a.attributes);
    return { projectUid: project, userUid: a.userUid, attributes: a.attributes };
  },
  summary: (o) => `Stored ${Object.keys(o.attributes).length} attribute(s) for visitor ${o.userUid}`,
});
