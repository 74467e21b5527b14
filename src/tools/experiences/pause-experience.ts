import { getExperience } from '../../api/management/experiences.js';
import { defineTool, LIVE } from '../define.js';
import { label } from '../lookup.js';
import { experienceUid, projectUid } from '../params.js';
import { lifecycleOutput, servingVersion, setVersionStatus } from './lifecycle.js';

export const pauseExperience = defineTool({
  name: 'pause_experience',
  toolset: 'experiences',
  title: 'Pause experience',
  description: "Pause a live experience: visitors get the base entries until it is activated again. Needs the user's confirmation.",
  input: { projectUid, experienceUid },
  output: lifecycleOutput,
  hints: LIVE,
  async confirm(a, ctx) {
    const project = ctx.project(a.projectUid);
    const [e, v] = await Promise.all([getExperience(ctx.api, project, a.experienceUid), servingVersion(ctx, project, a.experienceUid)]);
    return `Pause experience ${label(e)} (live version ${v.uid}). Live visitors stop getting its variants and see the base entries.`;
  },
  async run(a, ctx) {
    const project = ctx.project(a.projectUid);
    const active = await servingVersion(ctx, project, a.experienceUid);
    await setVersionStatus(ctx, project, a.experienceUid, active, 'PAUSED');
    return { status: 'PAUSED', experienceUid: a.experienceUid, versionUid: active.uid, previousStatus: 'ACTIVE' };
  },
  summary: (o) => `Experience ${o.experienceUid} is paused`,
});
