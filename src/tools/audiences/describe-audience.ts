import { z } from 'zod';
import { isLyticsAudience } from '../../api/management/audiences.js';
import { describeDefinition } from '../../rules/index.js';
import { defineTool, READ } from '../define.js';
import { audienceUid, projectUid } from '../params.js';
import { readAudience } from './read.js';
import { cachedRuleAttributes } from './rules.js';

export const describeAudience = defineTool({
  name: 'describe_audience',
  toolset: 'audiences',
  title: 'Describe audience rules',
  description: "An audience's rules as editable rule text and in English, with warnings.",
  input: { projectUid, audienceUid },
  output: {
    uid: z.string(),
    name: z.string(),
    rules: z.string().nullable().describe('null: Lytics-synced'),
    english: z.string(),
    ruleCount: z.number(),
    warnings: z.array(z.string()),
  },
  hints: READ,
  async run(a, ctx) {
    const project = ctx.project(a.projectUid);
    const [audience, attributes] = await Promise.all([readAudience(ctx, project, a.audienceUid), cachedRuleAttributes(ctx, project)]);
    const name = String(audience.name ?? audience.uid);
    if (isLyticsAudience(audience) || audience.definition === undefined) {
      return {
        uid: audience.uid,
        name,
        rules: null,
        english: `Members of the Lytics audience '${name}'`,
        ruleCount: 0,
        warnings: ['Synced from Lytics: read-only here; edit it in Lytics.'],
      };
    }
    return { uid: audience.uid, name, ...describeDefinition(audience.definition, attributes) };
  },
  summary: (o) => `${o.name}: ${o.rules ?? '(Lytics)'}\n${o.english}`,
});
