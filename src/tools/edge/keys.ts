import { ToolInputError } from '../../api/errors.js';
import { asArray } from '../../api/reads.js';
import type { SessionContext } from '../../context.js';

type Keyed = { uid: string; key?: unknown; __type?: unknown };

/**
 * The project's custom attribute keys or event keys, read through the cached Management lists when
 * credentials are configured; undefined when they cannot be read (then the Edge API is the judge).
 * The Edge API wants keys that exist (edge reference §3.2, §3.4) and may drop unknown ones silently, so
 * checking first turns a silent loss into an answer the assistant can act on. `fresh` skips the cache
 * (a key created in the console moments ago is not refused because of a cached list).
 */
async function knownKeys(ctx: SessionContext, project: string, path: '/attributes' | '/events', fresh: boolean): Promise<Set<string> | undefined> {
  if (!ctx.api.hasCredentials) return undefined;
  try {
    const items = fresh ? asArray<Keyed>(await ctx.api.get(path, { project })) : await ctx.reads.list<Keyed>(project, path);
    return new Set(items.filter((i) => i.__type !== 'PRESET' && typeof i.key === 'string').map((i) => String(i.key)));
  } catch (err) {
    ctx.logger.debug({ path, err: err instanceof Error ? err.message : String(err) }, 'could not read keys to check an Edge write');
    return undefined;
  }
}

/** Keys the project lacks (checked against a fresh list before saying so), or undefined when unknowable. */
export async function unknownKeys(ctx: SessionContext, project: string, path: '/attributes' | '/events', keys: string[]): Promise<{ unknown: string[]; known: string[] } | undefined> {
  const missing = (known: Set<string>) => [...new Set(keys.filter((k) => !known.has(k)))];
  const cached = await knownKeys(ctx, project, path, false);
  if (!cached || !missing(cached).length) return cached && { unknown: [], known: [...cached] };
  const known = await knownKeys(ctx, project, path, true);
  return known && { unknown: missing(known), known: [...known] };
}

export async function assertKnownKeys(ctx: SessionContext, project: string, path: '/attributes' | '/events', keys: string[]): Promise<void> {
  const found = await unknownKeys(ctx, project, path, keys);
  if (!found?.unknown.length) return;
  const what = path === '/attributes' ? 'custom attribute' : 'event';
  const list = path === '/attributes' ? 'list_attributes' : 'list_events';
  const create = path === '/attributes' ? 'create_attribute' : 'create_event';
  const quote = (ks: string[]) => ks.map((k) => `"${k}"`).join(', ');
  throw new ToolInputError(
    `No ${what} with key ${quote(found.unknown)} in project ${project} (known: ${quote(found.known) || 'none'}). Use a key from ${list}, or create it with ${create} first; nothing was sent.`,
  );
}
