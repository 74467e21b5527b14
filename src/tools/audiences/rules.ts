import { z } from 'zod';
import { nonEmpty } from '../params.js';
import { ToolInputError } from '../../api/errors.js';
import { cachedAttributes, listAttributes } from '../../api/management/attributes.js';
import { isLyticsAudience } from '../../api/management/audiences.js';
import type { Item } from '../../api/reads.js';
import type { SessionContext } from '../../context.js';
import { Attributes, compile, RuleError, type Compiled } from '../../rules/index.js';
import { findDependents } from '../dependents.js';
import { isServing } from '../live.js';
import { checkDefinition, type RuleCombination } from './definition.js';

/** Rule text as tools take it; the compiler bounds its length with its own message. */
export const rulesText = z
  .string()
  .refine(...nonEmpty)
  .describe('Rule text, e.g. country = "CA" and device_type in ("MOBILE", "TABLET")');

/** The project's attributes for name resolution, as cached: for reads and guards. */
export const cachedRuleAttributes = async (ctx: SessionContext, project: string) => new Attributes(await cachedAttributes(ctx.reads, project));

/** The project's attributes for name resolution, read now: before a write. */
export const freshRuleAttributes = async (ctx: SessionContext, project: string) => new Attributes(await listAttributes(ctx.api, project));

/** Compiles for sending upstream: unknown attributes and every limit are errors the assistant can act on. */
export function compileRules(text: string, attributes: Attributes): Compiled {
  try {
    return compile(text, attributes, { strict: true });
  } catch (err) {
    if (err instanceof RuleError) throw new ToolInputError(`The rules do not compile. ${err.message}`);
    throw err;
  }
}

/**
 * The definition to send: rule text compiled (sent as compiled, raw parts unchanged, after the shape
 * check), or the JSON given, checked; undefined when neither is given. `attributes` is called only for text.
 */
export async function newDefinition(a: { definition?: Record<string, unknown>; rules?: string }, attributes: () => Promise<Attributes>): Promise<RuleCombination | undefined> {
  if (a.rules !== undefined && a.definition !== undefined) throw new ToolInputError('Pass rules (rule text) or definition (JSON), not both.');
  if (a.definition !== undefined) return checkDefinition(a.definition);
  if (a.rules === undefined) return undefined;
  const compiled = compileRules(a.rules, await attributes()).definition;
  checkDefinition(compiled);
  return compiled as RuleCombination;
}

/** Lytics-synced audiences have no definition and cannot be edited through this API (docs/api.md §6). */
export function assertEditable(audience: Item): void {
  if (isLyticsAudience(audience)) {
    throw new ToolInputError(`Audience '${String(audience.name ?? audience.uid)}' (${audience.uid}) is synced from Lytics and is read-only here: edit it in Lytics.`);
  }
}

export interface Usage {
  uid: string;
  name: string;
  /** Part of the tool contract (preview_audience_change's usedBy): an ACTIVE version uses it (isServing), so an edit changes what visitors get now. */
  live: boolean;
  statuses: string[];
}

/** The experiences whose versions use the audience, those serving it now flagged. */
export async function audienceUsage(ctx: SessionContext, project: string, audienceUid: string): Promise<Usage[]> {
  const { experiences } = await findDependents(ctx, project, 'audience', audienceUid);
  return experiences.map((e) => ({ uid: e.uid, name: e.name, live: e.versions.some((v) => isServing(v.status)), statuses: e.versions.map((v) => v.status) }));
}

export const UsageSchema = z.array(z.object({ uid: z.string(), name: z.string(), live: z.boolean(), statuses: z.array(z.string()) }));
