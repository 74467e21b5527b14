import { listProjects, updateProject as putProject } from '../../api/management/projects.js';
import { defineTool, UPDATE } from '../define.js';
import { findByUid, pick } from '../lookup.js';
import { mergeWrite } from '../merge.js';
import { description, Entity, name, projectUid } from '../params.js';
import { connectedStackApiKey } from './params.js';

export const updateProject = defineTool({
  name: 'update_project',
  toolset: 'projects',
  title: 'Update project',
  description: 'Rename a project, change its description, or connect it to a stack. Pass only what changes.',
  input: { projectUid: projectUid.unwrap(), name: name.optional(), description: description.optional(), connectedStackApiKey: connectedStackApiKey.optional() },
  output: { project: Entity },
  hints: UPDATE,
  async run(a, ctx) {
    const current = findByUid(await listProjects(ctx.api), a.projectUid, 'project', 'list_projects');
    const changes = pick(a, ['name', 'description', 'connectedStackApiKey']);
    return { project: await mergeWrite(current, changes, (body) => putProject(ctx.api, a.projectUid, body)) };
  },
  summary: (o) => `Updated project ${o.project.uid}`,
});
