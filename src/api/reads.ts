import type { ListCache } from './cache.js';
import type { PersonalizeClient } from './client.js';

export interface Item {
  uid: string;
  [k: string]: unknown;
}

/** Lists are bare arrays (reference §3); a `{ data: [...] }` wrapper seen in one guide is accepted too. */
export function asArray<T = Item>(body: unknown, ...keys: string[]): T[] {
  if (Array.isArray(body)) return body as T[];
  if (body && typeof body === 'object') {
    for (const k of [...keys, 'data', 'items']) {
      const v = (body as Record<string, unknown>)[k];
      if (Array.isArray(v)) return v as T[];
    }
  }
  return [];
}

/**
 * GET /audiences includes the Lytics-synced audiences when asked, as Contentstack's own e2e client asks
 * (docs/evidence.md); every list read of audiences asks.
 */
export function listQuery(path: string): Record<string, string> | undefined {
  return path === '/audiences' ? { includeLyticsAudiences: 'true' } : undefined;
}

/** A Lytics-synced audience; the CLI compares `source` in any case, its own mocks have both (docs/evidence.md). */
export const isLyticsAudience = (audience: Record<string, unknown>): boolean =>
  typeof audience.source === 'string' && audience.source.toUpperCase() === 'LYTICS';

/** The organization-level lists are cached under this pseudo project. */
export const ORG = '#org';

/**
 * Cached list reads for resources, names and dependency checks. Tools that edit read fresh through
 * the client instead; their writes drop the project's entries here (ListCache.invalidate).
 */
export class CachedReads {
  constructor(private readonly api: PersonalizeClient, private readonly cache: ListCache, private readonly scope: string) {}

  list<T = Item>(project: string, path: string): Promise<T[]> {
    return this.cache.get(this.scope, project, path, async () => asArray<T>(await this.api.get(path, { project, query: listQuery(path) }), 'versions'));
  }

  projects(): Promise<Item[]> {
    return this.cache.get(this.scope, ORG, '/projects', async () => asArray(await this.api.get('/projects')));
  }
}
