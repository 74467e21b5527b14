import { createProject as postProject } from '../../api/management/projects.js';
import { CREATE, defineTool } from '../define.js';
import { pick } from '../lookup.js';
import { description, Entity, name } from '../params.js';
import { connectedStackApiKey } from './params.js';

export const createProject = defineTool({
  name: 'create_project',
  toolset: 'projects',
  title: 'Create project',
  description: 'Create a Personalize project in the organization (needs an org Owner or Admin).',
  input: { name, description: description.optional(), connectedStackApiKey: connectedStackApiKey.optional() },
  output: { project: Entity },
  hints: CREATE,
  async run(a, ctx) {
    return { project: await postProject(ctx.api, pick(a, ['name', 'description', 'connectedStackApiKey'])) };
  },
  summary: (o) => `Created project ${o.project.uid}`,
});
