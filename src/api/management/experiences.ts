import { asList, type CachedReads, type Item } from '../reads.js';
import type { PersonalizeClient } from './client.js';

export async function listExperiences(api: PersonalizeClient, project: string): Promise<Item[]> {
  return asList(await api.get('/experiences', { project }));
}

export const cachedExperiences = (reads: CachedReads, project: string): Promise<Item[]> => reads.remember(project, '/experiences', (api) => listExperiences(api, project));

export const getExperience = (api: PersonalizeClient, project: string, uid: string) => api.get<Item>(`/experiences/${uid}`, { project });

export const createExperience = (api: PersonalizeClient, project: string, body: Record<string, unknown>) => api.post<Item>('/experiences', body, { project });

/** PUT replaces: send the whole experience (src/tools/merge.ts). */
export const updateExperience = (api: PersonalizeClient, project: string, uid: string, body: Record<string, unknown>) =>
  api.put<Item | undefined>(`/experiences/${uid}`, body, { project });

/** Deletes the experience with its versions and analytics. */
export const deleteExperience = (api: PersonalizeClient, project: string, uid: string) => api.delete(`/experiences/${uid}`, { project });
