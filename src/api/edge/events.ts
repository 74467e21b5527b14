import type { EdgeClient } from './client.js';

export type EdgeEvent = { type: 'IMPRESSION'; experienceShortUid: string; variantShortUid: string } | { type: 'EVENT'; eventKey: string };

/** POST /events: impressions and conversions of a visitor (docs/edge-api.md §3.4). */
export function sendEvents(edge: EdgeClient, project: string, userUid: string, events: EdgeEvent[]): Promise<void> {
  return edge.write({ method: 'POST', path: '/events', project, headers: { 'x-cs-personalize-user-uid': userUid }, body: events });
}
