import { getExperience } from '../../api/management/experiences.js';
import { defineTool, LIVE } from '../define.js';
import { isServing } from '../live.js';
import { label } from '../lookup.js';
import { experienceUid, projectUid, versionUid } from '../params.js';
import { activationTarget, lifecycleOutput, setVersionStatus } from './lifecycle.js';

export const activateExperience = defineTool({
  name: 'activate_experience',
  toolset: 'experiences',
  title: 'Activate experience',
  description:
    "Make an experience live: activates the given version, else its draft, else its paused version; the previous live version is archived. Needs the user's confirmation.",
  input: { projectUid, experienceUid, versionUid: versionUid.optional() },
  output: lifecycleOutput,
  hints: LIVE,
  async confirm(a, ctx) {
    const project = ctx.project(a.projectUid);
    const [e, v] = await Promise.all([getExperience(ctx.api, project, a.experienceUid), activationTarget(ctx, project, a.experienceUid, a.versionUid)]);
    const names = (v.variants as Array<{ name?: string }>)
      .map((x) => x.name)
      .filter(Boolean)
      .join(', ');
    return `Activate experience ${label(e)} with its ${v.status} version ${v.uid} (variants: ${names}). Live visitors start getting these variants at once${isServing(e.status) ? ', and the version live now is archived' : ''}.`;
  },
  async run(a, ctx) {
    const project = ctx.project(a.projectUid);
    const target = await activationTarget(ctx, project, a.experienceUid, a.versionUid);
    if (isServing(target.status)) return { status: 'ACTIVE', experienceUid: a.experienceUid, versionUid: target.uid, previousStatus: 'ACTIVE' };
    await setVersionStatus(ctx, project, a.experienceUid, target, 'ACTIVE');
    return { status: 'ACTIVE', experienceUid: a.experienceUid, versionUid: target.uid, previousStatus: target.status };
  },
  summary: (o) => `Experience ${o.experienceUid} is live with version ${o.versionUid}`,
});
