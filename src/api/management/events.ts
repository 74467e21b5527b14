import { asList, type CachedReads, type Item } from '../reads.js';
import type { PersonalizeClient } from './client.js';

/** GET /events: the conversion events (no single GET upstream). */
export async function listEvents(api: PersonalizeClient, project: string): Promise<Item[]> {
  return asList(await api.get('/events', { project }));
}

export const cachedEvents = (reads: CachedReads, project: string): Promise<Item[]> => reads.remember(project, '/events', (api) => listEvents(api, project));

export const createEvent = (api: PersonalizeClient, project: string, body: Record<string, unknown>) => api.post<Item>('/events', body, { project });

/** PUT replaces: send the whole event (src/tools/merge.ts). */
export const updateEvent = (api: PersonalizeClient, project: string, uid: string, body: Record<string, unknown>) => api.put<Item | undefined>(`/events/${uid}`, body, { project });

export const deleteEvent = (api: PersonalizeClient, project: string, uid: string) => api.delete(`/events/${uid}`, { project });
