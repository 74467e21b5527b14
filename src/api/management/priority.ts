import { asList } from '../reads.js';
import type { PersonalizeClient } from './client.js';

/**
 * The GET /experiences-priority response shape is not established (docs/api.md §9): accept a bare array
 * of uids or of objects with uid, or an object holding such an array under priorityOrder/experiences.
 */
function parsePriority(body: unknown): string[] {
  const list = asList<unknown>(body, 'priorityOrder', 'experiences', 'order');
  return list
    .map((x) => (typeof x === 'string' ? x : x && typeof x === 'object' ? ((x as Record<string, unknown>).uid ?? (x as Record<string, unknown>).experienceUid) : undefined))
    .filter((x): x is string => typeof x === 'string');
}

/** The experience uids, highest priority first. */
export async function getPriority(api: PersonalizeClient, project: string): Promise<string[]> {
  return parsePriority(await api.get('/experiences-priority', { project }));
}

/** The order must hold every experience of the project (MISSING_EXPERIENCES otherwise). */
export async function setPriority(api: PersonalizeClient, project: string, priorityOrder: string[]): Promise<void> {
  await api.put('/experiences-priority', { priorityOrder }, { project });
}
