import { z } from 'zod';
import { ToolInputError } from '../../api/errors.js';
import { setPriority } from '../../api/management/priority.js';
import { defineTool, LIVE } from '../define.js';
import { projectUid, uidString } from '../params.js';
import { namedOrder, Ranked } from './priority.js';

export const setExperiencePriority = defineTool({
  name: 'set_experience_priority',
  toolset: 'experiences',
  title: 'Set experience priority',
  description: "Reorder experiences, highest priority first; the list must hold every experience of the project. Changes what live visitors get. Needs the user's confirmation.",
  input: { projectUid, priorityOrder: z.array(uidString()).min(1).max(1000).describe('Every experience uid, highest priority first') },
  output: { status: z.string(), priorityOrder: Ranked },
  hints: LIVE,
  async confirm(a, ctx) {
    const project = ctx.project(a.projectUid);
    const { experiences, order } = await namedOrder(ctx, project, a.priorityOrder);
    const missing = experiences.filter((e) => !a.priorityOrder.includes(e.uid));
    if (missing.length) throw new ToolInputError(`priorityOrder must list every experience; missing: ${missing.map((e) => `${String(e.name)} (${e.uid})`).join(', ')}.`);
    return `Set the priority of project ${project}'s experiences to: ${order.map((e, i) => `${i + 1}. ${e.name ?? e.uid}`).join('; ')}. Visitors who qualify for several experiences get the first one that applies.`;
  },
  async run(a, ctx) {
    const project = ctx.project(a.projectUid);
    await setPriority(ctx.api, project, a.priorityOrder);
    return { status: 'updated', priorityOrder: (await namedOrder(ctx, project, a.priorityOrder)).order };
  },
  summary: (o) => `Priority set: ${o.priorityOrder?.map((e) => e.name ?? e.uid).join(' > ')}`,
});
