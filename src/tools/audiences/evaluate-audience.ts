import { z } from 'zod';
import { ToolInputError } from '../../api/errors.js';
import { canonical, english, matches, renderMember, visitorFrom, type Attributes } from '../../rules/index.js';
import { defineTool, READ } from '../define.js';
import { audienceUid, projectUid } from '../params.js';
import { readAudience } from './read.js';
import { compileRules, cachedRuleAttributes, rulesText } from './rules.js';

const MAX_VISITORS = 50;

const visitors = z
  .array(z.record(z.string(), z.unknown()))
  .min(1)
  .max(MAX_VISITORS)
  .describe('e.g. [{"country":"CA","device_type":"MOBILE","loyalty_points":600}]: preset names, custom keys');

export const evaluateAudience = defineTool({
  name: 'evaluate_audience',
  toolset: 'audiences',
  title: 'Evaluate audience',
  description: 'Which sample visitors an audience or rule text matches, and the rules each non-match failed. Changes nothing.',
  input: { projectUid, audienceUid: audienceUid.optional(), rules: rulesText.optional().describe('Rule text, as in preview_audience_change'), visitors },
  output: {
    english: z.string(),
    matched: z.number(),
    results: z.array(z.object({ visitor: z.number(), matches: z.boolean(), failed: z.array(z.string()).optional(), unknownKeys: z.array(z.string()).optional() })),
  },
  hints: READ,
  async run(a, ctx) {
    if ((a.audienceUid === undefined) === (a.rules === undefined))
      throw new ToolInputError('Pass exactly one of audienceUid (an existing audience) or rules (rule text) to evaluate.');
    const project = ctx.project(a.projectUid);
    const attributes = await cachedRuleAttributes(ctx, project);
    let definition: unknown;
    if (a.audienceUid) {
      const audience = await readAudience(ctx, project, a.audienceUid);
      if (audience.definition === undefined)
        throw new ToolInputError(`Audience ${audience.uid} is synced from Lytics: membership is decided in Lytics, not by rules this server can evaluate.`);
      definition = audience.definition;
    } else {
      definition = compileRules(a.rules!, attributes).definition;
    }
    const parts = conditionsOf(definition, attributes);
    const results = a.visitors.map((values, i) => {
      const { visitor, unknown } = visitorFrom(values, attributes);
      const ok = matches(definition, visitor);
      const failed = parts.filter((p) => !matches(p.json, visitor)).map((p) => p.text);
      return { visitor: i, matches: ok, ...(ok ? {} : { failed }), ...(unknown.length ? { unknownKeys: unknown } : {}) };
    });
    return { english: english(definition, attributes), matched: results.filter((r) => r.matches).length, results };
  },
  summary: (o) => `${o.matched} of ${o.results.length} visitor(s) match: ${o.english}`,
});

/**
 * The top-level conditions of a definition, as text, to say which ones a visitor fails. A condition the
 * language writes as one (x >= 5 is a group of two rules, x != "a" a group with an is-set guard) is one.
 */
function conditionsOf(definition: unknown, attributes: Attributes): Array<{ json: unknown; text: string }> {
  const top = canonical(definition);
  if (!top) return [];
  const whole = renderMember(top, attributes);
  const members = whole.startsWith('(') ? top.rules : [top];
  return members.map((json) => ({ json, text: renderMember(json, attributes) }));
}
