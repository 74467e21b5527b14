import { cachedAudiences, deleteAudience as removeAudience } from '../../api/management/audiences.js';
import { defineTool, DESTROY } from '../define.js';
import { confirmDelete, deletedOutput, deleteWithDependents, force, type Deletable } from '../dependents.js';
import { audienceUid, projectUid } from '../params.js';

const audience: Deletable = {
  kind: 'audience',
  listTool: 'list_audiences',
  cached: cachedAudiences,
  remove: removeAudience,
  consequence: 'Experience variants that target it stop matching visitors through it.',
};

export const deleteAudience = defineTool({
  name: 'delete_audience',
  toolset: 'audiences',
  title: 'Delete audience',
  description: "Delete an audience. Refuses when a live experience depends on it unless force. Needs the user's confirmation.",
  input: { projectUid, audienceUid, force },
  output: deletedOutput,
  hints: DESTROY,
  confirm: (a, ctx) => confirmDelete(audience, ctx, a, a.audienceUid),
  run: (a, ctx) => deleteWithDependents(audience, ctx, a, a.audienceUid),
  summary: (o) => `Deleted audience ${o.uid}`,
});
