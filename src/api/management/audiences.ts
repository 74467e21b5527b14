import { asList, type CachedReads, type Item } from '../reads.js';
import type { PersonalizeClient } from './client.js';

/**
 * GET /audiences includes the Lytics-synced audiences when asked, as Contentstack's own e2e client asks
 * (docs/evidence.md); every list read of audiences asks. There is no single GET upstream.
 */
export async function listAudiences(api: PersonalizeClient, project: string): Promise<Item[]> {
  return asList(await api.get('/audiences', { project, query: { includeLyticsAudiences: 'true' } }));
}

export const cachedAudiences = (reads: CachedReads, project: string): Promise<Item[]> => reads.remember(project, '/audiences', (api) => listAudiences(api, project));

export const createAudience = (api: PersonalizeClient, project: string, body: Record<string, unknown>) => api.post<Item>('/audiences', body, { project });

/** PUT replaces: send the whole audience (src/tools/merge.ts). */
export const updateAudience = (api: PersonalizeClient, project: string, uid: string, body: Record<string, unknown>) =>
  api.put<Item | undefined>(`/audiences/${uid}`, body, { project });

export const deleteAudience = (api: PersonalizeClient, project: string, uid: string) => api.delete(`/audiences/${uid}`, { project });

/** A Lytics-synced audience; the CLI compares `source` in any case, its own mocks have both (docs/evidence.md). */
export const isLyticsAudience = (audience: Record<string, unknown>): boolean => typeof audience.source === 'string' && audience.source.toUpperCase() === 'LYTICS';
