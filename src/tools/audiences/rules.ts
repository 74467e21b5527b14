import { z } from 'zod';
import { ToolInputError } from '../../api/errors.js';
import { isLyticsAudience } from '../../api/reads.js';
import type { SessionContext } from '../../context.js';
import { Attributes, compile, RuleError, type Compiled } from '../../rules/index.js';
import { findDependents } from '../dependents.js';
import { asList, type WithUid } from '../lookup.js';

/** Rule text as tools take it; the compiler bounds its length with its own message. */
export const rulesText = z.string().min(1).describe('Rule text, e.g. country = "CA" and device_type in ("MOBILE", "TABLET"); describe_audience shows the current rules');

/** The project's attributes for name resolution: cached for reads, fresh before a write. */
export async function projectAttributes(ctx: SessionContext, project: string, fresh = false): Promise<Attributes> {
  const list = fresh ? asList(await ctx.api.get('/attributes', { project })) : await ctx.reads.list(project, '/attributes');
  return new Attributes(list);
}

/** Compiles for sending upstream: unknown attributes and every limit are errors the assistant can act on. */
export function compileRules(text: string, attributes: Attributes): Compiled {
  try {
    return compile(text, attributes, { strict: true });
  } catch (err) {
    if (err instanceof RuleError) throw new ToolInputError(`The rules do not compile. ${err.message}`);
    throw err;
  }
}

/** Lytics-synced audiences have no definition and cannot be edited through this API (reference §6). */
export function assertEditable(audience: WithUid): void {
  if (isLyticsAudience(audience)) {
    throw new ToolInputError(`Audience '${String(audience.name ?? audience.uid)}' (${audience.uid}) is synced from Lytics and is read-only here: edit it in Lytics.`);
  }
}

export interface Usage {
  uid: string;
  name: string;
  /** An ACTIVE version uses the audience: an edit changes what live visitors get. */
  live: boolean;
  statuses: string[];
}

/** The experiences whose versions use the audience, live ones flagged. */
export async function audienceUsage(ctx: SessionContext, project: string, audienceUid: string): Promise<Usage[]> {
  const { experiences } = await findDependents(ctx, project, 'audience', audienceUid);
  return experiences.map((e) => ({ uid: e.uid, name: e.name, live: e.versions.some((v) => v.status === 'ACTIVE'), statuses: e.versions.map((v) => v.status) }));
}

export const UsageSchema = z.array(z.object({ uid: z.string(), name: z.string(), live: z.boolean(), statuses: z.array(z.string()) }));
