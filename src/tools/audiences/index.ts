import { deleteTool, listTool, readOne } from '../crud.js';
import { defineTool, READ } from '../define.js';
import { audienceUid, Entity, projectUid } from '../params.js';
import { audiences } from './collection.js';
import { describeAudience } from './describe.js';
import { evaluateAudience } from './evaluate.js';
import { previewAudienceChange } from './preview.js';
import { createAudience, updateAudience } from './write.js';

export { audiences } from './collection.js';

const getAudience = defineTool({
  name: 'get_audience',
  toolset: 'audiences',
  title: 'Get audience',
  description: 'Read one audience with its rule definition (JSON); describe_audience shows it as rule text.',
  input: { projectUid, audienceUid },
  output: { audience: Entity },
  hints: READ,
  async run(a, ctx) {
    return { audience: await readOne(audiences, ctx, ctx.project(a.projectUid), a.audienceUid) };
  },
});

export const audienceTools = [
  listTool(audiences, 'List the project\'s audiences (uid, name, description, definition); Lytics-synced ones have source LYTICS.'),
  getAudience,
  createAudience,
  updateAudience,
  deleteTool(audiences, 'Delete an audience.', 'Experience variants that target it stop matching visitors through it.'),
  describeAudience,
  previewAudienceChange,
  evaluateAudience,
];
