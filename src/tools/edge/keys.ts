import { ToolInputError } from '../../api/errors.js';
import { cachedAttributes, listAttributes } from '../../api/management/attributes.js';
import type { PersonalizeClient } from '../../api/management/client.js';
import { cachedEvents, listEvents } from '../../api/management/events.js';
import type { CachedReads, Item } from '../../api/reads.js';
import type { SessionContext } from '../../context.js';

/** Where a kind of key comes from, and the words for it in messages. */
export interface KeyKind {
  what: string;
  list: string;
  create: string;
  cached: (reads: CachedReads, project: string) => Promise<Item[]>;
  fresh: (api: PersonalizeClient, project: string) => Promise<Item[]>;
}

export const ATTRIBUTE_KEYS: KeyKind = { what: 'custom attribute', list: 'list_attributes', create: 'create_attribute', cached: cachedAttributes, fresh: listAttributes };
export const EVENT_KEYS: KeyKind = { what: 'event', list: 'list_events', create: 'create_event', cached: cachedEvents, fresh: listEvents };

/**
 * The project's custom attribute keys or event keys, from `read` (the cached list or a fresh one) when
 * Management credentials are configured; undefined when they cannot be read (then the Edge API is the
 * judge). The Edge API wants keys that exist (docs/edge-api.md §3.2, §3.4) and may drop unknown ones silently,
 * so checking first turns a silent loss into an answer the assistant can act on.
 */
async function knownKeys(ctx: SessionContext, kind: KeyKind, read: () => Promise<Item[]>): Promise<Set<string> | undefined> {
  if (!ctx.api.hasCredentials) return undefined;
  try {
    const items = await read();
    return new Set(items.filter((i) => i.__type !== 'PRESET' && typeof i.key === 'string').map((i) => String(i.key)));
  } catch (err) {
    ctx.logger.debug({ keys: kind.what, err: err instanceof Error ? err.message : String(err) }, 'could not read keys to check an Edge write');
    return undefined;
  }
}

/**
 * Keys the project lacks, or undefined when unknowable. A key missing from the cached list is checked
 * against a fresh one before saying so: a key created in the console moments ago is not refused.
 */
export async function unknownKeys(ctx: SessionContext, project: string, kind: KeyKind, keys: string[]): Promise<{ unknown: string[]; known: string[] } | undefined> {
  const missing = (known: Set<string>) => [...new Set(keys.filter((k) => !known.has(k)))];
  const cached = await knownKeys(ctx, kind, () => kind.cached(ctx.reads, project));
  if (!cached || !missing(cached).length) return cached && { unknown: [], known: [...cached] };
  const known = await knownKeys(ctx, kind, () => kind.fresh(ctx.api, project));
  return known && { unknown: missing(known), known: [...known] };
}

export async function assertKnownKeys(ctx: SessionContext, project: string, kind: KeyKind, keys: string[]): Promise<void> {
  const found = await unknownKeys(ctx, project, kind, keys);
  if (!found?.unknown.length) return;
  const quote = (ks: string[]) => ks.map((k) => `"${k}"`).join(', ');
  throw new ToolInputError(
    `No ${kind.what} with key ${quote(found.unknown)} in project ${project} (known: ${quote(found.known) || 'none'}). Use a key from ${kind.list}, or create it with ${kind.create} first; nothing was sent.`,
  );
}
