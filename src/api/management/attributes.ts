import { asList, type CachedReads, type Item } from '../reads.js';
import type { PersonalizeClient } from './client.js';

/** GET /attributes: custom attributes and the presets (there is no single GET: docs/api.md §4). */
export async function listAttributes(api: PersonalizeClient, project: string): Promise<Item[]> {
  return asList(await api.get('/attributes', { project }));
}

export const cachedAttributes = (reads: CachedReads, project: string): Promise<Item[]> => reads.remember(project, '/attributes', (api) => listAttributes(api, project));

export const createAttribute = (api: PersonalizeClient, project: string, body: Record<string, unknown>) => api.post<Item>('/attributes', body, { project });

/** PUT replaces: send the whole attribute (src/tools/merge.ts). */
export const updateAttribute = (api: PersonalizeClient, project: string, uid: string, body: Record<string, unknown>) =>
  api.put<Item | undefined>(`/attributes/${uid}`, body, { project });

export const deleteAttribute = (api: PersonalizeClient, project: string, uid: string) => api.delete(`/attributes/${uid}`, { project });
