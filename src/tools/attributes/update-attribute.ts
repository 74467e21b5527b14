import { listAttributes, updateAttribute as putAttribute } from '../../api/management/attributes.js';
import { defineTool, UPDATE } from '../define.js';
import { findByUid, label, pick } from '../lookup.js';
import { mergeWrite } from '../merge.js';
import { attributeUid, description, Entity, name, projectUid } from '../params.js';
import { key } from './params.js';

export const updateAttribute = defineTool({
  name: 'update_attribute',
  toolset: 'attributes',
  title: 'Update attribute',
  description: "Change a custom attribute's name, key or description. Pass only what changes.",
  input: { projectUid, attributeUid, name: name.optional(), key: key.optional(), description: description.optional() },
  output: { attribute: Entity },
  hints: UPDATE,
  async run(a, ctx) {
    const project = ctx.project(a.projectUid);
    const current = findByUid(await listAttributes(ctx.api, project), a.attributeUid, 'attribute', 'list_attributes', project);
    const changes = pick(a, ['name', 'key', 'description']);
    return { attribute: await mergeWrite(current, changes, (body) => putAttribute(ctx.api, project, a.attributeUid, body)) };
  },
  summary: (o) => `Updated attribute ${label(o.attribute)}`,
});
