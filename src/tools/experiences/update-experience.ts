import { getExperience, updateExperience as putExperience } from '../../api/management/experiences.js';
import { listVersions } from '../../api/management/versions.js';
import type { SessionContext } from '../../context.js';
import { defineTool, LIVE } from '../define.js';
import { isServing } from '../live.js';
import { label, pick } from '../lookup.js';
import { mergeWrite } from '../merge.js';
import { description, Entity, experienceUid, name, projectUid } from '../params.js';
import { tags } from './shapes.js';

/** Tags are what the Edge manifest filters on (docs/edge-api.md §3.1): on an experience serving now, a change moves visitors in or out. */
async function liveTagChange(a: { projectUid?: string; experienceUid: string; tags?: string[] }, ctx: SessionContext) {
  if (a.tags === undefined) return undefined;
  const project = ctx.project(a.projectUid);
  const experience = await getExperience(ctx.api, project, a.experienceUid);
  const before = Array.isArray(experience.tags) ? experience.tags.map(String) : [];
  if (sameSet(before, a.tags)) return undefined;
  const versions = await listVersions(ctx.api, project, a.experienceUid);
  return versions.some((v) => isServing(v.status)) ? { project, experience, before } : undefined;
}

const sameSet = (x: string[], y: string[]) => x.length === y.length && x.every((t) => y.includes(t));

export const updateExperience = defineTool({
  name: 'update_experience',
  toolset: 'experiences',
  title: 'Update experience',
  description: "Change an experience's name, description or tags (variants live on versions). Pass only what changes. New tags on a live experience need the user's confirmation.",
  input: { projectUid, experienceUid, name: name.optional(), description: description.optional(), tags: tags.optional() },
  output: { experience: Entity },
  hints: LIVE,
  needsConfirmation: async (a, ctx) => Boolean(await liveTagChange(a, ctx)),
  async confirm(a, ctx) {
    const { project, experience, before } = (await liveTagChange(a, ctx))!;
    const list = (t: string[]) => (t.length ? t.join(', ') : 'none');
    return (
      `Change the tags of live experience ${label(experience)} in project ${project} from [${list(before)}] to [${list(a.tags!)}]. ` +
      'Sites that ask the Edge for a manifest filtered by tags start or stop getting this experience at once.'
    );
  },
  async run(a, ctx) {
    const project = ctx.project(a.projectUid);
    const current = await getExperience(ctx.api, project, a.experienceUid);
    const changes = pick(a, ['name', 'description', 'tags']);
    return { experience: await mergeWrite(current, changes, (body) => putExperience(ctx.api, project, a.experienceUid, body)) };
  },
});
