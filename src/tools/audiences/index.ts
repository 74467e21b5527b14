import { z } from 'zod';
import { ToolInputError } from '../../api/errors.js';
import { createTool, deleteTool, listTool, readOne, updateTool, type Collection } from '../crud.js';
import { defineTool, READ } from '../define.js';
import { pick } from '../lookup.js';
import { audienceUid, description, Entity, name, projectUid } from '../params.js';
import { checkDefinition } from './definition.js';

export const audiences: Collection = {
  toolset: 'audiences', path: '/audiences', singular: 'audience', plural: 'audiences',
  fields: ['name', 'description', 'definition'], idParam: 'audienceUid', idSchema: audienceUid,
};

const definition = z
  .record(z.string(), z.unknown())
  .describe('RuleCombination JSON: {"__type":"RuleCombination","combinationType":"AND"|"OR","rules":[{"__type":"Rule","attribute":{"__type":"PresetAttributeReference"|"CustomAttributeReference","ref":"COUNTRY"|attribute uid},"attributeMatchCondition":"STRING_EQUALS"…,"attributeMatchOptions":{"__type":"StringMatchOptions"|"NumberMatchOptions","value":…},"invertCondition":false}|RuleCombination]}');

const getAudience = defineTool({
  name: 'get_audience',
  toolset: 'audiences',
  title: 'Get audience',
  description: 'Read one audience with its rule definition.',
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
  createTool(audiences, 'Create an audience from a rule definition.', { name, description: description.optional(), definition }, async (a) => ({
    ...pick(a, ['name', 'description']),
    definition: checkDefinition(a.definition),
  })),
  updateTool(
    audiences,
    'Change an audience\'s name, description or rules. Pass only what changes; a new definition replaces the old one. Live experiences that use it change at once.',
    { name: name.optional(), description: description.optional(), definition: definition.optional() },
    async (current, a) => {
      if (current.source === 'LYTICS') throw new ToolInputError(`Audience ${current.uid} is synced from Lytics and is read-only here; edit it in Lytics.`);
      return {
        ...pick(current, ['name', 'description', 'definition']),
        ...pick(a, ['name', 'description']),
        ...(a.definition ? { definition: checkDefinition(a.definition) } : {}),
      };
    },
  ),
  deleteTool(audiences, 'Delete an audience.', 'Experience variants that target it stop matching visitors through it.'),
];
