import { z } from 'zod';
import { mergeUsers as postMerge } from '../../api/edge/user-attributes.js';
import { ToolInputError } from '../../api/errors.js';
import { defineTool } from '../define.js';
import { projectUid } from '../params.js';
import { EDGE_WRITE } from './hints.js';
import { userUid } from './params.js';

export const mergeUsers = defineTool({
  name: 'merge_users',
  toolset: 'edge',
  title: 'Merge visitors',
  description: ["Merge one visitor's attributes into another (Edge API), e.g. an anonymous visitor into their login id.", 'WRITES INTO PRODUCTION VISITOR DATA.'].join(' '),
  input: {
    projectUid,
    sourceUserUid: userUid.describe('Visitor merged from (e.g. the anonymous uid)'),
    targetUserUid: userUid.describe('Visitor merged into (e.g. the login id)'),
  },
  output: { projectUid: z.string(), sourceUserUid: z.string(), targetUserUid: z.string(), merged: z.boolean() },
  hints: EDGE_WRITE,
  async run(a, ctx) {
    const project = ctx.project(a.projectUid);
    if (a.sourceUserUid === a.targetUserUid) throw new ToolInputError('sourceUserUid and targetUserUid are the same visitor: there is nothing to merge.');
    await postMerge(ctx.edge, project, a.sourceUserUid, a.targetUserUid);
    return { projectUid: project, sourceUserUid: a.sourceUserUid, targetUserUid: a.targetUserUid, merged: true };
  },
  summary: (o) => `Merged visitor ${o.sourceUserUid} into ${o.targetUserUid}`,
});
