import { z } from 'zod';
import { ToolInputError } from '../../api/errors.js';
import type { SessionContext } from '../../context.js';
import { canonical, diff, english, render, sameJson } from '../../rules/index.js';
import { readOne } from '../crud.js';
import { CREATE, defineTool, LIVE } from '../define.js';
import { findByUid, label, pick, type WithUid } from '../lookup.js';
import { merged } from '../merge.js';
import { audienceUid, description, Entity, name, projectUid } from '../params.js';
import { audiences } from './collection.js';
import { checkDefinition, type RuleCombination } from './definition.js';
import { assertEditable, audienceUsage, compileRules, projectAttributes, rulesText } from './rules.js';

const definition = z
  .record(z.string(), z.unknown())
  .describe('RuleCombination JSON: {"__type":"RuleCombination","combinationType":"AND"|"OR","rules":[{"__type":"Rule","attribute":{"__type":"PresetAttributeReference"|"CustomAttributeReference","ref":"COUNTRY"|attribute uid},"attributeMatchCondition":"STRING_EQUALS"…,"attributeMatchOptions":{"__type":"StringMatchOptions"|"NumberMatchOptions","value":…},"invertCondition":false}|RuleCombination]}');

interface RulesInput {
  definition?: Record<string, unknown>;
  rules?: string;
}

/**
 * The definition to send: rule text compiled (sent as compiled, raw parts unchanged, after the shape
 * check), or the JSON given, checked. Fresh attributes before a write; cached ones for the guard.
 */
async function newDefinition(a: RulesInput, ctx: SessionContext, project: string, fresh: boolean): Promise<RuleCombination | undefined> {
  if (a.rules !== undefined && a.definition !== undefined) throw new ToolInputError('Pass rules (rule text) or definition (JSON), not both.');
  if (a.definition !== undefined) return checkDefinition(a.definition);
  if (a.rules === undefined) return undefined;
  const compiled = compileRules(a.rules, await projectAttributes(ctx, project, fresh)).definition;
  checkDefinition(compiled);
  return compiled as RuleCombination;
}

export const createAudience = defineTool({
  name: 'create_audience',
  toolset: 'audiences',
  title: 'Create audience',
  description: 'Create an audience from rule text (rules, checked first with preview_audience_change) or a definition (JSON); exactly one.',
  input: { projectUid, name, description: description.optional(), rules: rulesText.optional(), definition: definition.optional() },
  output: { audience: Entity },
  hints: CREATE,
  async run(a, ctx) {
    const project = ctx.project(a.projectUid);
    const def = await newDefinition(a, ctx, project, true);
    if (!def) throw new ToolInputError('Pass rules (rule text such as country = "CA") or definition (RuleCombination JSON).');
    const body = { ...pick(a, ['name', 'description']), definition: def };
    return { audience: await ctx.api.post<WithUid>('/audiences', body, { project }) };
  },
  summary: (o) => `Created audience ${label(o.audience)}`,
});

/** What an update would change in the rules, against the cached current audience; undefined when the rules stay. */
async function ruleChange(a: RulesInput & { audienceUid: string; projectUid?: string }, ctx: SessionContext) {
  const project = ctx.project(a.projectUid);
  const current = findByUid(await ctx.reads.list(project, '/audiences'), a.audienceUid, 'audience', 'list_audiences', project);
  assertEditable(current);
  const next = await newDefinition(a, ctx, project, false);
  if (!next || sameJson(canonical(next), canonical(current.definition))) return undefined;
  return { project, current, next };
}

export const updateAudience = defineTool({
  name: 'update_audience',
  toolset: 'audiences',
  title: 'Update audience',
  description: 'Change an audience\'s name, description or rules (rule text, or definition JSON; the new rules replace the old). Pass only what changes. If a live experience uses it, needs the user\'s confirmation.',
  input: { projectUid, audienceUid, name: name.optional(), description: description.optional(), rules: rulesText.optional(), definition: definition.optional() },
  output: { audience: Entity },
  hints: LIVE,
  async needsConfirmation(a, ctx) {
    if (a.rules === undefined && a.definition === undefined) return false;
    const change = await ruleChange(a, ctx);
    return Boolean(change) && (await audienceUsage(ctx, change!.project, a.audienceUid)).some((u) => u.live);
  },
  async confirm(a, ctx) {
    const { project, current, next } = (await ruleChange(a, ctx))!;
    const attributes = await projectAttributes(ctx, project);
    const live = (await audienceUsage(ctx, project, a.audienceUid)).filter((u) => u.live);
    const renamed = a.name !== undefined && a.name !== current.name ? ` It is renamed to '${a.name}'.` : '';
    return [
      `Change the rules of audience ${label(current)} in project ${project}. Live experience${live.length > 1 ? 's' : ''} ${live.map((u) => `'${u.name}' (${u.uid})`).join(', ')} use${live.length > 1 ? '' : 's'} it: live visitors are affected at once.${renamed}`,
      `New rules: ${render(next, attributes).text}`,
      `In English: ${english(next, attributes)}`,
      `Was: ${english(current.definition, attributes)}`,
      `Changes:\n${diff(current.definition, next, attributes).text}`,
    ].join('\n');
  },
  async run(a, ctx) {
    const project = ctx.project(a.projectUid);
    const current = await readOne(audiences, ctx, project, a.audienceUid);
    assertEditable(current);
    const next = await newDefinition(a, ctx, project, true);
    const body = merged(current, { ...pick(a, ['name', 'description']), definition: next });
    const updated = await ctx.api.put<WithUid>(`/audiences/${a.audienceUid}`, body, { project });
    return { audience: updated ?? { ...current, ...body } };
  },
  summary: (o) => `Updated audience ${label(o.audience)}`,
});
