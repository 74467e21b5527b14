import { asList, ORG, type CachedReads, type Item } from '../reads.js';
import type { PersonalizeClient } from './client.js';

/** GET /projects: the organization's projects, optionally only the one connected to a stack. */
export async function listProjects(api: PersonalizeClient, connectedStackApiKey?: string): Promise<Item[]> {
  return asList(await api.get('/projects', connectedStackApiKey === undefined ? {} : { query: { connectedStackApiKey } }));
}

export const cachedProjects = (reads: CachedReads): Promise<Item[]> => reads.remember(ORG, '/projects', (api) => listProjects(api));

export const createProject = (api: PersonalizeClient, body: Record<string, unknown>) => api.post<Item>('/projects', body);

/** PUT replaces: send the whole project (src/tools/merge.ts). */
export const updateProject = (api: PersonalizeClient, uid: string, body: Record<string, unknown>) => api.put<Item | undefined>(`/projects/${uid}`, body);
