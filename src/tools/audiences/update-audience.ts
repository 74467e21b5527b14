import { cachedAudiences, updateAudience as putAudience } from '../../api/management/audiences.js';
import type { SessionContext } from '../../context.js';
import { canonical, diff, english, render, sameJson } from '../../rules/index.js';
import { defineTool, LIVE } from '../define.js';
import { findByUid, label, pick } from '../lookup.js';
import { mergeWrite } from '../merge.js';
import { audienceUid, description, Entity, name, projectUid } from '../params.js';
import { definition } from './params.js';
import { readAudience } from './read.js';
import { assertEditable, audienceUsage, cachedRuleAttributes, freshRuleAttributes, newDefinition, rulesText } from './rules.js';

type Args = { projectUid?: string; audienceUid: string; definition?: Record<string, unknown>; rules?: string };

/** What an update would change in the rules, against the cached current audience; undefined when the rules stay. */
async function ruleChange(a: Args, ctx: SessionContext) {
  const project = ctx.project(a.projectUid);
  const current = findByUid(await cachedAudiences(ctx.reads, project), a.audienceUid, 'audience', 'list_audiences', project);
  assertEditable(current);
  const next = await newDefinition(a, () => cachedRuleAttributes(ctx, project));
  if (!next || sameJson(canonical(next), canonical(current.definition))) return undefined;
  return { project, current, next };
}

/** Experiences serving the audience now (src/tools/live.ts isServing): new rules reach their visitors at once. */
const serving = async (ctx: SessionContext, project: string, audience: string) => (await audienceUsage(ctx, project, audience)).filter((u) => u.live);

export const updateAudience = defineTool({
  name: 'update_audience',
  toolset: 'audiences',
  title: 'Update audience',
  description:
    "Change an audience's name, description or rules (rules or definition replace the old rules). Pass only what changes. If a live experience uses it, needs the user's confirmation.",
  input: { projectUid, audienceUid, name: name.optional(), description: description.optional(), rules: rulesText.optional(), definition: definition.optional() },
  output: { audience: Entity },
  hints: LIVE,
  async needsConfirmation(a, ctx) {
    if (a.rules === undefined && a.definition === undefined) return false;
    const change = await ruleChange(a, ctx);
    return Boolean(change) && (await serving(ctx, change!.project, a.audienceUid)).length > 0;
  },
  async confirm(a, ctx) {
    const { project, current, next } = (await ruleChange(a, ctx))!;
    const attributes = await cachedRuleAttributes(ctx, project);
    const live = await serving(ctx, project, a.audienceUid);
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
    const current = await readAudience(ctx, project, a.audienceUid);
    assertEditable(current);
    const next = await newDefinition(a, () => freshRuleAttributes(ctx, project));
    const changes = { ...pick(a, ['name', 'description']), definition: next };
    return { audience: await mergeWrite(current, changes, (body) => putAudience(ctx.api, project, a.audienceUid, body)) };
  },
  summary: (o) => `Updated audience ${label(o.audience)}`,
});
