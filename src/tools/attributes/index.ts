import { z } from 'zod';
import { createTool, deleteTool, listTool, updateTool, type Collection } from '../crud.js';
import { attributeUid, description, name } from '../params.js';

const attributes: Collection = {
  toolset: 'attributes', path: '/attributes', singular: 'attribute', plural: 'attributes',
  fields: ['name', 'key', 'description'], idParam: 'attributeUid', idSchema: attributeUid,
};

const key = z.string().trim().min(1).max(100).regex(/^[A-Za-z0-9_.-]+$/, 'a key is letters, digits, _ . -')
  .describe('Key the Edge API and SDK use to set the attribute on a visitor');

export const attributeTools = [
  listTool(attributes, 'List the project\'s attributes: custom ones (uid, name, key) and the presets (country, device type…).'),
  createTool(attributes, 'Create a custom attribute that audiences can test and visitors can carry.', { name, key, description: description.optional() }),
  updateTool(attributes, 'Change a custom attribute\'s name, key or description. Pass only what changes.', { name: name.optional(), key: key.optional(), description: description.optional() }),
  deleteTool(attributes, 'Delete a custom attribute.', 'Audience rules that test it stop matching on it.'),
];
