import { createAttribute as postAttribute } from '../../api/management/attributes.js';
import { CREATE, defineTool } from '../define.js';
import { label, pick } from '../lookup.js';
import { description, Entity, name, projectUid } from '../params.js';
import { key } from './params.js';

export const createAttribute = defineTool({
  name: 'create_attribute',
  toolset: 'attributes',
  title: 'Create attribute',
  description: 'Create a custom attribute that audiences can test and visitors can carry.',
  input: { projectUid, name, key, description: description.optional() },
  output: { attribute: Entity },
  hints: CREATE,
  async run(a, ctx) {
    return { attribute: await postAttribute(ctx.api, ctx.project(a.projectUid), pick(a, ['name', 'key', 'description'])) };
  },
  summary: (o) => `Created attribute ${label(o.attribute)}`,
});
