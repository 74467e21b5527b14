import { getExperience as readExperience } from '../../api/management/experiences.js';
import { defineTool, READ } from '../define.js';
import { Entity, experienceUid, projectUid } from '../params.js';

export const getExperience = defineTool({
  name: 'get_experience',
  toolset: 'experiences',
  title: 'Get experience',
  description: 'Read one experience: status, latest version, CMS variant group, audiences it refers to.',
  input: { projectUid, experienceUid },
  output: { experience: Entity },
  hints: READ,
  async run(a, ctx) {
    return { experience: await readExperience(ctx.api, ctx.project(a.projectUid), a.experienceUid) };
  },
});
