import type { Item } from '../api/reads.js';
import { isObject } from '../bounds/json.js';

/**
 * Read-modify-write without loss: the API replaces on PUT, and what it returns carries fields the server
 * has no schema for (`variantSplit`, inline `target`, `_cms`, `referredAudiences`, whatever comes next;
 * docs/api.md §17). A write sends back every field it read and did not mean to change, at every depth,
 * except the ones the API manages itself: those the CLI strips from its exports (invalidKeys, docs/api.md
 * §5–§7) and the uid, which travels in the path. Contentstack's own clients send even these back on
 * version and experience writes (docs/evidence.md), so dropping them is the cautious side.
 */
export const SERVER_MANAGED: ReadonlySet<string> = new Set(['uid', '_id', 'createdAt', 'updatedAt', 'createdBy', 'updatedBy', 'createdByUserName', 'updatedByUserName']);

type Record_ = Record<string, unknown>;

/** A record as read, ready to send back: every field but the server-managed ones. */
export function writable(record: Record_): Record_ {
  return Object.fromEntries(Object.entries(record).filter(([k]) => !SERVER_MANAGED.has(k)));
}

/** The body of an update: the record as read, with the changes (the defined ones) over it. */
export function merged(current: Record_, changes: Record_): Record_ {
  const body = writable(current);
  for (const [k, v] of Object.entries(changes)) if (v !== undefined) body[k] = v;
  return body;
}

/**
 * The one read-merge-write of every update_* tool and of activate/pause: `current` as just read, `changes`
 * over its writable fields (`base`, for a version its variants' too), the whole body sent with `put`. The
 * answer is the API's, else (a 204) what was read with what was sent over it.
 */
export async function mergeWrite(current: Item, changes: Record_, put: (body: Record_) => Promise<Item | undefined>, base: (record: Item) => Record_ = writable): Promise<Item> {
  const body = merged(base(current), changes);
  return (await put(body)) ?? { ...current, ...body };
}

/** What decides who a segmented variant reaches: given together, they replace the stored ones together. */
const VARIANT_TARGETING = ['audiences', 'lyticsAudiences', 'audienceCombinationType', 'target'];

/**
 * New variants over stored ones: a given variant with the shortUid of a stored one keeps that variant's
 * other fields (those the tool's schema does not know); a given variant without one is new. If the given
 * variant says whom it targets, that targeting replaces the stored one as a whole (an inline `target` is not
 * left beside new audiences, nor old audiences beside a new `target`).
 */
export function mergedVariants(stored: unknown, given: Record_[]): Record_[] {
  const byShortUid = new Map<string, Record_>();
  if (Array.isArray(stored)) for (const v of stored) if (isObject(v) && v.shortUid !== undefined) byShortUid.set(String(v.shortUid), v);
  return given.map((g) => {
    const old = g.shortUid === undefined ? undefined : byShortUid.get(String(g.shortUid));
    if (!old) return g;
    const base = writable(old);
    if (VARIANT_TARGETING.some((k) => g[k] !== undefined)) for (const k of VARIANT_TARGETING) delete base[k];
    return merged(base, g);
  });
}
