import { listProjects as readProjects } from '../../api/management/projects.js';
import { defineTool, READ } from '../define.js';
import { listText, pageInput, pageOf, pageOutput } from '../paging.js';
import { rowsOf } from '../rows.js';
import { entities } from '../params.js';
import { connectedStackApiKey } from './params.js';

export const listProjects = defineTool({
  name: 'list_projects',
  toolset: 'projects',
  title: 'List projects',
  description: "List the organization's projects (uid, name), or the one linked to a stack.",
  input: { connectedStackApiKey: connectedStackApiKey.optional(), ...pageInput },
  output: { projects: entities, ...pageOutput },
  hints: READ,
  async run(a, ctx) {
    const all = await readProjects(ctx.api, a.connectedStackApiKey);
    const { items, ...page } = pageOf(ctx, 'list_projects', [a.connectedStackApiKey], rowsOf(all, ['name', 'connectedStackApiKey']), a);
    return { projects: items, ...page };
  },
  summary: (o) => listText(o, o.projects, 'project(s)'),
});
