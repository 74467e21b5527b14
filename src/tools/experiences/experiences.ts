import { z } from 'zod';
import type { SessionContext } from '../../context.js';
import { CREATE, defineTool, DESTROY, LIVE, READ } from '../define.js';
import { merged } from '../merge.js';
import { asList, label, pick, type WithUid } from '../lookup.js';
import { pageInput, pageOf, pageOutput, pageSummary } from '../paging.js';
import { description, Entity, entities, experienceUid, name, projectUid } from '../params.js';
import { readExperience, readVersions, tags } from './shapes.js';

export const listExperiences = defineTool({
  name: 'list_experiences',
  toolset: 'experiences',
  title: 'List experiences',
  description: 'List the project\'s experiences (uid, name, __type SEGMENTED or AB_TEST, status, latestVersion).',
  input: { projectUid, ...pageInput },
  output: { experiences: entities, ...pageOutput },
  hints: READ,
  async run(a, ctx) {
    const project = ctx.project(a.projectUid);
    const { items, ...page } = pageOf(ctx, 'list_experiences', [project], asList(await ctx.api.get('/experiences', { project })), a);
    return { experiences: items, ...page };
  },
  summary: (o) => pageSummary(o, o.experiences.length, 'experience(s)'),
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

/** Tags are what the Edge manifest filters on (edge reference §3.1): a change moves live visitors in or out. */
async function liveTagChange(a: { projectUid?: string; experienceUid: string; tags?: string[] }, ctx: SessionContext) {
  if (a.tags === undefined) return undefined;
  const project = ctx.project(a.projectUid);
  const experience = await readExperience(ctx, project, a.experienceUid);
  const before = Array.isArray(experience.tags) ? experience.tags.map(String) : [];
  if (sameSet(before, a.tags)) return undefined;
  const versions = await readVersions(ctx, project, a.experienceUid);
  return versions.some((v) => v.status === 'ACTIVE') ? { project, experience, before } : undefined;
}

const sameSet = (x: string[], y: string[]) => x.length === y.length && x.every((t) => y.includes(t));

export const updateExperience = defineTool({
  name: 'update_experience',
  toolset: 'experiences',
  title: 'Update experience',
  description: 'Change an experience\'s name, description or tags (variants live on versions). Pass only what changes. New tags on a live experience need the user\'s confirmation.',
  input: { projectUid, experienceUid, name: name.optional(), description: description.optional(), tags: tags.optional() },
  output: { experience: Entity },
  hints: LIVE,
  needsConfirmation: async (a, ctx) => Boolean(await liveTagChange(a, ctx)),
  async confirm(a, ctx) {
    const { project, experience, before } = (await liveTagChange(a, ctx))!;
    const list = (t: string[]) => (t.length ? t.join(', ') : 'none');
    return `Change the tags of live experience ${label(experience)} in project ${project} from [${list(before)}] to [${list(a.tags!)}]. `
      + 'Sites that ask the Edge for a manifest filtered by tags start or stop getting this experience at once.';
  },
  async run(a, ctx) {
    const project = ctx.project(a.projectUid);
    const current = await readExperience(ctx, project, a.experienceUid);
    const body = merged(current, pick(a, ['name', 'description', 'tags']));
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
