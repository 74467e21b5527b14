import { z } from 'zod';
import { getExperience } from '../../api/management/experiences.js';
import { deleteVersion } from '../../api/management/versions.js';
import { defineTool, DESTROY } from '../define.js';
import { label } from '../lookup.js';
import { experienceUid, projectUid, versionUid } from '../params.js';
import { assertDeletable } from './locked.js';
import { readVersion } from './shapes.js';

export const deleteExperienceVersion = defineTool({
  name: 'delete_experience_version',
  toolset: 'experiences',
  title: 'Delete experience version',
  description: "Delete a DRAFT version of an experience (not its only one). Needs the user's confirmation.",
  input: { projectUid, experienceUid, versionUid },
  output: { status: z.string(), uid: z.string() },
  hints: DESTROY,
  async confirm(a, ctx) {
    const project = ctx.project(a.projectUid);
    const [e, v] = await Promise.all([getExperience(ctx.api, project, a.experienceUid), readVersion(ctx, project, a.experienceUid, a.versionUid)]);
    assertDeletable(v);
    return `Delete draft version ${v.uid} (${Array.isArray(v.variants) ? v.variants.length : 0} variant(s)) of experience ${label(e)}. This cannot be undone.`;
  },
  async run(a, ctx) {
    const project = ctx.project(a.projectUid);
    assertDeletable(await readVersion(ctx, project, a.experienceUid, a.versionUid));
    await deleteVersion(ctx.api, project, a.experienceUid, a.versionUid);
    return { status: 'deleted', uid: a.versionUid };
  },
  summary: (o) => `Deleted version ${o.uid}`,
});
