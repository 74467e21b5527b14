import { z } from 'zod';
import { CREATE, defineTool, READ, UPDATE } from '../define.js';
import { asList, findByUid, pick, type WithUid } from '../lookup.js';
import { merged } from '../merge.js';
import { pageInput, pageOf, pageOutput, pageSummary } from '../paging.js';
import { description, Entity, entities, name, projectUid } from '../params.js';

const connectedStackApiKey = z.string().min(1).max(64).describe('API key of the stack linked to the project');

const listProjects = defineTool({
  name: 'list_projects',
  toolset: 'projects',
  title: 'List projects',
  description: 'List the organization\'s Personalize projects, optionally only the one connected to a stack.',
  input: { connectedStackApiKey: connectedStackApiKey.optional(), ...pageInput },
  output: { projects: entities, ...pageOutput },
  hints: READ,
  async run(a, ctx) {
    const body = await ctx.api.get('/projects', { query: { connectedStackApiKey: a.connectedStackApiKey } });
    const { items, ...page } = pageOf(ctx, 'list_projects', [a.connectedStackApiKey], asList(body), a);
    return { projects: items, ...page };
  },
  summary: (o) => pageSummary(o, o.projects.length, 'project(s)'),
});

const createProject = defineTool({
  name: 'create_project',
  toolset: 'projects',
  title: 'Create project',
  description: 'Create a Personalize project in the organization (needs an org Owner or Admin).',
  input: { name, description: description.optional(), connectedStackApiKey: connectedStackApiKey.optional() },
  output: { project: Entity },
  hints: CREATE,
  async run(a, ctx) {
    const project = await ctx.api.post<WithUid>('/projects', pick(a, ['name', 'description', 'connectedStackApiKey']));
    return { project };
  },
  summary: (o) => `Created project ${o.project.uid}`,
});

const updateProject = defineTool({
  name: 'update_project',
  toolset: 'projects',
  title: 'Update project',
  description: 'Rename a project, change its description, or connect it to a stack. Pass only what changes.',
  input: { projectUid: projectUid.unwrap(), name: name.optional(), description: description.optional(), connectedStackApiKey: connectedStackApiKey.optional() },
  output: { project: Entity },
  hints: UPDATE,
  async run(a, ctx) {
    const current = findByUid(asList(await ctx.api.get('/projects')), a.projectUid, 'project', 'list_projects');
    const body = merged(current, pick(a, ['name', 'description', 'connectedStackApiKey']));
    const project = await ctx.api.put<WithUid>(`/projects/${a.projectUid}`, body);
    return { project: project ?? { ...current, ...body } };
  },
  summary: (o) => `Updated project ${o.project.uid}`,
});

export const projectTools = [listProjects, createProject, updateProject];
