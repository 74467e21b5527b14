import { z } from 'zod';
import { CREATE, defineTool, DESTROY, READ, UPDATE } from '../define.js';
import { asList, label, pick, type WithUid } from '../lookup.js';
import { description, Entity, entities, experienceUid, name, projectUid } from '../params.js';
import { readExperience, tags } from './shapes.js';

const EXPERIENCE_FIELDS = ['name', 'description', '__type', 'tags'] as const;

export const listExperiences = defineTool({
  name: 'list_experiences',
  toolset: 'experiences',
  title: 'List experiences',
  description: 'List the project\'s experiences (uid, name, __type SEGMENTED or AB_TEST, status, latestVersion).',
  input: { projectUid },
  output: { experiences: entities },
  hints: READ,
  async run(a, ctx) {
    return { experiences: asList(await ctx.api.get('/experiences', { project: ctx.project(a.projectUid) })) };
  },
  summary: (o) => `${o.experiences.length} experience(s)`,
});

export const getExperience = defineTool({
  name: 'get_experience',
  toolset: 'experiences',
  title: 'Get experience',
  description: 'Read one experience: status, latest version, CMS variant group, audiences it refers to.',
  input: { projectUid, experienceUid },
  output: { experience: Entity },
  hints: READ,
  async run(a, ctx) {
    return { experience: await readExperience(ctx, ctx.project(a.projectUid), a.experienceUid) };
  },
});

export const createExperience = defineTool({
  name: 'create_experience',
  toolset: 'experiences',
  title: 'Create experience',
  description: 'Create a segmented experience or an A/B test. It starts with one empty draft version (latestVersion): fill it with update_experience_version, then activate_experience.',
  input: { projectUid, name, type: z.enum(['SEGMENTED', 'AB_TEST']), description: description.optional(), tags: tags.optional() },
  output: { experience: Entity },
  hints: CREATE,
  async run(a, ctx) {
    const body = { ...pick(a, ['name', 'description', 'tags']), __type: a.type };
    return { experience: await ctx.api.post<WithUid>('/experiences', body, { project: ctx.project(a.projectUid) }) };
  },
  summary: (o) => `Created experience ${label(o.experience)}; draft version ${String(o.experience.latestVersion ?? '')}`,
});

export const updateExperience = defineTool({
  name: 'update_experience',
  toolset: 'experiences',
  title: 'Update experience',
  description: 'Change an experience\'s name, description or tags (variants live on versions). Pass only what changes.',
  input: { projectUid, experienceUid, name: name.optional(), description: description.optional(), tags: tags.optional() },
  output: { experience: Entity },
  hints: UPDATE,
  async run(a, ctx) {
    const project = ctx.project(a.projectUid);
    const current = await readExperience(ctx, project, a.experienceUid);
    const body = { ...pick(current, EXPERIENCE_FIELDS), ...pick(a, ['name', 'description', 'tags']) };
    const experience = await ctx.api.put<WithUid>(`/experiences/${a.experienceUid}`, body, { project });
    return { experience: experience ?? { ...current, ...body } };
  },
});

export const deleteExperience = defineTool({
  name: 'delete_experience',
  toolset: 'experiences',
  title: 'Delete experience',
  description: 'Delete an experience with all its versions and analytics, even while live. Needs the user\'s confirmation.',
  input: { projectUid, experienceUid },
  output: { status: z.string(), uid: z.string() },
  hints: DESTROY,
  async confirm(a, ctx) {
    const project = ctx.project(a.projectUid);
    const e = await readExperience(ctx, project, a.experienceUid);
    const live = e.status === 'ACTIVE' ? ' It is ACTIVE: live visitors stop getting its variants at once.' : '';
    return `Delete experience ${label(e)} (${String(e.__type ?? '')}, status ${String(e.status ?? 'unknown')}) from project ${project}, with its versions and analytics.${live} This cannot be undone.`;
  },
  async run(a, ctx) {
    await ctx.api.delete(`/experiences/${a.experienceUid}`, { project: ctx.project(a.projectUid) });
    return { status: 'deleted', uid: a.experienceUid };
  },
  summary: (o) => `Deleted experience ${o.uid}`,
});
