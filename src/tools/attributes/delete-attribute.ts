import { cachedAttributes, deleteAttribute as removeAttribute } from '../../api/management/attributes.js';
import { defineTool, DESTROY } from '../define.js';
import { confirmDelete, deletedOutput, deleteWithDependents, force, type Deletable } from '../dependents.js';
import { attributeUid, projectUid } from '../params.js';

const attribute: Deletable = {
  kind: 'attribute',
  listTool: 'list_attributes',
  cached: cachedAttributes,
  remove: removeAttribute,
  consequence: 'Audience rules that test it stop matching on it.',
};

export const deleteAttribute = defineTool({
  name: 'delete_attribute',
  toolset: 'attributes',
  title: 'Delete attribute',
  description: "Delete a custom attribute. Refuses when a live experience depends on it unless force. Needs the user's confirmation.",
  input: { projectUid, attributeUid, force },
  output: deletedOutput,
  hints: DESTROY,
  confirm: (a, ctx) => confirmDelete(attribute, ctx, a, a.attributeUid),
  run: (a, ctx) => deleteWithDependents(attribute, ctx, a, a.attributeUid),
  summary: (o) => `Deleted attribute ${o.uid}`,
});
