import { asList, type CachedReads, type Item } from '../reads.js';
import type { PersonalizeClient } from './client.js';

export type Version = Item & { status?: string; variants?: unknown[]; metrics?: unknown; targeting?: unknown; variantSplit?: unknown; createdAt?: string };

/** GET /experiences/{uid}/versions: a bare array, or one wrapped under `versions`. */
export async function listVersions(api: PersonalizeClient, project: string, experienceUid: string): Promise<Version[]> {
  return asList<Version>(await api.get(`/experiences/${experienceUid}/versions`, { project }), 'versions');
}

export const cachedVersions = (reads: CachedReads, project: string, experienceUid: string): Promise<Version[]> =>
  reads.remember(project, `/experiences/${experienceUid}/versions`, (api) => listVersions(api, project, experienceUid));

export const createVersion = (api: PersonalizeClient, project: string, experienceUid: string, body: Record<string, unknown>) =>
  api.post<Item>(`/experiences/${experienceUid}/versions`, body, { project });

/** PUT replaces: the full variants go along even for a status change (docs/api.md §8.3). */
export const updateVersion = (api: PersonalizeClient, project: string, experienceUid: string, versionUid: string, body: Record<string, unknown>) =>
  api.put<Item | undefined>(`/experiences/${experienceUid}/versions/${versionUid}`, body, { project });

export const deleteVersion = (api: PersonalizeClient, project: string, experienceUid: string, versionUid: string) =>
  api.delete(`/experiences/${experienceUid}/versions/${versionUid}`, { project });
