import { z } from 'zod';
import { describeDefinition, diff } from '../../rules/index.js';
import { defineTool, READ } from '../define.js';
import { audienceUid, description, name, projectUid } from '../params.js';
import { readAudience } from './read.js';
import { checkDefinition } from './definition.js';
import { assertEditable, audienceUsage, compileRules, cachedRuleAttributes, rulesText, UsageSchema } from './rules.js';

/** Each change: { change: added | removed | changed | combination, where, before?, after? } (loose, to keep tools/list small). */
const Change = z.looseObject({});

export const previewAudienceChange = defineTool({
  name: 'preview_audience_change',
  toolset: 'audiences',
  title: 'Preview audience change',
  description: 'Check rule text before create_audience/update_audience: its English, the diff against the current rules, the experiences using the audience. Changes nothing.',
  input: {
    projectUid,
    audienceUid: audienceUid.optional().describe('Audience to change; omit for a new one'),
    rules: rulesText,
    name: name.optional(),
    description: description.optional(),
  },
  output: {
    rules: z.string().describe('Canonical text'),
    english: z.string(),
    ruleCount: z.number(),
    warnings: z.array(z.string()),
    definition: z.record(z.string(), z.unknown()),
    before: z.object({ rules: z.string().nullable(), english: z.string() }).optional(),
    diff: z.object({ changed: z.boolean(), text: z.string(), changes: z.array(Change) }).optional(),
    usedBy: UsageSchema,
    needsConfirmation: z.boolean().describe('update_audience will ask the user'),
  },
  hints: READ,
  async run(a, ctx) {
    const project = ctx.project(a.projectUid);
    const [attributes, current] = await Promise.all([cachedRuleAttributes(ctx, project), a.audienceUid ? readAudience(ctx, project, a.audienceUid) : undefined]);
    if (current) assertEditable(current);
    const compiled = compileRules(a.rules, attributes);
    const definition = compiled.definition;
    checkDefinition(definition);
    const after = describeDefinition(definition, attributes);
    const usedBy = current ? await audienceUsage(ctx, project, current.uid) : [];
    const before = current ? describeDefinition(current.definition, attributes) : undefined;
    const changes = current ? diff(current.definition, definition, attributes) : undefined;
    const rulesChange = Boolean(changes?.changed);
    if (current && changes) {
      for (const field of ['name', 'description'] as const) {
        const next = a[field];
        if (next === undefined || next === (current[field] ?? '')) continue;
        changes.changes.push({ change: 'changed', where: field, before: String(current[field] ?? ''), after: next });
        changes.text = [changes.text, `~ ${field}: ${JSON.stringify(current[field] ?? '')} → ${JSON.stringify(next)}`].filter(Boolean).join('\n');
        changes.changed = true;
      }
    }
    return {
      rules: after.rules,
      english: after.english,
      ruleCount: after.ruleCount,
      warnings: [...new Set([...compiled.warnings, ...after.warnings])],
      definition,
      ...(before ? { before: { rules: before.rules, english: before.english } } : {}),
      ...(changes ? { diff: changes } : {}),
      usedBy,
      needsConfirmation: rulesChange && usedBy.some((u) => u.live),
    };
  },
  summary: (o) =>
    [
      `Rules: ${o.rules}`,
      `English: ${o.english}`,
      o.diff ? (o.diff.changed ? `Changes:\n${o.diff.text}` : 'No change to the rules.') : '',
      o.usedBy.length ? `Used by: ${o.usedBy.map((u) => `'${u.name}'${u.live ? ' (LIVE)' : ''}`).join(', ')}` : '',
    ]
      .filter(Boolean)
      .join('\n'),
});
