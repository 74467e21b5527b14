import { cachedAttributes } from '../api/management/attributes.js';
import { cachedAudiences } from '../api/management/audiences.js';
import type { SessionContext } from '../context.js';
import { Attributes, describeDefinition } from '../rules/index.js';

/** One audience with its rules in the rule language and in English (README "Resources"; docs/rule-language.md). */
export async function audienceView(ctx: SessionContext, projectUid: string, audienceUid: string) {
  const [audiences, attributes] = await Promise.all([cachedAudiences(ctx.reads, projectUid), cachedAttributes(ctx.reads, projectUid)]);
  const a = audiences.find((x) => x.uid === audienceUid);
  if (!a) return undefined;
  const base = { uid: a.uid, name: a.name, description: a.description, source: a.source };
  if (a.definition === undefined) return { ...base, rules: null, english: 'Synced from Lytics: membership is decided in Lytics (read-only here).' };
  const d = describeDefinition(a.definition, new Attributes(attributes));
  return { ...base, rules: d.rules, english: d.english, ...(d.warnings.length ? { warnings: d.warnings } : {}), definition: a.definition };
}
