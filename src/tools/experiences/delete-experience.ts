import { z } from 'zod';
import { deleteExperience as removeExperience, getExperience } from '../../api/management/experiences.js';
import { defineTool, DESTROY } from '../define.js';
import { isServing } from '../live.js';
import { label } from '../lookup.js';
import { experienceUid, projectUid } from '../params.js';

export const deleteExperience = defineTool({
  name: 'delete_experience',
  toolset: 'experiences',
  title: 'Delete experience',
  description: "Delete an experience with all its versions and analytics, even while live. Needs the user's confirmation.",
  input: { projectUid, experienceUid },
  output: { status: z.string(), uid: z.string() },
  hints: DESTROY,
  async confirm(a, ctx) {
    const project = ctx.project(a.projectUid);
    const e = await getExperience(ctx.api, project, a.experienceUid);
    const live = isServing(e.status) ? ' It is ACTIVE: live visitors stop getting its variants at once.' : '';
    return `Delete experience ${label(e)} (${String(e.__type ?? '')}, status ${String(e.status ?? 'unknown')}) from project ${project}, with its versions and analytics.${live} This cannot be undone.`;
  },
  async run(a, ctx) {
    await removeExperience(ctx.api, ctx.project(a.projectUid), a.experienceUid);
    return { status: 'deleted', uid: a.experienceUid };
  },
  summary: (o) => `Deleted experience ${o.uid}`,
});
