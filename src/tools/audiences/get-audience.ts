import { defineTool, READ } from '../define.js';
import { audienceUid, Entity, projectUid } from '../params.js';
import { readAudience } from './read.js';

export const getAudience = defineTool({
  name: 'get_audience',
  toolset: 'audiences',
  title: 'Get audience',
  description: 'Read one audience with its rule definition (JSON); describe_audience shows it as rule text.',
  input: { projectUid, audienceUid },
  output: { audience: Entity },
  hints: READ,
  async run(a, ctx) {
    return { audience: await readAudience(ctx, ctx.project(a.projectUid), a.audienceUid) };
  },
});
