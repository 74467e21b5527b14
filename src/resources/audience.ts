import type { SessionContext } from '../context.js';

/** One audience; its rules in the rule language are added by the rules module (issue 4). */
export async function audienceView(ctx: SessionContext, projectUid: string, audienceUid: string) {
  const audiences = await ctx.reads.list(projectUid, '/audiences');
  const a = audiences.find((x) => x.uid === audienceUid);
  if (!a) return undefined;
  return { uid: a.uid, name: a.name, description: a.description, source: a.source, definition: a.definition };
}
