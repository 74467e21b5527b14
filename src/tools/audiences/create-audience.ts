import { ToolInputError } from '../../api/errors.js';
import { createAudience as postAudience } from '../../api/management/audiences.js';
import { CREATE, defineTool } from '../define.js';
import { label, pick } from '../lookup.js';
import { description, Entity, name, projectUid } from '../params.js';
import { definition } from './params.js';
import { freshRuleAttributes, newDefinition, rulesText } from './rules.js';

export const createAudience = defineTool({
  name: 'create_audience',
  toolset: 'audiences',
  title: 'Create audience',
  description: 'Create an audience from rules (check with preview_audience_change first) or a definition; exactly one.',
  input: { projectUid, name, description: description.optional(), rules: rulesText.optional(), definition: definition.optional() },
  output: { audience: Entity },
  hints: CREATE,
  async run(a, ctx) {
    const project = ctx.project(a.projectUid);
    const def = await newDefinition(a, () => freshRuleAttributes(ctx, project));
    if (!def) throw new ToolInputError('Pass rules (rule text such as country = "CA") or definition (RuleCombination JSON).');
    const body = { ...pick(a, ['name', 'description']), definition: def };
    return { audience: await postAudience(ctx.api, project, body) };
  },
  summary: (o) => `Created audience ${label(o.audience)}`,
});
