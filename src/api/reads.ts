import type { ListCache } from './cache.js';
import type { PersonalizeClient } from './management/client.js';

export interface Item {
  uid: string;
  [k: string]: unknown;
}

/**
 * Lists are bare arrays (docs/api.md §3); a `{ data: [...] }` wrapper seen in one guide is accepted too, and
 * anything else becomes an empty list rather than a crash.
 */
export function asList<T = Item>(body: unknown, ...keys: string[]): T[] {
  if (Array.isArray(body)) return body as T[];
  if (body && typeof body === 'object') {
    for (const k of [...keys, 'data', 'items']) {
      const v = (body as Record<string, unknown>)[k];
      if (Array.isArray(v)) return v as T[];
    }
  }
  return [];
}

/** The organization-level lists are cached under this pseudo project. */
export const ORG = '#org';

/**
 * Cached list reads for resources, names and dependency checks (the `cached*` endpoint functions). Tools
 * that edit read fresh (the `list*` ones); their writes drop the project's entries here (ListCache.invalidate).
 */
export class CachedReads {
  constructor(
    readonly api: PersonalizeClient,
    private readonly cache: ListCache,
    private readonly scope: string,
  ) {}

  /** `load`'s answer, kept under the project and `key` (the endpoint's path) for the cache's lifetime. */
  remember<T>(project: string, key: string, load: (api: PersonalizeClient) => Promise<T>): Promise<T> {
    return this.cache.get(this.scope, project, key, () => load(this.api));
  }
}
