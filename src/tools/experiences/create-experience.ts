import { z } from 'zod';
import { createExperience as postExperience } from '../../api/management/experiences.js';
import { CREATE, defineTool } from '../define.js';
import { label, pick } from '../lookup.js';
import { description, Entity, name, projectUid } from '../params.js';
import { tags } from './shapes.js';

export const createExperience = defineTool({
  name: 'create_experience',
  toolset: 'experiences',
  title: 'Create experience',
  description: 'Create a segmented experience or an A/B test, with an empty draft version (latestVersion) to fill with update_experience_version, then activate_experience.',
  input: { projectUid, name, type: z.enum(['SEGMENTED', 'AB_TEST']), description: description.optional(), tags: tags.optional() },
  output: { experience: Entity },
  hints: CREATE,
  async run(a, ctx) {
    const body = { ...pick(a, ['name', 'description', 'tags']), __type: a.type };
    return { experience: await postExperience(ctx.api, ctx.project(a.projectUid), body) };
  },
  summary: (o) => `Created experience ${label(o.experience)}; draft version ${String(o.experience.latestVersion ?? '')}`,
});
