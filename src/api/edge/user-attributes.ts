import type { EdgeClient } from './client.js';

/** PATCH /user-attributes: stores attribute values on a visitor (docs/edge-api.md §3.2). */
export function setUserAttributes(edge: EdgeClient, project: string, userUid: string, attributes: Record<string, string | number | boolean>): Promise<void> {
  return edge.write({ method: 'PATCH', path: '/user-attributes', project, headers: { 'x-cs-personalize-user-uid': userUid }, body: attributes });
}

/** POST /user-attributes/actions/merge; the merge call carries no visitor header (docs/edge-api.md §3.3). */
export function mergeUsers(edge: EdgeClient, project: string, sourceUserUid: string, targetUserUid: string): Promise<void> {
  return edge.write({ method: 'POST', path: '/user-attributes/actions/merge', project, body: { sourceUserUid, targetUserUid } });
}
