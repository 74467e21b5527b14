import { getPriority } from '../../api/management/priority.js';
import { defineTool, READ } from '../define.js';
import { projectUid } from '../params.js';
import { namedOrder, Ranked } from './priority.js';

export const getExperiencePriority = defineTool({
  name: 'get_experience_priority',
  toolset: 'experiences',
  title: 'Get experience priority',
  description: 'Which experience wins when several apply to a visitor: the order, highest first.',
  input: { projectUid },
  output: { priorityOrder: Ranked },
  hints: READ,
  async run(a, ctx) {
    const project = ctx.project(a.projectUid);
    const order = await getPriority(ctx.api, project);
    return { priorityOrder: (await namedOrder(ctx, project, order)).order };
  },
  summary: (o) => o.priorityOrder.map((e, i) => `${i + 1}. ${e.name ?? e.uid}`).join('; '),
});
